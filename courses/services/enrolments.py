"""Enrolments: caseworkers register persons for courses (and course staff from the slip in hand, in
`slip_registration.py`, through the same `enrolment_seat_take`); course staff of the provider start, interrupt,
resume, end and complete them.

- A course's seats are counted under a lock on the course row: two registrations for the last seat queue up at
  that lock, and the second counts the first one's seat (READ COMMITTED takes a fresh snapshot per statement).
- A slip is locked too, so that two registrations with one slip cannot both take a seat.
- While an enrolment is interrupted, `ended_on` and `end_reason` hold the day and reason of the interruption;
  resuming clears them (the history keeps them, and the day of the resumption as the change reason).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import COURSE_ENROL, COURSE_MANAGE, require
from cases.models import Person
from cases.services._common import save
from courses.models import AttendanceAgreement, Course, Enrolment, Entitlement
from courses.models.choices import (
    SEAT_HOLDING,
    USABLE_SLIP,
    DtzLevel,
    EnrolmentStatus,
    EntitlementStatus,
)
from courses.services.courses import not_in_future

# The statuses each change of an enrolment starts from; everything else is refused.
CHANGES_FROM = {
    "start": (EnrolmentStatus.REGISTERED,),
    "interrupt": (EnrolmentStatus.ATTENDING,),
    "resume": (EnrolmentStatus.INTERRUPTED,),
    "drop": SEAT_HOLDING,
    "complete": (EnrolmentStatus.ATTENDING,),
}


def check_course_takes(*, course: Course, registered_on: date, slip_given: bool) -> None:
    """What the course alone decides: it has not ended, and an integration course needs a slip, a voluntary offer
    takes none. Checked before a slip is looked up, so that these refusals say nothing about any slip."""
    if registered_on > course.ends_on:
        raise ValidationError({"course": ValidationError(_("The course has already ended."), code="course_ended")})
    if not course.is_integration_course and slip_given:
        raise ValidationError(
            {"entitlement": ValidationError(_("A voluntary offer takes no entitlement slip."), code="slip_given")}
        )
    if course.is_integration_course and not slip_given:
        raise ValidationError(
            {
                "entitlement": ValidationError(
                    _("An integration course requires an entitlement slip of the person."), code="slip_required"
                )
            }
        )


def _check_slip(*, slip: Entitlement, person: Person, registered_on: date) -> None:
    if slip.person_id != person.pk:
        raise ValidationError(
            {"entitlement": ValidationError(_("The entitlement slip belongs to someone else."), code="slip_other")}
        )
    if registered_on < slip.issued_on:
        raise ValidationError(
            {"entitlement": ValidationError(_("The registration lies before the slip was issued."), code="slip_later")}
        )
    if slip.status not in USABLE_SLIP or slip.valid_until < registered_on:
        raise ValidationError(
            {
                "entitlement": ValidationError(
                    _("The entitlement slip is no longer valid (status: %(status)s, valid until %(until)s).")
                    % {"status": slip.get_status_display(), "until": slip.valid_until.strftime("%d.%m.%Y")},
                    code="slip_invalid",
                )
            }
        )
    if slip.enrolments.filter(status__in=SEAT_HOLDING).exists():
        raise ValidationError(
            {
                "entitlement": ValidationError(
                    _("This entitlement slip already holds a seat in a course; end that enrolment first."),
                    code="slip_in_use",
                )
            }
        )


def _seat_taken_error() -> ValidationError:
    return ValidationError(_("The person already holds a seat in this course."), code="seat_taken")


def locked_course(course: Course) -> Course:
    """The course row, locked: every registration takes this lock first, then the slip's."""
    return Course.objects.select_for_update().get(pk=course.pk)


def enrolment_seat_take(
    *, actor: User, person: Person, course: Course, slip: Entitlement | None, registered_on: date
) -> Enrolment:
    """What every registration checks and writes, whoever registers: the course (locked by the caller, see
    `locked_course`) and the slip (locked after it), the person's one seat, the places, the slip marked used, and
    for an obligation or a Kooperationsplan the attendance agreement. The caller holds the transaction and has
    checked who may register."""
    check_course_takes(course=course, registered_on=registered_on, slip_given=slip is not None)
    if slip is not None:
        _check_slip(slip=slip, person=person, registered_on=registered_on)
    seats = course.enrolments.filter(status__in=SEAT_HOLDING)
    if seats.filter(person=person).exists():
        raise ValidationError({"course": _seat_taken_error()})
    if seats.count() >= course.capacity:
        raise ValidationError(
            {
                "course": ValidationError(
                    _("The course is full: all %(capacity)d places are taken.") % {"capacity": course.capacity},
                    code="course_full",
                )
            }
        )
    enrolment = Enrolment(
        person=person, course=course, entitlement=slip, registered_on=registered_on, registered_by=actor
    )
    try:
        with transaction.atomic():
            save(enrolment, actor=actor)
    except IntegrityError:  # the partial unique constraint, should a registration slip past the check above
        raise ValidationError({"course": _seat_taken_error()}) from None
    if slip is not None:
        if slip.status == EntitlementStatus.ISSUED:
            slip.status = EntitlementStatus.USED
            save(slip, actor=actor, update_fields=["status"])
        if slip.informed_agency_id:  # § 8 Abs. 3 IntV: an obligation, or a course in a Kooperationsplan (§ 5a IntV)
            save(AttendanceAgreement(enrolment=enrolment, informed_agency_id=slip.informed_agency_id), actor=actor)
    return enrolment


