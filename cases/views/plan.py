"""What the lead caseworker edits on a case: its topics and the support plan of a Case-Management case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms import GoalForm, StepForm, TopicsForm
from cases.models import PersonalGoal, PlanStep
from cases.models.choices import CaseKind
from cases.services.cases import case_set_topics, personal_goal_add, plan_step_add, plan_step_done
from cases.views.steering import _lead_case


def _errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _plan(request: HttpRequest, pk: int):
    case = _lead_case(request, pk)
    if case.kind != CaseKind.CASE_MANAGEMENT:
        raise Http404
    return case, case.support_plan


@require_POST
def case_topics(request: HttpRequest, pk: int) -> HttpResponse:
    case = _lead_case(request, pk)
    form = TopicsForm(request.POST, case=case)
    if form.is_valid():
        try:
            case_set_topics(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Fields of action and obstacles were saved."))
    else:
        _errors(request, form)
    return redirect("cases:case_detail", pk=pk)


@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    _case, plan = _plan(request, pk)
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        personal_goal_add(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("The goal was added to the support plan."))
    else:
        _errors(request, form)
    return redirect("cases:case_detail", pk=pk)


@require_POST
def step_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    _case, plan = _plan(request, pk)
    goal = PersonalGoal.objects.filter(plan=plan, pk=goal_pk).first()
    if goal is None:
        raise Http404
    form = StepForm(request.POST, prefix=f"step{goal.pk}")
    if form.is_valid():
        plan_step_add(actor=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("The step was added."))
    else:
        _errors(request, form)
    return redirect("cases:case_detail", pk=pk)


@require_POST
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    _case, plan = _plan(request, pk)
    step = PlanStep.objects.filter(goal__plan=plan, pk=step_pk).first()
    if step is None:
        raise Http404
    try:
        plan_step_done(actor=request.user, step=step, done_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step is marked as done."))
    return redirect("cases:case_detail", pk=pk)
