"""The CSV import (whole file checked first, nothing written unless every row is good) and the CSV export."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance_import import MAX_ROWS, STATUS_BY_WORD, check_attendance_file
from courses.models import AttendanceCorrection, AttendanceRecord
from courses.services.attendance import attendance_apply, attendance_set
from tests.courses.attendance_world import LAST_MONDAY, THIS_MONDAY, TODAY, course, enrol

pytestmark = pytest.mark.django_db

MONDAY = LAST_MONDAY
HEADER = "Teilnehmer-Nr;Nachname;Vorname;Geburtsdatum;Datum;Status"
_ = (course, enrol)  # fixtures of the shared world, used by name below


@pytest.fixture
def amal(course, enrol):
    return enrol(course)


def _day(offset: int = 0) -> str:
    return f"{MONDAY + timedelta(days=offset):%d.%m.%Y}"


def _file(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def _check(course, data: bytes):
    return check_attendance_file(course=course, data=data, today=TODAY)


def _problems(course, data: bytes) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.code) for problem in _check(course, data).problems]


def _run(personas, course, data: bytes):
    """Check and write, as the import page does."""
    check = _check(course, data)
    assert check.ok, check.problems
    return attendance_apply(actor=personas.vhs, membership=personas.membership("vhs"), course=course, rows=check.rows)


def _upload(client, course, data: bytes):
    upload = SimpleUploadedFile("anwesenheit.csv", data, content_type="text/csv")
    return client.post(reverse("courses:attendance_import", args=[course.pk]), {"file": upload})


# Reading a good file


@pytest.mark.parametrize("bom", [True, False], ids=["with-bom", "without-bom"])
def test_a_good_file_is_imported(personas, login, course, enrol, amal, bom):
    omar = enrol(course, "Karimi", "Omar", birth_date=date(1985, 1, 2))
    data = _file(
        HEADER,
        f"{amal.pk};Haddad;Amal;17.05.1990;{_day(0)};anwesend",
        f"{amal.pk};;;;{_day(1)};K",  # by number only; "K" for krank
        f";Karimi;Omar;02.01.1985;{_day(0)};f",  # by name and date of birth
        f";karimi ; omar;2.1.1985;{_day(1)};X",
        bom=bom,
    )
    response = _upload(login(personas.vhs), course, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:attendance_grid", args=[course.pk]) + f"?week={_week(MONDAY)}"
    stored = {(r.enrolment_id, r.day): r.status for r in AttendanceRecord.objects.all()}
    assert stored == {
        (amal.pk, MONDAY): "present",
        (amal.pk, MONDAY + timedelta(days=1)): "excused",
        (omar.pk, MONDAY): "unexcused",
        (omar.pk, MONDAY + timedelta(days=1)): "present",
    }
    assert {r.recorded_by for r in AttendanceRecord.objects.all()} == {personas.vhs}
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_header_names_are_read_case_insensitively_with_aliases_and_extra_columns(personas, course, amal):
    data = _file(
        "sep=;",
        " teilnehmer-nr. ;Kurs;DATUM;Anwesenheit",
        f"{amal.pk};Integrationskurs A;{_day(0)};a;",  # an empty cell after the last column, as Excel writes
        "",
        ";;;",
    )
    check = _check(course, data)
    assert check.ok, check.problems
    assert [(row.enrolment_id, row.status) for row in check.rows] == [(amal.pk, "present")]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        *[(word, "present") for word in ("anwesend", "A", "x", "1", "Ja")],
        *[(word, "excused") for word in ("entschuldigt", "e", "Krank", "k", "beurlaubt")],
        *[(word, "unexcused") for word in ("unentschuldigt", "U", "fehlt", "f", "0", "abwesend")],
    ],
)
def test_status_words(course, amal, word, status):
    assert STATUS_BY_WORD[word.lower()] == status
    check = _check(course, _file(HEADER, f"{amal.pk};;;;{_day(0)};{word}"))
    assert [row.status for row in check.rows] == [status]


def test_rows_without_a_status_are_skipped(course, amal):
    check = _check(course, _file(HEADER, f"{amal.pk};;;;{_day(0)};", f"{amal.pk};;;;{_day(1)};a"))
    assert check.ok
    assert (len(check.rows), check.skipped) == (1, 1)


# Bad rows: every one reported with its physical line (header = line 1), nothing written


def test_every_kind_of_bad_row_is_reported_with_its_line(course, enrol, amal, make_course):
    enrol(course, "Doppelt", "Ali", birth_date=date(2000, 1, 1))
    enrol(course, "Doppelt", "Ali", birth_date=date(2000, 1, 1))  # two people, one name and birthday
    stranger = enrol(make_course(title="Anderer Kurs", starts_on=course.starts_on, ends_on=course.ends_on), "Fremd")
    data = _file(
        HEADER,
        f"{amal.pk};;;;{_day(0)};a",  # 2: good
        f"{stranger.pk};;;;{_day(0)};a",  # 3: enrolled in another course
        f"9999999;;;;{_day(0)};a",  # 4: no such number
        f";Unbekannt;Nora;01.01.1990;{_day(0)};a",  # 5: no such name
        f";Doppelt;Ali;01.01.2000;{_day(0)};a",  # 6: two participants match
        f"{amal.pk};;;;31.02.2026;a",  # 7: no such date
        f"{amal.pk};;;;{_day(0)}x;a",  # 8: not a date
        f"{amal.pk};;;;{_day(5)};a",  # 9: Saturday
        f"{amal.pk};;;;{THIS_MONDAY + timedelta(days=7):%d.%m.%Y};a",  # 10: next Monday
        f"{amal.pk};;;;{course.starts_on - timedelta(days=7):%d.%m.%Y};a",  # 11: before the course
        f"{amal.pk};;;;{_day(1)};vielleicht",  # 12: unknown status
        f"{amal.pk};;;{_day(1)};a",  # 13: a column short
        f"{amal.pk};;;;{_day(0)};fehlt",  # 14: line 2 said present
        f"{amal.pk};Müller;;;{_day(2)};a",  # 15: number and name disagree
    )
    assert _problems(course, data) == [
        (3, "unknown_participant"),
        (4, "unknown_participant"),
        (5, "unknown_participant"),
        (6, "ambiguous_participant"),
        (7, "bad_date"),
        (8, "bad_date"),
        (9, "not_course_weekday"),
        (10, "future"),
        (11, "outside_course"),
        (12, "unknown_status"),
        (13, "columns"),
        (14, "duplicate"),
        (15, "unknown_participant"),
    ]
    assert _check(course, data).rows == []  # nothing to write


def test_a_repeated_row_with_the_same_status_is_fine(course, amal):
    check = _check(course, _file(HEADER, f"{amal.pk};;;;{_day(0)};a", f"{amal.pk};;;;{_day(0)};anwesend"))
    assert check.ok
    assert len(check.rows) == 1


def test_line_numbers_are_physical_lines(course, amal):
    data = _file(HEADER, f'{amal.pk};"Haddad";"Amal\r\nzweite Zeile";17.05.1990;{_day(0)};a', f"{amal.pk};;;;xx;a")
    assert _problems(course, data) == [(4, "bad_date")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(None, "empty")]),
        (b"\xef\xbb\xbf\r\n\r\n", [(None, "empty")]),
        (_file(HEADER), [(None, "empty")]),
        (_file("Teilnehmer-Nr;Datum", "1;16.11.2026"), [(1, "missing_columns")]),
        (_file("Nachname;Vorname;Datum;Status", "Haddad;Amal;16.11.2026;a"), [(1, "missing_columns")]),
        (_file("Teilnehmer-Nr,Datum,Status", "1,16.11.2026,a"), [(1, "missing_columns")]),  # commas
        (_file("Datum;Tag;Status;Teilnehmer-Nr", "x"), [(1, "duplicate_column")]),
        ("Teilnehmer-Nr;Nachname;Datum;Status\r\n1;Müller;16.11.2026;a\r\n".encode("latin-1"), [(None, "encoding")]),
    ],
    ids=["empty", "blank-lines", "header-only", "no-status", "no-birth-date", "commas", "twice", "latin-1"],
)
def test_files_that_cannot_be_read(course, data, expected):
    assert _problems(course, data) == expected


def test_a_latin_1_file_is_refused_without_writing(personas, login, course, amal):
    data = _file(HEADER, f"{amal.pk};Haddad;Amal;17.05.1990;{_day(0)};anwesend – Übung", encoding="cp1252")
    response = _upload(login(personas.vhs), course, data)
    assert response.status_code == 200
    assert [p.code for p in response.context["check"].problems] == ["encoding"]
    assert not AttendanceRecord.objects.exists()


def test_too_many_rows(course, amal):
    rows = [f"{amal.pk};;;;{_day(0)};a"] * (MAX_ROWS + 1)
    assert _problems(course, _file(HEADER, *rows)) == [(None, "too_many_rows")]


def test_one_bad_row_and_nothing_is_written(personas, login, course, amal):
    data = _file(HEADER, f"{amal.pk};;;;{_day(0)};a", f"{amal.pk};;;;{_day(1)};a", f"{amal.pk};;;;{_day(2)};?")
    response = _upload(login(personas.vhs), course, data)
    assert response.status_code == 200
    assert [(p.line, p.code) for p in response.context["check"].problems] == [(4, "unknown_status")]
    assert "import-problems" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


# Importing again


def test_the_same_file_twice_changes_nothing(personas, course, amal):
    data = _file(HEADER, *[f"{amal.pk};;;;{_day(d)};a" for d in range(5)])
    first = _run(personas, course, data)
    recorded_at = sorted(AttendanceRecord.objects.values_list("recorded_at", flat=True))
    second = _run(personas, course, data)
    assert (first.created, first.changed, first.unchanged) == (5, 0, 0)
    assert (second.created, second.changed, second.unchanged) == (0, 0, 5)
    assert sorted(AttendanceRecord.objects.values_list("recorded_at", flat=True)) == recorded_at
    assert not AttendanceCorrection.objects.exists()


def test_a_changed_status_in_a_reimport_is_a_correction(personas, course, amal):
    _run(personas, course, _file(HEADER, f"{amal.pk};;;;{_day(0)};a", f"{amal.pk};;;;{_day(1)};a"))
    before = AttendanceRecord.objects.get(day=MONDAY).recorded_at
    result = _run(personas, course, _file(HEADER, f"{amal.pk};;;;{_day(0)};u", f"{amal.pk};;;;{_day(1)};a"))
    assert (result.created, result.changed, result.unchanged) == (0, 1, 1)
    record = AttendanceRecord.objects.get(day=MONDAY)
    assert record.status == "unexcused"
    assert record.recorded_at > before  # the nightly scan sees the new unexcused day
    correction = AttendanceCorrection.objects.get()
    assert (correction.record, correction.old_status, correction.new_status) == (record, "present", "unexcused")
    assert (correction.changed_by, correction.source) == (personas.vhs, "import")


# The export


def _export(client, course, **params) -> tuple[object, bytes]:
    response = client.get(reverse("courses:attendance_export", args=[course.pk]), params)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    return response, body


def test_the_export_writes_the_import_format_and_escapes_formulas(personas, login, course, enrol, amal):
    sneaky = enrol(course, '=HYPERLINK("https://example.org";"x")', "@Nora", birth_date=date(1999, 12, 31))
    vhs = personas.vhs, personas.membership("vhs")
    attendance_set(actor=vhs[0], membership=vhs[1], enrolment=amal, day=MONDAY, status="present")
    attendance_set(actor=vhs[0], membership=vhs[1], enrolment=sneaky, day=MONDAY, status="excused")
    response, body = _export(login(personas.vhs), course)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    header, *lines = body.decode("utf-8-sig").splitlines()
    assert header == HEADER
    assert sorted(lines) == [
        f"{amal.pk};Haddad;Amal;17.05.1990;{_day(0)};anwesend",
        f'{sneaky.pk};"\'=HYPERLINK(""https://example.org"";""x"")";\'@Nora;31.12.1999;{_day(0)};entschuldigt',
    ]


def test_export_then_import_changes_nothing(personas, login, course, enrol, amal):
    sneaky = enrol(course, '=HYPERLINK("https://example.org")', "-Nora", birth_date=date(1999, 12, 31))
    vhs = personas.vhs, personas.membership("vhs")
    for day in range(5):
        for enrolment, status in ((amal, "present"), (sneaky, ["excused", "unexcused"][day % 2])):
            attendance_set(
                actor=vhs[0], membership=vhs[1], enrolment=enrolment, day=MONDAY + timedelta(days=day), status=status
            )
    client = login(personas.vhs)
    _response, body = _export(client, course)
    check = _check(course, body)
    assert check.ok, check.problems
    result = _run(personas, course, body)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 10)
    # The rows by name alone (Teilnehmer-Nr emptied) find the same people, the formula one included.
    by_name = "\r\n".join(";" + line.split(";", 1)[1] for line in body.decode("utf-8-sig").splitlines())
    result = _run(personas, course, by_name.encode())
    assert (result.created, result.changed, result.unchanged) == (0, 0, 10)
    response = _upload(client, course, body)
    assert response.status_code == 302
    assert not AttendanceCorrection.objects.exists()


def test_the_export_range(personas, login, course, amal):
    vhs = personas.vhs, personas.membership("vhs")
    for day in range(3):
        attendance_set(
            actor=vhs[0], membership=vhs[1], enrolment=amal, day=MONDAY + timedelta(days=day), status="present"
        )
    client = login(personas.vhs)
    _response, body = _export(client, course, **{"from": _day(1), "to": (MONDAY + timedelta(days=1)).isoformat()})
    assert body.decode("utf-8-sig").splitlines()[1:] == [f"{amal.pk};Haddad;Amal;17.05.1990;{_day(1)};anwesend"]
    response, _body = _export(client, course, **{"from": "gestern"})
    assert response.status_code == 400


def test_the_import_page_explains_the_format(personas, login, course):
    response = login(personas.vhs).get(reverse("courses:attendance_import", args=[course.pk]))
    assert response.status_code == 200
    assert response.context["status_words"][0][1][:2] == ("anwesend", "a")
    assert 'enctype="multipart/form-data"' in response.content.decode()


def _week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def test_a_participant_number_in_unicode_digits_is_a_bad_row_not_a_crash(personas, login, course, enrol):
    enrol(course)
    data = f"{HEADER}\n²;Haddad;Amal;17.05.1990;{MONDAY:%d.%m.%Y};anwesend\n".encode()
    upload = SimpleUploadedFile("anwesenheit.csv", data, content_type="text/csv")
    response = login(personas.vhs).post(reverse("courses:attendance_import", args=[course.pk]), {"file": upload})
    assert response.status_code == 200
    assert not AttendanceRecord.objects.exists()
