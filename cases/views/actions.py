"""What the lead caseworker's small POST actions share: fetching the case they may change, and the confirmation page
of those that cannot simply be undone."""

from django.http import Http404, HttpRequest, HttpResponse

from cases import selectors
from cases.confirmations import Confirmation
from cases.models import Case
from cases.models.choices import AccessAction
from cases.services.access import access_record
from cases.titles import case_title
from ewg.confirm import confirmation_page


def lead_access(request: HttpRequest, pk: int) -> selectors.CaseAccess:
    """The case with what the acting membership may see of it, if that membership leads it; anyone else gets 404."""
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    return access


def lead_case(request: HttpRequest, pk: int) -> Case:
    """The case, if the acting membership leads it; anyone else gets 404."""
    return lead_access(request, pk).case


def confirm(
    request: HttpRequest, case: Case, confirmation: Confirmation, *, cancel_url: str, form=None
) -> HttpResponse:
    """The confirmation page of an action on the case. It names the person and what the case holds, so it is a read
    like any other: one access-log row, in the view's transaction."""
    access_record(
        user=request.user,
        membership=request.membership,
        person=case.person,
        case=case,
        action=AccessAction.DETAIL,
        purpose="confirmation",
    )
    return confirmation_page(
        request,
        heading=confirmation.heading,
        title=case_title(case, confirmation.action),
        consequences=confirmation.consequences,
        final=confirmation.final,
        form=form,
        cancel_url=cancel_url,
    )
