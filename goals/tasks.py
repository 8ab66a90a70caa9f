"""Thin tasks: call the service."""

from celery import shared_task
from django.utils import timezone

from goals.indicators import indicators_record


@shared_task(acks_late=True, ignore_result=True)
def indicators_record_nightly() -> int:
    """Idempotent: the unique constraint (goal, day) decides, so a redelivered task records nothing twice."""
    return indicators_record(today=timezone.localdate())
