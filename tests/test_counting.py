"""The navigation's numbers: several counts in one query (ewg.counting), each equal to the queryset's own count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, User
from ewg.counting import count_all

pytestmark = pytest.mark.django_db


def test_counts_several_querysets_in_one_query(personas):
    querysets = [
        User.objects.filter(username__startswith="vhs"),
        Agency.objects.none(),
        Agency.objects.filter(short_name__in=["abh", "jobcenter", "vhs"]),
        User.objects.filter(memberships__agency__short_name="vhs").distinct(),
    ]
    with CaptureQueriesContext(connection) as queries:
        numbers = count_all(querysets)
    assert len(queries) == 1
    assert numbers == [queryset.count() for queryset in querysets]
    assert numbers[2] == 3


def test_nothing_to_count_asks_nothing(db):
    with CaptureQueriesContext(connection) as queries:
        assert count_all([Agency.objects.none()]) == [0]
        assert count_all([]) == []
    assert len(queries) == 0
