"""The e-mail that tells an agency about a new alert: written to the outbox in the alert's transaction.

The body carries no personal data, only the kind of alert and a link into the application, where the reader's
access is checked."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.outbox import email_enqueue
from cases.models import Alert


def alert_mail_enqueue(*, alert: Alert) -> None:
    if not alert.agency.alert_email:
        return  # the inbox and its count in the navigation still show the alert
    with translation.override("de"):
        link = settings.SITE_URL + reverse("cases:alert_detail", args=[alert.pk])
        subject = _("New alert: %(kind)s") % {"kind": alert.get_kind_display()}
        body = _(
            "A new alert for %(agency)s has been raised.\n\nKind: %(kind)s\n\nPlease open it in the application:\n"
            "%(link)s\n\nThis e-mail deliberately contains no personal data."
        ) % {"agency": alert.agency.name, "kind": alert.get_kind_display(), "link": link}
    email_enqueue(to=alert.agency.alert_email, subject=subject, body=body)
