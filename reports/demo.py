"""Demo: the dashboard's figures computed once over the seeded data (the nightly task keeps them current)."""

from django.utils import timezone

from reports.aggregation import figures_compute


def seed_figures() -> None:
    figures_compute(today=timezone.localdate())
