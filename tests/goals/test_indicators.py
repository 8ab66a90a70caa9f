"""Computed indicators: the registry, the nightly recording (idempotent, with history), and the first indicator
against hand-counted slips and against the demo data."""

import logging
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from agencies import demo
from courses.models import Enrolment, Entitlement
from courses.models.choices import INTEGRATION_COURSE_KINDS, CourseKind, EntitlementStatus
from goals import indicators
from goals.indicators import NIGHTLY_REASON, compute, indicators_record, register, registered
from goals.models import ActionField, Goal, Indicator, Measurement
from goals.models.choices import GoalLevel, IndicatorKind, MeasurementSource
from goals.tasks import indicators_record_nightly
from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement  # noqa: F401 - fixtures
from tests.queries import assert_num_queries

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 1)
INDICATOR = "course_start_within_8_weeks"


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    """Each test registers into a copy: the app's registry stays as ready() left it."""
    monkeypatch.setattr(indicators, "_registry", dict(indicators._registry))


@pytest.fixture
def field():
    return ActionField.objects.create(key="language", name="Sprache", position=1)


def computed_goal(field, function: str, number: str = "1", *, unit: str = "%") -> Goal:
    kind = IndicatorKind.COMPUTED
    indicator = Indicator.objects.create(name=f"Wert {number}", unit=unit, kind=kind, function=function)
    return Goal.objects.create(
        level=GoalLevel.PRINCIPLE, action_field=field, number=number, statement=f"Ziel {number}", indicator=indicator
    )


def counting(value):
    calls = []

    def function(*, today: date):
        calls.append(today)
        return value

    return function, calls


def test_the_first_indicator_is_registered_with_its_label():
    entry = registered()[INDICATOR]
    with translation.override("en"):
        assert str(entry.label) == "Share of entitled persons who started an integration course within 8 weeks"
    assert entry.function is indicators.course_start_within_8_weeks


def test_register_and_compute_round_to_two_decimals():
    function, calls = counting(Decimal("12.345"))
    register("test_value", "A test value", function)
    assert "test_value" in registered()
    assert compute("test_value", today=TODAY) == Decimal("12.35")
    assert calls == [TODAY]
    with pytest.raises(KeyError):
        compute("not_registered", today=TODAY)


def test_registered_is_a_copy():
    registered()["intruder"] = None
    assert "intruder" not in registered()


def test_record_is_idempotent_and_writes_history(field):
    function, calls = counting(Decimal("42.50"))
    register("test_value", "A test value", function)
    goals = [computed_goal(field, "test_value", "1"), computed_goal(field, "test_value", "2")]
    manual = Goal.objects.create(level=GoalLevel.PRINCIPLE, action_field=field, number="3", statement="von Hand")

    assert indicators_record(today=TODAY) == 2
    assert len(calls) == 1  # once per function, not once per goal
    assert indicators_record(today=TODAY) == 0

    measurements = Measurement.objects.order_by("goal__number")
    assert [(m.goal, m.measured_on, m.value, m.source, m.recorded_by) for m in measurements] == [
        (goal, TODAY, Decimal("42.50"), MeasurementSource.COMPUTED, None) for goal in goals
    ]
    assert not manual.measurements.exists()
    history = Measurement.history.order_by("goal_id")
    assert [(h.id, h.history_type, h.history_change_reason, h.history_user) for h in history] == [
        (m.pk, "+", NIGHTLY_REASON, None) for m in measurements
    ]

    assert indicators_record(today=TODAY + timedelta(days=1)) == 2  # the next night records again
    assert Measurement.history.count() == 4


def test_record_runs_a_fixed_number_of_queries(field):
    register("test_value", "A test value", counting(Decimal("1"))[0])
    register("other_value", "Another value", counting(Decimal("2"))[0])
    for number in range(5):
        computed_goal(field, "test_value" if number % 2 else "other_value", str(number))
    # savepoint; goals; insert; created measurements; their history; release (these functions run no query)
    with assert_num_queries(6):
        assert indicators_record(today=TODAY) == 5


