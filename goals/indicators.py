"""Computed indicators: functions over the case data, registered by name, and their nightly recording.

An Indicator of kind "computed" names a registered function (`Indicator.function`). Each night
`indicators_record` computes every function in use once and records the value for each goal measured by it.
The functions return aggregates only (a share, a count), never a person: goals are no personal data. A function
that counts persons returns a `Measured`, and its value is recorded only where the small-count rule of the
dashboard allows (ewg.disclosure): from at least 5 persons, and changed from the previous value only by groups of 0
or at least 5 persons, so that neither a value nor the step from one value to the next tells of one person.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from courses.figures import TARGET_DAYS, slip_to_start
from ewg.disclosure import THRESHOLD, is_small
from goals.models import Goal, Measurement
from goals.models.choices import IndicatorKind, MeasurementSource

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
NIGHTLY_REASON = "nightly computation"


@dataclass(frozen=True)
class Measured:
    """A value counted from `persons`; `changes` are the sizes of the groups of persons by which the counting
    differs from the one before (those who entered it, those who left it)."""

    value: Decimal | float
    persons: int
    changes: tuple[int, ...] = ()

    @property
    def disclosable(self) -> bool:
        return self.persons >= THRESHOLD and not any(is_small(group) for group in self.changes)


@dataclass(frozen=True)
class Registered:
    label: str
    function: Callable[..., Decimal | None]


_registry: dict[str, Registered] = {}


def register(name: str, label, function: Callable[..., Decimal | Measured | None]) -> None:
    """`function(*, today: date) -> Decimal | Measured | None`; None means "nothing to measure yet" and records
    nothing, as does a Measured that the small-count rule withholds."""
    _registry[name] = Registered(label=label, function=function)


def registered() -> dict[str, Registered]:
    return dict(_registry)


def compute(name: str, *, today: date) -> Decimal | None:
    """The indicator's value today, rounded to the two decimals a measurement holds; KeyError for an unknown name."""
    value = _registry[name].function(today=today)
    if isinstance(value, Measured):
        if not value.disclosable:
            logger.info("Computed indicator %r withheld on %s: too few persons", name, today)
            return None
        value = value.value
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


def course_start_within_8_weeks(*, today: date) -> Measured | None:
    """Percentage of the slips of twelve whole months whose person started an integration course within 8 weeks:
    the latest twelve months whose slips all have their outcome (their 8 weeks are over). So the value stays the
    same for a month and then moves by one month in and one month out, each of 0 or at least 5 slips."""
    end = whole_months_decided_by(today)
    start = _months_before(end.replace(day=1), 11)
    leaving = _months_before(start, 1)
    by_month = defaultdict(lambda: [0, 0])  # month -> [decided, within target]
    for row in slip_to_start(start=leaving, end=end, today=today):
        by_month[row.month][0] += row.decided
        by_month[row.month][1] += row.within_target
    decided = sum(counts[0] for month, counts in by_month.items() if month >= start)
    if not decided:
        return None
    within = sum(counts[1] for month, counts in by_month.items() if month >= start)
    share = (Decimal(within) * 100 / Decimal(decided)).quantize(CENT, rounding=ROUND_HALF_UP)
    changes = (by_month[end.replace(day=1)][0], by_month[leaving][0])
    return Measured(value=share, persons=decided, changes=changes)


def whole_months_decided_by(today: date) -> date:
    """The last day of the latest month whose slips have all had their 8 weeks by `today`."""
    latest_issue = today - timedelta(days=TARGET_DAYS)
    return (latest_issue + timedelta(days=1)).replace(day=1) - timedelta(days=1)


def _months_before(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)
