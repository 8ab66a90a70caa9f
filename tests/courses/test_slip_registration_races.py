"""Two registrations from one slip at the same moment (a double click, two desks): the slip's lock decides, so the
slip holds one seat and the obliging authority gets one alert."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from courses.models import Alert, Enrolment
from courses.models.choices import SEAT_HOLDING
from courses.services.slip_attempts import slip_attempts_forget
from courses.services.slip_registration import enrolment_register_from_slip
from tests.races import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def registration(personas, slip, course):
    user, membership = personas.vhs, personas.membership("vhs")
    return lambda: enrolment_register_from_slip(
        actor=user, membership=membership, course=course, slip_number=slip.pk, birth_date=date(1990, 5, 17),
        registered_on=date(2026, 11, 25),
    )  # fmt: skip


@pytest.fixture
def obliged_slip(personas, make_case, make_entitlement):
    slip_attempts_forget(personas.vhs)
    return make_entitlement(make_case("jobcenter", family_name="Zilpzalp").person, issuer="jobcenter")


def outcome(results) -> tuple[list, list]:
    enrolled = [r for r in results if isinstance(r, Enrolment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(enrolled) + len(refused) == len(results), results  # nothing else went wrong
    return enrolled, refused


def test_one_slip_twice_at_once_for_one_course_takes_one_seat(personas, obliged_slip, make_course):
    course = make_course()
    enrolled, refused = outcome(at_once(*[registration(personas, obliged_slip, course)] * 2))
    assert (len(enrolled), len(refused)) == (1, 1)
    assert refused[0].error_dict.keys() <= {"entitlement", "course"}
    assert Enrolment.objects.filter(status__in=SEAT_HOLDING).count() == 1
    assert Alert.objects.count() == 1


def test_one_slip_at_once_for_two_courses_takes_one_seat(personas, obliged_slip, make_course):
    first, second = make_course(), make_course(title="Integrationskurs B")
    enrolled, refused = outcome(
        at_once(registration(personas, obliged_slip, first), registration(personas, obliged_slip, second))
    )
    assert (len(enrolled), len(refused)) == (1, 1)
    assert [error.code for error in refused[0].error_dict["entitlement"]] == ["slip_in_use"]
    assert Enrolment.objects.filter(entitlement=obliged_slip, status__in=SEAT_HOLDING).count() == 1
    assert Alert.objects.count() == 1
