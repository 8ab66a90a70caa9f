"""Measure the nightly retention job at the loaded scale: one run for real, then a second one on the same day.

    manage.py measure_retention [--today YYYY-MM-DD]

The job erases for real, so run it on a copy of a benchmark database (`createdb -T ewg_bench_l ewg_bench_l_copy`).
Prints the persons due, the seconds of each run and what each run did; the last line is the report as JSON.
Refused in production.
"""

import json
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.models import AccessLog, Case, Person
from privacy.retention import apply_retention, persons_due


class Command(BaseCommand):
    help = "Runs the retention job twice at the loaded scale and reports the time of each run (erases for real)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today: date | None, **options):
        if settings.PRODUCTION:
            raise CommandError("The measurement erases records; not in production.")
        today = today or timezone.localdate()
        report = {
            "today": today.isoformat(),
            "persons": Person.objects.count(),
            "cases": Case.objects.count(),
            "access_log_rows": AccessLog.objects.count(),
        }
        started = time.perf_counter()
        report["persons_due"] = persons_due(today).count()
        report["seconds_due_query"] = round(time.perf_counter() - started, 2)
        for name in ("first_run", "second_run"):
            started = time.perf_counter()
            report[name] = apply_retention(today=today)
            report[f"seconds_{name}"] = round(time.perf_counter() - started, 1)
            self.stdout.write(f"{name}: {report[name]} in {report[f'seconds_{name}']} s")
        report["persons_left"] = Person.objects.count()
        self.stdout.write(json.dumps(report))
