"""The dashboard's tables as CSV and XLSX files: the same `reports.dashboard.Table` the page shows, nothing more.

A hidden cell is written as the symbol of reports.suppression ("x"), never as its number (the table does not hold
it), and the file ends with the symbol's footnote: in the CSV as a last line (its first field, the others empty, so
that every line has as many fields as the header), in the XLSX as a note row below the table. A value that is not
available ("–" on the page: nothing counted) is left empty. Numbers are written plain: without grouping or unit; in
the CSV with a decimal comma, as German spreadsheet programs read it; in the XLSX as numbers, a share as a fraction
formatted as percent. Text that begins like a formula is neutralised in the CSV and stored as text in the XLSX.
"""

import csv
import io
import re

from ewg.spreadsheets import protect, text_cell
from reports.dashboard import HIDDEN_TEXT, Shown, Table
from reports.suppression import footnote

HEADER_ROW = 4  # of the XLSX: title, selection, an empty row, then the header


def _has_hidden(table: Table) -> bool:
    return any(cell.hidden for _label, cells in table.rows for cell in cells)


def _is_share(shown: Shown) -> bool:
    return isinstance(shown.number, float) and shown.text.endswith("%")


def _csv_value(shown: Shown) -> str:
    if shown.hidden:
        return HIDDEN_TEXT
    if shown.number is None:
        return ""
    if isinstance(shown.number, float):
        return str(shown.number).replace(".", ",")
    return str(shown.number)


def write_csv(table: Table) -> bytes:
    """A header row, then one line per row of the table, then the footnote when a cell is hidden; UTF-8 with a
    byte-order mark, separated by semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([protect(column) for column in table.columns])
    for label, cells in table.rows:
        writer.writerow([protect(label), *(_csv_value(cell) for cell in cells)])
    if _has_hidden(table):
        writer.writerow([protect(footnote()), *[""] * (len(table.columns) - 1)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]+", " ", title).strip()[:31] or "Tabelle"


def write_xlsx(table: Table, *, selection: str) -> bytes:
    """A title row, the selection (period, agency, as of), the header row (bold, frozen), the rows; below them the
    footnote when a cell is hidden."""
    # Imported here: only export requests pay for loading openpyxl.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table.title)

    def put(row: int, column: int, shown: Shown) -> None:
        if shown.hidden or shown.number is None:
            if shown.hidden:
                text_cell(sheet, row, column, HIDDEN_TEXT).alignment = Alignment(horizontal="right")
            return
        cell = sheet.cell(row=row, column=column, value=shown.number)
        if _is_share(shown):
            cell.number_format = "0.0%"
        elif isinstance(shown.number, float):
            cell.number_format = "#,##0.0"
        else:
            cell.number_format = "#,##0"

    text_cell(sheet, 1, 1, table.title).font = Font(bold=True, size=14)
    text_cell(sheet, 2, 1, selection)
    bold = Font(bold=True)
    for column, label in enumerate(table.columns, start=1):
        text_cell(sheet, HEADER_ROW, column, label).font = bold
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == 1 else 18
    row = HEADER_ROW
    for row, (label, cells) in enumerate(table.rows, start=HEADER_ROW + 1):
        text_cell(sheet, row, 1, label)
        for column, shown in enumerate(cells, start=2):
            put(row, column, shown)
    if _has_hidden(table):
        text_cell(sheet, row + 2, 1, footnote())
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
