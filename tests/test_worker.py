"""A real Celery worker, started as its own process against the real Redis, runs a task end to end."""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils.timezone import now

from agencies.models import OutboundEmail
from ewg.celery import app

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # This process runs tasks eagerly; sending to the broker explicitly is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    queue = f"ewg-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ewg.settings",
        "DATABASE_URL": database_url(),  # the test database, where this test commits its rows
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "EWG_VAR_DIR": str(tmp_path_factory.mktemp("worker")),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ewg", "worker", "--pool", "solo", "--loglevel", "INFO",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    deadline = time.monotonic() + 60
    while not any(" ready." in line for line in lines):
        assert process.poll() is None, "worker exited:\n" + "".join(lines)
        assert time.monotonic() < deadline, "worker did not start:\n" + "".join(lines)
        time.sleep(0.2)
    yield queue, lines
    process.terminate()
    process.wait(timeout=30)


def wait_for(predicate, *, seconds: float, lines: list[str]):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out; worker log:\n" + "".join(lines)
        time.sleep(0.2)


def test_worker_sends_a_queued_email(worker):
    queue, lines = worker
    # Written directly: email_enqueue would relay in this process, where tasks run eagerly.
    email = OutboundEmail.objects.create(
        to="abh@rheine.example", subject="Meldung", body="Nicht ordnungsgemäße Teilnahme", available_at=now()
    )
    app.send_task("agencies.tasks.outbox_send", args=[email.pk], queue=queue)

    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, seconds=30, lines=lines)
    email.refresh_from_db()
    assert email.attempts == 1
    # The worker's mail backend (console, in the embedded default) printed the message it sent.
    wait_for(lambda: any("Subject: Meldung" in line for line in lines), seconds=10, lines=lines)


def test_periodic_relay_picks_up_what_was_never_queued(worker):
    queue, lines = worker
    # Written while the broker was "down": no task was ever queued for it.
    email = OutboundEmail.objects.create(to="vhs@rheine.example", subject="Nachtrag", body="…", available_at=now())
    app.send_task("agencies.tasks.outbox_relay", queue=queue)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, seconds=30, lines=lines)
