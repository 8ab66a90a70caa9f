"""The dashboard's tables, built from the stored cells of one run: the same tables serve the page, the CSV and XLSX
exports and the committee report. Hidden cells arrive here only as "hidden": their numbers are not read.

A derived figure (a share, a median, a rate) is shown only when every cell it is computed from is shown and it rests
on at least five persons; otherwise a subtraction could recover a hidden count from it, and it is hidden too. Every
hidden value, count or derived, reads HIDDEN_TEXT (reports.suppression.SYMBOL); a dash says that nothing was counted
to compute it from.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from agencies.models import Agency, BenefitSystem
from cases.models.choices import CaseKind, CasePhase, CaseStatus
from courses import figures as course_figures
from courses.models.choices import INTEGRATION_COURSE_KINDS, CourseKind
from reports.models import FigureCell, FigureRun
from reports.periods import Period
from reports.suppression import SYMBOL, THRESHOLD

HIDDEN_TEXT = SYMBOL
MISSING = "–"  # nothing counted: no share or median to compute (the statistics' "nichts vorhanden")


@dataclass(frozen=True)
class Shown:
    """One displayed value: `number` for the exports (None when hidden or not available), `text` for the pages."""

    text: str
    number: float | int | None = None
    hidden: bool = False


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Shown]]] = field(default_factory=list)
    caption: str = ""

    @property
    def has_rows(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class Cell:
    persons: int
    count: int
    numerator: int | None
    value: float | None
    hidden: bool

    @property
    def shown(self) -> bool:
        return not self.hidden


EMPTY = Cell(0, 0, None, None, False)  # a cell the run has no row for counted nobody


class Cube:
    """The cells of a run for the periods asked for, addressed by (figure, period, agency id or None, key)."""

    def __init__(self, run: FigureRun, period: Period, agency: Agency | None):
        months = [month.key for month in period.months()] if period.grain != "month" else []
        wanted = Q(period=period.key) | Q(figure="slips", period__in=months, agency=agency)
        rows = FigureCell.objects.filter(wanted, run=run).values_list(
            "figure", "period", "agency_id", "key", "persons", "count", "numerator", "value", "hidden"
        )
        self.cells = {(figure, p, agency_id, key): Cell(*rest) for figure, p, agency_id, key, *rest in rows}

    def get(self, figure: str, period: str, agency_id: int | None, key: str = "") -> Cell:
        return self.cells.get((figure, period, agency_id, key), EMPTY)

    def agencies(self, figure: str, period: str) -> set[int]:
        return {agency for (name, p, agency, _key) in self.cells if name == figure and p == period and agency}


def _number(value: float, decimals: int) -> str:
    """Rounded half up, then formatted: number_format alone cuts the decimals off (54.6 would read "54")."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=decimals)


HIDDEN = Shown(HIDDEN_TEXT, None, hidden=True)


def dash_legend() -> str:
    """What a dash in a table means, in the active language: "– = nichts vorhanden"."""
    return _("%(dash)s = nothing counted") % {"dash": MISSING}


def count(cell: Cell) -> Shown:
    if cell.hidden:
        return HIDDEN
    return Shown(formats.number_format(cell.count, force_grouping=True), cell.count)


def persons(cell: Cell) -> Shown:
    if cell.hidden:
        return HIDDEN
    return Shown(formats.number_format(cell.persons, force_grouping=True), cell.persons)


def share(
    numerator: int, denominator: int, *, parts: list[Cell], decimals: int = 0, persons_behind: int | None = None
) -> Shown:
    """Nothing to divide by reads as a dash: its parts are zeros, shown as such (a zero is never hidden)."""
    if denominator == 0:
        return Shown(MISSING)
    small = denominator < THRESHOLD or (persons_behind is not None and persons_behind < THRESHOLD)
    if small or any(part.hidden for part in parts):
        return HIDDEN
    value = numerator / denominator
    return Shown(f"{_number(100 * value, decimals)} %", round(value, 4))


