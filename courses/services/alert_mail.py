"""The e-mail that tells an agency about new alerts: written to the outbox in the scan's transaction.

One e-mail per addressed agency and kind of alert per scan, not one per alert: a night with twenty breaches should
not bury the jobcenter's mailbox. The body carries no personal data, only the kind, the number and a link into the
application, where the reader's access is checked."""

from collections import Counter

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import Agency
from agencies.outbox import emails_enqueue
from courses.models.choices import AlertKind


def alert_mails_enqueue(*, kind: str, raised: list[tuple[int, int]]) -> None:
    """`raised`: (alert id, agency id) of the alerts a scan raised just now."""
    per_agency = Counter(agency_id for _alert_id, agency_id in raised)
    first_alert = {}
    for alert_id, agency_id in raised:
        first_alert.setdefault(agency_id, alert_id)
    agencies = Agency.objects.filter(pk__in=per_agency).exclude(alert_email="").order_by("pk")
    messages = []
    with translation.override("de"):
        label = AlertKind(kind).label
        for agency in agencies:
            number = per_agency[agency.pk]
            # One alert: straight to it; several: to the inbox of new ones.
            if number == 1:
                path = reverse("courses:alert_detail", args=[first_alert[agency.pk]])
            else:
                path = reverse("courses:alert_inbox") + "?state=new"
            subject = ngettext("New alert: %(kind)s", "%(count)d new alerts: %(kind)s", number) % {
                "kind": label, "count": number,
            }  # fmt: skip
            body = _(
                "New alerts for %(agency)s.\n\nKind: %(kind)s\nNumber: %(count)d\n\nPlease open them in the "
                "application:\n%(link)s\n\nThis e-mail deliberately contains no personal data."
            ) % {"agency": agency.name, "kind": label, "count": number, "link": settings.SITE_URL + path}
            messages.append((agency.alert_email, str(subject), str(body), agency))
    emails_enqueue(messages)
