"""Batch scenarios, each against its own lower bound measured in the same run:

- the nightly non-attendance scan of one day against its bare SELECT (the scan also writes alerts, their history
  and e-mails, rolled back after each run);
- the committee report PDF of about 10 and 30 pages against the same texts laid out as plain blocks;
- the import of 1,000 attendance rows (check of the whole file, then the service's write with corrections) against
  a plain `bulk_create` of as many rows, both rolled back.
"""

import html
import statistics
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from agencies.models import User
from agencies.selectors import memberships_of
from bench import measure, plans
from courses.attendance_export import attendance_lines
from courses.attendance_import import check_attendance_file
from courses.models import AttendanceRecord, Course
from courses.services.attendance import attendance_apply

IMPORT_ROWS = 1_000
_FLIP = {"anwesend": "entschuldigt", "entschuldigt": "anwesend", "unentschuldigt": "anwesend"}


def _rolled_back(call):
    """Time one call inside a transaction that is rolled back afterwards (the rollback is not timed)."""
    with transaction.atomic():
        started = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return elapsed


def _repeat(call, runs: int) -> list[float]:
    call()  # warm-up
    return [call() for _ in range(runs)]


def _entry(scenario: str, label: str, values: list[float], bound: list[float], **extra) -> dict:
    figures = measure.summary(values)
    lower = statistics.median(bound)
    return {
        "scenario": scenario,
        "label": label,
        "kind": scenario,
        **figures,
        "lower_bound_ms": round(lower, 2),
        "ratio": round(figures["p50_ms"] / lower, 2) if lower else None,
        **extra,
    }


def scan_day(*, runs: int, tables: dict[str, float]) -> dict:
    """The scan of the last weekday with unexcused days recorded, as on a steady night."""
    from courses import scans

    day = timezone.localdate() - timedelta(days=1)
    for _ in range(60):
        recorded = AttendanceRecord.objects.filter(
            recorded_at__gte=measure.midnight(day), recorded_at__lt=measure.midnight(day + timedelta(days=1))
        )
        if day.isoweekday() <= 5 and recorded.filter(status="unexcused").exists():
            break
        day -= timedelta(days=1)
    window = {"since": measure.midnight(day), "until": measure.midnight(day + timedelta(days=1))}
    with transaction.atomic():
        # The earlier nights first, as the nightly scans would have run them.
        scans.scan_non_attendance(since=measure.midnight(day - timedelta(days=27)), until=window["since"])
        scan = _repeat(lambda: _rolled_back(lambda: scans.scan_non_attendance(**window)), runs)
        bare = _repeat(lambda: _timed(lambda: scans.non_attendance_breaches(**window)), runs)
        figures, plan = plans.explain(scans.NON_ATTENDANCE_BREACHES_SQL, {**window, "only": None})
        transaction.set_rollback(True)
    return _entry(
        "scan", f"Nightly non-attendance scan of {day:%d.%m.%Y}", scan, bare,
        sql_ms=figures["execution_ms"], rows_read=measure.rows_read(plan), seq_scans=measure.seq_scans(plan, tables),
        queries=None, peak_kib=None,
    )  # fmt: skip


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _plain(content: dict) -> str:
    """The texts of a frozen report as plain blocks: one paragraph per text, no tables, no web fonts."""
    texts = [content["header"]["subject"], content["proposal_html"]]
    for section in content["sections"]:
        texts += [section["title"], section["html"]]
    for annex in content["annexes"]:
        texts.append(annex["title"])
        for row in annex.get("rows", []):
            cells = row.get("cells", row) if isinstance(row, dict) else row
            texts.append(" · ".join(cell["text"] if isinstance(cell, dict) else str(cell) for cell in cells))
    body = "".join(f"<p>{text if text.lstrip().startswith('<') else html.escape(str(text))}</p>" for text in texts)
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>x</title></head><body>{body}</body></html>'
    )


def report_pdf(*, pages: int, runs: int) -> dict:
    from bench.management.commands.measure_report_pdf import synthetic_content
    from ewg.pdf import render_pdf
    from reports.rendering import render

    content = synthetic_content(pages)
    made = {}

    def full():
        made["pdf"], made["pages"] = render(content)

    rendered = _repeat(lambda: _timed(full), runs)
    plain_html = _plain(content)
    plain = _repeat(lambda: _timed(lambda: render_pdf(plain_html)), runs)
    return _entry(
        f"pdf_{pages}", f"Committee report PDF, {made['pages']} pages", rendered, plain,
        pages=made["pages"], pages_per_second=round(made["pages"] / (statistics.median(rendered) / 1000), 1),
        queries=0, sql_ms=0, rows_read=0, seq_scans=[], peak_kib=None,
    )  # fmt: skip


def attendance_import(*, runs: int) -> dict | None:
    """1,000 recorded days of the course with most of them, each status changed, imported as course software
    writes the file."""
    course = (
        Course.objects.filter(provider__short_name="vhs")
        .annotate(days=Count("enrolments__attendance"))
        .filter(days__gte=IMPORT_ROWS)
        .order_by("-days", "pk")
        .first()
    )
    if course is None:
        return None
    staff = User.objects.get(username="vhs")
    membership = memberships_of(staff)[0]
    lines = list(attendance_lines(course, course.starts_on, course.ends_on))
    header, rows = lines[0], lines[1 : IMPORT_ROWS + 1]
    flipped = [
        ";".join([*line.rstrip("\r\n").split(";")[:-1], _FLIP[line.rstrip("\r\n").split(";")[-1]]]) for line in rows
    ]
    data = (header + "\r\n".join(flipped) + "\r\n").encode("utf-8")
    today = timezone.localdate()

    def service():
        check = check_attendance_file(course=course, data=data, today=today)
        if not check.ok:
            raise RuntimeError(f"the import file is refused: {check.problems[:3]}")
        attendance_apply(actor=staff, membership=membership, course=course, rows=check.rows)

    keys = [(int(line.split(";")[0]), line.split(";")[4]) for line in rows]

    def bulk():
        chosen = list(
            AttendanceRecord.objects.filter(enrolment__course=course).order_by("enrolment_id", "day")[:IMPORT_ROWS]
        )
        AttendanceRecord.objects.filter(pk__in=[record.pk for record in chosen]).delete()
        for record in chosen:
            record.pk = None
        started = time.perf_counter()
        AttendanceRecord.objects.bulk_create(chosen, batch_size=IMPORT_ROWS)
        return (time.perf_counter() - started) * 1000

    imported = _repeat(lambda: _rolled_back(service), runs)

    def bulk_rolled_back():
        with transaction.atomic():
            elapsed = bulk()
            transaction.set_rollback(True)
        return elapsed

    bound = _repeat(bulk_rolled_back, runs)
    with transaction.atomic():
        figures = measure.one_run(service, measure.table_rows())
        transaction.set_rollback(True)
    return _entry(
        "import", f"CSV import of {len(keys)} attendance rows", imported, bound,
        **{key: figures[key] for key in ("queries", "sql_ms", "rows_read", "seq_scans", "peak_kib")},
    )  # fmt: skip
