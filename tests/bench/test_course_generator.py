"""The course-pipeline load generator at a tiny scale: the same seed gives the same rows, the ratios hold, the
attendance table keeps its indexes, and a second run without --replace is refused."""

import hashlib
import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from bench.courses import generated_counts
from courses.models import (
    Alert,
    AttendanceAgreement,
    AttendanceCorrection,
    AttendanceRecord,
    Course,
    Enrolment,
    Entitlement,
)
from courses.models.choices import INTEGRATION_COURSE_KINDS, MAX_INTEGRATION_COURSE_SIZE, EntitlementKind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture
def cases():
    call_command("generate_cases", persons=300, seed=7, stdout=StringIO())


def generate(**options) -> None:
    call_command("generate_courses", **{"today": TODAY, "stdout": StringIO(), **options})


def generated(model):
    """The generator's rows: those without history rows (the demo's course data went through the services)."""
    return model.objects.exclude(pk__in=model.history.values("id"))


def digest() -> tuple[str, dict[str, int]]:
    """A hash of every generated row in id order (ids and timestamps included: the generator sets both), with counts.
    Correction ids come from the sequence and are left out."""
    enrolments = generated(Enrolment)
    tables = {
        "slips": generated(Entitlement).order_by("pk").values_list(),
        "courses": generated(Course).order_by("pk").values_list(),
        "enrolments": enrolments.order_by("pk").values_list(),
        "agreements": AttendanceAgreement.objects.filter(enrolment__in=enrolments).order_by("pk").values_list(),
        "attendance": AttendanceRecord.objects.filter(enrolment__in=enrolments).order_by("pk").values_list(),
        "corrections": AttendanceCorrection.objects.filter(record__enrolment__in=enrolments)
        .order_by("record_id", "changed_at")
        .values_list("record_id", "old_status", "new_status", "changed_by_id", "changed_at", "source"),
    }
    hashed = hashlib.sha256()
    counts = {}
    for name, rows in tables.items():
        counts[name] = 0
        for row in rows.iterator(chunk_size=5000):
            hashed.update(repr(row).encode())
            counts[name] += 1
    return hashed.hexdigest(), counts


def index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_attendancerecord' ORDER BY indexname")
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'cases_attendancerecord'::regclass ORDER BY conname"
        )
        return indexes + [f"{name}: {definition}" for name, definition in cursor.fetchall()]


def test_same_seed_gives_the_same_rows(cases):
    indexes = index_definitions()
    demo_courses = set(Course.history.values_list("id", flat=True))
    generate(seed=5)
    first = digest()
    with pytest.raises(CommandError, match="--replace"):
        generate(seed=5)
    generate(seed=5, replace=True)
    second = digest()
    generate(seed=6, replace=True)
    other = digest()

    assert first == second
    assert first[1]["attendance"] > 1000
    assert other[0] != first[0]
    # The attendance indexes and constraints were dropped for the load and came back as the migrations made them.
    assert index_definitions() == indexes
    # --replace deleted only generated rows: the demo's courses (which have history rows) stayed.
    assert set(Course.objects.filter(pk__in=demo_courses).values_list("id", flat=True)) == demo_courses


