"""What the addressed agency does with an alert: acknowledge it, record the actions that answer it, then resolve it
with a note. And the one alert raised outside the nightly scans: a registration at the provider (§ 7 Abs. 2 IntV)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import ALERT_HANDLE, require
from cases.services._common import save
from courses.models import Alert, AlertAction, Enrolment
from courses.models.choices import AlertActionKind, AlertKind
from courses.services.alert_mail import alert_mails_enqueue
from courses.services.courses import not_in_future

MAX_ACTION_NOTE = 500


def _acknowledged(alert: Alert, actor: User) -> None:
    """Mark the (locked) alert acknowledged, if it is not yet."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), actor
        save(alert, actor=actor, update_fields=["acknowledged_at", "acknowledged_by"])


@transaction.atomic
def alert_acknowledge(*, actor: User, membership: Membership | None, alert: Alert) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    require(membership, ALERT_HANDLE, alert)
    _acknowledged(alert, actor)
    return alert


@transaction.atomic
def alert_action_record(
    *, actor: User, membership: Membership | None, alert: Alert, kind: str, acted_on: date, note: str = ""
) -> AlertAction:
    """Record a step taken in answer to the alert; the first one acknowledges the alert too. A resolved alert takes
    no more steps."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    require(membership, ALERT_HANDLE, alert)
    if alert.resolved_at is not None:
        raise ValidationError(_("This alert has already been resolved."), code="resolved")
    if kind not in AlertActionKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose an action from the list."), code="invalid")})
    not_in_future(acted_on, "acted_on")
    note = note.strip()
    if len(note) > MAX_ACTION_NOTE:
        raise ValidationError(
            {"note": ValidationError(_("At most %(max)d characters.") % {"max": MAX_ACTION_NOTE}, code="too_long")}
        )
    if kind == AlertActionKind.OTHER and not note:
        raise ValidationError({"note": ValidationError(_("Please describe what was done."), code="required")})
    _acknowledged(alert, actor)
    action = AlertAction(
        alert=alert, kind=kind, note=note, acted_on=acted_on, actor=actor, agency_id=membership.agency_id
    )
    save(action, actor=actor)
    return action


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


def alert_registration_raise(*, actor: User, enrolment: Enrolment) -> Alert | None:
    """§ 7 Abs. 2 IntV: the obliging authority learns of an obliged person's registration at once, in the
    registration's transaction, with its e-mail in the outbox. The alert has the key the nightly scan gives it
    (courses.scans.REGISTERED_SQL: kind, enrolment, window = the day of registration), so the scan finds it raised
    and raises nothing twice. None when the slip obliges no one, or the alert exists already."""
    slip = enrolment.entitlement
    if slip is None or slip.obliging_agency_id is None:
        return None
    alert = Alert(
        kind=AlertKind.REGISTERED,
        enrolment=enrolment,
        window_start=enrolment.registered_on,
        window_end=enrolment.registered_on,
        agency_id=slip.obliging_agency_id,
        raised_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            save(alert, actor=actor, reason="registered at the provider")
    except IntegrityError:  # alert_once_per_enrolment_window: raised already
        return None
    alert_mails_enqueue(kind=AlertKind.REGISTERED, raised=[(alert.pk, alert.agency_id)])
    return alert
