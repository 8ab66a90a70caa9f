"""The alert inbox of the addressed agency, and the statutory flow: the obliging agency sees the alert and the
attendance summary of the enrolment it obliged, also without a share of the case, and nothing else of it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog
from cases.models.choices import AccessAction
from courses.models import Alert, AttendanceRecord
from courses.scans import scan_non_attendance
from tests.queries import assert_constant_queries, assert_num_queries

pytestmark = pytest.mark.django_db
WIDE = {"since": timezone.make_aware(datetime(2026, 1, 1)), "until": timezone.make_aware(datetime(2028, 1, 1))}


@pytest.fixture
def breach(personas, make_case, make_course, make_entitlement, make_enrolment):
    """make a breaching obliged participant of a case led by team-beratung (not shared); return the alert."""

    def make(family_name: str = "Rotkehlchen"):
        case = make_case("beratung", family_name=family_name)
        course = make_course(weekdays=[1, 2, 3, 4, 5, 6, 7])
        enrolment = make_enrolment(case.person, course, entitlement=make_entitlement(case.person, issuer="jobcenter"))
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(
                enrolment=enrolment, day=date(2026, 11, 2) + timedelta(days=offset), status=status,
                recorded_by=personas.vhs, recorded_at=timezone.make_aware(datetime(2026, 11, 20, 18)),
            )
            for offset, status in enumerate(["present", "unexcused", "unexcused", "excused", "unexcused", "unexcused"])
        )  # fmt: skip
        scan_non_attendance(**WIDE)
        return Alert.objects.get(enrolment=enrolment)

    return make


def test_the_obliging_agency_reads_the_alert_and_the_attendance_summary(personas, login, breach):
    alert = breach()
    client = login(personas.jobcenter)
    inbox = client.get(reverse("courses:alert_inbox")).content.decode()
    assert "Rotkehlchen" in inbox
    page = client.get(reverse("courses:alert_detail", args=[alert.pk]))
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary == {"present": 1, "excused": 1, "unexcused": 4}
    assert page.context["window_days"] == [date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 6), date(2026, 11, 7)]
    read = AccessLog.objects.get(action=AccessAction.ALERT)
    assert (read.user, read.person, read.case) == (personas.jobcenter, alert.enrolment.person, None)


def test_the_obliging_agency_sees_nothing_else_of_the_case(personas, login, breach):
    alert = breach()
    client = login(personas.jobcenter)
    content = client.get(reverse("courses:alert_detail", args=[alert.pk])).content.decode()
    assert "Erstgespräch" not in content  # the case note of the lead agency
    case = alert.enrolment.person.cases.get()
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:case_notes", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["beratung", "asyl", "abh", "vhs", "ehrenamt", "koordination", "lenkung",
                                     "jobcenter-admin", "datenschutz", "admin"])  # fmt: skip
def test_no_one_else_reads_or_handles_the_alert(personas, login, breach, persona):
    alert = breach()
    client = login(personas.users[persona])
    inbox = client.get(reverse("courses:alert_inbox"))
    assert inbox.status_code in (200, 404)
    assert "Rotkehlchen" not in inbox.content.decode()
    for name in ("alert_detail", "alert_acknowledge", "alert_resolve"):
        method = client.get if name == "alert_detail" else client.post
        assert method(reverse(f"courses:{name}", args=[alert.pk]), {"note": "x"}).status_code == 404, name
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    assert alert.resolved_at is None


def test_inbox_only_for_caseworkers(personas, login):
    for persona, status in (("jobcenter", 200), ("asyl", 200), ("vhs", 404), ("lenkung", 404), ("datenschutz", 404)):
        assert login(personas.users[persona]).get(reverse("courses:alert_inbox")).status_code == status, persona


def test_acknowledge_then_resolve_with_a_note(personas, login, breach):
    alert = breach()
    client = login(personas.jobcenter)
    client.post(reverse("courses:alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas.jobcenter
    assert alert.resolved_at is None

    client.post(reverse("courses:alert_resolve", args=[alert.pk]), {"note": "   "})
    alert.refresh_from_db()
    assert alert.resolved_at is None  # a note is required

    note = "Gespräch geführt; Hemmnis Kinderbetreuung geklärt"
    client.post(reverse("courses:alert_resolve", args=[alert.pk]), {"note": note})
    alert.refresh_from_db()
    assert (alert.resolved_by, alert.resolution_note) == (personas.jobcenter, note)
    assert [row.history_user for row in alert.history.order_by("history_id")] == [
        None, personas.jobcenter, personas.jobcenter
    ]  # fmt: skip
    assert "Rotkehlchen" not in client.get(reverse("courses:alert_inbox")).content.decode()  # open ones by default
    assert "Rotkehlchen" in client.get(reverse("courses:alert_inbox"), {"state": "resolved"}).content.decode()


def test_navigation_counts_open_alerts(personas, login, breach):
    breach()
    breach("Kleiber")
    page = login(personas.jobcenter).get(reverse("cases:case_list"))
    nav = {item.url_name: count for item, count in page.context["nav_items"]}
    assert nav["courses:alert_inbox"] == 2


def test_inbox_and_detail_queries_are_constant(personas, login, breach):
    alert = breach()
    client = login(personas.jobcenter)
    names = iter(f"Meise{n}" for n in range(20))
    assert_constant_queries(
        lambda: client.get(reverse("courses:alert_inbox")), lambda: [breach(next(names)) for _ in range(19)]
    )
    with assert_num_queries(INBOX_DETAIL_QUERIES):
        client.get(reverse("courses:alert_detail", args=[alert.pk]))


INBOX_DETAIL_QUERIES = 15  # with the steps taken on the alert and the person's case (test_alert_actions.py)
