"""Record today's values of the computed indicators now (for operators and tests): `manage.py record_indicators`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from goals.indicators import indicators_record


class Command(BaseCommand):
    help = "Record today's values of the computed indicators (the nightly task, run now)."

    def handle(self, *args, **options):
        recorded = indicators_record(today=timezone.localdate())
        self.stdout.write(f"recorded: {recorded}")
