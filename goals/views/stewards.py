"""The coordination names the stewards of a Grundsatzziel on its page, and withdraws them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ewg.lookups import first_or_404
from goals import selectors
from goals.forms.goals import StewardForm
from goals.models import Goal
from goals.models.choices import GoalLevel
from goals.services.stewards import goal_steward_add, goal_steward_remove
from goals.views._common import goal_for, require


def steward_form(goal: Goal, data=None) -> StewardForm:
    return StewardForm(data, candidates=selectors.steward_candidates(goal), prefix="steward")


def _principle_for_coordination(request: HttpRequest, pk: int) -> Goal:
    require(selectors.may_edit(request.user, request.membership))
    goal = goal_for(request, pk)
    require(goal.level == GoalLevel.PRINCIPLE)
    return goal


@require_POST
def steward_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _principle_for_coordination(request, pk)
    form = steward_form(goal, request.POST)
    if form.is_valid():
        try:
            goal_steward_add(
                actor=request.user, membership=request.membership, goal=goal, steward=form.cleaned_data["steward"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The steward drafts and edits the goals below this one now."))
    else:
        messages.error(request, _("Choose a member of a working group of the goal's action field."))
    return redirect("goals:goal_detail", pk=goal.pk)


@require_POST
def steward_remove(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    goal = _principle_for_coordination(request, pk)
    grant = first_or_404(selectors.stewards_of(goal).filter(pk=grant_pk))
    goal_steward_remove(actor=request.user, membership=request.membership, goal=goal, grant_pk=grant.pk)
    messages.success(request, _("The steward no longer edits the goals below this one."))
    return redirect("goals:goal_detail", pk=goal.pk)
