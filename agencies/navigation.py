"""The main navigation, filled at start-up by each app, so that lower apps never import upper ones."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None  # None: every signed-in user
    order: int = 100
    superuser_only: bool = False
    # A number shown beside the label (e.g. open alerts), computed per request by the app that registers the item.
    count: Callable[[object], int] | None = None

    def allowed(self, *, role: str | None, is_superuser: bool) -> bool:
        if self.superuser_only:
            return is_superuser
        return self.roles is None or role in self.roles


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if any(existing.url_name == item.url_name for existing in _items):
        return
    _items.append(item)
    _items.sort(key=lambda entry: entry.order)


def items_for(*, role: str | None, is_superuser: bool) -> list[NavItem]:
    return [item for item in _items if item.allowed(role=role, is_superuser=is_superuser)]
