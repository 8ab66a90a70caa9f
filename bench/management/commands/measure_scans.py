"""Measure the nightly non-attendance scan over one day's new window, at the loaded scale.

    manage.py measure_scans [--runs 5] [--day YYYY-MM-DD]

The window is one day, 00:00 to 24:00 Europe/Berlin: by default the last weekday before today on which unexcused
days were recorded (generate_courses records up to the evening before its --today; a Sunday's window would hold only
the weekend courses). After one warm-up run of each, `--runs` times: (a) the scan, `scan_non_attendance`, in a
transaction rolled back afterwards, so that every run raises the same alerts and writes the same outbox e-mails, and
(b) the bare SELECT alone, `non_attendance_breaches`. Prints median and max of both in ms, the ratio scan/bare, the
alerts raised, and the EXPLAIN (ANALYZE, BUFFERS) of the bare SELECT, flagged when it contains a Seq Scan on
cases_attendancerecord or reads more than 100,000 of its rows. The last line is the report as one JSON line.
Refused in production (the scan inserts alerts and e-mails, even if it rolls them back).
"""

import json
import os
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench import measure, plans
from courses.models import AttendanceAgreement, AttendanceRecord

TABLE = AttendanceRecord._meta.db_table
BIG_ROWS = 100_000
LOOK_BACK_DAYS = 60


