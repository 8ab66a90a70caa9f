"""Thin tasks: load by id, call the service."""

from celery import shared_task
from django.utils import timezone

from reports.aggregation import figures_compute


@shared_task(acks_late=True, ignore_result=True)
def figures_compute_nightly() -> int:
    """A redelivered task computes one more run; the dashboard reads the latest, older runs are deleted."""
    return figures_compute(today=timezone.localdate()).pk


@shared_task(acks_late=True, ignore_result=True)
def figures_compute_on_demand(user_id: int) -> int:
    """A coordinator's "recompute now"; the run records who asked (None when the account is gone by then)."""
    from agencies.models import User

    return figures_compute(today=timezone.localdate(), requested_by=User.objects.filter(pk=user_id).first()).pk


@shared_task(acks_late=True, ignore_result=True)
def report_version_render(version_id: int) -> bool:
    from reports.services import version_render

    return version_render(version_id=version_id)


@shared_task(acks_late=True, ignore_result=True)
def report_versions_resume() -> int:
    """Periodic sweep: renders versions whose on-commit hand-over was lost (broker down when requested)."""
    from reports.services import version_render, versions_to_resume

    return sum(version_render(version_id=version_id) for version_id in versions_to_resume())
