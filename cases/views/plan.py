"""What the lead caseworker edits on a case: its topics and the support plan of a Case-Management case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import confirmations, selectors
from cases.forms import GoalForm, StepDoneForm, StepForm, TopicsForm
from cases.models import SupportPlan
from cases.models.choices import CaseKind
from cases.services.cases import case_set_topics, personal_goal_add, plan_step_add, plan_step_done
from cases.views.actions import confirm, lead_access
from cases.views.detail import overview_with_errors
from ewg.refusals import add_refusal, submit_shown


def _plan_access(request: HttpRequest, pk: int) -> selectors.CaseAccess:
    access = lead_access(request, pk)
    if access.case.kind != CaseKind.CASE_MANAGEMENT:
        raise Http404
    return access


def _plan(request: HttpRequest, pk: int) -> SupportPlan:
    return _plan_access(request, pk).case.support_plan


@require_POST
@transaction.atomic
def case_topics(request: HttpRequest, pk: int) -> HttpResponse:
    access = lead_access(request, pk)
    form = TopicsForm(request.POST, case=access.case)
    success = _("Fields of action and obstacles were saved.")
    if submit_shown(request, form, case_set_topics, success, membership=request.membership, case=access.case):
        return redirect("cases:case_detail", pk=pk)
    return overview_with_errors(request, access, topics_form=form)


@require_POST
@transaction.atomic
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = _plan_access(request, pk)
    form = GoalForm(request.POST, prefix="goal")
    success = _("The goal was added to the support plan.")
    plan = access.case.support_plan
    if submit_shown(request, form, personal_goal_add, success, membership=request.membership, plan=plan):
        return redirect("cases:case_detail", pk=pk)
    return overview_with_errors(request, access, goal_form=form)


@require_POST
@transaction.atomic
def step_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access = _plan_access(request, pk)
    goal = selectors.plan_goal_of(access.case.support_plan, goal_pk)
    form = StepForm(request.POST, prefix=f"step{goal.pk}")
    if submit_shown(request, form, plan_step_add, _("The step was added."), membership=request.membership, goal=goal):
        return redirect("cases:case_detail", pk=pk)
    return overview_with_errors(request, access, step_form=form)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """GET: confirm that the step is done, and since when; POST: mark it (today when no date is sent)."""
    plan = _plan(request, pk)
    step = selectors.plan_step_of(plan, step_pk)
    if step.done_on is not None:
        messages.info(request, _("This step is already done."))
        return redirect("cases:case_detail", pk=pk)
    form = StepDoneForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        done_on = form.cleaned_data["done_on"] or timezone.localdate()
        try:
            plan_step_done(actor=request.user, membership=request.membership, step=step, done_on=done_on)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The step is marked as done."))
            return redirect("cases:case_detail", pk=pk)
    back = reverse("cases:case_detail", args=[pk])
    return confirm(request, plan.case, confirmations.step_marking(step), cancel_url=back, form=form)
