"""Course staff register a person who brings the entitlement slip (Berechtigungsschein) to the provider: the
slip's printed number and the person's date of birth must match a slip, and the registration then takes the same
path as a caseworker's (`enrolments.enrolment_seat_take`).

- A wrong number and a date of birth that does not match are refused alike, and the misses are limited per user
  (`slip_attempts`), so that nobody can try numbers against dates of birth.
- What the course alone decides (ended, voluntary) is refused before any slip is looked up.
- The slip row is locked after the course row, as on every registration: two registrations with one slip at once
  take one seat.
- § 7 Abs. 2 IntV: an obliging authority learns of the registration at once (`alerts.alert_registration_raise`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import COURSE_REGISTER_SLIP, require
from courses.models import Course, Enrolment, Entitlement
from courses.services.alerts import alert_registration_raise
from courses.services.courses import not_in_future
from courses.services.enrolments import check_course_takes, enrolment_seat_take, locked_course
from courses.services.slip_attempts import (
    MAX_FAILURES,
    WINDOW_SECONDS,
    slip_attempt_failed,
    slip_attempts_exhausted,
)


def _no_match() -> ValidationError:
    # One answer for a wrong number and for a wrong date of birth, at both fields.
    message = _("The slip number and the date of birth do not match a valid entitlement slip. Please check both.")
    return ValidationError(
        {
            "slip_number": ValidationError(message, code="no_match"),
            "birth_date": ValidationError(message, code="no_match"),
        }
    )


def _exhausted() -> ValidationError:
    return ValidationError(
        _(
            "Too many attempts with a slip number or date of birth that did not match (%(max)d in %(minutes)d "
            "minutes). Please try again later."
        )
        % {"max": MAX_FAILURES, "minutes": WINDOW_SECONDS // 60},
        code="too_many_attempts",
    )


@transaction.atomic
def enrolment_register_from_slip(
    *,
    actor: User,
    membership: Membership,
    course: Course,
    slip_number: int,
    birth_date: date,
    registered_on: date,
) -> Enrolment:
    require(membership, COURSE_REGISTER_SLIP, course, user=actor)
    not_in_future(registered_on, "registered_on")
    if slip_attempts_exhausted(actor):
        raise _exhausted()
    course = locked_course(course)
    check_course_takes(course=course, registered_on=registered_on, slip_given=True)
    slip = (
        Entitlement.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=slip_number, person__birth_date=birth_date, person__restricted_at__isnull=True)
        .first()
    )
    if slip is None:
        slip_attempt_failed(actor)  # the cache keeps the miss; the transaction is rolled back with the refusal
        raise _no_match()
    enrolment = enrolment_seat_take(
        actor=actor, person=slip.person, course=course, slip=slip, registered_on=registered_on
    )
    alert_registration_raise(actor=actor, enrolment=enrolment)
    return enrolment
