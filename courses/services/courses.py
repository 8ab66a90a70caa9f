"""Courses: course staff of a provider enter and change its courses. Enrolments are in `enrolments.py`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import COURSE_CREATE, COURSE_MANAGE, require
from cases.services._common import save
from courses.law import course_rule, kind_not_provided
from courses.models import Course
from courses.models.choices import (
    INTEGRATION_COURSE_KINDS,
    MAX_INTEGRATION_COURSE_SIZE,
    SEAT_HOLDING,
    CourseKind,
)


def not_in_future(day: date, field: str) -> None:
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
    rule = None
    if kind in INTEGRATION_COURSE_KINDS and "kind" not in errors:
        # The course type and its units as the ordinance provided them on the course's first day (§ 22 IntV).
        rule = course_rule(kind, starts_on)
        if rule is None:
            errors["kind"] = ValidationError(
                kind_not_provided(CourseKind(kind).label, starts_on), code="kind_not_provided"
            )
        elif teaching_units is not None and teaching_units > rule.teaching_units:
            errors["teaching_units"] = ValidationError(
                _("This course type has at most %(max)d teaching units (%(reference)s).")
                % {"max": rule.teaching_units, "reference": rule.reference},
                code="too_many_teaching_units",
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
        "teaching_units": teaching_units if teaching_units is not None else (rule.teaching_units if rule else None),
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
    require(membership, COURSE_CREATE)
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
    require(membership, COURSE_MANAGE, course)
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
