"""Reporting periods: a calendar year ("2026"), quarter ("2026-Q3") or month ("2026-07").

The dashboard's figures are stored per period at all three grains; a year is made of its quarters, a quarter of its
months. Those are the lines along which suppression makes sure that no hidden cell can be worked out by subtraction.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")
YEARS_KEPT = 3  # the current year and the two before


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # last day, inclusive
    key: str

    @property
    def grain(self) -> str:
        return "month" if len(self.key) == 7 and "Q" not in self.key else "quarter" if "Q" in self.key else "year"

    @property
    def label(self) -> str:
        if self.grain == "year":
            return self.key
        if self.grain == "quarter":
            return _("Q%(quarter)s %(year)s") % {"quarter": self.key[-1], "year": self.key[:4]}
        return f"{self.start.month:02d}/{self.start.year}"

    def children(self) -> list["Period"]:
        """The quarters of a year, the months of a quarter; nothing below a month."""
        year = self.start.year
        if self.grain == "year":
            return [parse(f"{year}-Q{quarter}") for quarter in range(1, 5)]
        if self.grain == "quarter":
            first = self.start.month
            return [parse(f"{year}-{month:02d}") for month in range(first, first + 3)]
        return []

    def months(self) -> list["Period"]:
        if self.grain == "month":
            return [self]
        return [month for child in self.children() for month in ([child] if child.grain == "month" else child.months())]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse(key: str) -> Period:
    """A period from its key; ValueError for anything else."""
    match = _PATTERN.match(key or "")
    if match is None:
        raise ValueError(f"not a period: {key!r}")
    year = int(match["year"])
    if match["quarter"]:
        first = 3 * (int(match["quarter"]) - 1) + 1
        return Period(date(year, first, 1), _last_day(year, first + 2), key)
    if match["month"]:
        month = int(match["month"])
        return Period(date(year, month, 1), _last_day(year, month), key)
    return Period(date(year, 1, 1), date(year, 12, 31), key)


def quarter_of(day: date) -> Period:
    return parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def kept_years(today: date) -> list[Period]:
    """The years the figures are computed for, newest first."""
    return [parse(str(today.year - offset)) for offset in range(YEARS_KEPT)]


def choices(today: date) -> list[Period]:
    """What the period filter offers: each kept year followed by its quarters that have begun, newest first."""
    offered = []
    for year in kept_years(today):
        offered.append(year)
        offered.extend(quarter for quarter in reversed(year.children()) if quarter.start <= today)
    return offered


def first_day(today: date) -> date:
    return kept_years(today)[-1].start
