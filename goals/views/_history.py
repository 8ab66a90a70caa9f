"""A goal's change history for its page: who changed what, when and why, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise

from django.db.models import ForeignKey
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals import selectors
from goals.models import Goal

ENTRIES_SHOWN = 50
KINDS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    reason: str
    kind: str
    changes: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return formats.number_format(value.to_integral_value() if value == value.to_integral_value() else value)
    return Truncator(str(value)).chars(80)


def _describe(name: str, old, new) -> str:
    model_field = Goal._meta.get_field(name)
    label = str(model_field.verbose_name)
    if isinstance(model_field, ForeignKey):
        return label  # the name of the field says enough; resolving every old object would cost queries
    return f"{label}: {_text(old)} → {_text(new)}"


def _theme_changes(old: set[int], new: set[int], names: dict[int, str]) -> list[str]:
    label = str(Goal._meta.get_field("obstacles").verbose_name)
    changes = [f"{label} + {names.get(pk, '?')}" for pk in sorted(new - old)]
    return changes + [f"{label} − {names.get(pk, '?')}" for pk in sorted(old - new)]


def goal_history(goal: Goal) -> list[HistoryEntry]:
    """The latest entries, newest first. Three queries: the records, their deficit themes and the themes' names."""
    records = selectors.goal_history_records(goal, ENTRIES_SHOWN + 1)
    records.reverse()
    themes = selectors.history_themes([record.history_id for record in records])
    all_themes = set().union(*themes.values()) if themes else set()
    names = selectors.obstacle_names(all_themes)
    entries = []
    if records and records[0].history_type == "+":
        entries.append(_entry(records[0], []))
    for previous, record in pairwise(records):
        delta = record.diff_against(previous, excluded_fields=["obstacles"])
        changes = [_describe(change.field, change.old, change.new) for change in delta.changes]
        changes += _theme_changes(themes[previous.history_id], themes[record.history_id], names)
        entries.append(_entry(record, changes))
    entries.reverse()
    return entries


def _entry(record, changes: list[str]) -> HistoryEntry:
    user = record.history_user
    return HistoryEntry(
        when=record.history_date,
        who=(user.get_full_name() or user.username) if user else _("the system"),
        reason=record.history_change_reason or "",
        kind=KINDS.get(record.history_type, record.history_type),
        changes=changes,
    )
