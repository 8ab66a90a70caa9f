"""The world of the attendance tests: a Monday-to-Friday course that began eight weeks ago, and its participants."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.services.persons import person_register

TODAY = timezone.localdate()
THIS_MONDAY = TODAY - timedelta(days=TODAY.weekday())
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)  # Monday to Friday of last week lie in the past whatever today is


@pytest.fixture
def course(make_course):
    """A Monday-to-Friday course that began eight weeks ago and runs for months."""
    return make_course(starts_on=THIS_MONDAY - timedelta(weeks=8), ends_on=THIS_MONDAY + timedelta(weeks=20))


@pytest.fixture
def enrol(personas, make_enrolment):
    """enrol(course, "Haddad", "Amal") -> an attending enrolment, registered two weeks before the course began."""

    def make(course, family_name="Haddad", given_names="Amal", birth_date=date(1990, 5, 17), **extra):
        person = person_register(
            actor=personas.beratung,
            membership=personas.membership("beratung"),
            given_names=given_names,
            family_name=family_name,
            birth_date=birth_date,
        )
        extra.setdefault("registered_on", course.starts_on - timedelta(days=14))
        extra.setdefault("started_on", max(course.starts_on, extra["registered_on"]))
        return make_enrolment(person, course, **extra)

    return make