def test_an_unknown_function_is_logged_and_skipped(field, caplog):
    register("test_value", "A test value", counting(Decimal("7"))[0])
    unknown = computed_goal(field, "no_such_function", "1")
    known = computed_goal(field, "test_value", "2")
    with caplog.at_level(logging.WARNING, logger="goals.indicators"):
        assert indicators_record(today=TODAY) == 1
    assert "no_such_function" in caplog.text
    assert not unknown.measurements.exists()
    assert known.measurements.get().value == Decimal("7.00")


def test_nothing_to_measure_records_nothing(field):
    register("test_value", "A test value", counting(None)[0])
    computed_goal(field, "test_value")
    assert indicators_record(today=TODAY) == 0
    assert not Measurement.objects.exists()


def test_the_task_and_the_command_record_today(field):
    register("test_value", "A test value", counting(Decimal("3"))[0])
    goal = computed_goal(field, "test_value")
    indicators_record_nightly.delay()
    assert goal.measurements.get().measured_on == timezone.localdate()
    out = StringIO()
    call_command("record_indicators", stdout=out)
    assert out.getvalue() == "recorded: 0\n"  # the task recorded today's value already


def test_the_task_runs_nightly_after_the_scans():
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-indicators"]
    assert entry["task"] == "goals.tasks.indicators_record_nightly"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {0})


@pytest.fixture
def slip(make_case, make_course, make_entitlement, make_enrolment):  # noqa: F811
    """slip(name, issued_on, started_after=days or None, course="general"|"basic", **slip fields)."""
    courses = {
        "general": make_course(kind=CourseKind.GENERAL, starts_on=date(2025, 1, 6), ends_on=date(2027, 6, 25)),
        "basic": make_course(
            kind=CourseKind.BASIC, title="Basiskurs", starts_on=date(2025, 1, 6), ends_on=date(2027, 6, 25)
        ),
    }  # fmt: skip

    def make(name: str, issued_on: date, *, started_after: int | None = None, course: str = "general", **extra):
        person = make_case(family_name=name).person
        entitlement = make_entitlement(person, issued_on=issued_on, **extra)
        if started_after is not None:
            started_on = issued_on + timedelta(days=started_after)
            make_enrolment(person, courses[course], entitlement=entitlement, status="completed", registered_on=min(
                started_on, issued_on), started_on=started_on)  # fmt: skip

    return make