def test_ratios_consistency_and_the_scan_measurement(cases):
    today = timezone.localdate()  # measure_scans looks back from the real today
    generate(seed=5, today=today)

    counts = generated_counts()
    slips = list(generated(Entitlement))
    enrolments = list(generated(Enrolment).select_related("course", "entitlement"))
    persons = {slip.person_id for slip in slips} | {enrolment.person_id for enrolment in enrolments}
    assert counts["cases_entitlement"] == len(slips)
    # About 1.5 slips and 1 enrolment per case (1.1 cases per person), 40/20/40 by kind.
    assert 1.2 <= len(slips) / len(persons) <= 2.2
    assert 0.8 <= len(enrolments) / len(persons) <= 1.6
    kinds = Counter(slip.kind for slip in slips)
    assert 0.3 <= kinds[EntitlementKind.OBLIGATION] / len(slips) <= 0.5
    assert 0.1 <= kinds[EntitlementKind.ADMISSION] / len(slips) <= 0.3
    assert {slip.issuing_agency.short_name for slip in slips} <= {"team-asyl", "jobcenter", "abh"}
    assert all(slip.obliging_agency_id == slip.issuing_agency_id for slip in slips if slip.is_obligation)

    used = {enrolment.entitlement_id for enrolment in enrolments if enrolment.entitlement_id}
    for slip in slips:
        assert (slip.status == "used") == (slip.pk in used), slip
        if slip.status == "expired":
            assert slip.valid_until < today
        if slip.status == "issued":
            assert slip.valid_until >= today

    agreements = {a.enrolment_id: a for a in AttendanceAgreement.objects.filter(enrolment__in=enrolments)}
    for enrolment in enrolments:
        course, slip = enrolment.course, enrolment.entitlement
        if course.kind in INTEGRATION_COURSE_KINDS:
            assert slip is not None
            assert slip.person_id == enrolment.person_id
            assert enrolment.registered_on >= slip.issued_on
        else:
            assert slip is None
        if enrolment.started_on:
            assert course.starts_on <= enrolment.started_on <= course.ends_on
            assert enrolment.started_on >= enrolment.registered_on
        if slip is not None and slip.is_obligation:
            assert agreements[enrolment.pk].informed_agency_id == slip.obliging_agency_id
        else:
            assert enrolment.pk not in agreements
    statuses = Counter(enrolment.status for enrolment in enrolments)
    assert statuses["completed"] > statuses["dropped"] > 0
    assert statuses["attending"] > 0

    courses = list(generated(Course))
    seats = Counter(enrolment.course_id for enrolment in enrolments)
    assert all(seats[course.pk] <= course.capacity for course in courses)
    assert all(course.capacity <= MAX_INTEGRATION_COURSE_SIZE for course in courses if course.is_integration_course)

    records = list(AttendanceRecord.objects.filter(enrolment__in=enrolments).select_related("enrolment__course"))
    by_status = Counter(record.status for record in records)
    assert by_status["present"] > 10 * by_status["unexcused"]
    assert 0.01 <= by_status["unexcused"] / len(records) <= 0.04
    assert 0.01 <= by_status["excused"] / len(records) <= 0.07
    late = 0
    for record in records:
        enrolment = record.enrolment
        assert record.day.isoweekday() in enrolment.course.weekdays
        assert enrolment.started_on <= record.day < today
        assert enrolment.ended_on is None or record.day <= enrolment.ended_on
        local = timezone.localtime(record.recorded_at)
        assert local >= timezone.make_aware(datetime.combine(record.day, time(16, 30)))
        assert local.date() < today
        late += local.date() > record.day
    assert late > 0
    assert AttendanceCorrection.objects.filter(record__enrolment__in=enrolments).exists()
    assert breaching(records, agreements)

    alerts_before = set(Alert.objects.values_list("pk", flat=True))  # the demo's, raised through the services
    output = StringIO()
    call_command("measure_scans", runs=1, stdout=output)
    report = json.loads(output.getvalue().strip().splitlines()[-1])
    assert report["scan_ms"]["median"] > 0
    assert report["bare_ms"]["median"] > 0
    assert report["alerts_raised"] == [report["breaches_found"]]
    assert report["data"]["unexcused_recorded_in_window"] > 0
    assert report["explain"]["plan"]
    assert set(Alert.objects.values_list("pk", flat=True)) == alerts_before  # every scan was rolled back


def breaching(records: list[AttendanceRecord], agreements: dict) -> set[int]:
    """The obliged enrolments with more than 3 unexcused days in some 28 days."""
    unexcused: dict[int, list[date]] = {}
    for record in records:
        if record.status == "unexcused" and record.enrolment_id in agreements:
            unexcused.setdefault(record.enrolment_id, []).append(record.day)
    found = set()
    for enrolment_id, days in unexcused.items():
        days.sort()
        if any(days[i + 3] - days[i] < timedelta(days=28) for i in range(len(days) - 3)):
            found.add(enrolment_id)
    return found


def test_refused_without_cases_and_in_production(settings):
    with pytest.raises(CommandError, match="generate_cases"):
        generate()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        generate()
