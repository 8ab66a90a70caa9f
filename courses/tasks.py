"""Thin tasks: call the service."""

from celery import shared_task

from courses.scans import run_scans


@shared_task(acks_late=True, ignore_result=True)
def scans_run_nightly() -> dict[str, int]:
    """Idempotent: each scan continues from its last recorded window, and the unique constraints decide."""
    return run_scans()
