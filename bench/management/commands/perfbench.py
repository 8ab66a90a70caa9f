"""The benchmark suite: every scenario at a scale, against its lower bound, with the budgets as PASS/FAIL.

    manage.py perfbench --scale {S,M,L} [--runs 30] [--pdf-runs 30] [--load-seconds 60] [--no-load]

Use a database of its own per scale (`make bench` does): the generator loads it on the first run and later runs
reuse it. Writes var/bench/perfbench-<scale>.json and .md and prints the table. Refused in production.
"""

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from agencies.demo import DEMO_PASSWORD
from agencies.models import User
from agencies.selectors import memberships_of
from bench import batch, budgets, measure, pages
from cases.models import Case, Person
from cases.selectors import cases_visible_to
from courses.models import AttendanceRecord, Enrolment, Entitlement
from reports.aggregation import figures_compute, latest_run

SCALES = {"S": 1_000, "M": 20_000, "L": 200_000}  # cases
CASES_PER_PERSON = 1.1  # generate_cases' ratio
TOLERANCE = 0.1  # a database within 10 % of the scale's cases counts as loaded
# The judged load run: 16 people who click about once a second, far more often than anyone reading a case; the
# second run without pauses measures how many requests the server carries at most.
LOAD_THINK_SECONDS = 1.0


class Command(BaseCommand):
    help = "Benchmark suite: pages, scans, PDF, import and a load run, against their lower bounds and budgets."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--runs", type=int, default=30, help="timed runs per scenario (after 3 warm-up runs)")
        parser.add_argument("--pdf-runs", type=int, default=30, help="timed renders of each PDF")
        parser.add_argument("--load-seconds", type=int, default=60)
        parser.add_argument("--no-load", action="store_true", help="skip the gunicorn + locust load run")
        parser.add_argument("--output-dir", default="", help="default: var/bench")

    def handle(self, *args, scale, runs, pdf_runs, load_seconds, no_load, output_dir, **options):
        if settings.PRODUCTION:
            raise CommandError("The benchmark loads synthetic data and signs in as demo accounts; not in production.")
        started = time.monotonic()
        self._log(f"perfbench {scale}: {SCALES[scale]:,} cases")
        generated = self._load(scale)
        run = latest_run()
        if run is None or run.today != timezone.localdate():
            figures_compute(today=timezone.localdate())
        tables = measure.table_rows()

        self._log("pages ...")
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False,
                               ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):  # fmt: skip
            results = pages.measure_pages(pages.scenarios(), runs=runs, tables=tables)
        self._log("nightly scan ...")
        results.append(batch.scan_day(runs=runs, tables=tables))
        for size in (10, 30):
            self._log(f"report PDF, {size} pages ...")
            results.append(batch.report_pdf(pages=size, runs=pdf_runs))
        self._log("attendance import ...")
        imported = batch.attendance_import(runs=runs)
        if imported:
            results.append(imported)
        load = saturation = None
        if not no_load:
            load = self._load_run(load_seconds, think_seconds=LOAD_THINK_SECONDS)
            saturation = self._load_run(load_seconds, think_seconds=0)

        directory = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "bench"
        report = {
            "scale": scale,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average": [round(value, 2) for value in os.getloadavg()],
            "cpus": os.cpu_count(),
            "runs": runs,
            "pdf_runs": pdf_runs,
            "data": self._data(),
            "generation_s": generated,
            "results": results,
            "load": load,
            "load_saturation": saturation,
        }
        report["budgets"] = budgets.evaluate(report, others=budgets.other_scales(directory, scale))
        report["seconds"] = round(time.monotonic() - started, 1)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"perfbench-{scale}.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        text = budgets.markdown(report)
        (directory / f"perfbench-{scale}.md").write_text(text, encoding="utf-8")
        self.stdout.write(text)
        self.stdout.write(f"\nWritten to {directory}/perfbench-{scale}.json and .md in {report['seconds']} s")

    def _log(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    def _load(self, scale: str) -> float | None:
        """Generate the scale's data unless the database holds it already."""
        wanted = SCALES[scale]
        cases = Case.objects.count()
        if abs(cases - wanted) <= TOLERANCE * wanted and AttendanceRecord.objects.exists():
            self._log(f"using the {cases:,} cases already loaded")
            return None
        if cases:
            raise CommandError(
                f"The database holds {cases:,} cases, not about {wanted:,}: use an empty database for scale {scale}."
            )
        self._log("generating ...")
        started = time.monotonic()
        call_command("generate_cases", persons=round(wanted / CASES_PER_PERSON), stdout=self.stderr)
        call_command("seed_demo", stdout=self.stderr)  # demo courses, goals and reports for the page scenarios
        call_command("generate_courses", stdout=self.stderr)
        return round(time.monotonic() - started, 1)

    def _data(self) -> dict:
        return {
            "persons": Person.objects.count(),
            "cases": Case.objects.count(),
            "slips": Entitlement.objects.count(),
            "enrolments": Enrolment.objects.count(),
            "attendance_days": AttendanceRecord.objects.count(),
        }

    def _load_run(self, seconds: int, *, think_seconds: float) -> dict:
        from bench.load import run_load

        self._log(f"load run, {seconds} s, {think_seconds} s between clicks ...")
        user = User.objects.get(username="jobcenter")
        visible = cases_visible_to(user, memberships_of(user)[0]).order_by("-opened_on", "-id")
        ids = list(visible.values_list("pk", flat=True)[:200])
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db["PASSWORD"]:
            url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
        return run_load(database_url=url, username="jobcenter", password=DEMO_PASSWORD, case_ids=ids, seconds=seconds,
                        think_seconds=think_seconds)  # fmt: skip
