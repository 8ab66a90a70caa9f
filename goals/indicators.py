"""Computed indicators: functions over the case data, registered by name, and their nightly recording.

An Indicator of kind "computed" names a registered function (`Indicator.function`). Each night
`indicators_record` computes every function in use once and records the value for each goal measured by it.
The functions return aggregates only (a share, a count), never a person: goals are no personal data.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from courses.figures import share_started_within_target
from goals.models import Goal, Measurement
from goals.models.choices import IndicatorKind, MeasurementSource

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
NIGHTLY_REASON = "nightly computation"


@dataclass(frozen=True)
class Registered:
    label: str
    function: Callable[..., Decimal | None]


_registry: dict[str, Registered] = {}


def register(name: str, label, function: Callable[..., Decimal | None]) -> None:
    """`function(*, today: date) -> Decimal | None`; None means "nothing to measure yet" and records nothing."""
    _registry[name] = Registered(label=label, function=function)


def registered() -> dict[str, Registered]:
    return dict(_registry)


def compute(name: str, *, today: date) -> Decimal | None:
    """The indicator's value today, rounded to the two decimals a measurement holds; KeyError for an unknown name."""
    value = _registry[name].function(today=today)
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# One statement for all goals: the unique constraint (goal, measured_on) decides what is new, so a second run on the
# same day, or two runs at once, record nothing twice; RETURNING names the rows this run created.
_INSERT_SQL = """
INSERT INTO goals_measurement (goal_id, measured_on, value, source, comment, recorded_by_id, recorded_at)
SELECT goal_id, %(today)s, value, %(source)s, '', NULL, %(now)s
FROM unnest(%(goals)s::bigint[], %(values)s::numeric[]) AS new (goal_id, value)
ON CONFLICT DO NOTHING
RETURNING id
"""


def _values_by_goal(goals: list[tuple[int, str]], *, today: date) -> dict[int, Decimal]:
    by_function: dict[str, list[int]] = defaultdict(list)
    for goal_id, function in goals:
        by_function[function].append(goal_id)
    values = {}
    for name, goal_ids in by_function.items():
        if name not in _registry:
            logger.warning("Computed indicator %r is not registered; %d goal(s) skipped", name, len(goal_ids))
            continue
        value = compute(name, today=today)  # once per function, however many goals it measures
        if value is not None:
            values.update(dict.fromkeys(goal_ids, value))
    return values


@transaction.atomic
def indicators_record(*, today: date) -> int:
    """Record today's value of every goal measured by a computed indicator, drafts included (their values inform the
    adoption); return how many were recorded."""
    computed = Goal.objects.filter(indicator__kind=IndicatorKind.COMPUTED).order_by("pk")
    goals = list(computed.values_list("pk", "indicator__function"))
    values = _values_by_goal(goals, today=today)
    if not values:
        return 0
    now = timezone.now()
    params = {
        "today": today,
        "source": MeasurementSource.COMPUTED,
        "now": now,
        "goals": list(values),
        "values": list(values.values()),
    }
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, params)
        created_ids = [row[0] for row in cursor.fetchall()]
    created = list(Measurement.objects.filter(pk__in=created_ids))
    Measurement.history.bulk_history_create(created, default_change_reason=NIGHTLY_REASON, default_date=now)
    return len(created)


def course_start_within_8_weeks(*, today: date) -> Decimal | None:
    """Percentage of the slips of the past year, decided, whose person started an integration course in 8 weeks."""
    share = share_started_within_target(start=today - timedelta(days=365), end=today, today=today)
    return None if share is None else (Decimal(share) * 100).quantize(CENT, rounding=ROUND_HALF_UP)
