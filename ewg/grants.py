"""Granting and withdrawing a django-guardian object permission kept in a direct foreign-key table with history.

The caller has checked who may grant and has locked the object (select_for_update), so that a grant and its
withdrawal never interleave; both are idempotent, so a second submission changes nothing.
"""

from django.contrib.auth.models import Permission

from ewg.history import save_with_history


def grant_once(model, *, obj, user, codename: str, actor, history_reason: str = "", **fields):
    """The user's grant of `codename` on `obj`: the existing one, or a new one (with the model's own `fields`) and a
    history row naming `actor`."""
    app_label = model._meta.get_field("content_object").related_model._meta.app_label
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    grant = model.objects.filter(content_object=obj, user=user, permission=permission).first()
    if grant is None:
        grant = model(content_object=obj, user=user, permission=permission, **fields)
        save_with_history(grant, actor=actor, reason=history_reason)
    return grant


def withdraw(model, *, obj, pk: int, actor) -> None:
    """Delete the grant `pk` on `obj` with a history row naming `actor`; one already withdrawn is left alone."""
    grant = model.objects.filter(pk=pk, content_object=obj).first()
    if grant is not None:
        grant._history_user = actor
        grant.delete()
