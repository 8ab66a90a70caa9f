"""Reading an attendance file as course-management software exports it. Checks only, no writes: the rows are
written by `courses.services.attendance.attendance_apply`, and only when every row of the file is good.

The file: semicolon-separated, UTF-8 (with or without byte-order mark), a header row, dates as dd.mm.yyyy. Header
names are compared case-insensitively and without spaces, dots and hyphens; columns not listed are ignored.

    participant   Teilnehmer-Nr (the enrolment number shown on the grid and in the export),
                  or Nachname + Vorname + Geburtsdatum (matched against the course's participants)
    day           Datum
    status        Status

Status words, case-insensitive (the export writes the first word of each line):

    present    anwesend, a, x, 1, ja, present
    excused    entschuldigt, e, krank, k, beurlaubt, excused
    unexcused  unentschuldigt, u, fehlt, f, 0, abwesend, unexcused

A row with an empty status cell records nothing and is skipped (course software lists days not yet entered). A cell
that the export protected against spreadsheet formulas ('=…) is read without the protective quote.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.names import fold
from courses.models import Course, Enrolment
from courses.models.choices import AttendanceStatus
from courses.selectors import participants
from courses.services.attendance import AttendanceRow, day_refusal
from ewg.spreadsheets import unprotect

MAX_ROWS = 20_000
MAX_NUMBER_DIGITS = 18  # a participant number is an id (bigint); longer input is no number of ours

STATUS_WORDS = {
    AttendanceStatus.PRESENT: ("anwesend", "a", "x", "1", "ja", "present"),
    AttendanceStatus.EXCUSED: ("entschuldigt", "e", "krank", "k", "beurlaubt", "excused"),
    AttendanceStatus.UNEXCUSED: ("unentschuldigt", "u", "fehlt", "f", "0", "abwesend", "unexcused"),
}
STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}

# Column -> header names (normalised: lower case, letters and digits only). The first name is the one the export
# writes.
COLUMNS = {
    "enrolment": ("Teilnehmer-Nr", "teilnehmernr", "teilnehmernummer", "tnnr", "tnnummer", "participantno"),
    "family_name": ("Nachname", "nachname", "familienname", "familyname", "lastname", "surname"),
    "given_names": ("Vorname", "vorname", "vornamen", "rufname", "givennames", "givenname", "firstname"),
    "birth_date": ("Geburtsdatum", "geburtsdatum", "gebdatum", "geboren", "gebam", "dateofbirth", "birthdate"),
    "day": ("Datum", "datum", "tag", "kurstag", "unterrichtstag", "date", "day"),
    "status": ("Status", "status", "anwesenheit", "teilnahme", "attendance"),
}
HEADER = [names[0] for names in COLUMNS.values()]
NAME_COLUMNS = ("family_name", "given_names", "birth_date")
_COLUMN_BY_NAME = {name: column for column, names in COLUMNS.items() for name in names[1:]}
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9äöüß]+")


@dataclass(frozen=True)
class ImportProblem:
    line: int | None  # the physical line of the file, the header being line 1; None for the file as a whole
    code: str  # what kind of problem, for tests and callers that do not read prose
    reason: str


@dataclass
class ImportCheck:
    rows: list[AttendanceRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: int = 0  # rows without a status

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_day(text: str) -> date | None:
    """A day as course software and people write it (16.11.2026, 1.2.2026), or in ISO form (2026-11-16)."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without its mark), or UTF-16 as some spreadsheet programs write "Unicode text": with its byte
    order mark, or without it, recognised by the zero bytes that ASCII characters leave in every other place."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:400]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    return "utf-8-sig"


def check_attendance_file(*, course: Course, data: bytes, today: date) -> ImportCheck:
    """Read the whole file and report every bad row; rows are only returned for writing if there is none."""
    try:
        text = data.decode(_encoding(data))
    except UnicodeDecodeError:
        reason = _(
            "The file is not UTF-8 encoded. Save it as “CSV UTF-8” (in Excel: Save as, CSV UTF-8) and upload it again."
        )
        return ImportCheck(problems=[ImportProblem(None, "encoding", reason)])
    check = _Reader(course=course, today=today).read(text)
    if check.problems:
        check.rows = []
    return check


