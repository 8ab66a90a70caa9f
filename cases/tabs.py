"""The tabs of a case page, filled at start-up by each app (the course pipeline and the booklet add theirs), so that
the cases app never imports the apps built on it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class CaseTab:
    key: str
    label: str | Promise
    url_name: str  # takes the case's pk
    order: int
    # Whether the viewer sees the tab: (the viewer's CaseAccess, their membership) -> bool.
    visible: Callable[[object, object], bool]


_tabs: list[CaseTab] = []


def register(tab: CaseTab) -> None:
    if any(existing.key == tab.key for existing in _tabs):
        return
    _tabs.append(tab)
    _tabs.sort(key=lambda entry: entry.order)


def tabs_for(access, membership) -> list[CaseTab]:
    if access is None:
        return []
    return [tab for tab in _tabs if tab.visible(access, membership)]
