"""The nightly aggregation behind the dashboard: every figure for every period of the kept years, at the grains
year, quarter and month, by agency and in total, by key and in total; then suppression, then one insert.

Each figure is a *source* query that yields one row per thing counted (a slip, an alert, a person's course days in a
month): its day `d`, its agency, its key, the person, how many it counts (`n`), an optional numerator and an optional
measure whose median the figure shows. One GROUPING SETS query turns a source into all cells at once, so that each
total counts distinct persons exactly instead of adding up its parts. The dashboard reads only these cells.

The slips, the non-attendance alerts and the course days are the sources of courses.figures, where those measures are
defined once (the goal indicators read the same sources); this module only groups and suppresses them.
"""

import logging
from dataclasses import dataclass
from datetime import date
from itertools import product

from django.db import connection, transaction
from django.utils import timezone

from agencies.models import User
from courses import figures as course_figures
from reports import periods, suppression
from reports.models import FigureCell, FigureRun

logger = logging.getLogger(__name__)

RUNS_KEPT = 3  # older runs are deleted; a report version freezes what it used


@dataclass(frozen=True)
class Figure:
    name: str
    source: str  # SQL with the parameters of courses.figures.params (%(start)s, %(end)s, %(today)s, ...)
    median: bool = False  # whether the cells carry the median of `measure`


FIGURES = (
    # Slips by issuing agency and outcome: started within the target, later, still waiting (target day not yet
    # passed) or overdue (passed without a start). The median of days from slip to start, of those started.
    Figure(
        "slips",
        f"""
        SELECT day AS d, agency_id, outcome AS key, person_id, 1 AS n, NULL::bigint AS numerator,
            days::float AS measure
        FROM ({course_figures.SLIPS}) slips
        """,  # noqa: S608 - constant fragments only
        median=True,
    ),
    # Non-attendance alerts by the agency they went to (the obliging one), by state; median hours to resolution.
    Figure(
        "alerts",
        f"""
        SELECT day AS d, agency_id, state AS key, person_id, 1 AS n, NULL::bigint AS numerator,
            hours_to_resolution AS measure
        FROM ({course_figures.NON_ATTENDANCE_ALERTS}) alerts
        """,  # noqa: S608 - constant fragments only
        median=True,
    ),
    # Enrolments registered, by course provider and course kind (voluntary offers are kinds of their own).
    Figure(
        "enrolments",
        """
        SELECT e.registered_on AS d, c.provider_id AS agency_id, c.kind AS key, e.person_id, 1 AS n,
            NULL::bigint AS numerator, NULL::float AS measure
        FROM cases_enrolment e JOIN cases_course c ON c.id = e.course_id
        WHERE e.registered_on BETWEEN %(start)s AND %(end)s
        """,
    ),
    # Recorded course days by provider and course kind, and the days present among them. Summed per person and
    # month first: the grouping below then reads a few rows per enrolment instead of one per day.
    Figure(
        "attendance",
        f"""
        SELECT date_trunc('month', day)::date AS d, agency_id, course_kind AS key, person_id,
            count(*) AS n, sum(present) AS numerator, NULL::float AS measure
        FROM ({course_figures.COURSE_DAYS}) course_days
        GROUP BY 1, 2, 3, 4
        """,  # noqa: S608 - constant fragments only
    ),
    # Cases opened in the period by lead agency: by kind, by status today, by the person's benefit system today.
    Figure(
        "case_kinds",
        """
        SELECT opened_on AS d, lead_agency_id AS agency_id, kind AS key, person_id, 1 AS n,
            NULL::bigint AS numerator, NULL::float AS measure
        FROM cases_case WHERE opened_on BETWEEN %(start)s AND %(end)s
        """,
    ),
    Figure(
        "case_statuses",
        """
        SELECT opened_on AS d, lead_agency_id AS agency_id, status AS key, person_id, 1 AS n,
            NULL::bigint AS numerator, NULL::float AS measure
        FROM cases_case WHERE opened_on BETWEEN %(start)s AND %(end)s
        """,
    ),
    Figure(
        "case_benefits",
        """
        SELECT k.opened_on AS d, k.lead_agency_id AS agency_id, coalesce((
                SELECT b.system FROM cases_benefitperiod b
                WHERE b.person_id = k.person_id AND b.valid_from <= %(today)s
                    AND (b.valid_until IS NULL OR b.valid_until >= %(today)s)
                ORDER BY b.valid_from DESC, b.id DESC LIMIT 1
            ), 'none') AS key,
            k.person_id, 1 AS n, NULL::bigint AS numerator, NULL::float AS measure
        FROM cases_case k WHERE k.opened_on BETWEEN %(start)s AND %(end)s
        """,
    ),
    # Case-management cases by their phase today.
    Figure(
        "case_phases",
        """
        SELECT opened_on AS d, lead_agency_id AS agency_id, coalesce(nullif(phase, ''), 'none') AS key, person_id,
            1 AS n, NULL::bigint AS numerator, NULL::float AS measure
        FROM cases_case WHERE kind = 'case_management' AND opened_on BETWEEN %(start)s AND %(end)s
        """,
    ),
)
FIGURE_NAMES = tuple(figure.name for figure in FIGURES)

