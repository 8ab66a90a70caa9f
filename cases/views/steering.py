"""The lead caseworker steers the case: Case-Management phase and closing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors
from cases.forms import CaseManagerForm, CloseForm, PhaseForm
from cases.services.cases import case_close, case_manager_set, case_set_phase
from cases.views.actions import lead_case
from ewg.refusals import submit


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


@require_POST
def case_manager_change(request: HttpRequest, pk: int) -> HttpResponse:
    case = lead_case(request, pk)
    form = CaseManagerForm(request.POST, prefix="manager", candidates=selectors.case_manager_candidates(case))
    submit(
        request, form, case_manager_set, _("The case has a new case manager."), membership=request.membership, case=case
    )
    return redirect("cases:case_detail", pk=pk)
