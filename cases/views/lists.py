"""The case list (with search and filters) and the intake of a new person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.permissions import CASE_INTAKE, CASE_READ, can, require_or_404
from cases import searches, selectors
from cases.forms import CaseFilterForm, IntakeForm
from cases.services.access import list_read_record
from cases.services.intake import LikelyDuplicate, intake_existing, intake_register
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


def _without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """Searched by POST (cases.searches): the criteria are kept in the session, the address names their token."""
    _require_case_role(request)
    if request.method == "POST":
        criteria = {name: value for name in CaseFilterForm.base_fields if (value := request.POST.get(name, "").strip())}
        token = searches.remember(request.session, criteria) if criteria else ""
        address = reverse("cases:case_list") + (f"?{urlencode({'s': token})}" if token else "")
        if not request.htmx:
            return redirect(address)
    else:
        token = request.GET.get("s", "")
        criteria = searches.recall(request.session, token)
    # Criteria typed into the address by hand (or a bookmark from before) still filter; the product itself never
    # writes a name into one.
    form = CaseFilterForm(criteria or request.GET.dict() or None)
    if form.is_valid():
        showing = selectors.categories_filtered_on(**form.cleaned_data)
        cases = selectors.cases_visible_to(request.user, request.membership, showing=showing)
        cases = selectors.filter_cases(cases, user=request.user, **form.cleaned_data)
    else:
        cases = selectors.cases_visible_to(request.user, request.membership)
    cases = cases.select_related("person", "lead_agency", "case_manager")
    page = keyset_page(cases, request.GET.get("after"), by="opened_on", newest_first=True, size=PAGE_SIZE)
    # The names and birth dates on the page are a read of each person shown: one row names them all.
    list_read_record(
        user=request.user,
        membership=request.membership,
        person_ids=[case.person_id for case in page.rows],
        purpose=_("Search results") if criteria or set(request.GET) - {"after", "s"} else _("Case list"),
    )
    context = {
        "form": form,
        "page": page,
        "query": urlencode({"s": token}) if criteria else _without_cursor(request),
        "can_register": can(request.membership, CASE_INTAKE),
    }
    if request.htmx:
        response = render(request, "cases/_case_search_result.html", context)
        if request.method == "POST":
            response["HX-Push-Url"] = address
        return response
    return render(request, "cases/case_list.html", context)


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, CASE_INTAKE)
    form = IntakeForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["existing_person"]:
                case = intake_existing(
                    actor=request.user, membership=request.membership, person_id=data["existing_person"],
                    kind=data["kind"], action_fields=data["action_fields"],
                )  # fmt: skip
                messages.success(request, _("A new case was opened for the person already registered."))
                return redirect("cases:case_detail", pk=case.pk)
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
            list_read_record(
                user=request.user,
                membership=request.membership,
                person_ids=[person.pk for person in duplicates],
                purpose=_("Duplicate warning at registration"),
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The person was registered and the case opened."))
            return redirect("cases:case_detail", pk=case.pk)
    status = 400 if form.errors and not duplicates else 200
    return render(request, "cases/intake.html", {"form": form, "duplicates": duplicates}, status=status)
