"""What the lead caseworker's small POST actions share: fetching the case they may change."""

from django.http import Http404, HttpRequest

from cases import selectors
from cases.models import Case


def lead_case(request: HttpRequest, pk: int) -> Case:
    """The case, if the acting membership leads it; anyone else gets 404."""
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    return access.case
