"""Demo: the dashboard's figures computed once over the seeded data (the nightly task keeps them current)."""

import logging

from django.db import connection
from django.utils import timezone

from reports.aggregation import figures_compute

logger = logging.getLogger(__name__)


def seed_figures() -> None:
    if connection.vendor != "postgresql":
        # The aggregation is PostgreSQL SQL (GROUPING SETS, percentile_cont); the embedded SQLite default shows the
        # dashboard without figures.
        logger.warning("dashboard figures need PostgreSQL; none computed on %s", connection.vendor)
        return
    figures_compute(today=timezone.localdate())
