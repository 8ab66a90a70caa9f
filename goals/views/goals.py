"""Reading the goal system: the tree of goals by action field, and one goal with everything about it."""

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agencies import selectors as agency_selectors
from goals import selectors
from goals.charts import render_line_chart
from goals.forms.goals import ActivityProposeForm, ActivityUpdateForm, AdoptForm, GoalFilterForm, MeasurementForm
from goals.models import Goal
from goals.models.choices import DecisionKind, GoalLevel
from goals.numbering import number_key
from goals.status_of import with_status
from goals.views._common import goal_for, require_reader
from goals.views._history import goal_history
from goals.views.stewards import steward_form

MEASUREMENTS_SHOWN = 60


def goal_tree(goals: list[Goal]) -> list[tuple[object, list[Goal]]]:
    """The principal goals per action field, each goal with its `subgoals`, in the order of their numbers."""
    children = defaultdict(list)
    for goal in sorted(goals, key=number_key):
        children[goal.parent_id].append(goal)
    for goal in goals:
        goal.subgoals = children.get(goal.pk, [])
    fields = {}
    for goal in children.get(None, []):
        fields.setdefault(goal.action_field_id, (goal.action_field, []))[1].append(goal)
    return sorted(fields.values(), key=lambda entry: (entry[0].position, entry[0].name))


@require_GET
def goal_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    form = GoalFilterForm(request.GET or None)
    goals = selectors.goals_visible_to(request.user, request.membership)
    if form.is_valid() and form.cleaned_data["field"]:
        goals = goals.filter(action_field=form.cleaned_data["field"])
    goals = with_status(goals, today=timezone.localdate())
    context = {
        "form": form,
        "fields": goal_tree(goals),
        "may_edit": selectors.may_edit(request.user, request.membership),
    }
    return render(request, "goals/goal_list.html", context)


@require_GET
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_for(request, pk)
    user, membership = request.user, request.membership
    children = list(goal.children.select_related("indicator", "responsible_agency", "responsible_group"))
    with_status([goal, *children], today=timezone.localdate())
    may_edit = selectors.may_edit(user, membership)
    may_steward = not may_edit and selectors.may_steward(user, membership, goal)
    may_adopt = selectors.may_adopt(user, membership)
    may_propose = goal.level == GoalLevel.RESULT and selectors.may_propose_activity(user, membership, goal)
    activities = list(goal.activities.select_related("responsible_agency"))
    agencies = list(agency_selectors.active_agencies()) if may_edit or may_propose else []
    if may_edit:
        for activity in activities:
            activity.form = ActivityUpdateForm(
                prefix=f"activity{activity.pk}",
                agencies=agencies,
                initial={
                    "status": activity.status,
                    "responsible_agency": activity.responsible_agency_id,
                    "due_on": activity.due_on,
                    "result": activity.result,
                },
            )
    measurements = list(goal.measurements.order_by("-measured_on", "-pk")[: MEASUREMENTS_SHOWN + 1])
    unit = goal.indicator.unit if goal.indicator else ""
    decisions = list(goal.decisions.select_related("group", "meeting"))
    parent_pending = goal.parent is not None and not goal.parent.is_adopted  # adopted top down
    context = {
        "goal": goal,
        "children": sorted(children, key=number_key),
        "obstacles": list(goal.obstacles.all()),
        "decisions": decisions,
        "adoption": next((d for d in decisions if d.kind == DecisionKind.GOAL_ADOPTED), None),
        "activities": activities,
        "measurements": measurements[:MEASUREMENTS_SHOWN],
        "more_measurements": len(measurements) > MEASUREMENTS_SHOWN,
        "chart": render_line_chart(
            points=[(m.measured_on, m.value) for m in measurements[:MEASUREMENTS_SHOWN]],
            target=goal.target_value,
            deadline=goal.deadline,
            unit=unit,
        ),
        "unit": unit,
        "history": goal_history(goal),
        "may_edit": may_edit,
        "may_change": may_edit or (may_steward and goal.level != GoalLevel.PRINCIPLE),
        "may_derive": (may_edit or may_steward) and goal.level != GoalLevel.RESULT,
        "stewards": list(selectors.stewards_of(goal)) if may_edit and goal.level == GoalLevel.PRINCIPLE else None,
        "steward_form": steward_form(goal) if may_edit and goal.level == GoalLevel.PRINCIPLE else None,
        "adopt_form": AdoptForm() if may_adopt and not goal.is_adopted and not parent_pending else None,
        "parent_pending": parent_pending,
        "may_amend": may_adopt and goal.is_adopted,
        "measurement_form": MeasurementForm(prefix="measurement") if may_edit else None,
        "propose_form": ActivityProposeForm(prefix="activity", agencies=agencies) if may_propose else None,
    }
    return render(request, "goals/goal_detail.html", context)
