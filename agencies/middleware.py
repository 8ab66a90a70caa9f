from agencies.selectors import memberships_of

SESSION_KEY = "active_membership_id"


class ActiveMembershipMiddleware:
    """Sets request.memberships and request.membership: the role the user acts in, chosen in the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memberships = memberships_of(request.user) if request.user.is_authenticated else []
        chosen = request.session.get(SESSION_KEY) if memberships else None
        active = next((m for m in memberships if m.pk == chosen), memberships[0] if memberships else None)
        request.memberships = memberships
        request.membership = active
        return self.get_response(request)
