"""Who reaches which page of the course pipeline. Course staff see their own provider's courses with the participants'
names and attendance, and nothing else of a case; a teacher sees the course assigned to them (a guardian grant);
caseworkers and coordinators see the course offer without names;
the obliging agency sees its alert. Every URL of these pages is in a table below (checked in test_access_matrix)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from courses.models import Alert, AttendanceRecord
from courses.scans import scan_non_attendance
from courses.services.teachers import course_teacher_assign

pytestmark = pytest.mark.django_db

PERSONAS = ("beratung", "asyl", "abh", "jobcenter", "vhs", "vhs-lehrkraft", "sprachinstitut", "ehrenamt",
            "koordination", "lenkung", "jobcenter-admin", "datenschutz", "admin")  # fmt: skip
TEACHER = "vhs-lehrkraft"  # assigned to the course of `world` by the VHS's course staff
CASEWORKERS = ("beratung", "asyl", "abh", "jobcenter")
NAME = "Teichrohrsaenger"  # the obliged participant, whose case team-beratung leads and shares with no one


def only(*personas: str, status: int = 200) -> dict[str, int]:
    return {persona: status if persona in personas else 404 for persona in PERSONAS}


# GET pages: url name -> {persona: status}; `names` marks the pages that show the participant's name to whom.
PAGES = {
    "course_list": only(*CASEWORKERS, "koordination", "vhs", TEACHER, "sprachinstitut"),
    "course_create": only("vhs", "sprachinstitut"),
    "course_detail": only(*CASEWORKERS, "koordination", "vhs", TEACHER),
    "course_update": only("vhs"),
    "attendance_grid": only("vhs", TEACHER),
    "attendance_import": only("vhs", TEACHER),
    "attendance_export": only("vhs", TEACHER),
    "alert_inbox": only(*CASEWORKERS),
    "alert_detail": only("jobcenter"),
    "issuing_rules": only("koordination"),
    "slip_exceptions": only("datenschutz"),
    "entitlement_issue": only("beratung"),
    "entitlement_slip": only("beratung"),
    "enrolment_create": only("beratung"),
    "slip_registration": only("vhs"),
}
NAMES_SHOWN = {"course_detail": {"vhs", TEACHER}, "attendance_grid": {"vhs", TEACHER},
               "attendance_export": {"vhs", TEACHER}, "alert_detail": {"jobcenter"},
               "alert_inbox": {"jobcenter"}, "slip_exceptions": {"datenschutz"}}  # fmt: skip
# POST actions: url name -> who reaches it (everyone else gets 404, and nothing changes). The lead caseworker reaches
# the withdrawal of a slip on her case, and the service refuses it: only the issuing agency withdraws.
POSTS = {
    "attendance_cell": {"vhs", TEACHER},
    "teacher_assign": {"vhs"},
    "teacher_withdraw": {"vhs"},
    "enrolment_status": {"vhs"},
    "alert_acknowledge": {"jobcenter"},
    "alert_resolve": {"jobcenter"},
    "alert_action_create": {"jobcenter"},
    "entitlement_withdraw": {"beratung"},
}
COURSE_URL_NAMES = {*PAGES, *POSTS}


def test_every_url_of_the_app_is_in_a_table():
    """The case's course tab (case_courses) is a column of the case matrix in tests/cases/test_access_matrix.py."""
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "courses")
    assert {pattern.name for pattern in resolver.url_patterns} == COURSE_URL_NAMES | {"case_courses"}


