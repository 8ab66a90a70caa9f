"""Courses and enrolments: the course rules, the registration rules, the status changes, who sees what, and the
query cost of the course pages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership, Role
from cases.models import AccessLog
from cases.models.choices import DataCategory
from courses.models import AttendanceAgreement, Course, Enrolment
from courses.models.choices import CourseKind, EnrolmentStatus, EntitlementKind, EntitlementStatus
from courses.services.courses import course_create, course_update
from courses.services.enrolments import (
    enrolment_complete,
    enrolment_drop,
    enrolment_interrupt,
    enrolment_register,
    enrolment_resume,
    enrolment_start,
)
from tests.factories import UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

REGISTERED_ON = date(2026, 8, 20)
COURSE = {
    "title": "Integrationskurs B",
    "starts_on": date(2026, 9, 7),
    "ends_on": date(2027, 6, 25),
    "weekdays": [1, 3, 5],
    "place": "VHS-Haus, Raum 3",
}


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def staff_of(personas, agency: str = "sprachinstitut"):
    """A course staff account at an agency without demo accounts: (user, membership)."""
    user = UserFactory()
    membership = Membership.objects.create(user=user, agency=personas.agency(agency), role=Role.COURSE_STAFF)
    return user, membership


def create(personas, **values):
    values = {**COURSE, "kind": CourseKind.GENERAL, "capacity": 20, **values}
    return course_create(actor=personas.vhs, membership=personas.membership("vhs"), **values)


def register(personas, person, course, entitlement=None, *, by: str = "beratung", registered_on=REGISTERED_ON):
    return enrolment_register(
        actor=personas.users[by], membership=personas.membership(by), person=person, course=course,
        entitlement=entitlement, registered_on=registered_on,
    )  # fmt: skip


# --- courses ---------------------------------------------------------------------------------------------------


def test_course_staff_create_a_course_of_their_provider_with_the_statutory_units(personas):
    course = create(personas, weekdays=[5, 1, 3, 1])
    assert course.provider == personas.agency("vhs")
    assert course.teaching_units == 700
    assert course.weekdays == [1, 3, 5]
    assert course.history.get().history_user == personas.vhs
    assert create(personas, kind=CourseKind.GENERAL, teaching_units=600).teaching_units == 600


def test_the_intensive_course_has_500_units_since_7_december_2024_and_430_before(personas):
    """§ 13 Abs. 2 IntV as amended on 3 December 2024: 400 + 100 units; a course begun earlier keeps the 400 + 30 of
    the old rules (§ 22 IntV)."""
    assert create(personas, kind=CourseKind.INTENSIVE).teaching_units == 500
    earlier = {"starts_on": date(2024, 9, 2), "ends_on": date(2025, 3, 28)}
    assert create(personas, kind=CourseKind.INTENSIVE, **earlier).teaching_units == 430
    with pytest.raises(ValidationError) as error:
        create(personas, kind=CourseKind.INTENSIVE, teaching_units=600)
    assert codes(error.value) == {"too_many_teaching_units"}
    assert "§ 13 Abs. 2 IntV" in " ".join(error.value.messages)


def test_youth_parents_and_womens_courses_end_with_the_law_of_3_december_2024(personas):
    """§ 13 Abs. 1 IntV as amended on 3 December 2024 names literacy, second-script and special-need courses; a
    youth, parents' or women's course may still be entered for a start before 7 December 2024 (§ 22 IntV)."""
    for kind in (CourseKind.YOUTH, CourseKind.PARENTS, CourseKind.WOMEN):
        with pytest.raises(ValidationError) as error:
            create(personas, kind=kind)
        assert codes(error.value) == {"kind_not_provided"}
        assert "§ 13 Abs. 1 IntV" in " ".join(error.value.messages)
    assert create(personas, kind=CourseKind.LITERACY).teaching_units == 1000
    before = create(personas, kind=CourseKind.YOUTH, starts_on=date(2024, 11, 4), ends_on=date(2025, 9, 26))
    assert before.teaching_units == 1000


def test_13_abs_1_s_3_nr_2_intv_second_script_courses_exist_since_7_december_2024(personas):
    """The 2024 ordinance added courses for second-script learners (900 + 100 units, no repeat); the earlier one
    had no such course type, so a course starting before 7 December 2024 is refused."""
    assert create(personas, kind=CourseKind.SECOND_SCRIPT).teaching_units == 1000
    with pytest.raises(ValidationError) as error:
        create(personas, kind=CourseKind.SECOND_SCRIPT, starts_on=date(2024, 11, 4), ends_on=date(2025, 9, 26))
    assert codes(error.value) == {"kind_not_provided"}


def test_an_integration_course_has_at_most_25_places_a_voluntary_offer_may_have_more(personas):
    with pytest.raises(ValidationError) as error:
        create(personas, kind=CourseKind.LITERACY, capacity=26)
    assert codes(error.value) == {"integration_course_too_large"}
    assert "capacity" in error.value.error_dict
    assert not Course.objects.exists()
    assert create(personas, kind=CourseKind.GENERAL, capacity=25).capacity == 25
    voluntary = create(personas, kind=CourseKind.BASIC, capacity=30)
    assert voluntary.capacity == 30
    assert voluntary.teaching_units is None


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"ends_on": date(2026, 9, 6)}, "ends_before_start"),
        ({"weekdays": []}, "invalid_weekdays"),
        ({"weekdays": [0, 1]}, "invalid_weekdays"),
        ({"weekdays": [8]}, "invalid_weekdays"),
        ({"capacity": 0}, "invalid_capacity"),
        ({"kind": "evening"}, "invalid_kind"),
    ],
)
def test_bad_course_data_is_refused(personas, values, code):
    with pytest.raises(ValidationError) as error:
        create(personas, **values)
    assert code in codes(error.value)
    assert not Course.objects.exists()


def test_only_course_staff_of_a_provider_create_courses(personas):
    for username in ("beratung", "koordination", "ehrenamt"):
        with pytest.raises(ValidationError) as error:
            course_create(
                actor=personas.users[username], membership=personas.membership(username), kind=CourseKind.GENERAL,
                capacity=10, **COURSE,
            )  # fmt: skip
        assert codes(error.value) == {"not_course_staff"}
    assert not Course.objects.exists()


def test_capacity_cannot_go_below_the_seats_taken(personas, make_case, make_course, make_enrolment):
    course = make_course(capacity=3)
    for name in ("Eins", "Zwei"):
        make_enrolment(make_case(family_name=name).person, course)
    make_enrolment(make_case(family_name="Drei").person, course, status=EnrolmentStatus.DROPPED)
    values = {**COURSE, "kind": CourseKind.GENERAL}
    with pytest.raises(ValidationError) as error:
        course_update(actor=personas.vhs, membership=personas.membership("vhs"), course=course, capacity=1, **values)
    assert codes(error.value) == {"capacity_below_seats"}
    updated = course_update(
        actor=personas.vhs, membership=personas.membership("vhs"), course=course, capacity=2, **values
    )
    assert updated.capacity == 2
    assert updated.history.latest().history_user == personas.vhs


def test_only_staff_of_the_provider_update_its_course(personas, make_course):
    course = make_course(provider="sprachinstitut")
    with pytest.raises(ValidationError) as error:
        course_update(
            actor=personas.vhs, membership=personas.membership("vhs"), course=course, kind=CourseKind.GENERAL,
            capacity=10, **COURSE,
        )  # fmt: skip
    assert codes(error.value) == {"not_provider_staff"}


# --- registration ----------------------------------------------------------------------------------------------


def test_registration_with_an_obligation_takes_a_seat_uses_the_slip_and_agrees_attendance(
    personas, make_case, make_course, make_entitlement
):
    person = make_case().person
    course = make_course()
    slip = make_entitlement(person, issuer="jobcenter")
    enrolment = register(personas, person, course, slip)

    assert enrolment.status == EnrolmentStatus.REGISTERED
    assert enrolment.registered_by == personas.beratung
    assert enrolment.history.get().history_user == personas.beratung
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.USED
    assert slip.history.latest().history_user == personas.beratung
    agreement = AttendanceAgreement.objects.get(enrolment=enrolment)
    assert agreement.informed_agency == personas.agency("jobcenter")
    assert (agreement.max_unexcused_days, agreement.window_days) == (3, 28)
    assert agreement.history.get().history_user == personas.beratung


def test_an_entitlement_without_obligation_agrees_nothing(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    slip = make_entitlement(person, kind=EntitlementKind.ENTITLEMENT, issuer="abh")
    enrolment = register(personas, person, make_course(), slip)
    assert not AttendanceAgreement.objects.filter(enrolment=enrolment).exists()


def test_8_3_intv_a_5a_admission_agrees_attendance_with_the_jobcenter(
    personas, make_case, make_course, make_entitlement
):
    person = make_case().person
    slip = make_entitlement(
        person, kind=EntitlementKind.COOPERATION_PLAN, cooperation_plan_on=date(2026, 7, 20),
        cooperation_plan_review_on=date(2027, 1, 15),
    )  # fmt: skip
    enrolment = register(personas, person, make_course(), slip)
    agreement = AttendanceAgreement.objects.get(enrolment=enrolment)
    assert agreement.informed_agency == personas.agency("jobcenter")


def test_an_integration_course_requires_a_slip(personas, make_case, make_course):
    with pytest.raises(ValidationError) as error:
        register(personas, make_case().person, make_course())
    assert codes(error.value) == {"slip_required"}
    assert not Enrolment.objects.exists()


def test_a_voluntary_offer_takes_no_slip(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    course = make_course(kind=CourseKind.BASIC, capacity=30, teaching_units=None)
    slip = make_entitlement(person)
    with pytest.raises(ValidationError) as error:
        register(personas, person, course, slip)
    assert codes(error.value) == {"slip_given"}
    assert not Enrolment.objects.exists()
    assert register(personas, person, course).entitlement is None


@pytest.mark.parametrize(
    "slip_values",
    [
        {"issued_on": date(2025, 8, 1), "valid_until": REGISTERED_ON - timedelta(days=1)},
        {"status": EntitlementStatus.WITHDRAWN},
        {"status": EntitlementStatus.EXPIRED},
    ],
)
def test_an_expired_or_withdrawn_slip_is_refused(personas, make_case, make_course, make_entitlement, slip_values):
    person = make_case().person
    slip = make_entitlement(person, **slip_values)
    with pytest.raises(ValidationError) as error:
        register(personas, person, make_course(), slip)
    assert codes(error.value) == {"slip_invalid"}
    assert not Enrolment.objects.exists()
    assert not AttendanceAgreement.objects.exists()


def test_a_registration_before_the_slip_was_issued_is_refused(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    slip = make_entitlement(person, issued_on=REGISTERED_ON + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        register(personas, person, make_course(), slip)
    assert codes(error.value) == {"slip_later"}


def test_a_slip_valid_on_the_day_of_registration_is_accepted(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    slip = make_entitlement(person, issued_on=date(2025, 8, 20), valid_until=REGISTERED_ON)
    assert register(personas, person, make_course(), slip).entitlement == slip


def test_a_used_slip_serves_again_once_its_seat_is_given_up(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    slip = make_entitlement(person)
    first = register(personas, person, make_course(title="Erster Kurs"), slip)
    second_course = make_course(title="Zweiter Kurs")
    with pytest.raises(ValidationError) as error:
        register(personas, person, second_course, slip)
    assert codes(error.value) == {"slip_in_use"}
    enrolment_drop(
        actor=personas.vhs, membership=personas.membership("vhs"), enrolment=first, on=REGISTERED_ON,
        reason="Kursbeginn zu spät, Wechsel des Trägers",
    )  # fmt: skip
    assert register(personas, person, second_course, slip).entitlement == slip


def test_someone_elses_slip_is_refused(personas, make_case, make_course, make_entitlement):
    other = make_entitlement(make_case(family_name="Andere").person)
    with pytest.raises(ValidationError) as error:
        register(personas, make_case().person, make_course(), other)
    assert codes(error.value) == {"slip_other"}


def test_a_full_course_is_refused_and_nothing_is_saved(
    personas, make_case, make_course, make_entitlement, make_enrolment
):
    course = make_course(capacity=2)
    make_enrolment(make_case(family_name="Eins").person, course, status=EnrolmentStatus.REGISTERED)
    make_enrolment(make_case(family_name="Zwei").person, course, status=EnrolmentStatus.INTERRUPTED)
    make_enrolment(make_case(family_name="Weg").person, course, status=EnrolmentStatus.DROPPED)
    person = make_case(family_name="Drei").person
    slip = make_entitlement(person)
    with pytest.raises(ValidationError) as error:
        register(personas, person, course, slip)
    assert codes(error.value) == {"course_full"}
    assert not Enrolment.objects.filter(person=person).exists()
    assert not AttendanceAgreement.objects.filter(enrolment__person=person).exists()
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.ISSUED
    assert slip.history.count() == 1


def test_a_person_holds_one_seat_per_course(personas, make_case, make_course):
    person = make_case().person
    course = make_course(kind=CourseKind.DEMAND, capacity=30)
    register(personas, person, course)
    with pytest.raises(ValidationError) as error:
        register(personas, person, course)
    assert codes(error.value) == {"seat_taken"}
    assert Enrolment.objects.filter(person=person).count() == 1


def test_only_caseworkers_register_and_not_for_a_past_course_or_a_future_day(personas, make_case, make_course):
    person = make_case().person
    course = make_course(kind=CourseKind.BASIC)
    with pytest.raises(ValidationError):
        register(personas, person, course, by="vhs")
    with pytest.raises(ValidationError) as error:
        register(personas, person, course, registered_on=timezone.localdate() + timedelta(days=1))
    assert codes(error.value) == {"future"}
    old = make_course(kind=CourseKind.BASIC, starts_on=date(2025, 1, 6), ends_on=date(2025, 6, 27))
    with pytest.raises(ValidationError) as error:
        register(personas, person, old)
    assert codes(error.value) == {"course_ended"}
    assert not Enrolment.objects.exists()


# --- status changes --------------------------------------------------------------------------------------------


def test_the_course_staff_take_an_enrolment_through_its_life(personas, make_case, make_course, make_entitlement):
    person = make_case().person
    enrolment = register(personas, person, make_course(), make_entitlement(person))
    staff = {"actor": personas.vhs, "membership": personas.membership("vhs")}

    enrolment = enrolment_start(**staff, enrolment=enrolment, started_on=date(2026, 9, 7))
    assert (enrolment.status, enrolment.started_on) == ("attending", date(2026, 9, 7))
    enrolment = enrolment_interrupt(**staff, enrolment=enrolment, on=date(2026, 10, 5), reason="Geburt eines Kindes")
    assert (enrolment.status, enrolment.ended_on, enrolment.end_reason) == (
        "interrupted", date(2026, 10, 5), "Geburt eines Kindes"
    )  # fmt: skip
    enrolment = enrolment_resume(**staff, enrolment=enrolment, on=date(2026, 11, 2))
    assert (enrolment.status, enrolment.ended_on, enrolment.end_reason) == ("attending", None, "")
    enrolment = enrolment_complete(**staff, enrolment=enrolment, on=date(2026, 11, 20), dtz_level="b1", lid_passed=True)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on, enrolment.dtz_level, enrolment.lid_passed) == (
        "completed", date(2026, 11, 20), "b1", True
    )  # fmt: skip

    history = list(enrolment.history.order_by("history_id"))
    assert [row.status for row in history] == ["registered", "attending", "interrupted", "attending", "completed"]
    assert [row.history_user for row in history[1:]] == [personas.vhs] * 4
    assert history[3].history_change_reason == "resumed 2026-11-02"


@pytest.mark.parametrize(
    ("status", "change", "arguments"),
    [
        ("registered", enrolment_interrupt, {"on": date(2026, 10, 1), "reason": "x"}),
        ("registered", enrolment_resume, {"on": date(2026, 10, 1)}),
        ("registered", enrolment_complete, {"on": date(2026, 10, 1), "dtz_level": "", "lid_passed": None}),
        ("attending", enrolment_start, {"started_on": date(2026, 10, 1)}),
        ("attending", enrolment_resume, {"on": date(2026, 10, 1)}),
        ("interrupted", enrolment_complete, {"on": date(2026, 10, 1), "dtz_level": "a2", "lid_passed": False}),
        ("dropped", enrolment_start, {"started_on": date(2026, 10, 1)}),
        ("dropped", enrolment_drop, {"on": date(2026, 10, 1), "reason": "x"}),
        ("completed", enrolment_interrupt, {"on": date(2026, 10, 1), "reason": "x"}),
    ],
)
def test_illegal_status_changes_are_refused(
    personas, make_case, make_course, make_enrolment, status, change, arguments
):
    enrolment = make_enrolment(make_case().person, make_course(), status=status)
    with pytest.raises(ValidationError) as error:
        change(actor=personas.vhs, membership=personas.membership("vhs"), enrolment=enrolment, **arguments)
    assert codes(error.value) == {"illegal_transition"}
    enrolment.refresh_from_db()
    assert enrolment.status == status


def test_status_changes_check_their_day_reason_and_actor(personas, make_case, make_course, make_enrolment):
    enrolment = make_enrolment(make_case().person, make_course(), status="registered", started_on=None)
    staff = {"actor": personas.vhs, "membership": personas.membership("vhs")}
    with pytest.raises(ValidationError) as error:
        enrolment_start(**staff, enrolment=enrolment, started_on=date(2026, 8, 1))  # before registration
    assert codes(error.value) == {"too_early"}
    with pytest.raises(ValidationError) as error:
        enrolment_start(**staff, enrolment=enrolment, started_on=timezone.localdate() + timedelta(days=1))
    assert codes(error.value) == {"future"}
    with pytest.raises(ValidationError) as error:
        enrolment_drop(**staff, enrolment=enrolment, on=date(2026, 9, 1), reason="  ")
    assert codes(error.value) == {"required"}
    other_staff, other_membership = staff_of(personas, "sprachinstitut")
    with pytest.raises(ValidationError) as error:
        enrolment_start(
            actor=other_staff, membership=other_membership, enrolment=enrolment, started_on=date(2026, 9, 7)
        )
    assert codes(error.value) == {"not_provider_staff"}
    with pytest.raises(ValidationError):
        enrolment_start(
            actor=personas.beratung, membership=personas.membership("beratung"), enrolment=enrolment,
            started_on=date(2026, 9, 7),
        )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"
    assert enrolment.history.count() == 1


def test_dropping_out_while_interrupted_ends_the_seat(personas, make_case, make_course, make_enrolment):
    enrolment = make_enrolment(
        make_case().person, make_course(), status="interrupted", ended_on=date(2026, 10, 5), end_reason="krank"
    )
    dropped = enrolment_drop(
        actor=personas.vhs, membership=personas.membership("vhs"), enrolment=enrolment, on=date(2026, 10, 5),
        reason="Umzug",
    )  # fmt: skip
    assert (dropped.status, dropped.ended_on, dropped.end_reason) == ("dropped", date(2026, 10, 5), "Umzug")


# --- pages: who sees what --------------------------------------------------------------------------------------

OUTSIDERS = ["ehrenamt", "lenkung", "datenschutz", "jobcenter_admin", "admin"]


@pytest.fixture
def vhs_course(personas, make_case, make_course, make_entitlement, make_enrolment):
    course = make_course(title="Integrationskurs Vormittag")
    person = make_case(family_name="Haddad").person
    make_enrolment(person, course, entitlement=make_entitlement(person))
    return course


def course_urls(course) -> list[str]:
    return [
        reverse("courses:course_list"),
        reverse("courses:course_create"),
        reverse("courses:course_detail", args=[course.pk]),
        reverse("courses:course_update", args=[course.pk]),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_on_every_course_page(personas, login, vhs_course, username):
    client = login(getattr(personas, username))
    for url in course_urls(vhs_course):
        assert client.get(url).status_code == 404, url
    enrolment = vhs_course.enrolments.get()
    status_url = reverse("courses:enrolment_status", args=[vhs_course.pk, enrolment.pk])
    assert client.post(status_url, {"action": "start", "started_on": "2026-09-07"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"


def test_course_staff_see_their_courses_with_participants(personas, login, vhs_course, make_course):
    other = make_course(provider="sprachinstitut", title="Fremder Kurs")
    client = login(personas.vhs)
    listing = client.get(reverse("courses:course_list"))
    assert [course.pk for course in listing.context["page"].rows] == [vhs_course.pk]
    detail = client.get(reverse("courses:course_detail", args=[vhs_course.pk]))
    assert detail.status_code == 200
    assert [e.person.family_name for e in detail.context["participants"]] == ["Haddad"]
    assert "Haddad" in detail.content.decode()
    assert not AccessLog.objects.exists()  # the provider's own register: no read of a case (module docstring)
    assert client.get(reverse("courses:course_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("courses:course_update", args=[other.pk])).status_code == 404


def test_course_staff_of_another_provider_get_404(personas, login, vhs_course):
    user, _membership = staff_of(personas, "sprachinstitut")
    client = login(user)
    enrolment = vhs_course.enrolments.get()
    assert client.get(reverse("courses:course_detail", args=[vhs_course.pk])).status_code == 404
    url = reverse("courses:enrolment_status", args=[vhs_course.pk, enrolment.pk])
    assert client.post(url, {"action": "drop", "on": "2026-10-01", "reason": "x"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"


def test_an_enrolment_of_another_course_is_404_under_ones_own(personas, login, vhs_course, make_course, make_case):
    foreign = make_course(provider="sprachinstitut", kind=CourseKind.BASIC)
    foreign_enrolment = Enrolment.objects.create(
        person=make_case(family_name="Fremd").person, course=foreign, registered_on=REGISTERED_ON,
        registered_by=personas.beratung,
    )  # fmt: skip
    url = reverse("courses:enrolment_status", args=[vhs_course.pk, foreign_enrolment.pk])
    assert login(personas.vhs).post(url, {"action": "start", "started_on": "2026-09-07"}).status_code == 404


@pytest.mark.parametrize("username", ["beratung", "jobcenter", "koordination"])
def test_caseworkers_and_coordinators_see_the_course_without_participants(personas, login, vhs_course, username):
    client = login(personas.users[username])
    listing = client.get(reverse("courses:course_list"))
    assert [course.pk for course in listing.context["page"].rows] == [vhs_course.pk]
    assert listing.context["page"].rows[0].seats_taken == 1
    detail = client.get(reverse("courses:course_detail", args=[vhs_course.pk]))
    assert detail.status_code == 200
    assert detail.context["participants"] is None
    assert "Haddad" not in detail.content.decode()
    assert client.get(reverse("courses:course_create")).status_code == 404
    assert client.get(reverse("courses:course_update", args=[vhs_course.pk])).status_code == 404


def test_course_list_filters(personas, login, make_course, make_enrolment, make_case):
    full = make_course(title="Voll", capacity=1)
    make_enrolment(make_case().person, full)
    make_course(title="Jugend", kind=CourseKind.YOUTH)
    make_course(title="Vorbei", starts_on=date(2025, 1, 6), ends_on=date(2025, 6, 27))
    client = login(personas.beratung)

    def titles(**query):
        return {course.title for course in client.get(reverse("courses:course_list"), query).context["page"].rows}

    assert titles() == {"Voll", "Jugend"}
    assert titles(free="on") == {"Jugend"}
    assert titles(kind="youth") == {"Jugend"}
    assert titles(past="on") == {"Voll", "Jugend", "Vorbei"}


def test_course_list_pages_by_start_date(personas, login, make_course):
    for i in range(52):
        make_course(title=f"Kurs {i:02}", starts_on=date(2026, 9, 7) + timedelta(days=i), kind=CourseKind.BASIC)
    client = login(personas.koordination)
    first = client.get(reverse("courses:course_list")).context["page"]
    assert len(first.rows) == 50
    assert first.rows[0].title == "Kurs 00"
    second = client.get(reverse("courses:course_list"), {"after": first.next_cursor}).context["page"]
    assert [course.title for course in second.rows] == ["Kurs 50", "Kurs 51"]
    assert second.next_cursor is None


def test_course_staff_create_a_course_through_the_form(personas, login):
    client = login(personas.vhs)
    assert client.get(reverse("courses:course_create")).status_code == 200
    data = {
        "title": "Alphabetisierungskurs", "kind": "literacy", "starts_on": "2027-01-11", "ends_on": "2027-12-17",
        "weekdays": ["1", "2", "3", "4", "5"], "place": "VHS-Haus", "capacity": "26",
    }  # fmt: skip
    refused = client.post(reverse("courses:course_create"), data)
    assert refused.status_code == 400
    assert not Course.objects.exists()
    created = client.post(reverse("courses:course_create"), {**data, "capacity": "25"})
    course = Course.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("courses:course_detail", args=[course.pk])
    assert (course.provider, course.teaching_units, course.weekdays) == (personas.agency("vhs"), 1000, [1, 2, 3, 4, 5])
    edited = client.post(reverse("courses:course_update", args=[course.pk]), {**data, "capacity": "12"})
    assert edited.status_code == 302
    course.refresh_from_db()
    assert course.capacity == 12


def test_course_staff_change_a_status_through_the_page(personas, login, make_case, make_course, make_enrolment):
    course = make_course()
    enrolment = make_enrolment(make_case().person, course, status="registered", started_on=None)
    client = login(personas.vhs)
    url = reverse("courses:enrolment_status", args=[course.pk, enrolment.pk])
    refused = client.post(url, {"action": "complete", "on": "2026-11-02", "dtz_level": "b1", "lid_passed": "yes"})
    assert refused.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"
    assert client.post(url, {"action": "fly"}).status_code == 400
    started = client.post(url, {"action": "start", "started_on": "2026-09-07"})
    assert started.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.started_on) == ("attending", date(2026, 9, 7))
    client.post(url, {"action": "complete", "on": "2026-11-02", "dtz_level": "a2", "lid_passed": "no"})
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.dtz_level, enrolment.lid_passed) == ("completed", "a2", False)
    assert enrolment.history.latest().history_user == personas.vhs


# --- registration page -----------------------------------------------------------------------------------------


def test_a_caseworker_registers_the_person_of_her_case(personas, login, make_case, make_course, make_entitlement):
    case = make_case()
    course = make_course()
    slip = make_entitlement(case.person)
    client = login(personas.beratung)
    url = reverse("courses:enrolment_create", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["entitlement"].queryset) == [slip]
    assert AccessLog.objects.filter(case=case, user=personas.beratung).count() == 1

    refused = client.post(url, {"course": course.pk, "registered_on": "2026-08-20"})  # no slip
    assert refused.status_code == 200
    assert refused.context["form"].errors["entitlement"]
    assert not Enrolment.objects.exists()

    done = client.post(url, {"course": course.pk, "entitlement": slip.pk, "registered_on": "2026-08-20"})
    assert done.status_code == 302
    assert done["Location"] == reverse("courses:case_courses", args=[case.pk])
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.course, enrolment.entitlement) == (case.person, course, slip)
    assert not client.get(url).context["form"].fields["entitlement"].queryset.exists()  # the slip holds a seat now
    detail = client.get(reverse("courses:case_courses", args=[case.pk])).content.decode()
    assert course.title in detail
    assert url in detail


def test_a_full_course_re_renders_the_form_with_nothing_saved(personas, login, make_case, make_course, make_enrolment):
    course = make_course(kind=CourseKind.BASIC, capacity=1)
    make_enrolment(make_case(family_name="Erste").person, course)
    case = make_case(family_name="Zweite")
    response = login(personas.beratung).post(
        reverse("courses:enrolment_create", args=[case.pk]), {"course": course.pk, "registered_on": "2026-08-20"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["course"]
    assert not Enrolment.objects.filter(person=case.person).exists()


def test_registration_page_is_404_for_who_may_not_register(personas, login, make_case, share_by_consent):
    case = make_case("beratung")
    url = reverse("courses:enrolment_create", args=[case.pk])
    assert login(personas.jobcenter).get(url).status_code == 404  # does not see the case
    share_by_consent(case, "vhs")
    assert login(personas.vhs).get(url).status_code == 404  # sees the case, but as course staff
    share_by_consent(case, "abh", categories=[DataCategory.MASTER_DATA, DataCategory.NOTES])
    assert login(personas.abh).get(url).status_code == 404  # sees the case, but not its courses
    share_by_consent(case, "jobcenter")
    assert login(personas.jobcenter).get(url).status_code == 200  # the share names courses
    assert not AccessLog.objects.filter(user__in=[personas.vhs, personas.abh]).exists()
    for username in OUTSIDERS:
        assert login(getattr(personas, username)).get(url).status_code == 404


# --- query counts ----------------------------------------------------------------------------------------------


# session, user, memberships, [caseworker: the open-alert count of the navigation | course staff: the provider's
# teams], the page of courses with their seats taken, session save (3)
COURSE_LIST_QUERIES = {"beratung": 8, "vhs": 8}
# session, user, memberships, the provider's teams, the course with seats taken, the participants, the teachers, the
# teachers one may assign (the provider's teams, their memberships), session save (3)
COURSE_DETAIL_STAFF_QUERIES = 12


@pytest.mark.parametrize("username", ["beratung", "vhs"])
def test_course_list_costs_the_same_for_1_and_20_courses(personas, login, make_course, username):
    make_course(title="Kurs 0")
    client = login(personas.users[username])

    def page():
        assert client.get(reverse("courses:course_list")).status_code == 200

    queries = assert_constant_queries(page, lambda: [make_course(title=f"Kurs {i}") for i in range(1, 20)])
    assert queries == COURSE_LIST_QUERIES[username]
    assert len(client.get(reverse("courses:course_list")).context["page"].rows) == 20


def test_course_detail_with_participants_costs_the_same_for_1_and_20(
    personas, login, make_case, make_course, make_entitlement, make_enrolment
):
    course = make_course()
    client = login(personas.vhs)

    def enrol(name: str, status: str = "attending"):
        person = make_case(family_name=name).person
        make_enrolment(person, course, entitlement=make_entitlement(person), status=status)

    enrol("Erste")

    def page():
        assert client.get(reverse("courses:course_detail", args=[course.pk])).status_code == 200

    def grow():
        for i in range(19):
            enrol(f"Person{i}", status=["registered", "attending", "interrupted"][i % 3])

    assert assert_constant_queries(page, grow) == COURSE_DETAIL_STAFF_QUERIES
    assert len(client.get(reverse("courses:course_detail", args=[course.pk])).context["participants"]) == 20
