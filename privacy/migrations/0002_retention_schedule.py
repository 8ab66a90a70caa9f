from datetime import date

from django.db import migrations

GDPR = date(2018, 5, 25)  # the day the GDPR applied: the schedule is written for records under it
CASE_FILE = (
    "§ 84 Abs. 2 SGB X, Art. 17 Abs. 1 a DSGVO: zu löschen, sobald für die Aufgabe nicht mehr erforderlich; "
    "fünf Jahre nach Abschluss nach dem Aktenplan der Stadt"
)
# kind, months, counted from, action, legal reason
RULES = [
    ("closed_case", 60, "Abschluss des letzten Falls der Person", "delete", CASE_FILE),
    ("note", 60, "Abschluss des letzten Falls der Person", "with_person", "Teil der Fallakte; " + CASE_FILE),
    (
        "consent",
        60,
        "Abschluss des letzten Falls der Person",
        "with_person",
        "Nachweis der Einwilligung (Art. 7 Abs. 1 DSGVO, § 67b Abs. 2 SGB X) für die auf sie gestützten "
        "Übermittlungen; mit der Fallakte",
    ),
    (
        "slip",
        60,
        "Abschluss des letzten Falls der Person",
        "with_person",
        "Nachweis der Berechtigung (§ 44 AufenthG, § 5 IntV); mit der Fallakte",
    ),
    (
        "enrolment",
        60,
        "Abschluss des letzten Falls der Person",
        "with_person",
        "Nachweis der Teilnahme und der Meldungen (§ 8 Abs. 3, § 14 IntV); mit der Fallakte",
    ),
    (
        "alert",
        24,
        "Erledigung der Meldung",
        "delete",
        "§ 84 Abs. 2 SGB X: eine erledigte Meldung ist nach Ablauf der Widerspruchs- und Klagefristen nicht mehr "
        "erforderlich",
    ),
    (
        "access_log",
        24,
        "dem Zugriff",
        "delete",
        "Art. 5 Abs. 1 e DSGVO; Protokolle dienen der Datenschutzkontrolle und werden nach zwei Jahren gelöscht "
        "(vgl. § 76 Abs. 4 BDSG)",
    ),
    (
        "booklet_edition",
        12,
        "der nächsten Ausgabe des Begleithefts",
        "delete",
        "Art. 5 Abs. 1 c und e DSGVO: eine ersetzte Ausgabe wird nicht mehr gebraucht",
    ),
    (
        "account",
        12,
        "der letzten Anmeldung eines deaktivierten Kontos",
        "anonymise",
        "Art. 5 Abs. 1 e DSGVO: der Name der früheren Beschäftigten wird entfernt; Protokolle und Verlauf bleiben dem "
        "anonymisierten Konto zugeordnet",
    ),
]


def seed(apps, schema_editor):
    rule = apps.get_model("privacy", "RetentionRule")
    for kind, months, counted_from, action, reason in RULES:
        rule.objects.get_or_create(
            kind=kind,
            valid_from=GDPR,
            defaults={"months": months, "counted_from": counted_from, "action": action, "legal_reason": reason},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_retention")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
