"""How often each deficit theme (an obstacle of the catalogue) was recorded on the cases of a period: the count the
report puts beside the themes the typical cases revealed.

A count of cases whose persons number 1 to 4 is hidden (reports.suppression). Only the themes' own counts are
published, no total or sum of them, so there is no line from which a hidden count could be worked out and the
primary rule is all the suppression there is to do; it is still decided by reports.suppression, so that the report
follows the same rule, and prints the same symbol, as every other figure.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from cases.models import Case, Obstacle
from reports import dashboard
from reports.dashboard import Shown
from reports.periods import Period
from reports.suppression import suppress


@dataclass(frozen=True)
class Theme:
    obstacle: Obstacle
    cases: Shown  # the number of cases of the period it was recorded on, or the hidden symbol


def _no_parent(_coordinate) -> None:
    return None


def recorded(period: Period) -> dict[int, Theme]:
    """Every active obstacle with the number of cases open during the period on which it is recorded. Two queries."""
    obstacles = list(Obstacle.objects.filter(is_active=True).order_by("category", "pk"))
    open_in_period = Q(case__opened_on__lte=period.end) & (
        Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=period.start)
    )
    rows = (
        Case.obstacles.through.objects.filter(open_in_period, obstacle__is_active=True)
        .values("obstacle_id")
        .annotate(cases=Count("case_id", distinct=True), persons=Count("case__person_id", distinct=True))
        .order_by()
    )
    counted = {row["obstacle_id"]: (row["persons"], row["cases"]) for row in rows}
    persons = {(obstacle.pk,): counted.get(obstacle.pk, (0, 0))[0] for obstacle in obstacles}
    cases = {(obstacle.pk,): counted.get(obstacle.pk, (0, 0))[1] for obstacle in obstacles}
    hidden = suppress(persons, cases, (_no_parent,))
    return {
        obstacle.pk: Theme(
            obstacle,
            dashboard.count(
                dashboard.Cell(persons[obstacle.pk,], cases[obstacle.pk,], None, None, (obstacle.pk,) in hidden)
            ),
        )
        for obstacle in obstacles
    }
