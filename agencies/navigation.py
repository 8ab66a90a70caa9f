"""The main navigation, filled at start-up by each app, so that lower apps never import upper ones."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise

from agencies.models import Membership
from agencies.permissions import CAPABILITIES, can


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str | None  # agencies.permissions; None: every signed-in user
    order: int = 100
    superuser_only: bool = False
    # A number shown beside the label (e.g. open alerts): the app that registers the item returns, per request, the
    # rows to count (a QuerySet; the navigation counts all items' rows in one query) or the number itself.
    count: Callable[[object], QuerySet | int] | None = None

    def __post_init__(self) -> None:
        if self.capability is not None and self.capability not in CAPABILITIES:
            raise ValueError(f"unknown capability {self.capability!r}")

    def allowed(self, *, membership: Membership | None, is_superuser: bool) -> bool:
        if self.superuser_only:
            return is_superuser
        return self.capability is None or can(membership, self.capability)


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if any(existing.url_name == item.url_name for existing in _items):
        return
    _items.append(item)
    _items.sort(key=lambda entry: entry.order)


def items_for(*, membership: Membership | None, is_superuser: bool) -> list[NavItem]:
    return [item for item in _items if item.allowed(membership=membership, is_superuser=is_superuser)]
