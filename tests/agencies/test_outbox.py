"""The e-mail outbox: written in the caller's transaction, relayed after commit, retried, bounded."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from agencies.models import OutboundEmail
from agencies.outbox import email_deliver, email_enqueue, pending_email_ids
from agencies.tasks import outbox_relay

pytestmark = pytest.mark.django_db


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                email_enqueue(to="a@example.org", subject="Betreff", body="Text", agency=None)
                raise RuntimeError("the surrounding write failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_committed_mail_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_enqueue(to="a@example.org", subject="Betreff", body="Text", agency=None)
    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.attempts == 1
    assert not email_deliver(email_id=email.pk)  # a second delivery (redelivered task) does nothing
    assert len(mail.outbox) == 1


def test_smtp_failure_keeps_the_mail_for_a_later_attempt(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    email = email_enqueue(to="a@example.org", subject="Betreff", body="Text", agency=None)
    assert not email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "unreachable" in email.last_error
    assert email.available_at > timezone.now()
    assert email.pk not in pending_email_ids()  # waits for its back-off

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=email.pk).update(available_at=timezone.now())
    assert outbox_relay() == 1
    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.last_error == ""


def test_attempts_are_bounded(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = email_enqueue(to="a@example.org", subject="Betreff", body="Text", agency=None)
    for _ in range(5):
        OutboundEmail.objects.filter(pk=email.pk).update(available_at=timezone.now())
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.attempts == 3
    assert email.abandoned_at is not None  # shown to the agency's administrators, reported by /healthz
    assert email.pk not in pending_email_ids()
