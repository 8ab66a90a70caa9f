"""Referrals: the lead agency refers a case; the receiving agency's inbox, the referral page with its answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.permissions import REFERRAL_ANSWER, REFERRAL_SEND, can, require_or_404
from cases import selectors
from cases.forms import (
    ReferralAcceptForm,
    ReferralCloseForm,
    ReferralDeclineForm,
    ReferralForm,
    ReferralWithdrawForm,
)
from cases.models import ReferralStatus
from cases.models.choices import AccessAction
from cases.services.access import access_record, list_read_record
from cases.services.referrals import (
    referral_accept,
    referral_close,
    referral_decline,
    referral_send,
    referral_withdraw,
)
from cases.views.sharing import _lead_access
from ewg.pagination import older_page
from ewg.refusals import add_refusal

PAGE_SIZE = 50
BOXES = {
    # box: (whose referrals, the statuses of each state)
    "received": {"open": (ReferralStatus.SENT,), "accepted": (ReferralStatus.ACCEPTED,)},
    "sent": {"open": (ReferralStatus.SENT,), "accepted": (ReferralStatus.ACCEPTED,)},
}
DONE = (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.CLOSED)


def _form(request: HttpRequest, access, data=None) -> ReferralForm:
    case = access.case
    return ReferralForm(
        data,
        agencies=selectors.agencies_to_share_with(case),
        receivers=selectors.referral_receiver_users(case),
        consents=list(selectors.transfer_consents_in_force(case)),
        prefix="referral",
    )


@require_http_methods(["GET", "POST"])
@transaction.atomic
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _lead_access(request, pk)
    require_or_404(request.membership, REFERRAL_SEND, access.case)
    form = _form(request, access, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_send(
                actor=request.user, membership=request.membership, case=access.case, to_agency=data["to_agency"],
                to_user=data["to_user"], purpose=data["purpose"], categories=data["categories"], **form.legal_basis(),
            )  # fmt: skip
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The case was referred to %(agency)s.") % {"agency": data["to_agency"].name})
            return redirect("cases:case_sharing", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "case": access.case, "person": access.case.person, "form": form, "tab": "sharing"}
    return render(request, "cases/referral_form.html", context, status=status)


@require_http_methods(["GET"])
@transaction.atomic
def referral_inbox(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    may_answer = can(membership, REFERRAL_ANSWER, user=request.user)
    may_send = can(membership, REFERRAL_SEND, user=request.user)
    if not (may_answer or may_send):
        raise Http404
    box = request.GET.get("box", "received" if may_answer else "sent")
    if box not in BOXES:
        box = "received"
    state = request.GET.get("state", "open")
    if state not in ("open", "accepted", "done"):
        state = "open"
    if box == "received":
        referrals = selectors.referrals_received_by(request.user, membership)
    else:
        referrals = selectors.referrals_sent_by(request.user, membership)
    statuses = DONE if state == "done" else BOXES[box][state]
    referrals = referrals.filter(status__in=statuses).select_related(*selectors.REFERRAL_RELATED)
    page = older_page(referrals, request.GET.get("before"), size=PAGE_SIZE)
    list_read_record(
        user=request.user,
        membership=membership,
        person_ids=[referral.case.person_id for referral in page.rows],
        purpose=_("Referrals"),
    )
    context = {"page": page, "box": box, "state": state, "may_answer": may_answer, "may_send": may_send}
    return render(request, "cases/referral_inbox.html", context)


def _detail(request: HttpRequest, pk: int, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    referral, receiving = selectors.get_referral_for_user(request.user, request.membership, pk)
    access_record(
        user=request.user,
        membership=request.membership,
        person=referral.case.person,
        case=referral.case,
        action=AccessAction.DETAIL,
        purpose="referral",
    )
    forms = forms or {}
    pending = referral.status == ReferralStatus.SENT
    context = {
        "referral": referral,
        "person": referral.case.person,
        "receiving": receiving,
        "accept_form": forms.get("accept") or (ReferralAcceptForm() if receiving and pending else None),
        "decline_form": forms.get("decline") or (ReferralDeclineForm() if receiving and pending else None),
        "withdraw_form": forms.get("withdraw") or (ReferralWithdrawForm() if not receiving and pending else None),
        "close_form": forms.get("close")
        or (ReferralCloseForm() if referral.status == ReferralStatus.ACCEPTED else None),
    }
    return render(request, "cases/referral_detail.html", context, status=status)


@require_http_methods(["GET"])
@transaction.atomic
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _answer(
    request: HttpRequest, pk: int, *, name: str, form_class, service, success: str, side: bool | None = None
) -> HttpResponse:
    """Post one of the referral's answers through its service; a refusal shows the page again at the form. `side`:
    only the receiver (True) or only the sender (False) has the answer; the other side gets 404."""
    referral, receiving = selectors.get_referral_for_user(request.user, request.membership, pk)
    if side is not None and receiving != side:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, membership=request.membership, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:referral_detail", pk=pk)
    return _detail(request, pk, forms={name: form}, status=400)


@require_POST
@transaction.atomic
def referral_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, name="accept", form_class=ReferralAcceptForm, service=referral_accept, side=True,
        success=_("You accepted the referral: your case is open and the shared data can be read."),
    )  # fmt: skip


@require_POST
@transaction.atomic
def referral_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, name="decline", form_class=ReferralDeclineForm, service=referral_decline, side=True,
        success=_("You declined the referral; the sender reads your reason."),
    )  # fmt: skip


@require_POST
@transaction.atomic
def referral_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, name="withdraw", form_class=ReferralWithdrawForm, service=referral_withdraw, side=False,
        success=_("The referral was withdrawn."),
    )  # fmt: skip


@require_POST
@transaction.atomic
def referral_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, name="close", form_class=ReferralCloseForm, service=referral_close,
        success=_("The referral was closed with its result."),
    )  # fmt: skip
