"""The catalogue of obstacles (Integrationshemmnisse): the deficit themes the working group "Arbeit" found in 2018.

Source: Vorlage 322/18, section "Themenfeld Arbeit". The first list can be steered by the agencies of the various
legal frameworks (structural), the second lies rather in the person and can (almost) only be changed by them.
"""

from django.db import migrations

STRUCTURAL = [
    "Kompetenzfeststellung/Profiling",
    "Berufsbezogene Kompetenzen",
    "Rechtskreisübergreifender Informationsaustausch",
    "Sprachvermögen",
    "In Arbeit und Ausbildung bringen und halten",
    "Anerkennung der Berufsabschlüsse",
]
PERSONAL = [
    "Lernverhalten",
    "Gleichbleibende Motivation",
    "Einschätzung der eigenen Kompetenzen",
    "Akzeptanz des dualen Systems",
    "Anspruch: Arbeit ohne Sprache",
    "Akzeptanz für den Neuerwerb von Qualifikationen",
]
CATALOGUE = [(name, "structural") for name in STRUCTURAL] + [(name, "personal") for name in PERSONAL]


def create(apps, schema_editor):
    Obstacle = apps.get_model("cases", "Obstacle")
    for name, category in CATALOGUE:
        Obstacle.objects.get_or_create(name=name, defaults={"category": category})


def remove(apps, schema_editor):
    Obstacle = apps.get_model("cases", "Obstacle")
    Obstacle.objects.filter(name__in=[name for name, _ in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_name_search")]

    operations = [migrations.RunPython(create, remove)]
