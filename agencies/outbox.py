"""The e-mail outbox: mail is written to the database in the caller's transaction and relayed afterwards.

Nothing is lost when Redis or the mail server is down: the row stays pending and the periodic relay retries it
with growing pauses, up to OUTBOX_MAX_ATTEMPTS.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from agencies.models import OutboundEmail

log = logging.getLogger(__name__)


def email_enqueue(*, to: str, subject: str, body: str) -> OutboundEmail:
    return emails_enqueue([(to, subject, body)])[0]


def emails_enqueue(messages: list[tuple[str, str, str]]) -> list[OutboundEmail]:
    """Write (to, subject, body) messages in one insert; relay each after commit."""
    now = timezone.now()
    emails = OutboundEmail.objects.bulk_create(
        [OutboundEmail(to=to, subject=subject, body=body, available_at=now) for to, subject, body in messages]
    )

    def relay() -> None:
        from agencies.tasks import outbox_send

        for email in emails:
            outbox_send.delay(email.pk)

    # robust: a broker outage must not fail the request; the periodic relay picks the rows up later.
    if emails:
        transaction.on_commit(relay, robust=True)
    return emails


def email_deliver(*, email_id: int) -> bool:
    """Send one pending e-mail. Returns whether it was sent now. Safe to call twice (the row lock decides)."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]).send()
        except Exception as error:
            log.warning("outbox e-mail %s failed (attempt %s): %s", email.pk, email.attempts, error)
            email.last_error = str(error)[:2000]
            email.available_at = timezone.now() + timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "available_at"])
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def pending_email_ids(*, limit: int = 200) -> list[int]:
    return list(
        OutboundEmail.objects.filter(
            sent_at__isnull=True,
            available_at__lte=timezone.now(),
            attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
        )
        .order_by("available_at")
        .values_list("pk", flat=True)[:limit]
    )
