from django.db.models import QuerySet

from agencies.navigation import items_for
from agencies.second_factor import state_of
from ewg.counting import count_all


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    second_factor = state_of(request)
    if second_factor.blocking:
        # Signed in with the password only: nothing of the product is offered before the second factor.
        return {"second_factor": second_factor}
    membership = getattr(request, "membership", None)
    items = items_for(membership=membership, is_superuser=user.is_superuser)
    return {
        "nav_items": list(zip(items, _counts(request, items), strict=True)),
        "active_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "second_factor": second_factor,
    }


def _counts(request, items) -> list[int | None]:
    """Each item's number: the rows an app's `count` names are counted together, in one query."""
    counted = [item.count(request) if item.count else None for item in items]
    querysets = [value for value in counted if isinstance(value, QuerySet)]
    numbers = iter(count_all(querysets))
    return [next(numbers) if isinstance(value, QuerySet) else value for value in counted]
