"""Who reaches the dashboard: the steering group and the coordinators read it and its exports; only coordinators
recompute the figures. Everyone else, the superuser without a membership included, gets 404 and starts nothing."""

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from reports.aggregation import figures_compute
from reports.dashboard import EXPORTABLE
from reports.models import FigureRun

pytestmark = pytest.mark.django_db

PERSONAS = ("beratung", "asyl", "abh", "jobcenter", "vhs", "sprachinstitut", "ehrenamt", "koordination", "lenkung",
            "jobcenter-admin", "datenschutz", "admin")  # fmt: skip
READERS = {"lenkung", "koordination"}
WRITERS = {"koordination"}
DASHBOARD_URLS = {"dashboard", "dashboard_export", "figures_refresh"}


@pytest.fixture
def eager():
    """Tasks run in this process, as ewg.settings_test says, whatever an earlier test left in the Celery app."""
    from ewg.celery import app

    before, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def run(personas):
    return figures_compute(today=timezone.localdate())


def gets() -> list[str]:
    urls = [reverse("reports:dashboard"), reverse("reports:dashboard") + "?period=1999&agency=x"]
    for name in EXPORTABLE:
        urls += [reverse("reports:dashboard_export", args=[name, fmt]) for fmt in ("csv", "xlsx")]
    return urls


def test_the_dashboard_urls_are_all_here():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "reports")
    names = {pattern.name for pattern in resolver.url_patterns}
    assert names >= DASHBOARD_URLS
    assert not {name for name in names if name.startswith(("dashboard", "figures"))} - DASHBOARD_URLS


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_and_the_exports(personas, login, run, persona):
    client = login(personas.users[persona])
    expected = 200 if persona in READERS else 404
    failures = [f"{url}: {status}" for url in gets() if (status := client.get(url).status_code) != expected]
    assert not failures, f"{persona}, expected {expected}:\n" + "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_recompute(personas, login, run, persona, eager, django_capture_on_commit_callbacks):
    client = login(personas.users[persona])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:figures_refresh"))
    if persona in WRITERS:
        assert response.status_code == 302
        assert FigureRun.objects.exclude(pk=run.pk).get().requested_by == personas.users[persona]
    else:
        assert response.status_code == 404
        assert list(FigureRun.objects.all()) == [run]
        assert client.get(reverse("reports:figures_refresh")).status_code == 404


def test_an_inactive_membership_reads_nothing(personas, login, run):
    membership = personas.membership("lenkung")
    membership.is_active = False
    membership.save()
    client = login(personas.lenkung)
    assert all(client.get(url).status_code == 404 for url in gets())


def test_anonymous_visitors_are_sent_to_the_login(login, run):
    client = login(None)
    for url in [*gets(), reverse("reports:figures_refresh")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