@pytest.fixture
def world(personas, make_case, make_course, make_entitlement, make_enrolment):
    case = make_case("beratung", family_name=NAME)
    course = make_course(provider="vhs", weekdays=[1, 2, 3, 4, 5, 6, 7])
    make_course(provider="sprachinstitut", title="Integrationskurs Emsstraße")
    slip = make_entitlement(case.person, issuer="jobcenter")
    # Issued as a justified exception: the data protection officer's list names the person (of a case beratung leads).
    type(slip).objects.filter(pk=slip.pk).update(exception_reason="Anmeldung ohne eigenes Verschulden verhindert")
    enrolment = make_enrolment(case.person, course, entitlement=slip)
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(enrolment=enrolment, day=date(2026, 11, 2) + timedelta(days=offset), status="unexcused",
                         recorded_by=personas.vhs, recorded_at=timezone.make_aware(datetime(2026, 11, 6, 18)))
        for offset in range(4)
    )  # fmt: skip
    scan_non_attendance(
        since=timezone.make_aware(datetime(2026, 11, 6)), until=timezone.make_aware(datetime(2026, 11, 7))
    )
    grant = course_teacher_assign(
        actor=personas.vhs, membership=personas.membership("vhs"), course=course, teacher=personas.users[TEACHER]
    )
    return {
        "case": case, "course": course, "slip": slip, "enrolment": enrolment, "alert": Alert.objects.get(),
        "grant": grant,
    }  # fmt: skip


def url(name: str, world) -> str:
    case, course, slip = world["case"].pk, world["course"].pk, world["slip"].pk
    args = {
        "course_detail": [course], "course_update": [course], "attendance_grid": [course],
        "attendance_import": [course], "attendance_export": [course], "attendance_cell": [course],
        "enrolment_status": [course, world["enrolment"].pk], "alert_detail": [world["alert"].pk],
        "alert_acknowledge": [world["alert"].pk], "alert_resolve": [world["alert"].pk],
        "entitlement_issue": [case], "entitlement_slip": [case, slip], "enrolment_create": [case],
        "entitlement_withdraw": [case, slip], "teacher_assign": [course],
        "teacher_withdraw": [course, world["grant"].pk], "slip_registration": [course],
        "alert_action_create": [world["alert"].pk],
    }.get(name, [])  # fmt: skip
    return reverse(f"courses:{name}", args=args)


def text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(personas, login, world, persona):
    client = login(personas.users[persona])
    failures = []
    for name, statuses in PAGES.items():
        response = client.get(url(name, world))
        if response.status_code != statuses[persona]:
            failures.append(f"{persona} GET {name}: {response.status_code}, expected {statuses[persona]}")
        elif response.status_code == 200 and name != "entitlement_slip":
            shown = NAME in text(response)
            on_the_case = persona == "beratung" and name in ("entitlement_issue", "enrolment_create")
            expected = persona in NAMES_SHOWN.get(name, set()) or on_the_case
            if shown != expected:
                failures.append(f"{persona} GET {name}: participant's name shown={shown}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_posts_of_outsiders(personas, login, world, persona):
    client = login(personas.users[persona])
    data = {"status": "present", "enrolment": world["enrolment"].pk, "day": "2026-11-06", "action": "drop",
            "on": "2026-11-06", "reason": "x", "note": "x", "kind": "contact_noted",
            "acted_on": "2026-11-06"}  # fmt: skip
    for name, who in POSTS.items():
        if persona in who and persona != "beratung":
            continue  # a permitted change; the feature's own tests cover it
        status = client.post(url(name, world), data).status_code
        assert status == (302 if persona in who else 404), name  # beratung's withdrawal: refused with a message
    world["alert"].refresh_from_db()
    assert world["alert"].acknowledged_at is None
    assert not world["alert"].actions.exists()
    world["enrolment"].refresh_from_db()
    assert world["enrolment"].status == "attending"
    world["slip"].refresh_from_db()
    assert world["slip"].status == "issued"
    assert world["course"].teacher_grants.get() == world["grant"]
    assert not AttendanceRecord.objects.filter(day=date(2026, 11, 6)).exclude(status="unexcused").exists()


def test_course_staff_of_another_provider_see_neither_the_course_nor_its_participants(personas, login, world):
    client = login(personas.users["sprachinstitut"])
    listing = client.get(reverse("courses:course_list")).content.decode()
    assert "Integrationskurs Emsstraße" in listing
    assert world["course"].title not in listing
