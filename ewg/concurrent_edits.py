"""Two people editing the same text: the later save must not silently overwrite the earlier one.

An edit form carries the version of the object as it was loaded (`loaded_version`, a hidden field): the id of the
object's latest history row. Every write goes through a service that leaves a history row, so the id moves with
each saved change, and no column is needed. The service locks the row and, holding the lock, compares
(`check_unchanged`): if someone saved in between and the user's values differ from what is saved now, it refuses
with an `EditConflict` naming who saved and when, and carrying the texts now saved. The form is shown again with
the user's own text, the other text read-only above it, and the new version, so the next save, after merging,
goes through. Two saves at the same instant are serialised by the lock: the second one sees the first's row.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone else saved since the user loaded the form. `theirs`: field name -> (label, the text now saved)."""

    def __init__(self, *, by: str, at: str, theirs: dict[str, tuple[str, str]], version: str):
        super().__init__(
            _(
                "This text was changed by %(name)s in the meantime (%(time)s). Your version was not saved: please "
                "merge both versions and save again."
            )
            % {"name": by, "time": at},
            code="edit_conflict",
        )
        self.by, self.at, self.theirs, self.version = by, at, theirs, version


def version_of(instance: models.Model) -> str:
    """The version a form loads: the id of the object's latest history row ("" for an object without history)."""
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return "" if latest is None else str(latest)


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return frozenset(_comparable(item) for item in value)
    return value


def _text(value) -> str:
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return ", ".join(sorted(str(item) for item in value)) or "–"
    if value is None or value == "":
        return "–"
    if isinstance(value, date | Decimal):
        return formats.localize(value)
    return str(value)


def check_unchanged(locked: models.Model, *, loaded_version: str | None, proposed: Mapping[str, object]) -> None:
    """Called by a service holding the row lock on `locked` (select_for_update), before it changes anything.
    `proposed`: field name -> the user's (cleaned) value. None as version: the caller loaded no form (demo data,
    a command), nothing to compare."""
    if loaded_version is None:
        return
    latest = locked.history.order_by("-history_id").select_related("history_user").first()
    if latest is None or str(latest.history_id) == loaded_version:
        return
    differing = [name for name in proposed if _comparable(proposed[name]) != _comparable(getattr(locked, name))]
    if not differing:
        return  # the user saves exactly what is saved now: nothing of either would be lost
    user = latest.history_user
    raise EditConflict(
        by=(user.get_full_name() or user.get_username()) if user else _("someone"),
        at=formats.date_format(timezone.localtime(latest.history_date), "d.m.Y, H:i"),
        theirs={
            name: (capfirst(locked._meta.get_field(name).verbose_name), _text(getattr(locked, name)))
            for name in differing
        },
        version=str(latest.history_id),
    )


class VersionedForm(forms.Form):
    """An edit form that carries the version it was loaded from. Pass `edited=` the object when showing it."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    edit_conflict: EditConflict | None = None

    def __init__(self, *args, edited: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if edited is not None and not self.is_bound:
            self.initial["loaded_version"] = version_of(edited)

    def show_conflict(self, conflict: EditConflict) -> None:
        """Shown again with the user's text, the other text beside it, and the version now saved."""
        self.edit_conflict = conflict
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = conflict.version

    def conflict_texts(self) -> Iterable[tuple[str, str]]:
        """The texts now saved, labelled as the form labels its fields."""
        for name, (label, text) in (self.edit_conflict.theirs if self.edit_conflict else {}).items():
            yield (self.fields[name].label if name in self.fields else label), text
