"""Thin tasks: load by id, call the service."""

from celery import shared_task
from django.utils import timezone

from reports.aggregation import figures_compute


@shared_task(acks_late=True, ignore_result=True)
def figures_compute_nightly() -> int:
    """A redelivered task computes one more run; the dashboard reads the latest, older runs are deleted."""
    return figures_compute(today=timezone.localdate()).pk
