"""`manage.py run_schedule`: what `make run` without Redis runs at start instead of a worker and beat."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from agencies.management.commands.run_schedule import in_schedule_order
from reports.models import FigureRun

pytestmark = pytest.mark.django_db


def test_the_nightly_jobs_come_in_their_order_of_the_night_then_the_frequent_ones():
    names = [name for name, _entry in in_schedule_order(settings.CELERY_BEAT_SCHEDULE)]
    # 01:30, 02:00, 02:30, 03:00, 03:30, 04:00, 06:30 (working days)
    assert names[:7] == [
        "nightly-scans",
        "nightly-indicators",
        "nightly-figures",
        "nightly-sessions-expire",
        "nightly-submissions-expire",
        "nightly-retention",
        "morning-digest",
    ]
    assert set(names[7:]) == {"outbox-relay", "report-versions-resume"}


def test_every_job_of_the_schedule_runs_once_in_this_process():
    output = StringIO()
    call_command("run_schedule", stdout=output)
    ran = [line.split(":")[0] for line in output.getvalue().splitlines()]
    assert ran == [name for name, _entry in in_schedule_order(settings.CELERY_BEAT_SCHEDULE)]
    assert FigureRun.objects.count() == 1  # the figures were computed, not merely announced
