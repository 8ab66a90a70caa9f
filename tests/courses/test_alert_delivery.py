"""No alert and no e-mail is lost: with the broker unreachable and the mail server failing, the scan still saves the
alert and its e-mail; once both are back, a real worker sends the e-mail, exactly once."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from agencies.models import OutboundEmail
from agencies.tasks import outbox_relay
from courses.models import Alert, AttendanceRecord
from ewg.celery import app
from tests.celery_worker import ROOT, database_url, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]
CLOSED_PORT = "127.0.0.1:9"  # discard: nothing listens there


class FailingSMTP:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def run_scans_with_broker_down(tmp_path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ewg.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://{CLOSED_PORT}/0",
        "EMAIL_URL": f"smtp://{CLOSED_PORT}",
        "EWG_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "run_scans"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_alert_saved_with_broker_and_smtp_down_and_mailed_once_after_recovery(
    worker, tmp_path, settings, personas, make_case, make_course, make_entitlement, make_enrolment
):
    queue, lines = worker
    # run_scans runs in a process of its own, on the machine's clock (so does this test): the dates are counted
    # from the machine's today, not written down.
    today = timezone.localdate()
    case = make_case("beratung", family_name="Rohrammer")
    course = make_course(
        weekdays=[1, 2, 3, 4, 5, 6, 7], starts_on=today - timedelta(weeks=8), ends_on=today + timedelta(weeks=20)
    )
    slip = make_entitlement(case.person, issuer="jobcenter", issued_on=today - timedelta(weeks=10))
    enrolment = make_enrolment(case.person, course, entitlement=slip, registered_on=today - timedelta(weeks=9))
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(
            enrolment=enrolment, day=today - timedelta(days=offset), status="unexcused", recorded_by=personas.vhs,
            recorded_at=timezone.now() - timedelta(hours=2),
        )
        for offset in range(4)
    )  # fmt: skip

    finished = run_scans_with_broker_down(tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert "non_attendance: 1" in finished.stdout
    alert = Alert.objects.get()
    email = OutboundEmail.objects.get()
    assert (email.to, email.sent_at, email.attempts) == ("jobcenter@rheine.example", None, 0)
    assert str(alert.pk) in email.body

    # The broker is back, the mail server is not: the periodic relay tries, fails, and keeps the e-mail.
    settings.EMAIL_BACKEND = f"{__name__}.FailingSMTP"
    assert outbox_relay() == 0
    email.refresh_from_db()
    assert (email.sent_at, email.attempts) == (None, 1)

    # Both are back: the worker's relay sends it once; a second relay and a redelivered task send nothing more.
    OutboundEmail.objects.filter(pk=email.pk).update(available_at=timezone.now())
    app.send_task("agencies.tasks.outbox_relay", queue=queue)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, seconds=30, lines=lines)
    app.send_task("agencies.tasks.outbox_relay", queue=queue)
    app.send_task("agencies.tasks.outbox_send", args=[email.pk], queue=queue)
    link = f"/cases/alerts/{alert.pk}/"
    wait_for(lambda: sum("outbox_send" in line and "succeeded" in line for line in lines) >= 1, seconds=30, lines=lines)
    email.refresh_from_db()
    assert email.attempts == 2
    assert sum(link in line for line in lines) == 1  # the console mail backend printed the body once
