"""The goal matrix (Zielmatrix) of one Grundsatzziel: the table the committee gets as an annex.

The rows are built once, here, as plain data (`MatrixTable`); the web page, the XLSX and the print layout only lay
them out, so all three show the same rows and cells. A cell keeps its typed value (text, Decimal, date or None):
the spreadsheet gets real numbers and dates, the pages get `Cell.text`, formatted in the active language.

Rows, in order: the Grundsatzziel, then each Rahmenziel followed by its Ergebnisziele, each Ergebnisziel followed
by its activities. Each row knows its level.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _

from ewg.spreadsheets import text_cell
from goals import selectors
from goals.models import Activity, Goal
from goals.models.choices import ActivityStatus, GoalLevel
from goals.status_of import with_status

ACTIVITY = "activity"  # the level of an activity row, below the three goal levels


@dataclass(frozen=True)
class Cell:
    value: str | Decimal | date | None = None

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, Decimal)

    @property
    def text(self) -> str:
        """The cell as the pages show it ("" for no value; the templates show a dash)."""
        value = self.value
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return formats.number_format(value, decimal_pos=decimal_places(value), use_l10n=True, force_grouping=True)
        if isinstance(value, date):
            return formats.date_format(value, "d.m.Y")
        return str(value)


def decimal_places(value: Decimal) -> int:
    """Whole numbers without decimals (a target of 8 weeks reads "8", not "8,00")."""
    return 0 if value == value.to_integral_value() else 2


@dataclass(frozen=True)
class MatrixRow:
    level: str  # GoalLevel value or ACTIVITY
    status: str  # GoalStatus or ActivityStatus value, for styling
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class MatrixTable:
    principle: Goal
    title: str
    header: tuple[str, ...]
    widths: tuple[int, ...]  # column widths in characters, for the spreadsheet
    rows: tuple[MatrixRow, ...]


def _columns() -> tuple[tuple[str, int], ...]:
    # Built per call: the labels follow the active language.
    return (
        (_("Level"), 14),
        (_("No."), 8),
        (_("Goal / activity"), 50),
        (_("Indicator"), 28),
        (_("Baseline"), 11),
        (_("Target"), 11),
        (_("Deadline"), 12),
        (_("Responsible"), 26),
        (_("Current value"), 12),
        (_("Measured on"), 12),
        (_("Status"), 14),
    )


def _level_labels() -> dict[str, str]:
    return {
        GoalLevel.PRINCIPLE: _("Principal goal"),
        GoalLevel.FRAMEWORK: _("Framework goal"),
        GoalLevel.RESULT: _("Result goal"),
        ACTIVITY: _("Activity"),
    }


def matrix_title(principle: Goal) -> str:
    return _("Goal matrix %(field)s – principal goal %(number)s") % {
        "field": principle.action_field.name,
        "number": principle.number or "–",
    }


def _indicator(goal: Goal) -> str | None:
    indicator = goal.indicator
    if indicator is None:
        return None
    return f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name


def _responsible(goal: Goal) -> str | None:
    names = [owner.name for owner in (goal.responsible_agency, goal.responsible_group) if owner is not None]
    return " / ".join(names) or None


def _goal_row(goal: Goal, labels: dict[str, str]) -> MatrixRow:
    latest = goal.latest_measurement  # set by with_status
    return MatrixRow(
        level=goal.level,
        status=goal.status,
        cells=(
            Cell(labels[goal.level]),
            Cell(goal.number or None),
            Cell(goal.statement),
            Cell(_indicator(goal)),
            Cell(goal.baseline),
            Cell(goal.target_value),
            Cell(goal.deadline),
            Cell(_responsible(goal)),
            Cell(latest.value if latest else None),
            Cell(latest.measured_on if latest else None),
            Cell(str(goal.status_label)),
        ),
    )


def _activity_row(activity: Activity, labels: dict[str, str]) -> MatrixRow:
    agency = activity.responsible_agency
    return MatrixRow(
        level=ACTIVITY,
        status=activity.status,
        cells=(
            Cell(labels[ACTIVITY]),
            Cell(None),
            Cell(activity.title),
            Cell(None),
            Cell(None),
            Cell(None),
            Cell(activity.due_on),
            Cell(agency.name if agency else None),
            Cell(None),
            Cell(None),
            Cell(str(ActivityStatus(activity.status).label)),
        ),
    )


def matrix_rows(principle: Goal, *, today: date) -> MatrixTable:
    """The matrix of a Grundsatzziel in a fixed number of queries, whatever its size."""
    frameworks = selectors.matrix(principle)
    results = [result for framework in frameworks for result in framework.children.all()]
    with_status([principle, *frameworks, *results], today=today)
    labels = _level_labels()
    rows = [_goal_row(principle, labels)]
    for framework in frameworks:
        rows.append(_goal_row(framework, labels))
        for result in framework.children.all():
            rows.append(_goal_row(result, labels))
            rows.extend(_activity_row(activity, labels) for activity in result.activities.all())
    columns = _columns()
    return MatrixTable(
        principle=principle,
        title=matrix_title(principle),
        header=tuple(label for label, _width in columns),
        widths=tuple(width for _label, width in columns),
        rows=tuple(rows),
    )


# Excel forbids these in sheet names and allows at most 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(principle: Goal) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub("-", principle.number).strip("' ")[:31]
    return name or _("Goal matrix")[:31]


def file_stem(principle: Goal) -> str:
    """zielmatrix-<number>, with only characters safe in a Content-Disposition filename."""
    number = re.sub(r"[^0-9A-Za-z._-]+", "-", principle.number).strip("-.") or str(principle.pk)
    return f"zielmatrix-{number}"


def write_xlsx(table: MatrixTable) -> bytes:
    """The matrix as a workbook: a title row, the header row (bold, frozen), then the rows, wrapped.

    Every text cell is stored as a string (data type "s"), never as a formula: a goal statement beginning with
    "=", "+", "-" or "@" stays the text it is, and a spreadsheet program shows it as such instead of computing it.
    """
    # Imported here: only export requests pay for loading openpyxl.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(table.principle)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(row: int, column: int, value) -> None:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            text_cell(sheet, row, column, value)
        else:
            cell.value = value
            if isinstance(value, Decimal):
                cell.number_format = "#,##0" if decimal_places(value) == 0 else "#,##0.00"
            elif isinstance(value, date):
                cell.number_format = "DD.MM.YYYY"
        cell.alignment = wrap

    put(1, 1, table.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(vertical="top")
    bold = Font(bold=True)
    for column, label in enumerate(table.header, start=1):
        put(2, column, label)
        sheet.cell(row=2, column=column).font = bold
        sheet.column_dimensions[get_column_letter(column)].width = table.widths[column - 1]
    for number, row in enumerate(table.rows, start=3):
        for column, cell in enumerate(row.cells, start=1):
            put(number, column, cell.value)
            if row.level != ACTIVITY and row.level != GoalLevel.RESULT:
                sheet.cell(row=number, column=column).font = bold
    sheet.freeze_panes = "A3"  # title and header stay in view
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
