"""Cells of the files that people open in a spreadsheet program (the CSV and XLSX exports): text that begins like a
formula stays text, and nothing an XLSX file may not hold is written into it.
"""

# What a spreadsheet program may take for the start of a formula (or, tab and CR, of a cell's content before one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect(value: object) -> str:
    """A CSV cell that no spreadsheet runs as a formula: a leading =, +, -, @, tab or CR gets a quote before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unprotect(cell: str) -> str:
    """A CSV cell read back without the quote that `protect` put before formula-like values."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def text_cell(sheet, row: int, column: int, value: str):
    """An XLSX cell holding `value` as text, even where it looks like a formula; the cell, for styling."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # only export requests pay for loading openpyxl

    cell = sheet.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not allowed in XLSX
    cell.data_type = "s"  # text, even where it looks like a formula
    return cell
