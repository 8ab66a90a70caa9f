"""Registrations at the same moment: the course row's lock decides, so a course never holds more than its places
and a person never holds two seats in it."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from courses.models import Enrolment
from courses.models.choices import SEAT_HOLDING, CourseKind
from courses.services.enrolments import enrolment_register

pytestmark = pytest.mark.django_db(transaction=True)


def race(personas, registrations: list[dict]) -> list:
    """Run the registrations in threads that enter their transactions together; each result or refusal."""
    user, membership = personas.beratung, personas.membership("beratung")
    barrier = threading.Barrier(len(registrations), timeout=10)
    results: list = [None] * len(registrations)

    def register(index: int, arguments: dict) -> None:
        try:
            with transaction.atomic():
                barrier.wait()  # both are inside a transaction and reach the course's lock at once
                results[index] = enrolment_register(
                    actor=user, membership=membership, registered_on=date(2026, 8, 20), **arguments
                )
        except ValidationError as error:
            results[index] = error
        except Exception as error:  # reported by the assertions, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i, a)) for i, a in enumerate(registrations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_persons_for_the_last_seat_one_gets_it(personas, make_case, make_course, make_entitlement, make_enrolment):
    course = make_course(capacity=2)
    make_enrolment(make_case(family_name="Erste").person, course)
    persons = [make_case(family_name=name).person for name in ("Zweite", "Dritte")]
    slips = [make_entitlement(person) for person in persons]

    registrations = [{"person": p, "course": course, "entitlement": s} for p, s in zip(persons, slips, strict=True)]
    results = race(personas, registrations)

    enrolled = [r for r in results if isinstance(r, Enrolment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(enrolled), len(refused)) == (1, 1), results
    assert refused[0].error_dict["course"][0].code == "course_full"
    assert Enrolment.objects.filter(course=course, status__in=SEAT_HOLDING).count() == course.capacity
    loser = next(p for p in persons if p.pk != enrolled[0].person_id)
    assert not Enrolment.objects.filter(person=loser).exists()


def test_one_person_registered_twice_at_once_holds_one_seat(personas, make_case, make_course):
    person = make_case().person
    course = make_course(kind=CourseKind.BASIC, capacity=30)

    results = race(personas, [{"person": person, "course": course}, {"person": person, "course": course}])

    assert sorted(type(r).__name__ for r in results) == ["Enrolment", "ValidationError"], results
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert refused.error_dict["course"][0].code == "seat_taken"
    assert Enrolment.objects.filter(person=person).count() == 1
