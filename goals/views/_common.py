"""What the goal pages share: the access checks that answer 404, and saving a form through a service."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from ewg.refusals import add_refusal
from goals import selectors
from goals.models import Goal


def require(allowed: bool) -> None:
    """Not allowed answers like not found."""
    if not allowed:
        raise Http404


def require_reader(request: HttpRequest) -> None:
    require(selectors.may_read(request.user, request.membership))


def goal_for(request: HttpRequest, pk: int) -> Goal:
    return selectors.get_goal_for_user(request.user, request.membership, pk)


def save_form(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments):
    """For the pages that re-render their form: the service's result, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    try:
        saved = service(actor=request.user, membership=request.membership, **arguments, **form.cleaned_data)
    except ValidationError as error:
        add_refusal(form, error)
        return None
    messages.success(request, success)
    return saved
