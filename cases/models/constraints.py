from django.db import models
from django.db.models import Q


def not_before(later: str, earlier: str, *, name: str) -> models.CheckConstraint:
    """The optional date `later` (an end, a revocation) is empty or not before the date `earlier`."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{later}__gte": models.F(earlier)}), name=name
    )
