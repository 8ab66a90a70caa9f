"""The lead caseworker steers the case: Case-Management phase and closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.forms import CaseManagerForm, CloseForm, PhaseForm
from cases.services.cases import case_close, case_manager_set, case_set_phase
from cases.views.actions import lead_case
from ewg.refusals import add_refusal, submit


@require_POST
def case_phase(request: HttpRequest, pk: int) -> HttpResponse:
    case = lead_case(request, pk)
    submit(
        request,
        PhaseForm(request.POST),
        case_set_phase,
        _("The phase was changed."),
        membership=request.membership,
        case=case,
    )
    return redirect("cases:case_detail", pk=pk)


@require_POST
def case_closing(request: HttpRequest, pk: int) -> HttpResponse:
    case = lead_case(request, pk)
    submit(
        request,
        CloseForm(request.POST),
        case_close,
        _("The case was closed."),
        membership=request.membership,
        case=case,
    )
    return redirect("cases:case_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def case_manager_change(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead hands the case to another caseworker of the leading agency; a page of its own, so that the case
    page does not pay for the list of colleagues."""
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    case = access.case
    form = CaseManagerForm(request.POST or None, candidates=selectors.case_manager_candidates(case))
    if request.method == "POST" and form.is_valid():
        try:
            case_manager_set(actor=request.user, membership=request.membership, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The case has a new case manager."))
            return redirect("cases:case_detail", pk=pk)
    return render(
        request, "cases/case_manager.html", {"access": access, "case": case, "person": case.person, "form": form}
    )
