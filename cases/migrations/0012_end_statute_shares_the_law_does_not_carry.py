"""Ends every share without consent that its statute does not carry: a recipient the statute does not name, or a
data category it does not allow (cases.transfers, as in force when this migration was written). Each gets a history
row naming the paragraph, so that the data protection officer finds it in the case's protocol."""

from django.db import migrations
from django.utils import timezone

SOCIAL_BENEFIT_BODIES = {
    "municipality", "department", "counselling_team", "asylum_benefits_office", "benefits_office", "jobcenter",
    "employment_agency",
}  # fmt: skip
ALL = {"master_data", "residence", "benefits", "courses", "notes", "health"}
RULES = {  # statute: (reference, recipient kinds, categories)
    "sgb10_69_1_1": ("§ 69 Abs. 1 Nr. 1 SGB X", SOCIAL_BENEFIT_BODIES, ALL - {"health"}),
    "sgb10_71_2": ("§ 71 Abs. 2 SGB X", {"foreigners_authority"}, ALL - {"benefits", "health"}),
    "intv_8_3": ("§ 8 Abs. 3 IntV", {"foreigners_authority", "jobcenter", "asylum_benefits_office"},
                 {"master_data", "courses"}),
}  # fmt: skip


def end_statute_shares_the_law_does_not_carry(apps, schema_editor):
    share_model = apps.get_model("cases", "CaseShare")
    history_model = apps.get_model("cases", "HistoricalCaseShare")
    now = timezone.now()
    ended = []
    for share in share_model.objects.filter(revoked_at__isnull=True, consent__isnull=True).select_related("agency"):
        reference, recipients, categories = RULES.get(share.statute, ("?", set(), set()))
        if share.agency.kind in recipients and set(share.categories) <= categories:
            continue
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        fields = {field.attname: getattr(share, field.attname) for field in share_model._meta.concrete_fields}
        reason = f"Nicht von {reference} gedeckt: Freigabe beendet"
        history_model.objects.create(
            **fields, history_date=now, history_type="~", history_change_reason=reason, history_user=None
        )
        ended.append(share.case_id)
    if ended:
        cases = ", ".join(str(case_id) for case_id in sorted(set(ended)))
        print(f"\n  {len(ended)} share(s) ended that their statute does not carry; cases: {cases}.")


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_end_shares_on_another_agencys_consent")]

    operations = [migrations.RunPython(end_statute_shares_the_law_does_not_carry, migrations.RunPython.noop)]
