"""Edge cases of the attendance import: absurdly long numbers, files that break the CSV reader, UTF-16 files."""

import pytest

from courses.attendance_import import check_attendance_file
from tests.courses.attendance_world import LAST_MONDAY, TODAY, course, enrol

pytestmark = pytest.mark.django_db
HEADER = "Teilnehmer-Nr;Nachname;Vorname;Geburtsdatum;Datum;Status"
_ = (course, enrol)  # fixtures of the shared world, used by name below


def _check(course, text: str, encoding: str = "utf-8"):
    return check_attendance_file(course=course, data=text.encode(encoding), today=TODAY)


def test_a_number_of_thousands_of_digits_is_an_unknown_participant_not_an_error(course, enrol):
    enrol(course)
    check = _check(course, f"{HEADER}\r\n{'9' * 4400};;;;{LAST_MONDAY:%d.%m.%Y};anwesend\r\n")
    [problem] = check.problems
    assert problem.code == "unknown_participant"
    assert len(problem.reason) < 120  # the value is shortened in the message


def test_a_broken_csv_line_is_reported_in_german_with_its_line(course):
    check = _check(course, f"{HEADER}\r\n1;{'x' * 200_000};Amal;;01.12.2026;anwesend\r\n")  # beyond the cell limit
    [problem] = check.problems
    assert problem.code == "csv"
    assert "Zeile 2" in problem.reason
    assert "line contains" not in problem.reason  # no English from Python's csv module


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read_with_or_without_their_byte_order_mark(course, enrol, encoding):
    amal = enrol(course)
    check = _check(course, f"{HEADER}\r\n{amal.pk};Haddad;Amal;;{LAST_MONDAY:%d.%m.%Y};anwesend\r\n", encoding)
    assert check.ok, check.problems
    assert [(row.enrolment_id, row.status) for row in check.rows] == [(amal.pk, "present")]
