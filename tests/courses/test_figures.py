"""The course pipeline's figures for the dashboard and the goal indicators, on hand-made data."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from courses.figures import alerts_by_agency, attendance_by_course_kind, share_started_within_target, slip_to_start
from courses.models import Alert, AttendanceRecord

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def person(make_case):
    names = iter(["Amsel", "Drossel", "Fink", "Star", "Meise"])
    return lambda: make_case("beratung", family_name=next(names)).person


def test_days_from_slip_to_start_by_month_and_issuing_agency(
    personas, person, make_course, make_entitlement, make_enrolment
):
    course = make_course(starts_on=date(2026, 9, 14))
    in_time, late, never, pending = person(), person(), person(), person()
    make_enrolment(in_time, course, entitlement=make_entitlement(in_time, issued_on=date(2026, 7, 27)))  # 49 days
    make_enrolment(late, course, entitlement=make_entitlement(late, issued_on=date(2026, 7, 6)))  # 70 days
    make_entitlement(never, issued_on=date(2026, 7, 15))  # 8 weeks passed, no course
    make_entitlement(pending, issued_on=date(2026, 10, 30))  # 8 weeks not over yet: not decided
    make_entitlement(person(), issued_on=date(2026, 7, 20), issuer="abh", status="withdrawn")  # not counted

    rows = slip_to_start(start=date(2026, 7, 1), end=date(2026, 10, 31), today=TODAY)
    jobcenter = personas.agency("jobcenter").pk
    july = next(row for row in rows if row.month == date(2026, 7, 1))
    assert (july.issuing_agency_id, july.issued, july.started, july.within_target, july.decided) == (
        jobcenter, 3, 2, 1, 3
    )  # fmt: skip
    assert july.median_days == pytest.approx(59.5)
    assert july.share_within_target == pytest.approx(1 / 3)
    october = next(row for row in rows if row.month == date(2026, 10, 1))
    assert (october.issued, october.decided, october.share_within_target) == (1, 0, None)
    assert len(rows) == 2  # the withdrawn slip of the ABH is not counted
    assert share_started_within_target(start=date(2026, 7, 1), end=date(2026, 10, 31), today=TODAY) == pytest.approx(
        1 / 3
    )


def test_a_voluntary_offer_is_no_course_start(person, make_course, make_entitlement, make_enrolment):
    somebody = person()
    make_enrolment(
        somebody, make_course(kind="basic", starts_on=date(2026, 8, 3), capacity=30), registered_on=date(2026, 7, 28)
    )
    make_entitlement(somebody, issued_on=date(2026, 7, 27))
    (row,) = slip_to_start(start=date(2026, 7, 1), end=date(2026, 7, 31), today=TODAY)
    assert (row.started, row.within_target) == (0, 0)


def test_alerts_open_acknowledged_resolved_and_time_to_resolution(
    personas, person, make_course, make_entitlement, make_enrolment
):
    course = make_course()
    # 00:30 in Berlin on 2 November is 1 November in UTC: the alerts count on the local day.
    raised = timezone.make_aware(datetime(2026, 11, 2, 0, 30))
    for number, (acknowledged, resolved) in enumerate(((None, None), (2, None), (4, 4), (3, 10))):
        somebody = person()
        enrolment = make_enrolment(somebody, course, entitlement=make_entitlement(somebody))
        Alert.objects.create(
            kind="non_attendance", enrolment=enrolment, window_start=date(2026, 10, 6), window_end=date(2026, 11, 2),
            agency=personas.agency("jobcenter"), raised_at=raised + timedelta(minutes=number),
            acknowledged_at=raised + timedelta(hours=acknowledged) if acknowledged else None,
            resolved_at=raised + timedelta(minutes=number, hours=resolved) if resolved else None,
        )  # fmt: skip
    (row,) = alerts_by_agency(start=date(2026, 11, 2), end=date(2026, 11, 2))
    assert (row.agency_id, row.raised, row.open, row.acknowledged, row.resolved) == (
        personas.agency("jobcenter").pk, 4, 1, 1, 2
    )  # fmt: skip
    assert row.median_hours_to_resolution == pytest.approx(7)
    assert alerts_by_agency(start=date(2026, 11, 1), end=date(2026, 11, 1)) == []


def test_attendance_rate_by_course_kind(personas, person, make_course, make_enrolment):
    general, basic = make_course(weekdays=[1, 2, 3, 4, 5, 6, 7]), make_course(kind="basic", capacity=30)
    statuses = {general: ["present"] * 8 + ["excused", "unexcused"], basic: ["present", "unexcused"]}
    for course, days in statuses.items():
        enrolment = make_enrolment(person(), course)
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(enrolment=enrolment, day=date(2026, 11, 2) + timedelta(days=offset), status=status,
                             recorded_by=personas.vhs, recorded_at=timezone.now())
            for offset, status in enumerate(days)
        )  # fmt: skip
    rows = {row.course_kind: row for row in attendance_by_course_kind(start=date(2026, 11, 1), end=date(2026, 11, 30))}
    assert (rows["general"].days, rows["general"].present, rows["general"].unexcused) == (10, 8, 1)
    assert rows["general"].attendance_rate == pytest.approx(0.8)
    assert rows["basic"].attendance_rate == pytest.approx(0.5)
    assert attendance_by_course_kind(start=date(2026, 12, 1), end=date(2026, 12, 31)) == []
