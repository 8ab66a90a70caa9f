"""The lease a worker holds on the report version it renders.

A worker that dies mid-render (killed, out of memory, its machine gone) leaves its version "being generated". The
lease says until when a living worker vouches for the version: the worker renews it at each progress step and, from a
heartbeat thread, every few seconds in between (laying out a long report is one long step). Once the lease has run
out, the next task for the version or the periodic sweep takes it over (reports.services.version_render), and the
version gets a new render token. A worker whose token was replaced lost the version: it stops at its next progress
step, and what it would store is dropped, so the new owner's result stands.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from reports.models import ReportVersion, VersionStatus

logger = logging.getLogger(__name__)

RENEWALS_PER_LEASE = 6  # a few renewals may be late or fail (a busy database) before the lease runs out


class LeaseLost(Exception):
    """Another worker took the version over: this one stops and stores nothing."""


def expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.REPORT_RENDER_LEASE_SECONDS)


def abandoned(now: datetime) -> Q:
    """Versions being generated whose worker no longer renews its lease (none: rendering began before leases)."""
    return Q(status=VersionStatus.RENDERING) & (Q(lease_until__lt=now) | Q(lease_until=None))


def owned(version_id: int, token: UUID) -> QuerySet[ReportVersion]:
    """The version, as long as the worker holding `token` still renders it."""
    return ReportVersion.objects.filter(pk=version_id, status=VersionStatus.RENDERING, render_token=token)


def _renew_every_few_seconds(version_id: int, token: UUID, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.REPORT_RENDER_LEASE_SECONDS / RENEWALS_PER_LEASE):
            try:
                # One statement in autocommit: the row is locked only for that moment, never while the worker waits.
                owned(version_id, token).update(lease_until=expiry())
            except Exception:  # the next beat tries again; a lease that runs out is taken over, which is safe
                logger.exception("renewing the lease on report version %s failed", version_id)
    finally:
        connection.close()  # this thread's own connection


@contextmanager
def kept(version_id: int, token: UUID) -> Iterator[None]:
    """Renew the lease in the background while the body runs."""
    stop = threading.Event()
    beat = threading.Thread(
        target=_renew_every_few_seconds, args=(version_id, token, stop), name=f"lease-{version_id}", daemon=True
    )
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()
