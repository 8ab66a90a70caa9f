"""The status of many goals at once, in a fixed number of queries: the list, the detail page and the goal matrix show
a status for every goal, and a query per goal would grow with the goal system (and with a measurement per night)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, Q

from goals.models import Goal, Indicator, Measurement
from goals.models.choices import GoalStatus
from goals.status import Reading, derive_status

# A measurement meets its goal's target in time: on or before the deadline (any day when there is none), at or
# beyond the target in the indicator's direction (higher is better unless the indicator says otherwise).
_IN_TIME = (Q(goal__deadline__isnull=True) | Q(measured_on__lte=F("goal__deadline"))) & Q(
    measured_on__gte=F("goal__adopted_on")
)  # a value from before the adoption (a draft is measured too) does not achieve the adopted goal
_HIGHER_IS_BETTER = Q(goal__indicator__isnull=True) | Q(goal__indicator__higher_is_better=True)
_MEETS_TARGET = (_HIGHER_IS_BETTER & Q(value__gte=F("goal__target_value"))) | (
    Q(goal__indicator__higher_is_better=False) & Q(value__lte=F("goal__target_value"))
)


def _reading(measurement: Measurement | None) -> Reading | None:
    return None if measurement is None else Reading(measured_on=measurement.measured_on, value=measurement.value)


def _higher_is_better(goals: list[Goal]) -> dict[int, bool]:
    """Read from the goals' indicators where they were fetched with the goal, else in one query."""
    field = Goal._meta.get_field("indicator")
    missing = {g.indicator_id for g in goals if g.indicator_id and not field.is_cached(g)}
    fetched = Indicator.objects.in_bulk(missing) if missing else {}
    result = {}
    for goal in goals:
        if not goal.indicator_id:
            result[goal.pk] = True
        else:
            indicator = goal.indicator if field.is_cached(goal) else fetched[goal.indicator_id]
            result[goal.pk] = indicator.higher_is_better
    return result


def _first_per_goal(ordered) -> dict[int, Measurement]:
    """The first measurement of each goal in the queryset's order (DISTINCT ON)."""
    return {m.goal_id: m for m in ordered.distinct("goal_id")}


def with_status(goals: Iterable[Goal], *, today: date) -> list[Goal]:
    """The goals, each with `status` (a GoalStatus value), `status_label` and `latest_measurement` (a Measurement
    or None). Two queries for any number of goals (a third when their indicators were not fetched with them)."""
    goals = list(goals)
    ids = [goal.pk for goal in goals]
    if not ids:
        return goals
    # The newest measurement of each goal, and the first one that met the target in time.
    newest_first = Measurement.objects.filter(goal_id__in=ids).order_by("goal_id", "-measured_on", "-pk")
    latest = _first_per_goal(newest_first)
    met = _first_per_goal(
        Measurement.objects.filter(
            _IN_TIME & _MEETS_TARGET, goal_id__in=ids, goal__target_value__isnull=False
        ).order_by("goal_id", "measured_on", "pk")
    )
    higher_is_better = _higher_is_better(goals)
    for goal in goals:
        goal.latest_measurement = latest.get(goal.pk)
        goal.status = derive_status(
            adopted_on=goal.adopted_on,
            baseline=goal.baseline,
            target=goal.target_value,
            deadline=goal.deadline,
            higher_is_better=higher_is_better[goal.pk],
            latest=_reading(goal.latest_measurement),
            best_in_time=_reading(met.get(goal.pk)),
            today=today,
        )
        goal.status_label = GoalStatus(goal.status).label
    return goals