class Command(BaseCommand):
    help = "Measures the nightly non-attendance scan over one day's window (scan rolled back vs. bare SELECT)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="measured runs of each (after one warm-up run)")
        parser.add_argument("--day", type=date.fromisoformat, default=None, help="the day whose window to scan")
        parser.add_argument(
            "--first-night",
            action="store_true",
            help="measure as if no scan had ever run (default: the nights of the 27 days before have run)",
        )

    def handle(self, *args, runs: int, day: date | None, first_night: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("The measurement raises alerts (rolled back); not in production.")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            from courses import scans
        except ImportError as error:
            raise CommandError(f"courses/scans.py cannot be imported yet: {error}") from error
        day = day or self._last_day()
        # Everything below is rolled back at the end: the measurement leaves no alert behind.
        with transaction.atomic():
            self._measure(scans, day, runs=runs, first_night=first_night)
            transaction.set_rollback(True)

    def _measure(self, scans, day: date, *, runs: int, first_night: bool) -> None:
        since, until = measure.midnight(day), measure.midnight(day + timedelta(days=1))
        window = {"since": since, "until": until}
        earlier = 0
        if not first_night:
            # A steady night: the 27 nights before have raised their alerts, which the day's scan must now skip.
            earlier = scans.scan_non_attendance(since=measure.midnight(day - timedelta(days=27)), until=since)

        self._scan(scans, window)  # warm-up: caches, plans
        scans.non_attendance_breaches(**window)
        scan_ms, bare_ms, raised = [], [], set()
        for _ in range(runs):
            elapsed, number = self._scan(scans, window)
            scan_ms.append(elapsed)
            raised.add(number)
            started = time.perf_counter()
            breaches = scans.non_attendance_breaches(**window)
            bare_ms.append((time.perf_counter() - started) * 1000)

        sql = getattr(scans, "NON_ATTENDANCE_BREACHES_SQL", None)
        report = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average": [round(load, 2) for load in os.getloadavg()],
            "database": connection.settings_dict["NAME"],
            "window": {"day": day.isoformat(), "since": since.isoformat(), "until": until.isoformat()},
            "data": self._data(window),
            "runs": runs,
            "scan_ms": {"median": round(statistics.median(scan_ms), 2), "max": round(max(scan_ms), 2)},
            "bare_ms": {"median": round(statistics.median(bare_ms), 2), "max": round(max(bare_ms), 2)},
            "ratio_scan_to_bare": round(statistics.median(scan_ms) / max(statistics.median(bare_ms), 1e-6), 2),
            "alerts_raised": sorted(raised),
            "alerts_of_earlier_nights": earlier,
            "breaches_found": len(breaches),
            "explain": self._explain(sql, {**window, "only": None}) if sql else None,
        }
        self.stdout.write(self._text(report))
        self.stdout.write(json.dumps(report, ensure_ascii=False, default=str))

    # --- The window -------------------------------------------------------------------------------------------------

    def _last_day(self) -> date:
        """The last weekday before today with unexcused days recorded on it (found through the scan's own index)."""
        day = timezone.localdate() - timedelta(days=1)
        for _ in range(LOOK_BACK_DAYS):
            if day.isoweekday() <= 5 and self._unexcused_recorded(
                measure.midnight(day), measure.midnight(day + timedelta(days=1))
            ):
                return day
            day -= timedelta(days=1)
        raise CommandError(f"No unexcused day recorded in the last {LOOK_BACK_DAYS} days: run generate_courses first.")

    @staticmethod
    def _unexcused_recorded(since: datetime, until: datetime) -> int:
        recorded = AttendanceRecord.objects.filter(recorded_at__gte=since, recorded_at__lt=until)
        return recorded.filter(status="unexcused").count()

    def _data(self, window: dict) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s AND relkind = 'r'", [TABLE])
            estimate = cursor.fetchone()
        return {
            "attendance_rows_estimate": estimate[0] if estimate else None,
            "agreements": AttendanceAgreement.objects.count(),
            "unexcused_recorded_in_window": self._unexcused_recorded(window["since"], window["until"]),
        }

    # --- Measuring --------------------------------------------------------------------------------------------------

    @staticmethod
    def _scan(scans, window: dict) -> tuple[float, int]:
        """One scan, rolled back: the alerts, their history rows and outbox e-mails are written and undone (the
        relay's on-commit hook never fires). The time is the scan's own, without the rollback."""
        with transaction.atomic():
            started = time.perf_counter()
            raised = scans.scan_non_attendance(**window)
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        return elapsed, raised

    @staticmethod
    def _explain(sql: str, window: dict) -> dict:
        figures, plan = plans.explain(sql, window)
        return {**figures, "flags": attendance_flags(plan), "plan": plans.plan_outline(plan)}

    # --- Report -----------------------------------------------------------------------------------------------------

    @staticmethod
    def _text(report: dict) -> str:
        data, scan, bare = report["data"], report["scan_ms"], report["bare_ms"]
        lines = [
            f"Non-attendance scan over {report['window']['day']} ({report['window']['since']} to "
            f"{report['window']['until']}), {report['runs']} runs after one warm-up; database {report['database']}, "
            f"about {data['attendance_rows_estimate'] or 0:,} attendance rows, {data['agreements']:,} agreements, "
            f"{data['unexcused_recorded_in_window']:,} unexcused days recorded in the window; load average "
            f"{', '.join(f'{load:.2f}' for load in report['load_average'])}.",
            "",
            "| | median ms | max ms |",
            "|---|---:|---:|",
            f"| scan (INSERT, history, outbox; rolled back) | {scan['median']:.1f} | {scan['max']:.1f} |",
            f"| bare SELECT | {bare['median']:.1f} | {bare['max']:.1f} |",
            "",
            f"Ratio scan/bare (medians): {report['ratio_scan_to_bare']:.2f}. Alerts raised per run: "
            f"{', '.join(map(str, report['alerts_raised']))}; breaches found by the SELECT: "
            f"{report['breaches_found']}; alerts of the 27 nights before (rolled back too): "
            f"{report['alerts_of_earlier_nights']}.",
        ]
        explain = report["explain"]
        if explain is None:
            lines.append("courses.scans exposes no NON_ATTENDANCE_BREACHES_SQL: no plan.")
        else:
            lines += [
                "",
                f"EXPLAIN (ANALYZE, BUFFERS) of the bare SELECT: {explain['execution_ms']} ms execution, "
                f"{explain['planning_ms']} ms planning, buffers hit/read "
                f"{explain['shared_hit_blocks']}/{explain['shared_read_blocks']}; "
                f"{'; '.join(explain['flags']) or 'no Seq Scan on ' + TABLE}.",
                "```",
                *explain["plan"],
                "```",
            ]
        return "\n".join(lines)


def attendance_flags(plan: dict) -> list[str]:
    """Any Seq Scan on the attendance table, and any other scan of it that reads more than 100,000 rows."""
    flags = []
    for _depth, node in plans.plan_nodes(plan):
        if node.get("Relation Name") != TABLE:
            continue
        loops = node.get("Actual Loops", 1)
        read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        if "Seq Scan" in node["Node Type"]:
            flags.append(f"Seq Scan on {TABLE} ({read:,} rows read)")
        elif read > BIG_ROWS:
            flags.append(f"{node['Node Type']} on {TABLE} reads {read:,} rows")
    return flags
