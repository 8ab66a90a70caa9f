"""Keyset pagination over (opened_on, id), newest first: a page deep in the list costs what the first one does."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

PAGE_SIZE = 25


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    is_first: bool


def _parse(cursor: str) -> tuple[date, int] | None:
    day, _sep, pk = cursor.partition("_")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def keyset_page(queryset: QuerySet, cursor: str | None, *, size: int = PAGE_SIZE) -> KeysetPage:
    position = _parse(cursor) if cursor else None
    ordered = queryset.order_by("-opened_on", "-id")
    if position:
        day, pk = position
        # (opened_on, id) < (day, pk). The redundant `opened_on <= day` is what PostgreSQL can use as the index
        # bound; the OR alone is only a filter, and a deep page would walk the index from the newest case.
        ordered = ordered.filter(Q(opened_on__lte=day) & (Q(opened_on__lt=day) | Q(opened_on=day, id__lt=pk)))
    rows = list(ordered[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = f"{last.opened_on.isoformat()}_{last.pk}"
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=position is None)
