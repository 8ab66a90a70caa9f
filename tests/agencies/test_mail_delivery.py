"""Mail delivery against a real SMTP server: one Message-ID per e-mail on every attempt, the attempt counted before
the server is asked, no second sender while one is sending, and mail abandoned after its last attempt."""

import threading
import time

import psycopg
import pytest
import time_machine
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from agencies import outbox
from agencies.models import OutboundEmail
from agencies.outbox import INTERRUPTED, LEASE, email_claim, email_deliver
from agencies.tasks import outbox_relay
from tests.factories import OutboundEmailFactory


def pending_email(**fields) -> OutboundEmail:
    return OutboundEmailFactory(agency=None, **fields)


def later(after):
    """The clock moved on, past a back-off or a lease."""
    return time_machine.travel(timezone.now() + after, tick=True)


@pytest.mark.django_db
def test_every_attempt_sends_the_same_message_id(smtp_server, settings):
    email = pending_email()
    assert email.message_id.endswith(f"@{settings.EMAIL_MESSAGE_ID_DOMAIN}>")
    smtp_server.refuse = "451 4.3.0 Try again later"
    assert not email_deliver(email_id=email.pk)
    smtp_server.refuse = None
    with later(LEASE):
        assert email_deliver(email_id=email.pk)
    assert [(item.accepted, item.message_id) for item in smtp_server.received] == [
        (False, email.message_id),
        (True, email.message_id),
    ]
    email.refresh_from_db()
    assert (email.attempts, email.last_error) == (2, "")


def terminate_on_accept(smtp_server) -> None:
    """Once the server has accepted the message, the delivering process loses its database connection: as if it
    were killed between the mail server's "250" and recording the e-mail as sent."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    conninfo = {key: params[key] for key in ("dbname", "user", "password", "host", "port") if params.get(key)}

    def terminate() -> None:
        with psycopg.connect(**conninfo, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    smtp_server.after_accept = terminate


@pytest.mark.django_db(transaction=True)
def test_a_crash_after_the_server_accepted_leaves_the_attempt_counted_and_the_resend_recognisable(smtp_server):
    email = pending_email()
    terminate_on_accept(smtp_server)
    with pytest.raises((OperationalError, InterfaceError)):
        email_deliver(email_id=email.pk)
    connection.close()
    smtp_server.after_accept = None

    email.refresh_from_db()
    assert (email.attempts, email.sent_at) == (1, None)  # counted before the server was asked
    assert email.available_at > timezone.now() + LEASE / 2  # the lease keeps the next attempt away for now
    assert not email_deliver(email_id=email.pk)
    assert outbox_relay() == 0

    with later(LEASE):
        assert outbox_relay() == 1
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.sent_at is not None
    # Sent twice, as one message: the same Message-ID lets the servers downstream recognise the copy.
    assert [item.message_id for item in smtp_server.accepted] == [email.message_id, email.message_id]


@pytest.mark.django_db(transaction=True)
def test_no_second_relay_sends_while_the_first_one_is_sending(smtp_server):
    email = pending_email()
    smtp_server.hold.clear()  # the server takes the message and does not answer yet
    outcome = []

    def first_relay() -> None:
        try:
            outcome.append(email_deliver(email_id=email.pk))
        finally:
            connection.close()

    first = threading.Thread(target=first_relay)
    first.start()
    try:
        assert smtp_server.holding.wait(10), "the first relay never reached the server"
        assert not email_deliver(email_id=email.pk)  # a redelivered task
        assert outbox_relay() == 0  # the periodic sweep
    finally:
        smtp_server.hold.set()
        first.join(30)
    assert outcome == [True]
    assert smtp_server.connections == 1
    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert (email.attempts, email.sent_at is not None) == (1, True)


@pytest.mark.django_db
def test_mail_refused_at_every_attempt_is_abandoned(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = pending_email()
    smtp_server.refuse = "550 5.1.1 Mailbox unavailable"
    for attempt in range(1, 4):
        with later(LEASE * attempt):
            assert not email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.attempts == 3
    assert email.abandoned_at is not None
    assert "Mailbox unavailable" in email.last_error
    with later(LEASE * 10):
        assert outbox_relay() == 0  # abandoned: no more attempts
    assert len(smtp_server.received) == 3


@pytest.mark.django_db
def test_a_last_attempt_that_never_reported_back_is_abandoned(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    email = pending_email()
    assert email_claim(email_id=email.pk) is not None  # claimed, then the worker died before sending
    with later(LEASE):
        assert outbox_relay() == 0
    email.refresh_from_db()
    assert (email.attempts, email.last_error) == (1, INTERRUPTED)
    assert email.abandoned_at is not None
    assert smtp_server.received == []


@pytest.mark.django_db
def test_the_relay_stops_taking_mail_when_its_time_is_spent(smtp_server, monkeypatch):
    """Behind a slow mail server a sweep ends on time, so that the sweeps of the next minutes do not pile up."""
    monkeypatch.setattr(outbox, "RELAY_BUDGET_SECONDS", 0.2)
    smtp_server.after_accept = lambda: time.sleep(0.3)  # a slow server
    emails = [pending_email() for _ in range(3)]
    assert outbox_relay() == 1
    attempts = OutboundEmail.objects.filter(pk__in=[email.pk for email in emails]).values_list("attempts", flat=True)
    assert sorted(attempts) == [0, 0, 1]
