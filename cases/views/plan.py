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
from cases.views.actions import confirm, lead_case
from ewg.refusals import add_refusal, submit


def _plan(request: HttpRequest, pk: int) -> SupportPlan:
    case = lead_case(request, pk)
    if case.kind != CaseKind.CASE_MANAGEMENT:
        raise Http404
    return case.support_plan


@require_POST
def case_topics(request: HttpRequest, pk: int) -> HttpResponse:
    case = lead_case(request, pk)
    form = TopicsForm(request.POST, case=case)
    submit(
        request,
        form,
        case_set_topics,
        _("Fields of action and obstacles were saved."),
        membership=request.membership,
        case=case,
    )
    return redirect("cases:case_detail", pk=pk)


@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = GoalForm(request.POST, prefix="goal")
    submit(
        request,
        form,
        personal_goal_add,
        _("The goal was added to the support plan."),
        membership=request.membership,
        plan=plan,
    )
    return redirect("cases:case_detail", pk=pk)


@require_POST
def step_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = selectors.plan_goal_of(_plan(request, pk), goal_pk)
    form = StepForm(request.POST, prefix=f"step{goal.pk}")
    submit(request, form, plan_step_add, _("The step was added."), membership=request.membership, goal=goal)
    return redirect("cases:case_detail", pk=pk)


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
