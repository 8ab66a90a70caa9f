"""The lead caseworker steers the case: Case-Management phase and closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors
from cases.forms import CloseForm, PhaseForm
from cases.services.cases import case_close, case_set_phase


def _lead_case(request: HttpRequest, pk: int):
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    return access.case


def _report(request: HttpRequest, action, success: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@require_POST
def case_phase(request: HttpRequest, pk: int) -> HttpResponse:
    case = _lead_case(request, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase from the list."))
    else:
        phase = form.cleaned_data["phase"]
        _report(
            request, lambda: case_set_phase(actor=request.user, case=case, phase=phase), _("The phase was changed.")
        )
    return redirect("cases:case_detail", pk=pk)


@require_POST
def case_closing(request: HttpRequest, pk: int) -> HttpResponse:
    case = _lead_case(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the closing date as a valid date."))
    else:
        closed_on = form.cleaned_data["closed_on"]
        _report(
            request, lambda: case_close(actor=request.user, case=case, closed_on=closed_on), _("The case was closed.")
        )
    return redirect("cases:case_detail", pk=pk)