def median(cell: Cell, *, parts: list[Cell], persons_behind: int, unit: str) -> Shown:
    """No value means nothing was measured (none started, none resolved): a dash, since those parts are zeros."""
    if cell.value is None:
        return Shown(MISSING)
    if any(part.hidden for part in parts) or persons_behind < THRESHOLD:
        return HIDDEN
    return Shown(f"{_number(cell.value, 0)} {unit}", round(cell.value, 1))


SLIP_KEYS = course_figures.SLIP_OUTCOMES
ALERT_KEYS = course_figures.ALERT_STATES


def _slip_row(cube: Cube, period: str, agency_id: int | None) -> list[Shown]:
    """The slips' outcomes and the share in time of the decided ones, as courses.figures defines them."""
    total = cube.get("slips", period, agency_id)
    parts = {key: cube.get("slips", period, agency_id, key) for key in SLIP_KEYS}
    decided = [parts[key] for key in course_figures.DECIDED]
    started = [parts[key] for key in course_figures.STARTED]
    in_time = parts[course_figures.IN_TIME]
    return [
        count(total),
        *(count(parts[key]) for key in SLIP_KEYS),
        share(in_time.count, sum(part.count for part in decided), parts=[total, *decided]),
        median(total, parts=[total, *started], persons_behind=sum(part.persons for part in started), unit=_("days")),
    ]


def _slip_columns() -> list[str]:
    return [
        _("Slips issued"),
        _("Started within 8 weeks"),
        _("Started later"),
        _("Waiting (8 weeks not over)"),
        _("Not started after 8 weeks"),
        _("Share started within 8 weeks"),
        _("Median days to start"),
    ]


@dataclass
class Dashboard:
    run: FigureRun | None
    period: Period
    agency: Agency | None
    tables: dict[str, Table]
    headline: list[Shown] | None  # the slip row of the whole selection
    monthly_share: list[tuple[date, float]]  # months whose share may be shown, for the chart

    def table(self, name: str) -> Table:
        return self.tables[name]


def _label(choices, key: str) -> str:
    if key == "none":
        return _("none / not set")
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _key_table(cube: Cube, name: str, title: str, figure: str, period: str, agency_id, keys, choices, columns):
    table = Table(name, title, [_("Category"), *columns])
    present = {key for (f, p, a, key) in cube.cells if f == figure and p == period and a == agency_id and key}
    for key in [key for key in keys if key in present] + sorted(present - set(keys)):
        cell = cube.get(figure, period, agency_id, key)
        table.rows.append((_label(choices, key), [count(cell), persons(cell)] if len(columns) == 2 else [count(cell)]))
    total = cube.get(figure, period, agency_id)
    table.rows.append((_("Total"), [count(total), persons(total)] if len(columns) == 2 else [count(total)]))
    return table


