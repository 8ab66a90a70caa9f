from agencies.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    items = items_for(membership=membership, is_superuser=user.is_superuser)
    return {
        "nav_items": [(item, item.count(request) if item.count else None) for item in items],
        "active_membership": membership,
        "memberships": getattr(request, "memberships", []),
    }
