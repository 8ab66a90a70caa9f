"""The benchmark's page scenarios run a constant number of queries: the same for a small and a larger data set,
for every list and detail page and every user of the suite. The timings stay out of the tests."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies import demo
from bench import pages
from cases.models import Case
from reports.aggregation import figures_compute

pytestmark = pytest.mark.django_db


def query_counts() -> dict[tuple[str, str], int]:
    figures_compute(today=timezone.localdate())
    counts = {}
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        scenarios = pages.scenarios()
        clients = {username: pages.client_for(username) for username in {page.user for page in scenarios}}
        for page in scenarios:
            clients[page.user].get(page.url)  # warm: the first request of a session saves it
            with CaptureQueriesContext(connection) as captured:
                response = clients[page.user].get(page.url)
            assert response.status_code == page.expect, page.url
            counts[page.key, page.user] = len(captured)
    return counts


def test_every_page_of_the_suite_runs_the_same_queries_at_two_sizes():
    demo.seed()
    call_command("generate_cases", persons=40, seed=1, stdout=None)
    call_command("generate_courses", stdout=None)
    small_cases = Case.objects.count()
    small = query_counts()

    call_command("generate_cases", persons=400, seed=2, stdout=None)
    call_command("generate_courses", replace=True, stdout=None)
    assert Case.objects.count() > 4 * small_cases
    large = query_counts()

    kinds = {page.kind for page in pages.scenarios()}
    assert {"list", "detail", "search", "grid", "dashboard", "admin"} <= kinds  # every kind of page is measured
    assert len(small) >= 18
    assert large == small
