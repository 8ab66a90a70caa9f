"""Ends every share that rests on a consent another agency recorded (a team sharing its own case on the consent the
person gave to another team), with a history row that names the reason, so that the data protection officer finds
each one in the case's protocol."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

REASON = "Einwilligung einer anderen Stelle: Freigabe beendet"


def end_shares_on_another_agencys_consent(apps, schema_editor):
    share_model = apps.get_model("cases", "CaseShare")
    history_model = apps.get_model("cases", "HistoricalCaseShare")
    now = timezone.now()
    ended = []
    shares = share_model.objects.filter(revoked_at__isnull=True, consent__isnull=False).exclude(
        consent__recording_agency_id=F("case__lead_agency_id")
    )
    for share in shares:
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        fields = {field.attname: getattr(share, field.attname) for field in share_model._meta.concrete_fields}
        history_model.objects.create(
            **fields, history_date=now, history_type="~", history_change_reason=REASON, history_user=None
        )
        ended.append(share.case_id)
    if ended:
        cases = ", ".join(str(case_id) for case_id in sorted(set(ended)))
        print(f"\n  {len(ended)} share(s) ended that rested on another agency's consent; cases: {cases}.")


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_end_shares_of_revoked_consents")]

    operations = [migrations.RunPython(end_shares_on_another_agencys_consent, migrations.RunPython.noop)]
