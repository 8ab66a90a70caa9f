from agencies.navigation import items_for
from agencies.second_factor import state_of


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
        "nav_items": [(item, item.count(request) if item.count else None) for item in items],
        "active_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "second_factor": second_factor,
    }
