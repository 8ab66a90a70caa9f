"""The e-mail outbox: mail is written to the database in the caller's transaction and relayed afterwards.

Nothing is lost when Redis or the mail server is down: the row stays pending and the periodic relay retries it
with growing pauses, up to OUTBOX_MAX_ATTEMPTS; then it is abandoned, shown to the administrators of its agency
(who may send it again) and reported by /healthz as "degraded".

One attempt is three steps, so that no transaction is open while the mail server is talked to:
1. claim: lock the row, count the attempt and push `available_at` out by the lease, commit;
2. send, with the row's own Message-ID;
3. record the outcome (sent, or the error and the back-off), if the attempt is still ours.
A process that dies between 2 and 3 leaves the attempt counted; after the lease the row is sent again with the same
Message-ID, which lets the mail servers downstream recognise the copy. The lease keeps a second relay away meanwhile.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from agencies.models import Agency, Membership, OutboundEmail, User
from agencies.permissions import ACCOUNTS_MANAGE, require
from ewg.history import save_with_history

log = logging.getLogger(__name__)

# Far longer than one send can take (EMAIL_TIMEOUT bounds each of its SMTP steps; the mail tasks' time limit, in
# agencies.tasks, ends the process well before): no second relay sends while the first may still be sending.
LEASE = timedelta(minutes=15)
# The periodic relay stops taking new rows after this long, so that sweeps behind a slow mail server do not pile up.
RELAY_BUDGET_SECONDS = 50
INTERRUPTED = "The attempt ended without an answer (the sending process stopped)."


# What a sent mail that held a sign-in link keeps of its body: the link is spent for anyone reading the outbox.
LINK_REMOVED = "(The link of this e-mail was removed from the outbox once the e-mail was sent.)"


def email_enqueue(*, to: str, subject: str, body: str, agency: Agency | None, purpose: str = "") -> OutboundEmail:
    return emails_enqueue([(to, subject, body, agency)], purpose=purpose)[0]


def emails_enqueue(messages: list[tuple[str, str, str, Agency | None]], *, purpose: str = "") -> list[OutboundEmail]:
    """Write (to, subject, body, agency) messages in one insert; relay each after commit. The agency is the one the
    mail concerns: its administrators see the mail if it cannot be delivered."""
    now = timezone.now()
    emails = bulk_create_with_history(
        [
            OutboundEmail(to=to, subject=subject, body=body, agency=agency, available_at=now, purpose=purpose)
            for to, subject, body, agency in messages
        ],
        OutboundEmail,
    )
    if emails:
        _relay_after_commit([email.pk for email in emails])
    return emails


def _relay_after_commit(email_ids: list[int]) -> None:
    def relay() -> None:
        from agencies.tasks import outbox_send

        for email_id in email_ids:
            outbox_send.delay(email_id)

    # robust: a broker outage must not fail the request; the periodic relay picks the rows up later.
    transaction.on_commit(relay, robust=True)


def email_deliver(*, email_id: int) -> bool:
    """One attempt at a pending e-mail. Returns whether it was sent now. Safe to call twice (the claim decides)."""
    email = email_claim(email_id=email_id)
    if email is None:
        return False
    try:
        email_send(email)
    except Exception as error:
        log.warning("outbox e-mail %s failed (attempt %s): %s", email.pk, email.attempts, error)
        email_record_failure(email, error=error)
        return False
    email_record_sent(email)
    return True


def email_claim(*, email_id: int) -> OutboundEmail | None:
    """Step 1: the row, with this attempt counted and committed, or None when it is not due, sent, abandoned or
    being sent by someone else. A row whose last allowed attempt never reported back is abandoned here."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, abandoned_at__isnull=True, available_at__lte=now)
            .first()
        )
        if email is None:
            return None
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.abandoned_at = now
            email.last_error = email.last_error or INTERRUPTED
            email.save(update_fields=["abandoned_at", "last_error"])
            log.error("outbox e-mail %s abandoned: its last attempt never reported back", email.pk)
            return None
        email.attempts += 1
        email.available_at = now + LEASE
        email.save(update_fields=["attempts", "available_at"])
    return email


