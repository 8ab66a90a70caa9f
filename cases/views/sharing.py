"""Consents and shares of a case, and the co-workers of other teams: only the lead agency's caseworkers reach these
pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import confirmations, selectors
from cases.forms import ConsentForm, CoworkerForm, RevocationForm, ShareForm
from cases.models.choices import AccessAction, CaseKind, CaseStatus, ConsentUse
from cases.services.access import access_record
from cases.services.coworkers import case_coworker_add, case_coworker_remove
from cases.services.sharing import case_share_grant, case_share_revoke, consent_record, consent_revoke
from cases.views.actions import confirm
from ewg.lookups import first_or_404
from ewg.refusals import add_refusal


def _lead_access(request: HttpRequest, pk: int) -> selectors.CaseAccess:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    return access


def _coworker_form(access: selectors.CaseAccess, data=None) -> CoworkerForm | None:
    case = access.case
    if case.kind != CaseKind.CASE_MANAGEMENT or case.status != CaseStatus.OPEN:
        return None
    return CoworkerForm(data, candidates=selectors.coworker_candidates(case), prefix="coworker")


def _page(request, access, *, consent_form=None, share_form=None, coworker_form=None, status=200) -> HttpResponse:
    case = access.case
    consents = list(selectors.consents_of(case)[:50])
    active_consents = [c for c in consents if c.revoked_on is None and c.use == ConsentUse.TRANSFER]
    context = {
        "access": access,
        "case": case,
        "person": case.person,
        "tab": "sharing",
        "consents": consents,
        "shares": list(selectors.shares_of(case)[:50]),
        "consent_form": consent_form
        or ConsentForm(agencies=selectors.agencies_to_share_with(access.case), prefix="consent"),
        "share_form": share_form
        or ShareForm(agencies=selectors.agencies_to_share_with(access.case), consents=active_consents, prefix="share"),
        "coworkers": list(selectors.coworkers_of(case)),
        "referrals": list(selectors.referrals_of(case)[:50]),
        "referrals_in": list(selectors.referrals_into(case)[:50]),
        "coworker_form": coworker_form or _coworker_form(access),
    }
    return render(request, "cases/case_sharing.html", context, status=status)


@require_GET
@transaction.atomic
def case_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    access_record(
        user=request.user,
        membership=request.membership,
        person=access.case.person,
        case=access.case,
        action=AccessAction.DETAIL,
        purpose="sharing",
    )
    return _page(request, access)


@require_POST
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    form = ConsentForm(request.POST, agencies=selectors.agencies_to_share_with(access.case), prefix="consent")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "in_presence"}
        try:
            consent_record(actor=request.user, membership=request.membership, person=access.case.person, **data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:case_sharing", pk=pk)
    return _page(request, access, consent_form=form, status=400)


@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    consents = list(selectors.transfer_consents_in_force(access.case))
    form = ShareForm(
        request.POST, agencies=selectors.agencies_to_share_with(access.case), consents=consents, prefix="share"
    )
    if form.is_valid():
        try:
            data = form.cleaned_data
            case_share_grant(
                actor=request.user, membership=request.membership, case=access.case, agency=data["agency"],
                categories=data["categories"], valid_until=data["valid_until"], **form.legal_basis(),
            )  # fmt: skip
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The case was shared."))
            return redirect("cases:case_sharing", pk=pk)
    return _page(request, access, share_form=form, status=400)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def share_revoke(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """GET: what ending the share does; POST: end it."""
    access = _lead_access(request, pk)
    share = selectors.share_of(access.case, share_pk)
    if share.revoked_at is not None:
        messages.info(request, _("This share has already ended."))
        return redirect("cases:case_sharing", pk=pk)
    if request.method == "GET":
        back = reverse("cases:case_sharing", args=[pk])
        return confirm(request, access.case, confirmations.share_ending(access.case, share), cancel_url=back)
    try:
        case_share_revoke(actor=request.user, membership=request.membership, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The share was ended; the agency has no access any more."))
    return redirect("cases:case_sharing", pk=pk)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """GET: what the revocation ends; POST: record it, dated the day the person withdrew the consent."""
    access = _lead_access(request, pk)
    consent = selectors.consent_of(access.case, consent_pk)
    if consent.revoked_on is not None:
        messages.info(request, _("This consent has already been revoked."))
        return redirect("cases:case_sharing", pk=pk)
    form = RevocationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            consent_revoke(actor=request.user, membership=request.membership, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The consent was revoked; every share based on it has ended."))
            return redirect("cases:case_sharing", pk=pk)
    back = reverse("cases:case_sharing", args=[pk])
    confirmation = confirmations.consent_revocation(access.case, consent)
    return confirm(request, access.case, confirmation, cancel_url=back, form=form)


@require_POST
def coworker_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    form = _coworker_form(access, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            case_coworker_add(
                actor=request.user, membership=request.membership, case=access.case,
                colleague=form.cleaned_data["colleague"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The colleague now works on the case."))
            return redirect("cases:case_sharing", pk=pk)
    return _page(request, access, coworker_form=form, status=400)


@require_POST
def coworker_remove(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    grant = first_or_404(selectors.coworkers_of(access.case).filter(pk=grant_pk))
    try:
        case_coworker_remove(actor=request.user, membership=request.membership, case=access.case, grant_pk=grant.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The colleague no longer works on the case."))
    return redirect("cases:case_sharing", pk=pk)
