"""Run the nightly scans now (for operators and tests): `manage.py run_scans`."""

from django.core.management.base import BaseCommand

from courses.scans import run_scans


class Command(BaseCommand):
    help = "Run the nightly scans now: non-attendance, no course within 8 weeks, not started, slips expiring."

    def handle(self, *args, **options):
        for kind, number in run_scans().items():
            self.stdout.write(f"{kind}: {number}")
