"""The case list (with search and filters) and the intake of a new person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies.permissions import CASE_INTAKE, CASE_READ, can, require_or_404
from cases import selectors
from cases.forms import CaseFilterForm, IntakeForm
from cases.services.intake import LikelyDuplicate, intake_register
from ewg.pagination import keyset_page
from ewg.refusals import add_refusal

PAGE_SIZE = 25

PERSON_FIELDS = (
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "gender",
    "nationality",
    "languages",
    "district",
    "arrival_date",
)


def _require_case_role(request: HttpRequest) -> None:
    require_or_404(request.membership, CASE_READ)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    _require_case_role(request)
    form = CaseFilterForm(request.GET or None)
    if form.is_valid():
        showing = selectors.categories_filtered_on(**form.cleaned_data)
        cases = selectors.cases_visible_to(request.user, request.membership, showing=showing)
        cases = selectors.filter_cases(cases, user=request.user, **form.cleaned_data)
    else:
        cases = selectors.cases_visible_to(request.user, request.membership)
    cases = cases.select_related("person", "lead_agency", "case_manager")
    page = keyset_page(cases, request.GET.get("after"), by="opened_on", newest_first=True, size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_register": can(request.membership, CASE_INTAKE),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, CASE_INTAKE)
    form = IntakeForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = intake_register(
                actor=request.user,
                membership=request.membership,
                person={name: data[name] for name in PERSON_FIELDS},
                kind=data["kind"],
                action_fields=data["action_fields"],
                residence=data["residence"],
                benefit_system=data["benefit_system"],
                confirmed_other_person=data["confirm_not_duplicate"],
            )
        except LikelyDuplicate as duplicate:
            duplicates = duplicate.persons
            add_refusal(form, duplicate)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The person was registered and the case opened."))
            return redirect("cases:case_detail", pk=case.pk)
    status = 400 if form.errors and not duplicates else 200
    return render(request, "cases/intake.html", {"form": form, "duplicates": duplicates}, status=status)