_TIME = {
    "y": "to_char(d, 'YYYY')",
    "q": "to_char(d, 'YYYY-\"Q\"Q')",
    "m": "to_char(d, 'YYYY-MM')",
}


def _grouping_sets() -> str:
    sets = []
    for time, agency, key in product(_TIME, ("agency_id", None), ("key", None)):
        sets.append("(" + ", ".join(column for column in (time, agency, key) if column) + ")")
    return ", ".join(sets)


def _cells_sql(figure: Figure) -> str:
    median = "percentile_cont(0.5) WITHIN GROUP (ORDER BY measure)" if figure.median else "NULL::float"
    return f"""
    SELECT CASE WHEN GROUPING(m) = 0 THEN m WHEN GROUPING(q) = 0 THEN q ELSE y END AS period,
        CASE WHEN GROUPING(agency_id) = 0 THEN agency_id END AS agency_id,
        CASE WHEN GROUPING(key) = 0 THEN key ELSE '' END AS key,
        count(DISTINCT person_id) AS persons, sum(n) AS count, sum(numerator) AS numerator, {median} AS value
    FROM (
        SELECT {_TIME["y"]} AS y, {_TIME["q"]} AS q, {_TIME["m"]} AS m, agency_id, key, person_id, n, numerator, measure
        FROM ({figure.source}) source WHERE agency_id IS NOT NULL
    ) rows
    GROUP BY GROUPING SETS ({_grouping_sets()})
    """  # noqa: S608 - built from the constant figure definitions only


def _parent_period(key: str) -> str | None:
    period = periods.parse(key)
    if period.grain == "year":
        return None
    if period.grain == "quarter":
        return key[:4]
    return periods.quarter_of(period.start).key


_PARENTS = (
    lambda figure: None,  # figures are no hierarchy: cells of two figures are tied by links only
    _parent_period,
    lambda agency: None if agency == "all" else "all",
    lambda key: None if key == "" else "",
)
# Cells of different figures that count the same cases, for each period and agency: hidden all or none.
_SAME_COUNTS = (
    (("case_kinds", ""), ("case_statuses", ""), ("case_benefits", "")),  # the cases opened
    (("case_kinds", "case_management"), ("case_phases", "")),  # the case-management cases opened
)


def _figure_rows(figure: Figure, params: dict) -> dict[tuple, tuple]:
    """The figure's cells as (figure, period, agency, key) -> (persons, count, numerator, value). The agency total
    is called "all" here, so that None can stand for "no parent" in suppression."""
    with connection.cursor() as cursor:
        cursor.execute(_cells_sql(figure), params)
        rows = cursor.fetchall()
    return {(figure.name, period, "all" if agency is None else agency, key): row for period, agency, key, *row in rows}


def _links(cube: dict[tuple, tuple]) -> list[list[tuple]]:
    places = {(period, agency) for _figure, period, agency, _key in cube}
    return [[(figure, *place, key) for figure, key in same] for same in _SAME_COUNTS for place in places]


def _cells(run: FigureRun, params: dict) -> list[FigureCell]:
    """All figures' cells, suppressed together: a figure's hidden total stays hidden in the figures counting the
    same cases."""
    cube = {}
    for figure in FIGURES:
        cube.update(_figure_rows(figure, params))
    persons = {coordinate: row[0] for coordinate, row in cube.items()}
    counts = {coordinate: row[1] for coordinate, row in cube.items()}
    hidden = suppression.suppress(persons, counts, _PARENTS, _links(cube))
    return [
        FigureCell(
            run=run,
            figure=figure,
            period=period,
            agency_id=None if agency == "all" else agency,
            key=key,
            persons=row[0],
            count=row[1],
            numerator=row[2],
            value=row[3],
            hidden=(figure, period, agency, key) in hidden,
        )
        for (figure, period, agency, key), row in cube.items()
    ]


def figures_compute(*, today: date, requested_by: User | None = None) -> FigureRun:
    """Compute every figure as of `today` into a new run, in one transaction: the dashboard sees the whole run or,
    until it commits, the previous one. Runs older than the last few are deleted."""
    with transaction.atomic():
        run = FigureRun.objects.create(today=today, requested_by=requested_by)
        params = course_figures.params(start=periods.first_day(today), end=today, today=today)
        cells = _cells(run, params)
        FigureCell.objects.bulk_create(cells, batch_size=5000)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        stale = FigureRun.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk")[RUNS_KEPT:]
        FigureRun.objects.filter(pk__in=[old.pk for old in stale]).delete()
    logger.info("figures computed as of %s: %s cells", today, len(cells))
    return run


def latest_run() -> FigureRun | None:
    return FigureRun.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk").first()
