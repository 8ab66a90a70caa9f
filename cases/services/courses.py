"""Courses and enrolments. Course staff of a provider run its courses; caseworkers register persons for them.

- A course's seats are counted under a lock on the course row: two registrations for the last seat queue up at
  that lock, and the second counts the first one's seat (READ COMMITTED takes a fresh snapshot per statement).
- A slip is locked too, so that two registrations with one slip cannot both take a seat.
- While an enrolment is interrupted, `ended_on` and `end_reason` hold the day and reason of the interruption;
  resuming clears them (the history keeps them, and the day of the resumption as the change reason).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, Role, User
from agencies.selectors import agency_subtree_ids
from cases.models import AttendanceAgreement, Course, Enrolment, Entitlement, Person
from cases.models.course_choices import (
    DEFAULT_TEACHING_UNITS,
    INTEGRATION_COURSE_KINDS,
    MAX_INTEGRATION_COURSE_SIZE,
    SEAT_HOLDING,
    CourseKind,
    DtzLevel,
    EnrolmentStatus,
    EntitlementStatus,
)
from cases.services._common import require_caseworker, save

USABLE_SLIP = (EntitlementStatus.ISSUED, EntitlementStatus.USED)
# The statuses each change of an enrolment starts from; everything else is refused.
CHANGES_FROM = {
    "start": (EnrolmentStatus.REGISTERED,),
    "interrupt": (EnrolmentStatus.ATTENDING,),
    "resume": (EnrolmentStatus.INTERRUPTED,),
    "drop": SEAT_HOLDING,
    "complete": (EnrolmentStatus.ATTENDING,),
}


def _require_course_staff(membership: Membership | None) -> Membership:
    if (
        membership is None
        or membership.role != Role.COURSE_STAFF
        or not membership.is_active
        or not membership.agency.runs_courses
    ):
        raise ValidationError(_("Only the staff of a course provider may do this."), code="not_course_staff")
    return membership


def _require_provider_staff(membership: Membership | None, course: Course) -> None:
    if (
        membership is None
        or membership.role != Role.COURSE_STAFF
        or not membership.is_active
        or course.provider_id not in agency_subtree_ids(membership.agency)
    ):
        raise ValidationError(_("Only the staff of the course's provider may do this."), code="not_provider_staff")


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: ValidationError(_("The date lies in the future."), code="future")})


def _course_values(
    *,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    weekdays: list[int],
    place: str,
    capacity: int,
    federal_number: str,
    teaching_units: int | None,
    target_group: str,
) -> dict:
    """Checks a course's data, in the order a form shows it, before the database constraints would."""
    errors = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Please give the course a title."), code="required")
    if kind not in CourseKind.values:
        errors["kind"] = ValidationError(_("Choose a course type from the list."), code="invalid_kind")
    if ends_on < starts_on:
        errors["ends_on"] = ValidationError(_("The course cannot end before it starts."), code="ends_before_start")
    days = sorted(set(weekdays)) if all(type(day) is int and 1 <= day <= 7 for day in weekdays) else []
    if not days:
        errors["weekdays"] = ValidationError(_("Choose at least one weekday."), code="invalid_weekdays")
    if not place.strip():
        errors["place"] = ValidationError(_("Please say where the course takes place."), code="required")
    if capacity < 1:
        errors["capacity"] = ValidationError(_("A course has at least one place."), code="invalid_capacity")
    elif kind in INTEGRATION_COURSE_KINDS and capacity > MAX_INTEGRATION_COURSE_SIZE:
        errors["capacity"] = ValidationError(
            _("An integration course has at most %(max)d places (§ 14 Abs. 1 IntV).")
            % {"max": MAX_INTEGRATION_COURSE_SIZE},
            code="integration_course_too_large",
        )
    if teaching_units is not None and teaching_units < 1:
        errors["teaching_units"] = ValidationError(
            _("Teaching units must be a positive number."), code="invalid_teaching_units"
        )
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "weekdays": days,
        "place": place.strip(),
        "capacity": capacity,
        "federal_number": federal_number.strip(),
        # Integration courses have statutory units; voluntary offers only what the provider states.
        "teaching_units": teaching_units if teaching_units is not None else DEFAULT_TEACHING_UNITS.get(kind),
        "target_group": target_group.strip(),
    }