def email_send(email: OutboundEmail) -> None:
    """Step 2, outside any transaction: the same Message-ID on every attempt."""
    EmailMessage(
        email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], headers={"Message-ID": email.message_id}
    ).send()


def email_record_sent(email: OutboundEmail) -> None:
    """Step 3 after a send: the mail has left, whoever holds the attempt now."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=email.pk, sent_at__isnull=True).first()
        if row is None:
            return
        row.sent_at = timezone.now()
        row.abandoned_at = None
        row.last_error = ""
        fields = ["sent_at", "abandoned_at", "last_error"]
        if row.purpose == OutboundEmail.SIGN_IN_LINK:
            row.body = LINK_REMOVED
            fields.append("body")
        row.save(update_fields=fields)


def email_record_failure(email: OutboundEmail, *, error: Exception) -> None:
    """Step 3 after a failure: back off exponentially, or abandon after the last attempt. Nothing, if a later attempt
    has claimed the row meanwhile (its outcome counts)."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=email.pk, attempts=email.attempts, sent_at__isnull=True, abandoned_at__isnull=True)
            .first()
        )
        if row is None:
            return
        row.last_error = str(error)[:2000] or type(error).__name__
        if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            row.abandoned_at = now
            log.error("outbox e-mail %s abandoned after %s attempts", row.pk, row.attempts)
        else:
            row.available_at = now + timedelta(minutes=2**row.attempts)
        row.save(update_fields=["last_error", "abandoned_at", "available_at"])


def pending_email_ids(*, limit: int = 200) -> list[int]:
    """The rows due for an attempt, oldest first (including those whose last attempt was interrupted: the claim
    abandons them)."""
    return list(
        OutboundEmail.objects.filter(sent_at__isnull=True, abandoned_at__isnull=True, available_at__lte=timezone.now())
        .order_by("available_at")
        .values_list("pk", flat=True)[:limit]
    )


def emails_relay() -> int:
    """The periodic sweep: one attempt at each due row, until the time budget is spent. Returns how many were sent."""
    deadline = time.monotonic() + RELAY_BUDGET_SECONDS
    sent = 0
    for email_id in pending_email_ids():
        if time.monotonic() > deadline:
            break
        sent += email_deliver(email_id=email_id)
    return sent


def abandoned_email_count() -> int:
    """Abandoned and not sent again: what /healthz reports as "degraded"."""
    return OutboundEmail.objects.filter(abandoned_at__isnull=False).count()


@transaction.atomic
def email_resend(*, actor: User, acting: Membership, email: OutboundEmail) -> OutboundEmail:
    """An agency administrator sends an abandoned e-mail again: a fresh round of attempts, with the same Message-ID,
    recorded in the e-mail's history with the administrator's name."""
    if email.agency_id is None:
        raise ValidationError(_("You may not do this."))
    require(acting, ACCOUNTS_MANAGE, email.agency, user=actor)
    return _resend(email=email, actor=actor)


@transaction.atomic
def email_resend_as_system_administrator(*, actor: User, email: OutboundEmail) -> OutboundEmail:
    """The same from the system administration, also for mail that concerns no agency (a superuser's own)."""
    if not actor.is_superuser:
        raise ValidationError(_("You may not do this."))
    return _resend(email=email, actor=actor)


def _resend(*, email: OutboundEmail, actor: User) -> OutboundEmail:
    email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.abandoned_at is None:
        raise ValidationError(_("This e-mail is not waiting to be sent again."))
    email.abandoned_at = None
    email.attempts = 0
    email.available_at = timezone.now()
    save_with_history(
        email, actor=actor, reason="sent again", update_fields=["abandoned_at", "attempts", "available_at"]
    )
    _relay_after_commit([email.pk])
    return email
