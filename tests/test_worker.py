"""A real Celery worker, started as its own process against the real Redis, runs a task end to end, taken from the
queue the product routes it to."""

import pytest
from django.utils.timezone import now

from agencies.models import OutboundEmail
from ewg.celery import app
from ewg.queues import MAIL, queue_names
from tests.celery_worker import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # This process runs tasks eagerly; sending to the broker explicitly is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_worker_started_without_queues_consumes_all_of_them(worker):
    queue, lines = worker
    banner = "".join(lines)
    assert all(f".> {name} " in banner for name in queue_names(queue).values()), banner


def test_worker_sends_a_queued_email(worker):
    queue, lines = worker
    # Written directly: email_enqueue would relay in this process, where tasks run eagerly.
    email = OutboundEmail.objects.create(
        to="abh@rheine.example", subject="Meldung", body="Nicht ordnungsgemäße Teilnahme", available_at=now()
    )
    app.send_task("agencies.tasks.outbox_send", args=[email.pk], queue=queue_names(queue)[MAIL])

    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, seconds=30, lines=lines)
    email.refresh_from_db()
    assert email.attempts == 1
    # The worker's mail backend (console, in the embedded default) printed the message it sent.
    wait_for(lambda: any("Subject: Meldung" in line for line in lines), seconds=10, lines=lines)


def test_periodic_relay_picks_up_what_was_never_queued(worker):
    queue, lines = worker
    # Written while the broker was "down": no task was ever queued for it.
    email = OutboundEmail.objects.create(to="vhs@rheine.example", subject="Nachtrag", body="…", available_at=now())
    app.send_task("agencies.tasks.outbox_relay", queue=queue_names(queue)[MAIL])
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, seconds=30, lines=lines)
