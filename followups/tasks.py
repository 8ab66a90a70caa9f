"""Thin tasks: call the service."""

from celery import shared_task

from followups.digest import digest_send


@shared_task(acks_late=True, ignore_result=True)
def digest_send_morning() -> int:
    """Idempotent: a user's digest of the day is recorded under a unique constraint with its mail."""
    return digest_send()
