"""The coordinators write goals: a new goal (derived from another one or a principal goal) and its SMART parts. The
stewards of a Grundsatzziel draft and edit the goals below it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from goals import selectors
from goals.forms.goals import GoalCreateForm, GoalEditForm
from goals.models.choices import PARENT_LEVEL, GoalLevel
from goals.services import goals as services
from goals.views._common import goal_for, require, save_form

CHILD_LEVEL = {parent: level for level, parent in PARENT_LEVEL.items() if parent is not None}


def _prefill(request: HttpRequest) -> dict:
    """`?parent=<pk>`: the new goal is derived from that one, at the level below and in its action field."""
    pk = request.GET.get("parent", "")
    if not (pk.isascii() and pk.isdigit()):
        return {}
    parent = goal_for(request, int(pk))
    level = CHILD_LEVEL.get(GoalLevel(parent.level))
    if level is None:
        return {}
    return {"parent": parent.pk, "level": level, "action_field": parent.action_field_id}


@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest) -> HttpResponse:
    parents = selectors.goals_draftable_below(request.user, request.membership)
    require(selectors.may_edit(request.user, request.membership) or parents.exists())
    form = GoalCreateForm(request.POST or None, parents=parents, initial=_prefill(request))
    if request.method == "POST":
        goal = save_form(request, form, services.goal_create, _("The goal was created."))
        if goal is not None:
            return redirect("goals:goal_detail", pk=goal.pk)
    return render(request, "goals/goal_form.html", {"form": form, "goal": None})


@require_http_methods(["GET", "POST"])
def goal_update(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_for(request, pk)
    steward = goal.level != GoalLevel.PRINCIPLE and selectors.may_steward(request.user, request.membership, goal)
    require(selectors.may_edit(request.user, request.membership) or steward)
    initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    initial["obstacles"] = list(goal.obstacles.all())
    form = GoalEditForm(request.POST or None, goal=goal, initial=initial)
    if request.method == "POST":
        saved = save_form(request, form, services.goal_update, _("The goal was saved."), goal=goal)
        if saved is not None:
            return redirect("goals:goal_detail", pk=goal.pk)
    return render(request, "goals/goal_form.html", {"form": form, "goal": goal})
