"""Work on a goal: activities proposed by the groups and kept by the coordinators, and measured values."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import selectors as agency_selectors
from agencies.models import Agency
from ewg.refusals import submit
from goals import selectors
from goals.forms.goals import ActivityProposeForm, ActivityUpdateForm, MeasurementForm
from goals.services import goals as services
from goals.views._common import goal_for, require


def _agencies() -> list[Agency]:
    return list(agency_selectors.active_agencies())


def _back(goal_pk: int, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('goals:goal_detail', args=[goal_pk])}#{anchor}")


@require_POST
def activity_propose(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_for(request, pk)
    require(selectors.may_propose_activity(request.user, request.membership, goal))
    form = ActivityProposeForm(request.POST, prefix="activity", agencies=_agencies())
    submit(
        request,
        form,
        services.activity_propose,
        _("The activity is proposed."),
        membership=request.membership,
        goal=goal,
    )
    return _back(goal.pk, "activities")


@require_POST
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    require(selectors.may_edit(request.user, request.membership))
    activity = selectors.get_activity_for_user(request.user, request.membership, pk)
    form = ActivityUpdateForm(request.POST, prefix=f"activity{activity.pk}", agencies=_agencies())
    success = _("The activity was saved.")
    submit(request, form, services.activity_update, success, membership=request.membership, activity=activity)
    return _back(activity.goal_id, "activities")


@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(selectors.may_edit(request.user, request.membership))
    goal = goal_for(request, pk)
    form = MeasurementForm(request.POST, prefix="measurement")
    submit(
        request,
        form,
        services.measurement_record,
        _("The value was recorded."),
        membership=request.membership,
        goal=goal,
    )
    return _back(goal.pk, "measurements")
