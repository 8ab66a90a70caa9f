"""Entitlement slips on a case (issue, withdraw, print) and the coordination's rule on who issues them.

A slip is reached through the case: a caseworker who may see the case's courses. Who may issue is the service's
decision (the issuing rule); a refusal names the responsible agency, so the caseworker knows where to send the person.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import selectors as agency_selectors
from agencies.models import BenefitSystem
from agencies.permissions import (
    ACCESS_LOG_READ,
    ISSUING_RULES_MANAGE,
    SLIP_ISSUE,
    SLIP_PRINT,
    SLIP_WITHDRAW,
    can,
    require_or_404,
)
from cases import selectors
from cases.models.choices import AccessAction, DataCategory
from cases.services.access import access_record
from courses import selectors as course_selectors
from courses.forms.entitlements import EntitlementIssueForm, EntitlementWithdrawForm, IssuingRuleForm
from courses.models import Entitlement
from courses.models.choices import EntitlementKind, EntitlementStatus
from courses.services.entitlements import entitlement_issue, entitlement_withdraw, issuing_rule_set
from ewg.lookups import first_or_404
from ewg.pagination import older_page
from ewg.refusals import add_refusal, report_form_errors

SLIP_PLACE = "Rheine"  # the place line of the slip; agencies keep no address


def _course_access(request: HttpRequest, pk: int, capability: str) -> selectors.CaseAccess:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not can(request.membership, capability) or not access.may_see(DataCategory.COURSES):
        raise Http404
    return access


def _slip(access: selectors.CaseAccess, entitlement_pk: int) -> Entitlement:
    """A slip of the case's person; any other answers 404."""
    return first_or_404(course_selectors.entitlements_for_case(access).filter(pk=entitlement_pk))


@require_http_methods(["GET", "POST"])
@transaction.atomic
def entitlement_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = _course_access(request, pk, SLIP_ISSUE)
    case = access.case
    access_record(
        user=request.user, membership=request.membership, person=case.person, case=case,
        action=AccessAction.DETAIL, purpose="entitlement slip",
    )  # fmt: skip
    form = EntitlementIssueForm(request.POST or None, issuing_agency_kind=request.membership.agency.kind)
    if request.method == "POST" and form.is_valid():
        try:
            entitlement_issue(
                actor=request.user, membership=request.membership, person=case.person, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The entitlement slip was issued."))
            return redirect("courses:case_courses", pk=pk)
    # A refusal is an answer, not a malformed request: the page shows it like any other form error.
    context = {"access": access, "case": case, "person": case.person, "form": form, "tab": "courses"}
    return render(request, "courses/entitlement_issue.html", context)


@require_POST
def entitlement_withdraw_view(request: HttpRequest, pk: int, entitlement_pk: int) -> HttpResponse:
    access = _course_access(request, pk, SLIP_WITHDRAW)
    entitlement = _slip(access, entitlement_pk)
    form = EntitlementWithdrawForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("courses:case_courses", pk=pk)
    try:
        entitlement_withdraw(
            actor=request.user,
            membership=request.membership,
            entitlement=entitlement,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The entitlement slip was withdrawn."))
    return redirect("courses:case_courses", pk=pk)


@require_GET
@transaction.atomic
def entitlement_slip(request: HttpRequest, pk: int, entitlement_pk: int) -> HttpResponse:
    # Caseworkers only (the slip carries the address); a withdrawn or lapsed slip is no longer printed as valid.
    access = _course_access(request, pk, SLIP_PRINT)
    entitlement = _slip(access, entitlement_pk)
    if entitlement.current_status(timezone.localdate()) in (EntitlementStatus.WITHDRAWN, EntitlementStatus.EXPIRED):
        raise Http404
    if entitlement.kind == EntitlementKind.ADMISSION:
        raise Http404  # the person holds the BAMF's own letter; no agency prints it as its slip
    person = access.case.person
    access_record(
        user=request.user, membership=request.membership, person=person, case=access.case,
        action=AccessAction.PDF, purpose=f"entitlement slip {entitlement.pk}",
    )  # fmt: skip
    from ewg.pdf import ACCESSIBLE, render_pdf  # WeasyPrint takes over a second to import: only PDF requests pay

    html = render_to_string(
        "courses/pdf/entitlement_slip.html",
        {"slip": entitlement, "person": person, "place": SLIP_PLACE, "printed_on": timezone.localdate()},
    )
    response = HttpResponse(render_pdf(html, **ACCESSIBLE), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berechtigungsschein-{entitlement.pk}.pdf"'
    response["Cache-Control"] = "no-store"  # personal data: no copy in browser or proxy caches
    return response


EXCEPTIONS_PAGE = 50


@require_GET
def slip_exceptions(request: HttpRequest) -> HttpResponse:
    """The data protection officer sees every slip issued against what the residence titles show, with its reason."""
    require_or_404(request.membership, ACCESS_LOG_READ)
    slips = course_selectors.slip_exceptions_visible_to(request.user, request.membership)
    page = older_page(slips, request.GET.get("before"), size=EXCEPTIONS_PAGE)
    return render(request, "courses/slip_exceptions.html", {"page": page, "rows": page.rows})


@require_http_methods(["GET", "POST"])
def issuing_rules(request: HttpRequest) -> HttpResponse:
    """One row per benefit system, each with its own small form; a refused change is shown in its row."""
    require_or_404(request.membership, ISSUING_RULES_MANAGE)
    agencies = list(agency_selectors.issuing_agencies())
    posted = None
    if request.method == "POST":
        system = request.POST.get("benefit_system", "")
        if system not in BenefitSystem.values:
            raise Http404
        posted = IssuingRuleForm(request.POST, agencies=agencies, prefix=system)
        if posted.is_valid():
            try:
                issuing_rule_set(
                    actor=request.user, membership=request.membership, benefit_system=system,
                    agency=posted.cleaned_data["agency"],
                )  # fmt: skip
            except ValidationError as error:
                add_refusal(posted, error)
            else:
                messages.success(request, _("The responsibility was saved."))
                return redirect("courses:issuing_rules")
    rules = course_selectors.issuing_rules_editable_by(request.user, request.membership)
    rule_of = {rule.benefit_system: rule for rule in rules}
    rows = []
    for system, label in BenefitSystem.choices:
        rule = rule_of.get(system)
        if posted is not None and posted.prefix == system:
            form = posted
        else:
            form = IssuingRuleForm(agencies=agencies, prefix=system, initial={"agency": rule.agency_id if rule else ""})
        rows.append({"system": system, "label": label, "rule": rule, "form": form})
    context = {"rows": rows, "course_rules": course_selectors.course_type_rules(), "today": timezone.localdate()}
    return render(request, "courses/issuing_rules.html", context, status=400 if posted is not None else 200)
