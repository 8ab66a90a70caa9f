"""Restriction of processing (Art. 18 DSGVO, § 84 SGB X): the restricted person is missing from every page and list
of everyone but the data protection officer and the one caseworker named, like a record that does not exist."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Person
from cases.models.choices import DataCategory
from courses.models import Alert
from privacy.services import restriction_lift, restriction_place
from tests.races import at_once

pytestmark = pytest.mark.django_db

NAME = "Haddad"


@pytest.fixture
def world(personas, make_case, share_by_consent, make_course, make_entitlement, make_enrolment):
    case = make_case("beratung", family_name=NAME)
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    course = make_course()
    enrolment = make_enrolment(case.person, course, entitlement=make_entitlement(case.person))
    alert = Alert.objects.create(
        kind="non_attendance", enrolment=enrolment, agency=personas.agency("jobcenter"),
        window_start=date(2026, 9, 7), window_end=date(2026, 9, 11), raised_at=timezone.now(),
    )  # fmt: skip
    return {"case": case, "course": course, "alert": alert}


def restrict(personas, person, reader=None):
    return restriction_place(
        actor=personas.datenschutz, membership=personas.membership("datenschutz"), person=person,
        reason="Richtigkeit bestritten (Art. 18 Abs. 1 a DSGVO)", reader=reader,
    )  # fmt: skip


def pages(world) -> dict[str, str]:
    case, course, alert = world["case"], world["course"], world["alert"]
    return {
        "beratung": [
            reverse("cases:case_detail", args=[case.pk]),
            reverse("cases:case_protocol", args=[case.pk]),
            reverse("privacy:subject_access_pdf", args=[case.person_id]),
        ],
        "jobcenter": [reverse("cases:case_detail", args=[case.pk]), reverse("courses:alert_detail", args=[alert.pk])],
        "vhs": [],
        "list": {"beratung": reverse("cases:case_list"), "jobcenter": reverse("courses:alert_inbox"),
                 "vhs": reverse("courses:course_detail", args=[course.pk])},
    }  # fmt: skip


def test_a_restricted_person_is_missing_everywhere_but_for_the_officer(personas, login, world):
    urls = pages(world)
    for persona, address in urls["list"].items():
        assert NAME in login(personas.users[persona]).get(address).content.decode(), persona
    restrict(personas, world["case"].person)
    for persona in ("beratung", "jobcenter"):
        for address in urls[persona]:
            assert login(personas.users[persona]).get(address).status_code == 404, (persona, address)
    for persona, address in urls["list"].items():
        assert NAME not in login(personas.users[persona]).get(address).content.decode(), persona
    officer = login(personas.datenschutz).get(reverse("privacy:person_protocol", args=[world["case"].person_id]))
    page = officer.content.decode()
    assert "Verarbeitung eingeschränkt (Art. 18 DSGVO, § 84 SGB X)" in page
    assert "Richtigkeit bestritten" in page


def test_the_named_caseworker_still_sees_the_case_with_the_banner(personas, login, world):
    restrict(personas, world["case"].person, reader=personas.beratung)
    page = login(personas.beratung).get(reverse("cases:case_detail", args=[world["case"].pk]))
    assert page.status_code == 200
    assert "Richtigkeit bestritten" in page.content.decode()
    assert login(personas.jobcenter).get(reverse("cases:case_detail", args=[world["case"].pk])).status_code == 404


def test_lifting_shows_the_person_again_and_both_are_in_the_history(personas, login, world):
    person = restrict(personas, world["case"].person)
    restriction_lift(actor=personas.datenschutz, membership=personas.membership("datenschutz"), person=person)
    assert login(personas.beratung).get(reverse("cases:case_detail", args=[world["case"].pk])).status_code == 200
    reasons = list(Person.history.filter(id=person.pk).values_list("history_change_reason", "history_user"))
    assert ("Verarbeitung eingeschränkt", personas.datenschutz.pk) in reasons
    assert ("Einschränkung aufgehoben", personas.datenschutz.pk) in reasons


def test_the_reader_must_work_on_the_person_and_the_reason_is_required(personas, login, world):
    person = world["case"].person
    with pytest.raises(ValidationError) as refused:
        restrict(personas, person, reader=personas.jobcenter)  # shares, does not lead
    assert "reader" in refused.value.error_dict
    response = login(personas.datenschutz).post(
        reverse("privacy:restriction_place", args=[person.pk]), {"reason": ""}, follow=True
    )
    assert "Grund der Einschränkung: Dieses Feld ist zwingend erforderlich." in response.content.decode()
    person.refresh_from_db()
    assert person.restricted_at is None


@pytest.mark.django_db(transaction=True)
def test_two_restrictions_at_once_make_one(personas, make_case):
    person = make_case("beratung").person
    outcomes = at_once(lambda: restrict(personas, person), lambda: restrict(personas, person))
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    assert Person.history.filter(id=person.pk, history_change_reason="Verarbeitung eingeschränkt").count() == 1


def test_only_the_officer_restricts_or_lifts(personas, login, world):
    person = world["case"].person
    for persona in ("beratung", "jobcenter", "koordination", "lenkung", "admin", "vhs"):
        client = login(personas.users[persona])
        assert client.post(reverse("privacy:restriction_place", args=[person.pk]), {"reason": "x"}).status_code == 404
        assert client.post(reverse("privacy:restriction_lift", args=[person.pk])).status_code == 404
    person.refresh_from_db()
    assert person.restricted_at is None
