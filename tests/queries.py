"""Query counting for tests: pin the number of queries of a page, and print them all when it is off."""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _listing(captured: CaptureQueriesContext) -> str:
    return "\n".join(f"{i}. {query['sql']}" for i, query in enumerate(captured.captured_queries, 1))


@contextmanager
def assert_num_queries(expected: int):
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    assert count == expected, f"expected {expected} queries, ran {count}:\n{_listing(captured)}"


def count_queries(action: Callable[[], object]) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries), _listing(captured)


def assert_constant_queries(action: Callable[[], object], grow: Callable[[], object]) -> int:
    """Run `action`, then `grow` the data, then `action` again: both runs must cost the same queries."""
    before, listing_before = count_queries(action)
    grow()
    after, listing_after = count_queries(action)
    assert before == after, (
        f"query count grew with the data: {before} -> {after}\nbefore:\n{listing_before}\nafter:\n{listing_after}"
    )
    return after
