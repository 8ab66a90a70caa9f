"""The paragraph of a residence title becomes a choice (the entitlement to a course is derived from it), and the
§ 12a residence rule is recorded. The former free-text legal basis is read into the choice where it names a paragraph
the list holds; what it does not name stays empty and is listed, for the lead caseworker to complete."""

import re

from django.db import migrations, models

PARAGRAPH = re.compile(r"§+\s*(\d+[a-z]?)(?:\s*Abs\.?\s*(\d+[a-z]?))?", re.IGNORECASE)
# What a status of each kind can be granted under (cases.models.choices.TITLES_OF_KIND when this was written).
PERMIT = {"18a", "18b", "18d", "18g", "19c", "21", "16", "22", "23_1", "23_2", "23_4", "24", "25_1", "25_2", "25_3", "25_4",
          "25_4a", "25_5", "25a", "25b", "28", "30", "32", "36", "36a", "38a", "104c"}  # fmt: skip
OF_KIND = {
    "gestattung": {"asylg_55"}, "duldung": {"60a_2_1", "60a_2_3", "60c", "60d"}, "aufenthaltserlaubnis": PERMIT,
    "niederlassungserlaubnis": {"9", "9a", "26_3", "23_2"}, "eu": {"freizuegg"}, "german": set(),
}  # fmt: skip
FIXED = {"gestattung": "asylg_55", "eu": "freizuegg"}


def title_from(kind: str, text: str) -> str:
    if kind in FIXED:
        return FIXED[kind]
    match = PARAGRAPH.search(text or "")
    if not match:
        return ""
    number, paragraph = match.group(1).lower(), (match.group(2) or "").lower()
    if number == "60a":
        candidate = "60a_2_3" if re.search(r"S(atz|\.)\s*3", text) else "60a_2_1"
    elif paragraph and f"{number}_{paragraph}" in OF_KIND.get(kind, ()):
        candidate = f"{number}_{paragraph}"
    else:
        candidate = number
    if candidate in OF_KIND.get(kind, ()):
        return candidate
    return "other" if kind not in ("german",) else ""


