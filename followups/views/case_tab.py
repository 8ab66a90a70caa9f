"""The case's tab "Wiedervorlagen": its follow-ups, open ones first, a form to set one, and the buttons to mark one
done or move it. Only those who work on the case reach it: its lead agency and its named co-workers; an agency the
case is shared with, and anyone else, gets 404."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.permissions import FOLLOWUP_SET, holds
from cases import selectors as case_selectors
from cases.models.choices import AccessAction, CaseKind, CaseStatus
from cases.services.access import access_record
from ewg.refusals import add_refusal, report_form_errors, run_and_report
from followups import selectors
from followups.forms import FollowUpForm, RescheduleForm
from followups.services import followup_done, followup_reschedule, followup_set, may_close

SHOWN = 100  # follow-ups listed on the tab: all open ones of any real case, and the latest done ones
BACK_TO_TASKS = "tasks"  # the "back" value of the buttons on "Meine Aufgaben"


def may_see_followups(access, membership) -> bool:
    """Those who work on the case (FOLLOWUP_SET's object rule, read from the access the case page already has, so
    that drawing the tabs costs no query)."""
    return (access.is_lead or access.is_coworker) and holds(membership, FOLLOWUP_SET)


def _access(request: HttpRequest, pk: int) -> case_selectors.CaseAccess:
    access = case_selectors.get_case_for_user(request.user, request.membership, pk)
    if not may_see_followups(access, request.membership):
        raise Http404
    return access


def _form(request: HttpRequest, access: case_selectors.CaseAccess, data=None) -> FollowUpForm:
    case = access.case
    steps = selectors.open_plan_steps_of(case) if case.kind == CaseKind.CASE_MANAGEMENT else None
    candidates = selectors.assignee_candidates(request.user, request.membership, case)
    return FollowUpForm(data, me=request.user, candidates=candidates, steps=steps, prefix="followup")


def _page(request: HttpRequest, access: case_selectors.CaseAccess, form: FollowUpForm, status: int = 200):
    case = access.case
    access_record(
        user=request.user, membership=request.membership, person=case.person, case=case,
        action=AccessAction.DETAIL, purpose="Wiedervorlagen",
    )  # fmt: skip
    followups = list(selectors.followups_of_case(request.user, request.membership, case)[:SHOWN])
    for followup in followups:
        followup.may_close = followup.done_on is None and may_close(request.membership, request.user, followup)
    context = {
        "access": access,
        "case": case,
        "person": case.person,
        "tab": "followups",
        "followups": followups,
        "today": timezone.localdate(),
        "form": form if case.status == CaseStatus.OPEN else None,
        "reschedule_form": RescheduleForm(),
    }
    return render(request, "followups/case_followups.html", context, status=status)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def case_followups(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    if request.method == "GET":
        return _page(request, access, _form(request, access))
    form = _form(request, access, request.POST)
    if form.is_valid():
        try:
            followup_set(actor=request.user, membership=request.membership, case=access.case, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The follow-up was set."))
            return redirect("followups:case_followups", pk=pk)
    return _page(request, access, form, status=400)


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    if request.POST.get("back") == BACK_TO_TASKS:
        return redirect("followups:my_tasks")
    return redirect("followups:case_followups", pk=pk)


@require_POST
def followup_done_view(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    access = _access(request, pk)
    followup = selectors.get_followup_for_user(request.user, request.membership, access.case, followup_pk)
    done = partial(followup_done, actor=request.user, membership=request.membership, followup=followup)
    run_and_report(request, done, _("The follow-up is marked as done."))
    return _back(request, pk)


@require_POST
def followup_reschedule_view(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    access = _access(request, pk)
    followup = selectors.get_followup_for_user(request.user, request.membership, access.case, followup_pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return _back(request, pk)
    move = partial(
        followup_reschedule, actor=request.user, membership=request.membership, followup=followup,
        due_on=form.cleaned_data["due_on"],
    )  # fmt: skip
    run_and_report(request, move, _("The follow-up was moved."))
    return _back(request, pk)
