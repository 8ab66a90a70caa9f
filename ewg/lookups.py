"""Fetching one object through a queryset the caller has already narrowed to what the user may see."""

from django.db.models import QuerySet
from django.http import Http404


def first_or_404(queryset: QuerySet):
    """The queryset's first row; 404 when it has none, so that "not yours" reads the same as "does not exist".

    Unlike `get_object_or_404(Model, ...)` this takes the user-scoped queryset, never the model's whole table.
    """
    found = queryset.first()
    if found is None:
        raise Http404
    return found
