"""The lead caseworker steers the case: Case-Management phase, closing and reopening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import confirmations, selectors
from cases.forms import CaseManagerForm, CloseForm, PhaseForm, ReopenForm
from cases.models import Case
from cases.models.choices import CaseStatus
from cases.services.cases import case_close, case_manager_set, case_reopen, case_set_phase
from cases.views.actions import confirm, lead_access, lead_case
from cases.views.detail import overview_with_errors
from ewg.refusals import add_refusal, submit_shown


@require_POST
@transaction.atomic
def case_phase(request: HttpRequest, pk: int) -> HttpResponse:
    access = lead_access(request, pk)
    form = PhaseForm(request.POST)
    success = _("The phase was changed.")
    if submit_shown(request, form, case_set_phase, success, membership=request.membership, case=access.case):
        return redirect("cases:case_detail", pk=pk)
    return overview_with_errors(request, access, phase_form=form)


def _confirmed(request: HttpRequest, case: Case, form, service, success: str, describe) -> HttpResponse:
    """GET: the confirmation page with the form; POST: the service with the form's data, or the page again with
    the form's errors and the service's refusal."""
    if form.is_bound and form.is_valid():
        try:
            service(actor=request.user, membership=request.membership, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:case_detail", pk=case.pk)
    return confirm(request, case, describe(case), cancel_url=reverse("cases:case_detail", args=[case.pk]), form=form)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def case_closing(request: HttpRequest, pk: int) -> HttpResponse:
    case = lead_case(request, pk)
    if case.status == CaseStatus.CLOSED:
        messages.info(request, _("The case is already closed."))
        return redirect("cases:case_detail", pk=pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    return _confirmed(request, case, form, case_close, _("The case was closed."), confirmations.case_closing)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def case_reopening(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead reopens a closed case, giving a reason that the case's history keeps."""
    case = lead_case(request, pk)
    if case.status == CaseStatus.OPEN:
        messages.info(request, _("The case is open; only a closed case can be reopened."))
        return redirect("cases:case_detail", pk=pk)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    success = _("The case was reopened.")
    return _confirmed(request, case, form, case_reopen, success, confirmations.case_reopening)


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
    context = {"access": access, "case": case, "person": case.person, "form": form, "tab": "overview"}
    return render(request, "cases/case_manager.html", context)
