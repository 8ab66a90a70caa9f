"""The figures of a report version, frozen with it: the goals' measured values as their goal matrices show them, the
dashboard's tables for the report's period from one figure run, the footnote of the hidden cells, and when the
figures were computed.

One source per measure. A goal measured by a computed indicator (the share of slips started within 8 weeks) is listed
among the key figures with the texts its row in the frozen annex shows, read from that row: the key figure and its
Anlage cannot differ. The tables are the cells of one run, as the dashboard shows them.

The figures' time. A version asks for figures computed after its request (`awaiting_run`): before rendering, the
worker takes a run started after the request, or computes one, and stores the content `with_run`
(reports.services.version_render). So a version never shows figures older than the data its requester saw, and it
says when they were computed ("Zahlen berechnet am 04.12.2026 um 14:03 Uhr"), not only the day.
"""

from collections import defaultdict
from datetime import date

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from goals.models import Goal
from goals.models.choices import GoalLevel, IndicatorKind
from reports import dashboard, periods
from reports.models import FigureRun
from reports.suppression import SYMBOL, footnote

AWAITING = "awaiting_run"  # set in a requested version's figures until the worker has put a newer run's figures in
MEASURES = "goal_measures"


def computed_text(run: FigureRun) -> str:
    """When the run finished, in local time: the moment the figures describe."""
    moment = timezone.localtime(run.finished_at)
    return _("Figures computed on %(date)s at %(time)s") % {
        "date": formats.date_format(moment, "d.m.Y"),
        "time": formats.time_format(moment, "H:i"),
    }


def _principle_number(level: str, number: str, parent: str | None, grandparent: str | None) -> str | None:
    return {GoalLevel.PRINCIPLE: number, GoalLevel.FRAMEWORK: parent, GoalLevel.RESULT: grandparent}.get(level)


def goal_measures(annexes: list[dict]) -> dict | None:
    """The goals of the goal matrices that are measured from the data (a computed indicator), one row each with the
    indicator, the current value and the day of measurement as the goal's row in its annex has them. One query: which
    goals those are; everything shown is read from the annexes."""
    measured = Goal.objects.filter(indicator__kind=IndicatorKind.COMPUTED, action_field__is_active=True).values_list(
        "level", "number", "action_field__name", "parent__number", "parent__parent__number"
    )
    wanted: dict[tuple[str, str | None], set[tuple[str, str]]] = defaultdict(set)
    for level, number, field, parent, grandparent in measured:
        wanted[(field, _principle_number(level, number, parent, grandparent))].add((level, number))
    columns = [_("Level"), _("No."), _("Indicator"), _("Current value"), _("Measured on")]
    rows = []
    for annex in annexes:
        targets = wanted.get((annex.get("action_field"), annex.get("principle_number")))
        if annex.get("kind") != "goal_matrix" or not targets:
            continue
        at = [annex["header"].index(column) for column in columns]
        for row in annex["rows"]:
            level_label, number, indicator, value, measured_on = (row["cells"][index]["text"] for index in at)
            if (row["level"], number) in targets:
                goal = f"{level_label} {number} (Anlage {annex['number']})"  # "Anlage": a label of the city's form
                rows.append([indicator, value or dashboard.MISSING, measured_on or dashboard.MISSING, goal])
    if not rows:
        return None
    return {
        "name": MEASURES,
        "title": _("Goals measured from the data (as in their goal matrices)"),
        "columns": [_("Indicator"), _("Current value"), _("Measured on"), _("Goal")],
        "rows": rows,
    }


def goal_measures_now(*, today: date) -> dict | None:
    """The same rows for text written before a version is frozen (the report's prose): read from the goal matrices
    as a version frozen today holds them."""
    from reports.content import _goal_matrices

    return goal_measures([{"number": number, **matrix} for number, matrix in enumerate(_goal_matrices(today=today), 2)])


def _tables(run: FigureRun, period: periods.Period, agencies: dict[int, Agency]) -> list[dict]:
    """The dashboard's tables for the period and all agencies, as texts (hidden cells arrive as the symbol already:
    suppression happened when the run was computed)."""
    built = dashboard.build(run, period, None, agencies)
    tables = []
    for name in dashboard.TABLE_NAMES:
        table = built.tables.get(name)
        if table is None or not table.has_rows:
            continue
        tables.append(
            {
                "name": table.name,
                "title": str(table.title),
                "columns": [str(column) for column in table.columns],
                "rows": [[str(label), *(shown.text for shown in values)] for label, values in table.rows],
            }
        )
    return tables


def _figures(
    period: periods.Period | None, agencies: dict[int, Agency], run: FigureRun | None, measures: dict | None
) -> dict:
    tables = [measures] if measures else []
    if run is None or period is None:
        note = _("No figures have been computed yet.") if run is None else _("The reporting period is not valid.")
        return {"available": False, "as_of": "", "computed_text": "", "note": note, "measures": measures,
                "tables": tables}  # fmt: skip
    tables += _tables(run, period, agencies)
    values = {text for table in tables for row in table["rows"] for text in row[1:]}
    return {
        "available": True,
        "as_of": formats.date_format(run.today, "d.m.Y"),
        "computed_at": timezone.localtime(run.finished_at).isoformat(),
        "computed_text": computed_text(run),
        "note": footnote() if SYMBOL in values else "",  # wherever the symbol is, its footnote is
        "legend": dashboard.dash_legend() if dashboard.MISSING in values else "",
        "measures": measures,
        "tables": tables,
    }


def frozen(
    *, period: periods.Period | None, agencies: dict[int, Agency], run: FigureRun | None, annexes: list[dict]
) -> dict:
    """The figures part of a frozen content, in the active language (the document's)."""
    return _figures(period, agencies, run, goal_measures(annexes))


def to_recompute(content: dict) -> dict:
    """The content of a version just requested: its figures are to come from a run newer than the request."""
    content["figures"] = {**content["figures"], AWAITING: True}
    return content


def awaiting_run(content: dict) -> bool:
    return bool((content.get("figures") or {}).get(AWAITING))


def with_run(content: dict, run: FigureRun) -> dict:
    """The content with the figures of `run`; the goals' measured values stay as frozen with the annexes."""
    from reports.content import DOCUMENT_LANGUAGE

    with translation.override(content.get("language") or DOCUMENT_LANGUAGE):
        try:
            period = periods.parse(content["header"]["period"])
        except (KeyError, ValueError):
            period = None
        agencies = {agency.pk: agency for agency in Agency.objects.only("name")}
        figures = _figures(period, agencies, run, content["figures"].get("measures"))
    return {**content, "figures": figures}
