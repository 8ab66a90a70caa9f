"""Run every job of the beat schedule once, now, in-process: what a night and a minute of beat would start.

`make run` without Redis has no worker and no beat; it calls this after `seed_demo`, so that the demo shows the
alerts of the nightly scans, today's indicator values and the dashboard's figures. The jobs are idempotent.
"""

import time

from celery.schedules import crontab
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ewg.celery import app


def in_schedule_order(schedule: dict) -> list[tuple[str, dict]]:
    """The nightly jobs in the order of their time of day (scans, indicators, figures), then the frequent ones
    (the outbox relay sends what the nightly ones wrote)."""

    def key(item):
        entry = item[1]["schedule"]
        if isinstance(entry, crontab):
            return (0, min(entry.hour), min(entry.minute))
        return (1, 0, 0)

    return sorted(schedule.items(), key=key)


class Command(BaseCommand):
    help = "Run every job of the beat schedule once now, in this process (the nightly scans, indicators, figures)."

    def handle(self, *args, **options):
        app.loader.import_default_modules()
        for name, entry in in_schedule_order(settings.CELERY_BEAT_SCHEDULE):
            task = app.tasks.get(entry["task"])
            if task is None:
                raise CommandError(f"The schedule names {entry['task']}, which is no registered task.")
            started = time.monotonic()
            result = task.apply()
            if result.failed():
                raise CommandError(f"{name} failed: {result.result!r}")
            self.stdout.write(f"{name}: {result.result} ({time.monotonic() - started:.1f} s)")
