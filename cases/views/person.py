"""The lead caseworker corrects the person's master data and records a new residence status or benefit system
(dated histories)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.forms import BenefitForm, PersonCorrectionForm, ResidenceForm
from cases.services.persons import CORRECTABLE, benefit_period_record, person_correct, residence_status_record
from cases.views.actions import lead_access
from cases.views.detail import overview_with_errors
from ewg.refusals import add_refusal, submit_shown


def _record(request: HttpRequest, pk: int, *, name: str, form, service, success: str) -> HttpResponse:
    """A dated record from the case overview's form `name` (a date in the future is refused at its field); sent with
    errors or refused by the service, the overview again with that form."""
    access = lead_access(request, pk)
    if submit_shown(request, form, service, success, membership=request.membership, person=access.case.person):
        return redirect("cases:case_detail", pk=pk)
    return overview_with_errors(request, access, **{name: form})


@require_POST
@transaction.atomic
def residence_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = ResidenceForm(request.POST, prefix="residence")
    success = _("The residence status was recorded.")
    return _record(request, pk, name="residence_form", form=form, service=residence_status_record, success=success)


@require_POST
@transaction.atomic
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = BenefitForm(request.POST, prefix="benefit")
    success = _("The benefit system was recorded.")
    return _record(request, pk, name="benefit_form", form=form, service=benefit_period_record, success=success)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def person_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead caseworker corrects the person's master data (Art. 16 DSGVO, § 84 Abs. 1 SGB X)."""
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    case, person = access.case, access.case.person
    initial = {name: getattr(person, name) for name in CORRECTABLE}
    initial.update(aliases="\n".join(person.aliases), languages=", ".join(person.languages))
    form = PersonCorrectionForm(request.POST or None, edited=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_correct(actor=request.user, membership=request.membership, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The person's data was corrected."))
            return redirect("cases:case_detail", pk=pk)
    context = {"access": access, "case": case, "person": person, "form": form, "tab": "overview"}
    return render(request, "cases/person_correct.html", context)