class _Reader:
    def __init__(self, *, course: Course, today: date):
        self.course, self.today = course, today
        self.by_pk: dict[int, Enrolment] = {}
        self.by_name: dict[tuple, list[Enrolment]] = {}
        for enrolment in participants(course):
            person = enrolment.person
            self.by_pk[enrolment.pk] = enrolment
            key = (fold(person.family_name), fold(person.given_names), person.birth_date)
            self.by_name.setdefault(key, []).append(enrolment)
        self.check = ImportCheck()
        self.first_line: dict[tuple[int, date], tuple[int, str]] = {}

    def read(self, text: str) -> ImportCheck:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        columns, width, count = None, 0, 0
        while True:
            line = reader.line_num + 1  # where the next record starts; a quoted cell may span lines
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:
                # Python's own text is English; what can break a line is known, so say it in German.
                reason = _(
                    "Line %(line)s cannot be read as CSV: a quotation mark is not closed, a cell is far too long or "
                    "the line holds a control character."
                ) % {"line": line}
                return self._fail(line, "csv", reason)
            cells = [unprotect(cell).strip() for cell in cells]
            if not any(cells) or (columns is None and re.fullmatch(r"sep=.?", cells[0], re.IGNORECASE)):
                continue  # blank lines, and the separator hint that Excel writes first
            if columns is None:
                columns, width = self._columns(cells, line), len(cells)
                if columns is None:
                    return self.check
                continue
            count += 1
            if count > MAX_ROWS:
                reason = _("The file has more than %(max)s rows. Please split it, e.g. by month.") % {"max": MAX_ROWS}
                return self._fail(None, "too_many_rows", reason)
            if len(cells) > width and not any(cells[width:]):
                cells = cells[:width]  # empty cells after the last column, as spreadsheets write them
            if len(cells) != width:
                reason = _("The row has %(found)s columns, the header %(expected)s.")
                self._bad(line, "columns", reason % {"found": len(cells), "expected": width})
                continue
            self._row(line, {column: cells[index] for column, index in columns.items()})
        if columns is None:
            return self._fail(None, "empty", _("The file is empty."))
        if count == 0:
            return self._fail(None, "empty", _("The file contains a header but no rows."))
        return self.check

    def _columns(self, header: list[str], line: int) -> dict[str, int] | None:
        columns = {}
        for index, name in enumerate(header):
            column = _COLUMN_BY_NAME.get(_NOT_ALPHANUMERIC.sub("", name.lower()))
            if column is None:
                continue
            if column in columns:
                self._bad(line, "duplicate_column", _("The column “%(name)s” appears twice.") % {"name": name})
                return None
            columns[column] = index
        missing = [COLUMNS[c][0] for c in ("day", "status") if c not in columns]
        if "enrolment" not in columns:
            missing += [COLUMNS[c][0] for c in NAME_COLUMNS if c not in columns]
        if missing:
            reason = _(
                "Required columns are missing: %(columns)s. The file needs a header row, separated by semicolons, "
                "with Teilnehmer-Nr (or Nachname, Vorname and Geburtsdatum), Datum and Status."
            )
            self._bad(line, "missing_columns", reason % {"columns": ", ".join(missing)})
            return None
        return columns

    def _row(self, line: int, values: dict[str, str]) -> None:
        if not values["status"]:
            self.check.skipped += 1
            return
        status = STATUS_BY_WORD.get(values["status"].lower())
        if status is None:
            return self._bad(line, "unknown_status", _("Unknown status “%(value)s”.") % {"value": values["status"]})
        day = parse_day(values["day"])
        if day is None:
            return self._bad(line, "bad_date", _("“%(value)s” is not a date (dd.mm.yyyy).") % {"value": values["day"]})
        enrolment = self._participant(line, values, day)
        if enrolment is None:
            return None
        refusal = day_refusal(course=self.course, enrolment=enrolment, day=day, today=self.today)
        if refusal:
            return self._bad(line, refusal.code, refusal.message)
        first = self.first_line.setdefault((enrolment.pk, day), (line, status))
        if first[1] != status:
            reason = _("The same participant and day appear on line %(line)s with a different status.")
            return self._bad(line, "duplicate", reason % {"line": first[0]})
        if first[0] == line:
            self.check.rows.append(AttendanceRow(enrolment.pk, day, status))
        return None

    def _participant(self, line: int, values: dict[str, str], day: date) -> Enrolment | None:
        """The enrolment by Teilnehmer-Nr (checked against the name if the file has one), else by name and birth."""
        unknown = "unknown_participant"
        number = values.get("enrolment", "")
        names = {column: values.get(column, "") for column in NAME_COLUMNS}
        if number:
            plausible = number.isascii() and number.isdigit() and len(number) <= MAX_NUMBER_DIGITS
            enrolment = self.by_pk.get(int(number)) if plausible else None
            if enrolment is None:
                shown = Truncator(number).chars(MAX_NUMBER_DIGITS + 1)
                return self._bad(line, unknown, _("Unknown participant number “%(value)s”.") % {"value": shown})
            if names["family_name"] and fold(names["family_name"]) != fold(enrolment.person.family_name):
                return self._bad(line, unknown, _("The participant number and the name do not match."))
            return enrolment
        if "family_name" not in values:
            return self._bad(line, unknown, _("The participant number is missing."))
        if not all(names.values()):
            reason = _("Name, given names and date of birth are needed to find the participant.")
            return self._bad(line, unknown, reason)
        birth_date = parse_day(names["birth_date"])
        if birth_date is None:
            reason = _("“%(value)s” is not a date (dd.mm.yyyy).") % {"value": names["birth_date"]}
            return self._bad(line, "bad_date", reason)
        candidates = self.by_name.get((fold(names["family_name"]), fold(names["given_names"]), birth_date), [])
        if len(candidates) > 1:  # the same person enrolled twice: the enrolment that was running on that day
            candidates = [
                e for e in candidates if not day_refusal(course=self.course, enrolment=e, day=day, today=self.today)
            ]
        if not candidates:
            return self._bad(line, unknown, _("No participant of this course has this name and date of birth."))
        if len(candidates) > 1:
            reason = _("Several participants have this name and date of birth; use Teilnehmer-Nr.")
            return self._bad(line, "ambiguous_participant", reason)
        return candidates[0]

    def _bad(self, line: int | None, code: str, reason: str) -> None:
        self.check.problems.append(ImportProblem(line, code, reason))

    def _fail(self, line: int | None, code: str, reason: str) -> ImportCheck:
        self._bad(line, code, reason)
        return self.check
