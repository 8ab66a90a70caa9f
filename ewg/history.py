"""Saving a model that keeps history (django-simple-history) so that its history row names who changed it and why.

Services call this instead of `save()`; `QuerySet.update()` and `bulk_update` write no history rows at all.
"""

from django.utils.text import Truncator

REASON_LENGTH = 100  # simple-history's history_change_reason column


def save_with_history(instance, *, actor, reason: str = "", update_fields: list[str] | None = None) -> None:
    instance._history_user = actor  # also names the actor on the history rows of m2m changes that follow
    if reason:
        instance._change_reason = Truncator(reason).chars(REASON_LENGTH)
    instance.save(update_fields=update_fields)
