"""Merging two records of one person: proposed (and applied) by a lead caseworker, confirmed by the coordination or
the data protection officer, undone by either until then."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.permissions import PERSON_MERGE_CONFIRM, can, require_or_404
from cases.selectors import cases_visible_to, get_case_for_user
from ewg.refusals import add_refusal, run_and_report
from privacy import selectors
from privacy.forms import MergeForm
from privacy.merges import merge_confirm, merge_propose, merge_undo

MERGED = gettext_lazy(
    "The records were merged. The coordination or the data protection officer confirms the merge; until then it can"
    " be undone."
)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def merge_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    case = access.case
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = cases_visible_to(request.user, request.membership).filter(pk=form.cleaned_data["other_case"]).first()
        if other is None:
            form.add_error("other_case", _("There is no case with this number that you may see."))
        else:
            try:
                merge_propose(
                    actor=request.user,
                    membership=request.membership,
                    survivor=case.person,
                    duplicate=other.person,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, MERGED)
                return redirect("cases:case_detail", pk=case.pk)
    context = {
        "case": case,
        "person": case.person,
        "access": access,
        "tab": "overview",
        "form": form,
        "pending": selectors.pending_merges_of(case.person),
    }
    return render(request, "privacy/merge_propose.html", context, status=400 if form.errors else 200)


@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, PERSON_MERGE_CONFIRM)
    merges = selectors.merges_pending_for(request.user, request.membership)
    return render(request, "privacy/merges.html", {"merges": merges})


@require_POST
def merge_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.get_pending_merge_for_user(request.user, request.membership, pk)
    run_and_report(
        request,
        lambda: merge_confirm(actor=request.user, membership=request.membership, merge=merge),
        _("The merge is confirmed: the history of both records now belongs to the kept one."),
    )
    return redirect("privacy:merges")


@require_POST
def merge_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.get_pending_merge_for_user(request.user, request.membership, pk)
    run_and_report(
        request,
        lambda: merge_undo(actor=request.user, membership=request.membership, merge=merge),
        _("The merge was undone: both records are as they were before."),
    )
    if can(request.membership, PERSON_MERGE_CONFIRM):
        return redirect("privacy:merges")
    case = cases_visible_to(request.user, request.membership).filter(person_id=merge.survivor_id).first()
    return redirect("cases:case_detail", pk=case.pk) if case else redirect("cases:case_list")
