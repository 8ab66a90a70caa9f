"""Registration at the course provider from the slip in hand: the slip's number and the person's date of birth, the
same checks as a caseworker's registration, one refusal for every mismatch, a limit on misses, and the obliging
authority's alert at once (§ 7 Abs. 2 IntV), which the nightly scan does not raise again."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership, OutboundEmail, Role
from courses.models import Alert, AttendanceAgreement, Enrolment
from courses.models.choices import AlertKind, CourseKind, EntitlementKind, EntitlementStatus
from courses.scans import DEADLINE_SCANS, run_scans, scan_deadline
from courses.services.slip_attempts import MAX_FAILURES, slip_attempts_forget
from courses.services.slip_registration import enrolment_register_from_slip
from tests.factories import UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

BORN = date(1990, 5, 17)  # make_case's date of birth
TODAY = date(2026, 11, 25)  # the tests' frozen today
NO_MATCH = "Nummer des Berechtigungsscheins und Geburtsdatum passen zu keinem gültigen Berechtigungsschein."


@pytest.fixture(autouse=True)
def _no_misses_counted(personas):
    """The misses live in the cache, beside the database the tests roll back."""
    for user in personas.users.values():
        slip_attempts_forget(user)
    yield
    for user in personas.users.values():
        slip_attempts_forget(user)


@pytest.fixture
def obliged(personas, make_case, make_entitlement):
    """A person obliged by the jobcenter, whose case the jobcenter leads; the slip of 3 Aug 2026."""
    person = make_case("jobcenter", family_name="Zilpzalp").person
    return make_entitlement(person, issuer="jobcenter")


def register(personas, slip_number, *, course, by="vhs", birth_date=BORN, registered_on=TODAY):
    return enrolment_register_from_slip(
        actor=personas.users[by], membership=personas.membership(by), course=course, slip_number=slip_number,
        birth_date=birth_date, registered_on=registered_on,
    )  # fmt: skip


def codes(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return {"__all__": [e.code for e in error.error_list]}


def scan_of(kind: str):
    return next(scan for scan in DEADLINE_SCANS if scan.kind == kind)


# The service


def test_a_matching_slip_takes_a_seat_uses_the_slip_and_agrees_attendance(personas, obliged, make_course):
    course = make_course()
    enrolment = register(personas, obliged.pk, course=course)
    assert (enrolment.person, enrolment.course, enrolment.entitlement) == (obliged.person, course, obliged)
    assert (enrolment.registered_on, enrolment.registered_by) == (TODAY, personas.vhs)
    obliged.refresh_from_db()
    assert obliged.status == EntitlementStatus.USED
    agreement = AttendanceAgreement.objects.get(enrolment=enrolment)
    assert agreement.informed_agency == personas.agency("jobcenter")
    assert enrolment.history.get().history_user == personas.vhs


def test_the_obliging_authority_gets_the_registration_alert_at_once(personas, obliged, make_course):
    enrolment = register(personas, obliged.pk, course=make_course())
    alert = Alert.objects.get()
    assert (alert.kind, alert.enrolment, alert.agency) == (
        AlertKind.REGISTERED,
        enrolment,
        personas.agency("jobcenter"),
    )
    assert (alert.window_start, alert.window_end) == (TODAY, TODAY)
    assert alert.acknowledged_at is None
    history = alert.history.get()
    assert (history.history_user, history.history_change_reason) == (personas.vhs, "registered at the provider")
    mail = OutboundEmail.objects.get()
    assert mail.to == personas.agency("jobcenter").alert_email
    assert "§ 7 Abs. 2 IntV" in mail.subject
    assert f"/cases/alerts/{alert.pk}/" in mail.body
    assert "Zilpzalp" not in mail.subject + mail.body


def test_the_nightly_scan_raises_the_registration_alert_no_second_time(personas, obliged, make_course):
    register(personas, obliged.pk, course=make_course(), registered_on=TODAY - timedelta(days=2))
    day = TODAY - timedelta(days=2)
    assert scan_deadline(scan_of(AlertKind.REGISTERED), day_from=day, day_to=day) == 0
    tomorrow_night = timezone.make_aware(datetime.combine(TODAY + timedelta(days=1), datetime.min.time()))
    raised = run_scans(now=tomorrow_night + timedelta(hours=1, minutes=30))
    assert raised[AlertKind.REGISTERED] == 0
    assert Alert.objects.filter(kind=AlertKind.REGISTERED).count() == 1
    assert OutboundEmail.objects.filter(subject__contains="§ 7 Abs. 2 IntV").count() == 1


def test_a_registration_today_is_not_raised_again_by_tonights_scan(personas, obliged, make_course):
    register(personas, obliged.pk, course=make_course())
    tonight = timezone.make_aware(datetime.combine(TODAY + timedelta(days=1), datetime.min.time()))
    assert run_scans(now=tonight + timedelta(hours=1, minutes=30))[AlertKind.REGISTERED] == 0
    assert Alert.objects.filter(kind=AlertKind.REGISTERED).count() == 1


def test_a_kooperationsplan_brings_the_agreement_and_no_registration_alert(
    personas, make_case, make_entitlement, make_course
):
    person = make_case("jobcenter", family_name="Goldammer").person
    slip = make_entitlement(
        person, kind=EntitlementKind.COOPERATION_PLAN, legal_basis="§ 5a IntV i. V. m. § 15 SGB II",
        cooperation_plan_on=date(2026, 7, 20), cooperation_plan_review_on=date(2027, 1, 15),
    )  # fmt: skip
    enrolment = register(personas, slip.pk, course=make_course())
    assert enrolment.agreement.informed_agency == personas.agency("jobcenter")
    assert not Alert.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_entitlement_brings_neither_agreement_nor_alert(personas, make_case, make_entitlement, make_course):
    person = make_case("beratung", family_name="Stieglitz").person
    slip = make_entitlement(person, kind=EntitlementKind.ENTITLEMENT, issuer="abh")
    enrolment = register(personas, slip.pk, course=make_course())
    assert not AttendanceAgreement.objects.filter(enrolment=enrolment).exists()
    assert not Alert.objects.exists()


@pytest.mark.parametrize("wrong", ["number", "birth_date", "both", "unknown_number"])
def test_a_wrong_number_or_birth_date_is_refused_alike_at_both_fields(personas, obliged, make_course, wrong):
    number = {"number": obliged.pk + 1000, "both": obliged.pk + 1000, "unknown_number": 9_999_999}.get(
        wrong, obliged.pk
    )
    birth_date = BORN + timedelta(days=1) if wrong in ("birth_date", "both") else BORN
    with pytest.raises(ValidationError) as refused:
        register(personas, number, course=make_course(), birth_date=birth_date)
    assert codes(refused.value) == {"slip_number": ["no_match"], "birth_date": ["no_match"]}
    assert refused.value.error_dict["slip_number"][0].messages == refused.value.error_dict["birth_date"][0].messages
    assert not Enrolment.objects.exists()
    assert not Alert.objects.exists()


def test_one_refusal_text_for_every_mismatch(personas, obliged, make_case, make_entitlement, make_course):
    course = make_course()
    other = make_entitlement(make_case("jobcenter", family_name="Gimpel", birth_date=date(1985, 1, 2)).person)
    refusals = []
    for number, born in ((obliged.pk, date(1985, 1, 2)), (other.pk, BORN), (other.pk + obliged.pk + 99, BORN)):
        with pytest.raises(ValidationError) as refused:
            register(personas, number, course=course, birth_date=born)
        refusals.append(refused.value.message_dict)
    assert refusals[0] == refusals[1] == refusals[2]
    assert refusals[0]["slip_number"] == [NO_MATCH + " Bitte prüfen Sie beide Angaben."]


def test_a_restricted_person_is_not_found(personas, obliged, make_course):
    type(obliged.person).objects.filter(pk=obliged.person_id).update(restricted_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=make_course())
    assert codes(refused.value)["slip_number"] == ["no_match"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"valid_until": date(2026, 11, 20)}, "slip_invalid"),  # expired before the day of registration
        ({"status": EntitlementStatus.EXPIRED}, "slip_invalid"),
        ({"status": EntitlementStatus.WITHDRAWN}, "slip_invalid"),
        ({"issued_on": date(2026, 11, 24), "valid_until": date(2027, 11, 24)}, "slip_later"),
    ],
)
def test_a_slip_no_longer_valid_is_refused(personas, obliged, make_course, change, code):
    type(obliged).objects.filter(pk=obliged.pk).update(**change)
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=make_course(), registered_on=date(2026, 11, 23))
    assert codes(refused.value) == {"entitlement": [code]}
    assert not Enrolment.objects.exists()


def test_a_slip_holding_a_seat_is_refused(personas, obliged, make_course, make_enrolment):
    make_enrolment(obliged.person, make_course(title="Integrationskurs Emsstraße", provider="sprachinstitut"),
                   entitlement=obliged)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=make_course())
    assert codes(refused.value) == {"entitlement": ["slip_in_use"]}


def test_a_full_course_is_refused(personas, obliged, make_course, make_case, make_enrolment):
    course = make_course(capacity=1)
    make_enrolment(make_case(family_name="Erste").person, course)
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=course)
    assert codes(refused.value) == {"course": ["course_full"]}
    assert not Alert.objects.exists()


def test_a_voluntary_course_takes_no_slip_and_looks_up_none(personas, obliged, make_course):
    course = make_course(kind=CourseKind.BASIC, capacity=30, teaching_units=None)
    for number in (obliged.pk, obliged.pk + 1000):  # the answer does not depend on the slip
        with pytest.raises(ValidationError) as refused:
            register(personas, number, course=course)
        assert codes(refused.value) == {"entitlement": ["slip_given"]}
    for _ in range(MAX_FAILURES):  # and misses on it are not counted
        with pytest.raises(ValidationError):
            register(personas, obliged.pk + 1000, course=course)
    assert register(personas, obliged.pk, course=make_course()).entitlement == obliged


def test_an_ended_course_is_refused(personas, obliged, make_course):
    course = make_course(starts_on=date(2026, 1, 5), ends_on=date(2026, 10, 30))
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=course)
    assert codes(refused.value) == {"course": ["course_ended"]}


def test_a_future_day_is_refused(personas, obliged, make_course):
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=make_course(), registered_on=TODAY + timedelta(days=1))
    assert codes(refused.value) == {"registered_on": ["future"]}


@pytest.mark.parametrize("by", ["sprachinstitut", "beratung", "jobcenter", "vhs-lehrkraft", "koordination"])
def test_only_the_staff_of_the_courses_provider_register_from_a_slip(personas, obliged, make_course, by):
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=make_course(), by=by)
    assert not Enrolment.objects.exists()
    if by == "sprachinstitut":
        assert codes(refused.value) == {"__all__": ["not_provider_staff"]}
        assert refused.value.messages == ["Nur das Personal des Kursträgers dieses Kurses darf das."]


# The limit of misses


def test_after_ten_misses_the_user_is_stopped_for_a_while(personas, obliged, make_course):
    course = make_course()
    for _ in range(MAX_FAILURES):
        with pytest.raises(ValidationError) as refused:
            register(personas, obliged.pk, course=course, birth_date=date(1970, 1, 1))
        assert codes(refused.value)["slip_number"] == ["no_match"]
    with pytest.raises(ValidationError) as refused:
        register(personas, obliged.pk, course=course)  # even the right pair
    assert codes(refused.value) == {"__all__": ["too_many_attempts"]}
    assert "Zu viele Versuche" in refused.value.messages[0]
    assert not Enrolment.objects.exists()
    # A colleague at the provider is not stopped.
    colleague = UserFactory()
    membership = Membership.objects.create(user=colleague, agency=personas.agency("vhs"), role=Role.COURSE_STAFF)
    enrolment = enrolment_register_from_slip(
        actor=colleague, membership=membership, course=course, slip_number=obliged.pk, birth_date=BORN,
        registered_on=TODAY,
    )  # fmt: skip
    assert enrolment.registered_by == colleague
    slip_attempts_forget(colleague)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_window_of_misses_ends(personas, obliged, make_course):
    """On a cache in this process, whose clock the test moves (Redis keeps its own)."""
    course = make_course()
    for _ in range(MAX_FAILURES):
        with pytest.raises(ValidationError):
            register(personas, obliged.pk + 1000, course=course)
    with pytest.raises(ValidationError):
        register(personas, obliged.pk, course=course)
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert register(personas, obliged.pk, course=course).entitlement == obliged


# The pages


def test_course_staff_register_from_the_course_page(personas, login, obliged, make_course):
    course = make_course()
    client = login(personas.vhs)
    page = client.get(reverse("courses:course_detail", args=[course.pk])).content.decode()
    form_url = reverse("courses:slip_registration", args=[course.pk])
    assert form_url in page
    assert "Mit Berechtigungsschein anmelden" in page
    form = client.get(form_url)
    assert form.status_code == 200
    assert "Nummer des Berechtigungsscheins" in form.content.decode()
    assert form.context["form"]["registered_on"].value() == TODAY

    done = client.post(form_url, {"slip_number": obliged.pk, "birth_date": "1990-05-17", "registered_on": "2026-11-25"},
                       follow=True)  # fmt: skip
    assert done.redirect_chain == [(reverse("courses:course_detail", args=[course.pk]), 302)]
    content = done.content.decode()
    enrolment = Enrolment.objects.get()
    assert f'id="enrolment-{enrolment.pk}"' in content  # in the participant list
    assert f"mit Berechtigungsschein Nr. {obliged.pk}" in content
    assert "Zilpzalp" in content
    case = obliged.person.cases.get()
    assert reverse("cases:case_detail", args=[case.pk]) not in content  # nothing of the case
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_a_mismatch_shows_the_form_again_with_the_refusal_at_both_fields(personas, login, obliged, make_course):
    course = make_course()
    response = login(personas.vhs).post(
        reverse("courses:slip_registration", args=[course.pk]),
        {"slip_number": obliged.pk, "birth_date": "1990-05-18", "registered_on": "2026-11-25"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slip_number"] == response.context["form"].errors["birth_date"]
    assert NO_MATCH in response.content.decode()
    assert "Zilpzalp" not in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_limit_of_misses_is_shown_in_german(personas, login, obliged, make_course):
    course = make_course()
    client = login(personas.vhs)
    url = reverse("courses:slip_registration", args=[course.pk])
    for _ in range(MAX_FAILURES):
        client.post(url, {"slip_number": obliged.pk + 7, "birth_date": "1990-05-17", "registered_on": "2026-11-25"})
    response = client.post(url, {"slip_number": obliged.pk, "birth_date": "1990-05-17", "registered_on": "2026-11-25"})
    assert "Zu viele Versuche" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"slip_number": "abc", "birth_date": "1990-05-17", "registered_on": "2026-11-25"}, "slip_number"),
        ({"slip_number": "99999999999999999999999", "birth_date": "1990-05-17", "registered_on": "2026-11-25"},
         "slip_number"),
        ({"slip_number": "5", "birth_date": "1899-12-31", "registered_on": "2026-11-25"}, "birth_date"),
        ({"slip_number": "5", "birth_date": "1990-05-17", "registered_on": "2026-11-26"}, "registered_on"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_at_its_field(personas, login, make_course, data, field):
    response = login(personas.vhs).post(reverse("courses:slip_registration", args=[make_course().pk]), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]


def test_the_button_is_only_for_a_running_integration_course_of_the_own_provider(personas, login, make_course):
    client = login(personas.vhs)
    label = "Mit Berechtigungsschein anmelden"
    running = make_course()
    assert label in client.get(reverse("courses:course_detail", args=[running.pk])).content.decode()
    voluntary = make_course(kind=CourseKind.BASIC, title="Basiskurs", teaching_units=None)
    assert label not in client.get(reverse("courses:course_detail", args=[voluntary.pk])).content.decode()
    ended = make_course(title="Alt", starts_on=date(2025, 1, 6), ends_on=date(2025, 10, 31))
    assert label not in client.get(reverse("courses:course_detail", args=[ended.pk])).content.decode()
    for persona in ("beratung", "koordination", "vhs-lehrkraft"):
        page = login(personas.users[persona]).get(reverse("courses:course_detail", args=[running.pk]))
        assert label not in page.content.decode(), persona


@pytest.mark.parametrize("persona", ["sprachinstitut", "beratung", "jobcenter", "vhs-lehrkraft", "koordination",
                                     "lenkung", "datenschutz", "ehrenamt", "admin"])  # fmt: skip
def test_the_page_is_404_for_everyone_but_the_providers_course_staff(personas, login, obliged, make_course, persona):
    course = make_course()
    client = login(personas.users[persona])
    url = reverse("courses:slip_registration", args=[course.pk])
    assert client.get(url).status_code == 404
    data = {"slip_number": obliged.pk, "birth_date": "1990-05-17", "registered_on": "2026-11-25"}
    assert client.post(url, data).status_code == 404
    assert not Enrolment.objects.exists()


def test_the_course_page_costs_the_same_after_registrations_from_slips(
    personas, login, make_case, make_entitlement, make_course
):
    course = make_course()
    client = login(personas.vhs)
    names = iter(f"Meise{n}" for n in range(10))

    def grow():
        for _ in range(5):
            slip = make_entitlement(make_case("jobcenter", family_name=next(names)).person)
            register(personas, slip.pk, course=course)

    assert_constant_queries(lambda: client.get(reverse("courses:course_detail", args=[course.pk])), grow)
