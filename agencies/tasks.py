"""Thin tasks: load by id, call the service."""

from celery import shared_task

from agencies.outbox import email_deliver, emails_relay

# Ends a mail task well within the outbox's lease (agencies.outbox.LEASE), so that no attempt outlives its claim.
# The relay stops taking rows after its budget, so this bounds one last send, not the sweep.
MAIL_TIME_LIMITS = {"soft_time_limit": 4 * 60, "time_limit": 5 * 60}


@shared_task(acks_late=True, ignore_result=True, **MAIL_TIME_LIMITS)
def outbox_send(email_id: int) -> bool:
    return email_deliver(email_id=email_id)


@shared_task(acks_late=True, ignore_result=True, **MAIL_TIME_LIMITS)
def outbox_relay() -> int:
    """Periodic sweep: sends what the on-commit relay missed (broker down, worker lost, SMTP failure)."""
    return emails_relay()


@shared_task(acks_late=True, ignore_result=True)
def submissions_expire_nightly() -> int:
    from agencies.submissions import submissions_expire

    return submissions_expire()


@shared_task(acks_late=True, ignore_result=True)
def sessions_expire_nightly() -> int:
    from agencies.sessions import sessions_expire

    return sessions_expire()
