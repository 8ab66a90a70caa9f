"""CSV export of a course's attendance in the import's format, so that an export can be imported again unchanged.

Semicolon-separated, UTF-8 with a byte-order mark (spreadsheet programs read UTF-8 only with one), dates as
dd.mm.yyyy, status words as the import reads them. Streamed: a long course has thousands of rows.
"""

import csv
from collections.abc import Iterator
from datetime import date

from django.http import StreamingHttpResponse

from cases.models.persons import unrestricted
from courses.attendance_import import HEADER, STATUS_WORDS
from courses.models import Course
from courses.selectors import attendance_between
from ewg.spreadsheets import protect

STATUS_WORD = {status: words[0] for status, words in STATUS_WORDS.items()}
CHUNK_SIZE = 2000


class _Line:
    """csv.writer wants a file; this one hands each written line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def attendance_lines(course: Course, start: date, end: date) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(HEADER)
    records = (
        attendance_between(course, start, end)
        .filter(unrestricted(via="enrolment__person__"))  # a restricted person is missing here too (Art. 18 DSGVO)
        .order_by("enrolment__person__family_name", "enrolment__person__given_names", "enrolment_id", "day")
        .values_list(
            "enrolment_id",
            "enrolment__person__family_name",
            "enrolment__person__given_names",
            "enrolment__person__birth_date",
            "day",
            "status",
        )
    )
    for enrolment_id, family_name, given_names, birth_date, day, status in records.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(
            [
                enrolment_id,
                protect(family_name),
                protect(given_names),
                f"{birth_date:%d.%m.%Y}" if birth_date else "",
                f"{day:%d.%m.%Y}",
                STATUS_WORD[status],
            ]
        )


def attendance_export_response(*, course: Course, start: date, end: date) -> StreamingHttpResponse:
    response = StreamingHttpResponse(attendance_lines(course, start, end), content_type="text/csv; charset=utf-8")
    filename = f"anwesenheit-kurs-{course.pk}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
