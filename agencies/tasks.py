"""Thin tasks: load by id, call the service."""

from celery import shared_task

from agencies.outbox import email_deliver, pending_email_ids


@shared_task(acks_late=True, ignore_result=True)
def outbox_send(email_id: int) -> bool:
    return email_deliver(email_id=email_id)


@shared_task(acks_late=True, ignore_result=True)
def outbox_relay() -> int:
    """Periodic sweep: sends what the on-commit relay missed (broker down, worker lost, SMTP failure)."""
    sent = 0
    for email_id in pending_email_ids():
        sent += email_deliver(email_id=email_id)
    return sent


@shared_task(acks_late=True, ignore_result=True)
def submissions_expire_nightly() -> int:
    from agencies.submissions import submissions_expire

    return submissions_expire()
