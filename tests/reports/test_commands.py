"""The command that computes the dashboard's figures now, as the nightly task does."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.models import FigureCell, FigureRun

pytestmark = pytest.mark.django_db


def test_compute_figures_makes_a_finished_run(personas, make_case):
    for _ in range(6):
        make_case("beratung")
    out = StringIO()
    today = timezone.localdate()
    call_command("compute_figures", "--today", today.isoformat(), stdout=out)
    run = FigureRun.objects.get()
    assert run.today == today
    assert run.finished_at is not None
    total = FigureCell.objects.get(run=run, figure="case_kinds", period=str(today.year), agency=None, key="")
    assert total.persons == 6
    assert not total.hidden
    assert f"{run.cells.count()} cells as of {today.isoformat()}" in out.getvalue()