def test_indicator_against_hand_counted_slips(field, slip):
    # On 1 October 2026 the slips of July 2026 have all had their 8 weeks (31 July + 56 days = 25 September):
    # the twelve months counted are August 2025 to July 2026.
    assert indicators.whole_months_decided_by(TODAY) == date(2026, 7, 31)
    slip("Anders", date(2026, 3, 2), started_after=30)  # in time
    slip("Berger", date(2026, 1, 12), started_after=60)  # late
    slip("Conrad", date(2026, 4, 1))  # no course
    slip("Dietz", date(2026, 8, 3))  # after the months counted (its 8 weeks are over, others' of August not)
    slip("Engel", date(2026, 8, 20), started_after=20)  # in time, but after the months counted
    slip("Fischer", date(2025, 6, 10), started_after=10)  # before the months counted
    slip("Graf", date(2026, 2, 2), started_after=10, status=EntitlementStatus.WITHDRAWN)  # withdrawn
    slip("Hahn", date(2026, 5, 4), started_after=5, course="basic")  # a voluntary course is no integration course
    slip("Imhof", date(2026, 5, 11), started_after=-10)  # started before the slip: no start after it
    slip("Jung", date(2026, 6, 1), started_after=56)  # the 56th day is still in time
    slip("Kaiser", date(2025, 8, 1), started_after=3)  # the first day counted
    # in time: Anders, Jung, Kaiser; counted: Anders, Berger, Conrad, Hahn, Imhof, Jung, Kaiser
    expected = (Decimal(3 * 100) / Decimal(7)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert expected == Decimal("42.86")

    goal = computed_goal(field, INDICATOR)
    assert indicators_record(today=TODAY) == 1
    assert goal.measurements.get().value == expected
    # The value stays the same all month: no day-to-day difference that a single slip's outcome would make.
    assert compute(INDICATOR, today=TODAY + timedelta(days=19)) == expected


def test_an_indicator_from_fewer_than_five_persons_is_withheld(field, slip):
    for day in (2, 9, 16, 23):
        slip(f"Person{day}", date(2026, 3, day), started_after=10)
    goal = computed_goal(field, INDICATOR)
    assert indicators_record(today=TODAY) == 0  # four slips: a share of four persons is not shown
    slip("Fuenfte", date(2026, 4, 6))
    assert indicators_record(today=TODAY) == 1
    assert goal.measurements.get().value == Decimal("80.00")


def test_a_month_that_would_single_out_a_person_is_withheld(field, slip):
    """The value moves once a month, by the month that enters and the one that leaves; a month of 1 to 4 slips would
    let the step from one value to the next tell their outcome, so the value is withheld while it counts."""
    for day in (2, 9, 16, 23, 30):
        slip(f"Maerz{day}", date(2026, 3, day), started_after=10)
    assert compute(INDICATOR, today=TODAY) == Decimal("100.00")
    slip("Allein", date(2026, 7, 15))  # the only slip of the month that entered on this day
    assert compute(INDICATOR, today=TODAY) is None
    for day in (6, 13, 20, 27):
        slip(f"Juli{day}", date(2026, 7, day), started_after=10)
    assert compute(INDICATOR, today=TODAY) == Decimal("90.00")  # July now holds five slips


def first_of_month(year: int, month: int) -> date:
    """The first day of a month counted from any (year, month), month may be below 1."""
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def hand_counted_share(today: date) -> Decimal | None:
    """Of the slips (not withdrawn) of the twelve whole months before the latest 56 days: started in 56 days. None
    where the small-count rule withholds it."""
    latest = today - timedelta(days=56)
    end = (latest + timedelta(days=1)).replace(day=1) - timedelta(days=1)
    start = first_of_month(end.year, end.month - 11)
    leaving = first_of_month(end.year, end.month - 12)
    slips = Entitlement.objects.exclude(status=EntitlementStatus.WITHDRAWN)
    in_time = counted = 0
    for entitlement in slips.filter(issued_on__range=(start, end)):
        starts = Enrolment.objects.filter(
            person_id=entitlement.person_id,
            started_on__gte=entitlement.issued_on,
            course__kind__in=INTEGRATION_COURSE_KINDS,
        ).order_by("started_on")
        first = starts.values_list("started_on", flat=True).first()
        in_time += first is not None and (first - entitlement.issued_on).days <= 56
        counted += 1
    entering_month = slips.filter(issued_on__range=(end.replace(day=1), end)).count()
    leaving_month = slips.filter(issued_on__gte=leaving, issued_on__lt=start).count()
    if counted < 5 or any(0 < n < 5 for n in (entering_month, leaving_month)):
        return None
    return (Decimal(in_time * 100) / Decimal(counted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_course_start_within_8_weeks_against_the_demo_data():
    demo.seed()
    today = timezone.localdate()
    expected = hand_counted_share(today)
    assert compute(INDICATOR, today=today) == expected
    goal = Goal.objects.get(indicator__function=INDICATOR)
    indicators_record(today=today)  # the demo may have recorded today's value already
    recorded = goal.measurements.filter(measured_on=today, source=MeasurementSource.COMPUTED)
    assert list(recorded.values_list("value", flat=True)) == ([] if expected is None else [expected])
