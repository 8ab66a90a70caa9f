"""The lead caseworker records a new residence status or benefit system of the person (dated histories)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms import BenefitForm, ResidenceForm
from cases.services.persons import benefit_period_record, residence_status_record
from cases.views.actions import lead_case
from ewg.refusals import submit


def _record(request: HttpRequest, pk: int, form, service, success: str) -> HttpResponse:
    case = lead_case(request, pk)
    if form.is_valid() and form.cleaned_data["valid_from"] > timezone.localdate():
        messages.error(request, _("The date lies in the future."))
    else:
        submit(request, form, service, success, membership=request.membership, person=case.person)
    return redirect("cases:case_detail", pk=pk)


@require_POST
def residence_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = ResidenceForm(request.POST, prefix="residence")
    return _record(request, pk, form, residence_status_record, _("The residence status was recorded."))


@require_POST
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = BenefitForm(request.POST, prefix="benefit")
    return _record(request, pk, form, benefit_period_record, _("The benefit system was recorded."))