def read_titles(apps, schema_editor):
    status_model = apps.get_model("cases", "ResidenceStatus")
    unread = []
    for status in status_model.objects.only("pk", "kind", "legal_basis", "person_id").iterator():
        status.title = title_from(status.kind, status.legal_basis)
        status.save(update_fields=["title"])
        if not status.title and status.kind in ("aufenthaltserlaubnis", "niederlassungserlaubnis", "duldung"):
            unread.append(status.person_id)
    if unread:
        print(f"\n  {len(unread)} residence status(es) name no paragraph; persons: {sorted(set(unread))[:50]}.")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_end_statute_shares_the_law_does_not_carry"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalresidencestatus",
            name="residence_rule_place",
            field=models.CharField(blank=True, max_length=100, verbose_name="residence rule (§ 12a AufenthG)"),
        ),
        migrations.AddField(
            model_name="historicalresidencestatus",
            name="title",
            field=models.CharField(
                blank=True,
                choices=[
                    ("18a", "§ 18a AufenthG (skilled worker with vocational training)"),
                    ("18b", "§ 18b AufenthG (skilled worker with a degree)"),
                    ("18d", "§ 18d AufenthG (research)"),
                    ("18g", "§ 18g AufenthG (EU Blue Card)"),
                    ("19c", "§ 19c AufenthG (other employment)"),
                    ("21", "§ 21 AufenthG (self-employment)"),
                    ("16", "§§ 16a–17 AufenthG (training, studies, language course)"),
                    ("22", "§ 22 AufenthG (admission from abroad)"),
                    ("23_1", "§ 23 Abs. 1 AufenthG (state admission programme)"),
                    ("23_2", "§ 23 Abs. 2 AufenthG (federal admission)"),
                    ("23_4", "§ 23 Abs. 4 AufenthG (resettlement)"),
                    ("24", "§ 24 AufenthG (temporary protection)"),
                    ("25_1", "§ 25 Abs. 1 AufenthG (entitled to asylum)"),
                    ("25_2", "§ 25 Abs. 2 AufenthG (refugee or subsidiary protection)"),
                    ("25_3", "§ 25 Abs. 3 AufenthG (ban on deportation)"),
                    ("25_4", "§ 25 Abs. 4 AufenthG (temporary stay)"),
                    ("25_4a", "§ 25 Abs. 4a S. 3 AufenthG (victim of trafficking, extended)"),
                    ("25_5", "§ 25 Abs. 5 AufenthG (departure impossible)"),
                    ("25a", "§ 25a AufenthG (well-integrated young person)"),
                    ("25b", "§ 25b AufenthG (sustainable integration)"),
                    ("28", "§ 28 AufenthG (family of a German)"),
                    ("30", "§ 30 AufenthG (spouse)"),
                    ("32", "§ 32 AufenthG (child)"),
                    ("36", "§ 36 AufenthG (parents, other relatives)"),
                    ("36a", "§ 36a AufenthG (family of a subsidiary protection holder)"),
                    ("38a", "§ 38a AufenthG (long-term resident of another EU state)"),
                    ("104c", "§ 104c AufenthG (opportunity residence)"),
                    ("9", "§ 9 AufenthG (settlement permit)"),
                    ("9a", "§ 9a AufenthG (EU long-term residence)"),
                    ("26_3", "§ 26 Abs. 3 AufenthG (settlement after protection)"),
                    ("60a_2_1", "§ 60a Abs. 2 S. 1 AufenthG (deportation suspended)"),
                    ("60a_2_3", "§ 60a Abs. 2 S. 3 AufenthG (urgent personal reasons)"),
                    ("60c", "§ 60c AufenthG (toleration for training)"),
                    ("60d", "§ 60d AufenthG (toleration for employment)"),
                    ("asylg_55", "§ 55 AsylG (permission to stay during the asylum procedure)"),
                    ("freizuegg", "§ 2 FreizügG/EU (free movement)"),
                    ("other", "another paragraph"),
                ],
                max_length=10,
                verbose_name="paragraph",
            ),
        ),
        migrations.AddField(
            model_name="residencestatus",
            name="residence_rule_place",
            field=models.CharField(blank=True, max_length=100, verbose_name="residence rule (§ 12a AufenthG)"),
        ),
        migrations.AddField(
            model_name="residencestatus",
            name="title",
            field=models.CharField(
                blank=True,
                choices=[
                    ("18a", "§ 18a AufenthG (skilled worker with vocational training)"),
                    ("18b", "§ 18b AufenthG (skilled worker with a degree)"),
                    ("18d", "§ 18d AufenthG (research)"),
                    ("18g", "§ 18g AufenthG (EU Blue Card)"),
                    ("19c", "§ 19c AufenthG (other employment)"),
                    ("21", "§ 21 AufenthG (self-employment)"),
                    ("16", "§§ 16a–17 AufenthG (training, studies, language course)"),
                    ("22", "§ 22 AufenthG (admission from abroad)"),
                    ("23_1", "§ 23 Abs. 1 AufenthG (state admission programme)"),
                    ("23_2", "§ 23 Abs. 2 AufenthG (federal admission)"),
                    ("23_4", "§ 23 Abs. 4 AufenthG (resettlement)"),
                    ("24", "§ 24 AufenthG (temporary protection)"),
                    ("25_1", "§ 25 Abs. 1 AufenthG (entitled to asylum)"),
                    ("25_2", "§ 25 Abs. 2 AufenthG (refugee or subsidiary protection)"),
                    ("25_3", "§ 25 Abs. 3 AufenthG (ban on deportation)"),
                    ("25_4", "§ 25 Abs. 4 AufenthG (temporary stay)"),
                    ("25_4a", "§ 25 Abs. 4a S. 3 AufenthG (victim of trafficking, extended)"),
                    ("25_5", "§ 25 Abs. 5 AufenthG (departure impossible)"),
                    ("25a", "§ 25a AufenthG (well-integrated young person)"),
                    ("25b", "§ 25b AufenthG (sustainable integration)"),
                    ("28", "§ 28 AufenthG (family of a German)"),
                    ("30", "§ 30 AufenthG (spouse)"),
                    ("32", "§ 32 AufenthG (child)"),
                    ("36", "§ 36 AufenthG (parents, other relatives)"),
                    ("36a", "§ 36a AufenthG (family of a subsidiary protection holder)"),
                    ("38a", "§ 38a AufenthG (long-term resident of another EU state)"),
                    ("104c", "§ 104c AufenthG (opportunity residence)"),
                    ("9", "§ 9 AufenthG (settlement permit)"),
                    ("9a", "§ 9a AufenthG (EU long-term residence)"),
                    ("26_3", "§ 26 Abs. 3 AufenthG (settlement after protection)"),
                    ("60a_2_1", "§ 60a Abs. 2 S. 1 AufenthG (deportation suspended)"),
                    ("60a_2_3", "§ 60a Abs. 2 S. 3 AufenthG (urgent personal reasons)"),
                    ("60c", "§ 60c AufenthG (toleration for training)"),
                    ("60d", "§ 60d AufenthG (toleration for employment)"),
                    ("asylg_55", "§ 55 AsylG (permission to stay during the asylum procedure)"),
                    ("freizuegg", "§ 2 FreizügG/EU (free movement)"),
                    ("other", "another paragraph"),
                ],
                max_length=10,
                verbose_name="paragraph",
            ),
        ),
        migrations.AlterField(
            model_name="historicalresidencestatus",
            name="valid_from",
            field=models.DateField(verbose_name="granted on"),
        ),
        migrations.AlterField(
            model_name="residencestatus",
            name="valid_from",
            field=models.DateField(verbose_name="granted on"),
        ),
        migrations.RunPython(read_titles, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalresidencestatus",
            name="legal_basis",
        ),
        migrations.RemoveField(
            model_name="residencestatus",
            name="legal_basis",
        ),
    ]