def build(run: FigureRun | None, period: Period, agency: Agency | None, agencies: dict[int, Agency]) -> Dashboard:
    """Every table of the dashboard for a period and an agency (None: all agencies)."""
    if run is None:
        return Dashboard(None, period, agency, {}, None, [])
    cube = Cube(run, period, agency)
    p, a = period.key, agency.pk if agency else None
    tables: dict[str, Table] = {}

    def agency_rows(figure: str) -> list[tuple[str, int | None]]:
        if agency is not None:
            return [(agency.name, agency.pk)]
        ids = sorted(cube.agencies(figure, p), key=lambda pk: agencies[pk].name if pk in agencies else "")
        return [(agencies[pk].name if pk in agencies else str(pk), pk) for pk in ids] + [(_("All agencies"), None)]

    slips = Table(
        "slips_by_agency", _("Slip to course start by issuing agency"), [_("Issuing agency"), *_slip_columns()]
    )
    slips.rows = [(name, _slip_row(cube, p, pk)) for name, pk in agency_rows("slips")]
    tables[slips.name] = slips

    by_month = Table("slips_by_month", _("Slip to course start by month of issue"), [_("Month"), *_slip_columns()])
    monthly_share = []
    for month in [month for month in period.months() if month.start <= run.today]:
        row = _slip_row(cube, month.key, a)
        by_month.rows.append((month.label, row))
        # A month whose slips are not all decided yet would show only the early starters (100 %): left out.
        if row[5].number is not None and row[3].number == 0:
            monthly_share.append((month.start, row[5].number))
    tables[by_month.name] = by_month

    alerts = Table(
        "alerts_by_agency",
        _("Non-attendance alerts by obliging agency"),
        [
            _("Obliging agency"),
            _("Raised"),
            _("Open"),
            _("Acknowledged"),
            _("Resolved"),
            _("Median hours to resolution"),
        ],
    )
    for name, pk in agency_rows("alerts"):
        total = cube.get("alerts", p, pk)
        parts = [cube.get("alerts", p, pk, key) for key in ALERT_KEYS]
        alerts.rows.append(
            (
                name,
                [
                    count(total),
                    *(count(part) for part in parts),
                    median(total, parts=[total, parts[2]], persons_behind=parts[2].persons, unit=_("h")),
                ],
            )
        )
    tables[alerts.name] = alerts

    kinds = list(CourseKind.values)
    enrolments = Table(
        "enrolments_by_kind",
        _("Enrolments and attendance by course kind"),
        [_("Course kind"), _("Enrolments"), _("Participants"), _("Course days recorded"), _("Attendance rate")],
    )
    voluntary = Table("voluntary", _("Participants in voluntary language offers"), [_("Offer"), _("Participants")])
    for key in [*kinds, ""]:
        cell, days = cube.get("enrolments", p, a, key), cube.get("attendance", p, a, key)
        if key and not (cell.count or days.count):
            continue
        label = _label(CourseKind, key) if key else _("Total")
        rate = share(days.numerator or 0, days.count, parts=[days], decimals=1, persons_behind=days.persons)
        enrolments.rows.append((label, [count(cell), persons(cell), count(days), rate]))
        if key and key not in INTEGRATION_COURSE_KINDS:
            voluntary.rows.append((label, [persons(cell)]))
    tables[enrolments.name] = enrolments
    tables[voluntary.name] = voluntary

    two = [_("Cases"), _("Persons")]
    for name, title, figure, choices in (
        ("cases_by_kind", _("Cases opened by kind"), "case_kinds", CaseKind),
        ("cases_by_status", _("Cases opened by status today"), "case_statuses", CaseStatus),
        ("cases_by_benefit", _("Cases opened by benefit system today"), "case_benefits", BenefitSystem),
        ("case_phases", _("Case-management cases by phase"), "case_phases", CasePhase),
    ):
        tables[name] = _key_table(cube, name, title, figure, p, a, list(choices.values), choices, two)

    headline = _slip_row(cube, p, a)
    return Dashboard(run, period, agency, tables, headline, monthly_share)


TABLE_NAMES = (
    "slips_by_agency",
    "slips_by_month",
    "alerts_by_agency",
    "enrolments_by_kind",
    "voluntary",
    "cases_by_kind",
    "cases_by_status",
    "cases_by_benefit",
    "case_phases",
)
EXPORTABLE = (*TABLE_NAMES, "goals_by_status")


def goals_table(*, today: date) -> Table:
    """Goals by status per action field. Goals are no personal data: nothing to suppress, read live (a few hundred
    rows at most, two queries)."""
    from goals.models import Goal
    from goals.models.choices import GoalStatus
    from goals.status_of import with_status

    goals = with_status(Goal.objects.select_related("action_field", "indicator"), today=today)
    statuses = list(GoalStatus)
    counts: dict[str, dict[str, int]] = {}
    order: dict[str, tuple] = {}
    for goal in goals:
        field_name = goal.action_field.name
        order[field_name] = (goal.action_field.position, field_name)
        counts.setdefault(field_name, dict.fromkeys(GoalStatus.values, 0))[goal.status] += 1
    table = Table(
        "goals_by_status", _("Goals by status per action field"), [_("Action field"), *(str(s.label) for s in statuses)]
    )
    for field_name in sorted(counts, key=order.__getitem__):
        table.rows.append(
            (field_name, [Shown(str(counts[field_name][s.value]), counts[field_name][s.value]) for s in statuses])
        )
    return table