@transaction.atomic
def course_create(
    *,
    actor: User,
    membership: Membership,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    weekdays: list[int],
    place: str,
    capacity: int,
    federal_number: str = "",
    teaching_units: int | None = None,
    target_group: str = "",
) -> Course:
    """A course of the acting staff member's provider."""
    _require_course_staff(membership)
    values = _course_values(
        title=title, kind=kind, starts_on=starts_on, ends_on=ends_on, weekdays=weekdays, place=place,
        capacity=capacity, federal_number=federal_number, teaching_units=teaching_units, target_group=target_group,
    )  # fmt: skip
    course = Course(provider=membership.agency, **values)
    save(course, actor=actor)
    return course


@transaction.atomic
def course_update(
    *,
    actor: User,
    membership: Membership,
    course: Course,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    weekdays: list[int],
    place: str,
    capacity: int,
    federal_number: str = "",
    teaching_units: int | None = None,
    target_group: str = "",
) -> Course:
    # Locked like a registration, so that no seat is taken between the count and the new capacity.
    course = Course.objects.select_for_update().get(pk=course.pk)
    _require_provider_staff(membership, course)
    values = _course_values(
        title=title, kind=kind, starts_on=starts_on, ends_on=ends_on, weekdays=weekdays, place=place,
        capacity=capacity, federal_number=federal_number, teaching_units=teaching_units, target_group=target_group,
    )  # fmt: skip
    enrolments = course.enrolments.all()
    seats_taken = enrolments.filter(status__in=SEAT_HOLDING).count()
    if capacity < seats_taken:
        raise ValidationError(
            {
                "capacity": ValidationError(
                    _("%(taken)d places are taken; the course cannot have fewer.") % {"taken": seats_taken},
                    code="capacity_below_seats",
                )
            }
        )
    # The slip rules differ: enrolled persons would hold seats without the slip the new type requires, or with one.
    if (kind in INTEGRATION_COURSE_KINDS) != course.is_integration_course and enrolments.exists():
        message = _("Persons are registered: the course cannot change between integration course and voluntary offer.")
        raise ValidationError({"kind": ValidationError(message, code="kind_change")})
    for name, value in values.items():
        setattr(course, name, value)
    save(course, actor=actor)
    return course


def _check_slip(*, slip: Entitlement | None, person: Person, course: Course, registered_on: date) -> None:
    if not course.is_integration_course:
        if slip is not None:
            raise ValidationError(
                {"entitlement": ValidationError(_("A voluntary offer takes no entitlement slip."), code="slip_given")}
            )
        return
    if slip is None:
        raise ValidationError(
            {
                "entitlement": ValidationError(
                    _("An integration course requires an entitlement slip of the person."), code="slip_required"
                )
            }
        )
    if slip.person_id != person.pk:
        raise ValidationError(
            {"entitlement": ValidationError(_("The entitlement slip belongs to someone else."), code="slip_other")}
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
    """Register a person for a course. The caller has checked that the caseworker sees the person's courses."""
    require_caseworker(membership)
    _not_in_future(registered_on, "registered_on")
    course = Course.objects.select_for_update().get(pk=course.pk)
    slip = Entitlement.objects.select_for_update().get(pk=entitlement.pk) if entitlement is not None else None
    if registered_on > course.ends_on:
        raise ValidationError({"course": ValidationError(_("The course has already ended."), code="course_ended")})
    _check_slip(slip=slip, person=person, course=course, registered_on=registered_on)
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
        if slip.obliging_agency_id:
            save(AttendanceAgreement(enrolment=enrolment, informed_agency_id=slip.obliging_agency_id), actor=actor)
    return enrolment


def _locked_for_change(membership: Membership, enrolment: Enrolment, change: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    _require_provider_staff(membership, enrolment.course)
    if enrolment.status not in CHANGES_FROM[change]:
        raise ValidationError(
            _("Not possible while the enrolment is “%(status)s”.") % {"status": enrolment.get_status_display()},
            code="illegal_transition",
        )
    return enrolment


def _check_day(enrolment: Enrolment, day: date, field: str) -> None:
    """A change of status happened on a day: not in the future, not before the enrolment's last event."""
    _not_in_future(day, field)
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
