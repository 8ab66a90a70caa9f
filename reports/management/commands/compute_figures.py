"""Compute the dashboard's figures now, as the nightly task does.

manage.py compute_figures [--today 2026-11-25]
"""

import time
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.aggregation import figures_compute


class Command(BaseCommand):
    help = "Compute the dashboard's figures now (the nightly task does it at 02:30)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="the day to compute as of (ISO)")

    def handle(self, *args, today, **options):
        started = time.perf_counter()
        run = figures_compute(today=today or timezone.localdate())
        self.stdout.write(f"{run.cells.count()} cells as of {run.today} in {time.perf_counter() - started:.1f} s")
