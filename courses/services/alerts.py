"""What the addressed agency does with an alert: acknowledge it, then resolve it with a note."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import ALERT_HANDLE, require
from cases.services._common import save
from courses.models import Alert


@transaction.atomic
def alert_acknowledge(*, actor: User, membership: Membership | None, alert: Alert) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    require(membership, ALERT_HANDLE, alert)
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), actor
        save(alert, actor=actor, update_fields=["acknowledged_at", "acknowledged_by"])
    return alert


@transaction.atomic
def alert_resolve(*, actor: User, membership: Membership | None, alert: Alert, note: str) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    require(membership, ALERT_HANDLE, alert)
    note = note.strip()
    if not note:
        raise ValidationError(_("Please note how the alert was resolved."))
    if alert.resolved_at is not None:
        raise ValidationError(_("This alert has already been resolved."))
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = now, actor
    alert.resolved_at, alert.resolved_by, alert.resolution_note = now, actor, note
    save(alert, actor=actor)
    return alert
