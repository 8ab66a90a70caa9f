"""Thin tasks: call the service."""

from celery import shared_task

from privacy.retention import apply_retention


@shared_task(acks_late=True, ignore_result=True)
def retention_apply_nightly() -> dict[str, int]:
    """Idempotent: what was erased is not found again; an advisory lock keeps two runs apart."""
    return apply_retention()
