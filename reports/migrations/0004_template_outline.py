"""The template of the committee report: the outline of the city's status report, Vorlage 322/18
(docs: ../shared/domain/vorlage-322-18-sachstandbericht.txt), sections 1–7 with the titles the source gives them.

The default texts keep what the source says of the project's method, in general words; "[[Daten]]" marks where the
text written from the data goes (reports.prefill). Coordinators edit titles and texts afterwards (reports, page
"Mustergliederung"); this only seeds an empty table, so it never overwrites their edits.
"""

from django.db import migrations

OUTLINE = [
    (
        "Zielgruppe",
        "target_group",
        "Im Rahmen des Projektes werden insbesondere die Zuwanderinnen und Zuwanderer in den Blick genommen, die als "
        "Flüchtlinge in die Stadt gekommen sind und einen Anspruch nach dem AsylbLG, dem SGB II oder dem SGB XII "
        "haben.\n\n[[Daten]]",
    ),
    ("Schwerpunktthemen", "focus", "[[Daten]]"),
    (
        "Beteiligte Akteure, Aufbau und Projektstruktur (siehe beiliegende Matrix – Anlage 1)",
        "structure",
        "Im Projekt „Einwanderung gestalten“ sind folgende Behörden, Institutionen und Vereine beteiligt:\n\n"
        "[[Daten]]\n\n"
        "In den Arbeitsgruppen wird mit der operativen Ebene an „typischen Fällen“ gearbeitet. Fallrekonstruktionen "
        "decken defizitäre Themen auf; anhand dieser Themen wird ein dreigliedriges Zielsystem aus Grundsatzzielen, "
        "Rahmenzielen und Ergebniszielen erarbeitet. In den kleineren Projektgruppen, bestehend aus einigen "
        "Mitgliedern der jeweiligen Arbeitsgruppe, werden zu den Ergebniszielen Aktivitäten erarbeitet, die die "
        "aufgedeckten Hemmnisse und Defizite beseitigen oder verringern.\n\n"
        "Erläuterung zum Zielsystem: Im Projektmanagement hat sich die Unterscheidung von drei Zielebenen etabliert: "
        "Aus einem übergeordneten Grundsatzziel werden im ersten Schritt untergeordnete strategische Rahmenziele und "
        "in einem zweiten Schritt operative Ergebnisziele abgeleitet. Die operativen Ergebnisziele sind in konkrete "
        "Aktivitäten umsetzbar und somit unmittelbar handlungsleitend.",
    ),
    ("Ziele und Ergebnisse", "goals", "[[Daten]]"),
    ("Aussichten / Weitere Schritte", "outlook", "[[Daten]]"),
    (
        "Vorläufiges Fazit der Projektkoordinatorinnen zum Modellprojekt",
        "",
        "(Von der Projektkoordination zu ergänzen: Was hat die Zusammenarbeit der Rechtskreise am „typischen Fall“ "
        "bewirkt, welche Voraussetzungen braucht sie, und was ist für einen nachhaltigen Erfolg nötig?)",
    ),
    (
        "Verstetigung des Projektes",
        "",
        "(Von der Projektkoordination zu ergänzen: wie die eingeleiteten Prozesse und die rechtskreisübergreifende "
        "Zusammenarbeit nach dem Projekt fortgeführt werden und wer dafür verantwortlich ist.)",
    ),
]


def seed(apps, schema_editor):
    Section = apps.get_model("reports", "ReportTemplateSection")
    if Section.objects.exists():
        return
    for position, (title, content, default_text) in enumerate(OUTLINE, start=1):
        Section.objects.create(position=position, title=title, content=content, default_text=default_text)


def unseed(apps, schema_editor):
    apps.get_model("reports", "ReportTemplateSection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_report_outline")]

    operations = [migrations.RunPython(seed, unseed)]
