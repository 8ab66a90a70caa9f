"""Ends every share that outlived the revocation of its consent (a race the services now prevent), with a history row
that names the reason, so that the data protection officer finds each one in the case's protocol."""

from django.db import migrations
from django.utils import timezone

REASON = "Einwilligung widerrufen: Freigabe nachträglich beendet"


def end_shares_of_revoked_consents(apps, schema_editor):
    share_model = apps.get_model("cases", "CaseShare")
    history_model = apps.get_model("cases", "HistoricalCaseShare")
    now = timezone.now()
    ended = 0
    for share in share_model.objects.filter(revoked_at__isnull=True, consent__revoked_on__isnull=False):
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        fields = {field.attname: getattr(share, field.attname) for field in share_model._meta.concrete_fields}
        history_model.objects.create(
            **fields, history_date=now, history_type="~", history_change_reason=REASON, history_user=None
        )
        ended += 1
    if ended:
        print(f"\n  {ended} share(s) ended whose consent had been revoked; see the protocols of their cases.")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_coworkers")]

    operations = [migrations.RunPython(end_shares_of_revoked_consents, migrations.RunPython.noop)]
