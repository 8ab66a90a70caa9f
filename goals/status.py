"""A goal's status, derived from its adoption, its latest measurement, its target and its deadline.

- not adopted: draft;
- adopted, nothing measured yet: adopted;
- a measurement on or before the deadline meets the target: achieved (SMART: time-bound, so a target first met
  after the deadline does not make the goal achieved);
- the deadline has passed without that: missed (on the deadline day itself the goal can still be met);
- otherwise on track when the latest value is at least where a straight line from the baseline (on the day of
  adoption) to the target (on the deadline) would be today, else at risk. Without baseline or deadline: on track.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from goals.models.choices import GoalStatus


@dataclass(frozen=True)
class Reading:
    """What the status needs of a measurement."""

    measured_on: date
    value: Decimal


def meets(value: Decimal, target: Decimal, *, higher_is_better: bool) -> bool:
    return value >= target if higher_is_better else value <= target


def derive_status(
    *,
    adopted_on: date | None,
    baseline: Decimal | None,
    target: Decimal | None,
    deadline: date | None,
    higher_is_better: bool,
    latest: Reading | None,
    best_in_time: Reading | None,
    today: date,
) -> str:
    """`latest`: the newest measurement; `best_in_time`: one on or before the deadline that meets the target, if any."""
    if adopted_on is None:
        return GoalStatus.DRAFT
    if target is not None and best_in_time is not None:
        return GoalStatus.ACHIEVED
    if deadline is not None and today > deadline:
        return GoalStatus.MISSED
    if latest is None:
        return GoalStatus.ADOPTED
    if target is None or baseline is None or deadline is None or deadline <= adopted_on:
        return GoalStatus.ON_TRACK
    elapsed = Decimal(min((today - adopted_on).days, (deadline - adopted_on).days))
    expected = baseline + (target - baseline) * elapsed / Decimal((deadline - adopted_on).days)
    on_track = meets(latest.value, expected, higher_is_better=higher_is_better)
    return GoalStatus.ON_TRACK if on_track else GoalStatus.AT_RISK
