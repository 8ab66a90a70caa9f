"""The steering group decides on goals: it adopts a draft and amends an adopted goal by a new decision."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ewg.refusals import submit
from goals import selectors
from goals.forms.goals import AdoptForm, AmendForm
from goals.services import goals as services
from goals.views._common import goal_for, require, save_form


@require_POST
def goal_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    require(selectors.may_adopt(request.user, request.membership))
    goal = goal_for(request, pk)
    success = _("The goal is adopted.")
    submit(request, AdoptForm(request.POST), services.goal_adopt, success, membership=request.membership, goal=goal)
    return redirect("goals:goal_detail", pk=goal.pk)


@require_http_methods(["GET", "POST"])
def goal_amend(request: HttpRequest, pk: int) -> HttpResponse:
    require(selectors.may_adopt(request.user, request.membership))
    goal = goal_for(request, pk)
    initial = {
        "statement": goal.statement, "indicator": goal.indicator_id, "baseline": goal.baseline,
        "target_value": goal.target_value, "deadline": goal.deadline,
    }  # fmt: skip
    form = AmendForm(request.POST or None, initial=initial)
    if request.method == "POST":
        decision = save_form(request, form, services.goal_amend, _("The amendment is recorded."), goal=goal)
        if decision is not None:
            return redirect("goals:goal_detail", pk=goal.pk)
    return render(request, "goals/goal_amend.html", {"form": form, "goal": goal})
