"""Writes on a recorded meeting: correcting its record and approving its minutes.

A meeting's record (date, agenda, minutes, attendees) is written by the coordinators (GROUPS_MANAGE, as when it was
recorded) and stays editable until its minutes are approved, usually at the body's next meeting. From then on it is
the approved record: nothing in it changes, and no decision is added to it (`open_meeting`, which the services that
record decisions call).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import GROUPS_MANAGE, require
from ewg.concurrent_edits import check_unchanged
from ewg.history import save_with_history as _save
from goals.models import Meeting

RECORD_FIELDS = ("held_on", "agenda", "minutes")


def _date(value: date) -> str:
    return formats.date_format(value, "d.m.Y")


def approved_note(meeting: Meeting) -> str:
    """The sentence that says a meeting's record is closed, and since when and by whom."""
    approver = meeting.minutes_approved_by
    return _(
        "The minutes were approved on %(date)s by %(name)s. The meeting's record (date, agenda, minutes, attendees "
        "and decisions) no longer changes."
    ) % {
        "date": _date(meeting.minutes_approved_on),
        "name": (approver.get_full_name() or approver.get_username()) if approver else "–",
    }


def open_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked, for a change to its record or a decision taken in it; refused once its minutes are
    approved. The lock orders such a change after an approval running at the same time."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("minutes_approved_by").get(pk=meeting.pk)
    if meeting.minutes_approved:
        raise ValidationError({"meeting": approved_note(meeting)})
    return meeting


def check_attendees(attendees: Iterable[User]) -> list[User]:
    """Attendees are active accounts of the project, not only members of the group: guests take part too."""
    attendees = list(dict.fromkeys(attendees))
    if attendees:
        acting = set(
            Membership.objects.filter(user__in=attendees, user__is_active=True, is_active=True).values_list(
                "user_id", flat=True
            )
        )
        if any(user.pk not in acting for user in attendees):
            raise ValidationError({"attendees": _("Attendees must be active accounts of the project.")})
    return attendees


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    membership: Membership,
    meeting: Meeting,
    held_on: date,
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[User] = (),
    loaded_version: str | None = None,
) -> Meeting:
    """Correct or complete a meeting's record until its minutes are approved. Refused when someone else saved it
    since `loaded_version` (ewg.concurrent_edits). Its date stays once a decision was taken in it: the decision (and
    the goal it adopted) carries the meeting's date. Unchanged values write no history row."""
    require(membership, GROUPS_MANAGE, user=actor)
    meeting = open_meeting(meeting)
    attendees = list(dict.fromkeys(attendees))
    recorded = set(meeting.attendees.values_list("pk", flat=True))
    # Who attended stays recorded when their account has been closed since; only those added must be active.
    check_attendees([user for user in attendees if user.pk not in recorded])
    proposed = {
        "held_on": held_on,
        "agenda": (agenda or "").strip(),
        "minutes": (minutes or "").strip(),
        "attendees": attendees,
    }
    check_unchanged(meeting, loaded_version=loaded_version, proposed=proposed)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date lies in the future.")})
    if held_on != meeting.held_on and meeting.decisions.exists():
        raise ValidationError(
            {
                "held_on": _(
                    "Decisions were taken in this meeting on %(date)s and carry that date: the meeting's date no "
                    "longer changes."
                )
                % {"date": _date(meeting.held_on)}
            }
        )
    changed = [name for name in RECORD_FIELDS if getattr(meeting, name) != proposed[name]]
    for name in changed:
        setattr(meeting, name, proposed[name])
    if changed:
        _save(meeting, actor=actor, update_fields=changed)
    if {user.pk for user in attendees} != recorded:
        meeting._history_user = actor  # names the actor on the history rows of the m2m change
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_minutes_approve(
    *, actor: User, membership: Membership, meeting: Meeting, loaded_version: str | None = None
) -> Meeting:
    """The body approves the minutes; the coordinator records it, with today's date. Refused when the record
    changed since the approving coordinator read it (`loaded_version`): what is approved is what was read."""
    require(membership, GROUPS_MANAGE, user=actor)
    meeting = open_meeting(meeting)
    if not meeting.minutes:
        raise ValidationError({"minutes": _("The meeting has no minutes yet: write them before approving them.")})
    if loaded_version is not None:
        latest = meeting.history.order_by("-history_id").select_related("history_user").first()
        if latest is not None and str(latest.history_id) != loaded_version:
            user = latest.history_user
            raise ValidationError(
                _(
                    "The meeting's record was changed by %(name)s in the meantime (%(time)s). Read the minutes again "
                    "before approving them."
                )
                % {
                    "name": (user.get_full_name() or user.get_username()) if user else _("someone"),
                    "time": formats.date_format(timezone.localtime(latest.history_date), "d.m.Y, H:i"),
                },
                code="edit_conflict",
            )
    meeting.minutes_approved_on = timezone.localdate()
    meeting.minutes_approved_by = actor
    _save(
        meeting,
        actor=actor,
        reason=_("Minutes approved"),
        update_fields=["minutes_approved_on", "minutes_approved_by"],
    )
    return meeting
