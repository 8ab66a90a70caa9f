"""A goal's status at the edges of the rule (goals.status.derive_status), and with_status reading the measurements of
many goals in a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from goals.models import Goal, Indicator, Measurement
from goals.models.choices import GoalLevel, GoalStatus, MeasurementSource
from goals.status import Reading, derive_status
from goals.status_of import with_status
from tests.queries import assert_num_queries

ADOPTED = date(2018, 1, 1)
DEADLINE = ADOPTED + timedelta(days=400)
HALFWAY = ADOPTED + timedelta(days=200)


@pytest.fixture
def make_goal(action_field, steering_group):
    """make_goal(...) -> an adopted principal goal from 40 (adopted 01.01.2018) to 80 by DEADLINE, with measurements
    given as {date: value}."""

    def make(*, baseline="40", target="80", deadline=DEADLINE, adopted=True, higher_is_better=True, values=None):
        name = f"Indikator {Indicator.objects.count()}"
        indicator = Indicator.objects.create(name=name, higher_is_better=higher_is_better)
        goal = Goal.objects.create(
            level=GoalLevel.PRINCIPLE,
            action_field=action_field,
            statement="Ziel",
            indicator=indicator,
            baseline=None if baseline is None else Decimal(baseline),
            target_value=None if target is None else Decimal(target),
            deadline=deadline,
            adopted_on=ADOPTED if adopted else None,
            adopted_by=steering_group if adopted else None,
        )
        for day, value in (values or {}).items():
            Measurement.objects.create(
                goal=goal, measured_on=day, value=Decimal(value), source=MeasurementSource.ENTERED
            )
        return Goal.objects.select_related("indicator").get(pk=goal.pk)

    return make


def status(goal: Goal, today: date) -> str:
    return with_status([goal], today=today)[0].status


def test_a_draft_is_a_draft_whatever_was_measured(make_goal):
    goal = make_goal(adopted=False, values={HALFWAY: "90"})
    assert status(goal, HALFWAY) == GoalStatus.DRAFT


def test_adopted_without_measurement(make_goal):
    assert status(make_goal(), HALFWAY) == GoalStatus.ADOPTED


def test_on_the_deadline_day_the_goal_is_not_missed_yet(make_goal):
    assert status(make_goal(), DEADLINE) == GoalStatus.ADOPTED
    assert status(make_goal(values={HALFWAY: "50"}), DEADLINE) == GoalStatus.AT_RISK


def test_the_day_after_the_deadline_it_is_missed(make_goal):
    assert status(make_goal(), DEADLINE + timedelta(days=1)) == GoalStatus.MISSED
    assert status(make_goal(values={HALFWAY: "79.99"}), DEADLINE + timedelta(days=1)) == GoalStatus.MISSED


def test_the_target_met_on_the_deadline_day_achieves_the_goal(make_goal):
    goal = make_goal(values={DEADLINE: "80"})
    assert status(goal, DEADLINE + timedelta(days=30)) == GoalStatus.ACHIEVED


def test_the_target_met_the_day_after_the_deadline_is_too_late(make_goal):
    goal = make_goal(values={HALFWAY: "60", DEADLINE + timedelta(days=1): "85"})
    assert status(goal, DEADLINE + timedelta(days=2)) == GoalStatus.MISSED


def test_achieved_stays_achieved_when_a_later_value_drops(make_goal):
    goal = make_goal(values={HALFWAY: "81", HALFWAY + timedelta(days=10): "70"})
    assert status(goal, HALFWAY + timedelta(days=20)) == GoalStatus.ACHIEVED
    assert goal.latest_measurement.value == Decimal("70")


def test_on_track_and_at_risk_on_the_straight_line(make_goal):
    # From 40 on the day of adoption to 80 on the deadline: 60 is expected halfway.
    assert status(make_goal(values={HALFWAY: "60"}), HALFWAY) == GoalStatus.ON_TRACK
    assert status(make_goal(values={HALFWAY: "59.99"}), HALFWAY) == GoalStatus.AT_RISK


def test_lower_is_better(make_goal):
    # A waiting time from 60 down to 20 days: 40 is expected halfway; 20 or less meets the target.
    lower = {"baseline": "60", "target": "20", "higher_is_better": False}
    assert status(make_goal(**lower, values={HALFWAY: "40"}), HALFWAY) == GoalStatus.ON_TRACK
    assert status(make_goal(**lower, values={HALFWAY: "41"}), HALFWAY) == GoalStatus.AT_RISK
    assert status(make_goal(**lower, values={HALFWAY: "20"}), HALFWAY) == GoalStatus.ACHIEVED
    assert status(make_goal(**lower, values={HALFWAY: "90"}), HALFWAY) == GoalStatus.AT_RISK


def test_without_baseline_or_deadline_a_measured_goal_is_on_track(make_goal):
    assert status(make_goal(baseline=None, values={HALFWAY: "10"}), HALFWAY) == GoalStatus.ON_TRACK
    assert status(make_goal(deadline=None, values={HALFWAY: "10"}), HALFWAY) == GoalStatus.ON_TRACK
    assert status(make_goal(deadline=None, values={HALFWAY: "80"}), HALFWAY) == GoalStatus.ACHIEVED


def test_a_goal_without_indicator_counts_higher_as_better(make_goal):
    goal = make_goal(values={HALFWAY: "80"})
    Goal.objects.filter(pk=goal.pk).update(indicator=None)
    goal = Goal.objects.get(pk=goal.pk)
    assert status(goal, HALFWAY) == GoalStatus.ACHIEVED


def test_derive_status_directly_at_the_deadline():
    reading = Reading(measured_on=HALFWAY, value=Decimal("50"))
    common = {"adopted_on": ADOPTED, "baseline": Decimal("40"), "target": Decimal("80"), "higher_is_better": True}
    assert derive_status(**common, deadline=DEADLINE, latest=reading, best_in_time=None, today=DEADLINE) != "missed"
    assert (
        derive_status(**common, deadline=DEADLINE, latest=reading, best_in_time=None, today=DEADLINE + timedelta(1))
        == GoalStatus.MISSED
    )


def test_with_status_reads_many_goals_in_two_queries(make_goal):
    one = [make_goal(values={HALFWAY: "60"})]
    with assert_num_queries(2):
        with_status(one, today=HALFWAY)
    earlier = HALFWAY - timedelta(days=10)
    many = [make_goal(values={earlier: "70", HALFWAY: str(value)}) for value in range(10)] + [make_goal()]
    with assert_num_queries(2):
        goals = with_status(many, today=HALFWAY)
    assert {goal.status for goal in goals} == {GoalStatus.AT_RISK, GoalStatus.ADOPTED}
    with assert_num_queries(0):
        assert with_status([], today=HALFWAY) == []


def test_with_status_fetches_unfetched_indicators_in_one_query(make_goal):
    ids = [make_goal(values={HALFWAY: "60"}).pk for _ in range(3)]
    goals = list(Goal.objects.filter(pk__in=ids))
    with assert_num_queries(3):
        goals = with_status(goals, today=HALFWAY)
    assert [goal.status for goal in goals] == [GoalStatus.ON_TRACK] * 3
    assert goals[0].status_label
