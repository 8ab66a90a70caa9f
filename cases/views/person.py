"""The lead caseworker records a new residence status or benefit system of the person (dated histories)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms import BenefitForm, ResidenceForm
from cases.services.persons import benefit_period_record, residence_status_record
from cases.views.steering import _lead_case


def _record(request: HttpRequest, pk: int, form_class, prefix: str, service, success: str) -> HttpResponse:
    case = _lead_case(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif form.cleaned_data["valid_from"] > timezone.localdate():
        messages.error(request, _("The date lies in the future."))
    else:
        try:
            service(actor=request.user, person=case.person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    return redirect("cases:case_detail", pk=pk)


@require_POST
def residence_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(
        request, pk, ResidenceForm, "residence", residence_status_record, _("The residence status was recorded.")
    )


@require_POST
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, BenefitForm, "benefit", benefit_period_record, _("The benefit system was recorded."))
