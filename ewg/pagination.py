"""Keyset pagination: a page deep in a list costs what the first one does, and rows added meanwhile shift nothing.

A page continues after the last row of the one before, named in the address by a cursor; the pager markup for
both kinds is `templates/_pager.html`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None  # where the next page starts; None on the last page
    is_first: bool

    @property
    def has_more(self) -> bool:
        """More rows follow this page (how many is not known: no count over the whole list)."""
        return self.next_cursor is not None


def _parse(cursor: str | None) -> tuple[date, int] | None:
    day, _sep, pk = (cursor or "").partition("_")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _page(rows: list, size: int, cursor_of, *, is_first: bool) -> KeysetPage:
    if len(rows) <= size:
        return KeysetPage(rows=rows, next_cursor=None, is_first=is_first)
    rows = rows[:size]
    return KeysetPage(rows=rows, next_cursor=cursor_of(rows[-1]), is_first=is_first)


def keyset_page(queryset: QuerySet, cursor: str | None, *, by: str, newest_first: bool, size: int) -> KeysetPage:
    """A page ordered by the date field `by`, then id; the cursor is "<date>_<id>" of the previous page's last row."""
    position = _parse(cursor)
    direction = "-" if newest_first else ""
    ordered = queryset.order_by(f"{direction}{by}", f"{direction}id")
    if position:
        day, pk = position
        # (by, id) beyond (day, pk). The redundant bound on `by` alone is what PostgreSQL can use as the index
        # bound; the OR alone is only a filter, and a deep page would walk the index from its start.
        if newest_first:
            bound, beyond = Q(**{f"{by}__lte": day}), Q(**{f"{by}__lt": day}) | Q(**{by: day, "id__lt": pk})
        else:
            bound, beyond = Q(**{f"{by}__gte": day}), Q(**{f"{by}__gt": day}) | Q(**{by: day, "id__gt": pk})
        ordered = ordered.filter(bound & beyond)
    rows = list(ordered[: size + 1])
    return _page(rows, size, lambda last: f"{getattr(last, by).isoformat()}_{last.pk}", is_first=position is None)


def older_page(queryset: QuerySet, before: str | None, *, size: int) -> KeysetPage:
    """A page of the newest rows by id, older than the id `before` when it is given."""
    ordered = queryset.order_by("-pk")
    is_first = not (before or "").isdigit()
    if not is_first:
        ordered = ordered.filter(pk__lt=int(before))
    rows = list(ordered[: size + 1])
    return _page(rows, size, lambda last: str(last.pk), is_first=is_first)