@transaction.atomic
def enrolment_register(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    course: Course,
    entitlement: Entitlement | None = None,
    registered_on: date,
) -> Enrolment:
    """A caseworker registers a person for a course. The caller has checked that the caseworker sees the person's
    courses."""
    require(membership, COURSE_ENROL)
    not_in_future(registered_on, "registered_on")
    course = locked_course(course)
    slip = Entitlement.objects.select_for_update().get(pk=entitlement.pk) if entitlement is not None else None
    return enrolment_seat_take(actor=actor, person=person, course=course, slip=slip, registered_on=registered_on)


def _locked_for_change(membership: Membership, enrolment: Enrolment, change: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    require(membership, COURSE_MANAGE, enrolment.course)
    if enrolment.status not in CHANGES_FROM[change]:
        raise ValidationError(
            _("Not possible while the enrolment is “%(status)s”.") % {"status": enrolment.get_status_display()},
            code="illegal_transition",
        )
    return enrolment


def _check_day(enrolment: Enrolment, day: date, field: str) -> None:
    """A change of status happened on a day: not in the future, not before the enrolment's last event."""
    not_in_future(day, field)
    earliest = max(filter(None, [enrolment.registered_on, enrolment.started_on, enrolment.ended_on]))
    if day < earliest:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date lies before %(day)s, the enrolment's last change.")
                    % {"day": earliest.strftime("%d.%m.%Y")},
                    code="too_early",
                )
            }
        )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Please give a reason."), code="required")})
    return reason.strip()[:300]


@transaction.atomic
def enrolment_start(*, actor: User, membership: Membership, enrolment: Enrolment, started_on: date) -> Enrolment:
    enrolment = _locked_for_change(membership, enrolment, "start")
    _check_day(enrolment, started_on, "started_on")
    enrolment.status = EnrolmentStatus.ATTENDING
    enrolment.started_on = started_on
    save(enrolment, actor=actor, update_fields=["status", "started_on"])
    return enrolment


@transaction.atomic
def enrolment_interrupt(
    *, actor: User, membership: Membership, enrolment: Enrolment, on: date, reason: str
) -> Enrolment:
    enrolment = _locked_for_change(membership, enrolment, "interrupt")
    _check_day(enrolment, on, "on")
    enrolment.status = EnrolmentStatus.INTERRUPTED
    enrolment.ended_on = on
    enrolment.end_reason = _reason(reason)
    save(enrolment, actor=actor, update_fields=["status", "ended_on", "end_reason"])
    return enrolment


@transaction.atomic
def enrolment_resume(*, actor: User, membership: Membership, enrolment: Enrolment, on: date) -> Enrolment:
    enrolment = _locked_for_change(membership, enrolment, "resume")
    _check_day(enrolment, on, "on")
    enrolment.status = EnrolmentStatus.ATTENDING
    enrolment.ended_on = None
    enrolment.end_reason = ""
    enrolment._change_reason = f"resumed {on.isoformat()}"  # no column holds it; the history row does
    save(enrolment, actor=actor, update_fields=["status", "ended_on", "end_reason"])
    return enrolment


@transaction.atomic
def enrolment_drop(*, actor: User, membership: Membership, enrolment: Enrolment, on: date, reason: str) -> Enrolment:
    enrolment = _locked_for_change(membership, enrolment, "drop")
    if enrolment.status == EnrolmentStatus.INTERRUPTED:
        enrolment.ended_on = None  # the interruption's day is no bound: a dropout may date back to it
    _check_day(enrolment, on, "on")
    enrolment.status = EnrolmentStatus.DROPPED
    enrolment.ended_on = on
    enrolment.end_reason = _reason(reason)
    save(enrolment, actor=actor, update_fields=["status", "ended_on", "end_reason"])
    return enrolment


@transaction.atomic
def enrolment_complete(
    *, actor: User, membership: Membership, enrolment: Enrolment, on: date, dtz_level: str, lid_passed: bool | None
) -> Enrolment:
    """The course ended for the person, with the final tests' results (empty: not taken)."""
    enrolment = _locked_for_change(membership, enrolment, "complete")
    _check_day(enrolment, on, "on")
    if dtz_level and dtz_level not in DtzLevel.values:
        raise ValidationError({"dtz_level": ValidationError(_("Choose a result from the list."), code="invalid")})
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.ended_on = on
    enrolment.end_reason = ""
    enrolment.dtz_level = dtz_level
    enrolment.lid_passed = lid_passed
    save(enrolment, actor=actor, update_fields=["status", "ended_on", "end_reason", "dtz_level", "lid_passed"])
    return enrolment
