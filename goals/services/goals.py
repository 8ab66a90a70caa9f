"""Writes of the goal system: goals and their adoption or amendment by the steering group, activities, indicators
and measurements. Who may do what is decided in goals.selectors: coordinators keep the goal system, the steering
group decides on goals, members of the groups working on a goal propose activities."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, User
from agencies.permissions import GOAL_ADOPT, GOAL_EDIT, GOAL_STEWARD, can, require
from cases.models import Obstacle
from ewg.concurrent_edits import check_unchanged
from ewg.history import save_with_history as _save
from goals import selectors
from goals.models import ActionField, Activity, Decision, Goal, Indicator, Measurement, Meeting, WorkingGroup
from goals.models.choices import (
    PARENT_LEVEL,
    ActivityStatus,
    DecisionKind,
    GoalLevel,
    GroupKind,
    IndicatorKind,
    MeasurementSource,
)
from goals.services.meetings import open_meeting

# What goal_update may change; level, parent and action field are fixed when a goal is derived.
GOAL_FIELDS = (
    "number",
    "statement",
    "indicator",
    "baseline",
    "target_value",
    "deadline",
    "responsible_agency",
    "responsible_group",
)
FOREIGN_KEYS = {"indicator", "responsible_agency", "responsible_group"}
# The parts of a goal the steering group decides on: once adopted, only a new decision changes them.
DECIDED_FIELDS = ("statement", "indicator", "baseline", "target_value", "deadline")
CENT = Decimal("0.01")
LARGEST_VALUE = Decimal("9999999999.99")  # max_digits=12, decimal_places=2


def _level_label(level: str) -> str:
    return str(GoalLevel(level).label)


def _check_parent(*, level: str, parent: Goal | None, action_field: ActionField) -> None:
    """Checked before the database's constraint, so that the refusal says what is wrong."""
    if level not in GoalLevel.values:
        raise ValidationError({"level": _("Choose a level from the list.")})
    expected = PARENT_LEVEL[GoalLevel(level)]
    if expected is None:
        if parent is not None:
            raise ValidationError({"parent": _("A principal goal is not derived from another goal.")})
        return
    if parent is None:
        raise ValidationError({"parent": _("Choose the goal this one is derived from.")})
    if parent.level != expected:
        raise ValidationError(
            {
                "parent": _("A %(level)s is derived from a %(parent_level)s.")
                % {"level": _level_label(level), "parent_level": _level_label(expected)}
            }
        )
    if parent.action_field_id != action_field.pk:
        raise ValidationError(
            {"action_field": _("A derived goal belongs to the action field of the goal it is derived from.")}
        )


def _clean_statement(statement: str) -> str:
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Please state the goal.")})
    return statement


def _steering_group() -> WorkingGroup:
    group = WorkingGroup.objects.filter(kind=GroupKind.STEERING, is_active=True).order_by("pk").first()
    if group is None:
        raise ValidationError(_("There is no steering group yet; the coordinators set it up first."))
    return group


def _decision_date(*, decided_on: date | None, meeting: Meeting | None, steering: WorkingGroup) -> date:
    """The date of the steering group's decision: a decision taken in a meeting carries the meeting's date (the
    default), however long ago the meeting was; one by written procedure is dated as given. Never a future date."""
    if meeting is not None:
        if meeting.group_id != steering.pk:
            raise ValidationError({"meeting": _("Choose a meeting of the steering group.")})
        meeting = open_meeting(meeting)
        decided_on = meeting.held_on if decided_on is None else decided_on
        if meeting.held_on != decided_on:
            raise ValidationError({"decided_on": _("A decision taken in a meeting carries the meeting's date.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("Please give the date of the decision.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date of the decision lies in the future.")})
    return decided_on


def _lock(goal: Goal) -> Goal:
    """The goal, locked: two decisions on the same goal at once are taken one after the other."""
    return Goal.objects.select_for_update(of=("self",)).select_related("parent").get(pk=goal.pk)


def _date(value: date | None) -> str:
    return formats.date_format(value, "d.m.Y") if value else "–"


def _number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value.to_integral_value() if value == value.to_integral_value() else value)


@transaction.atomic
def goal_create(
    *,
    actor: User,
    membership: Membership,
    level: str,
    action_field: ActionField,
    statement: str,
    parent: Goal | None = None,
    number: str = "",
    indicator: Indicator | None = None,
    baseline: Decimal | None = None,
    target_value: Decimal | None = None,
    deadline: date | None = None,
    responsible_agency: Agency | None = None,
    responsible_group: WorkingGroup | None = None,
    obstacles: Iterable[Obstacle] = (),
) -> Goal:
    """A new goal, a draft until the steering group adopts it. Rahmen- and Ergebnisziele are derived from a goal of
    the level above, in the same action field. The coordination writes any goal; a steward of a Grundsatzziel
    drafts the goals below it."""
    if parent is None or not can(membership, GOAL_STEWARD, parent, user=actor):
        require(membership, GOAL_EDIT, user=actor)
    _check_parent(level=level, parent=parent, action_field=action_field)
    goal = Goal(
        level=level,
        parent=parent,
        action_field=action_field,
        number=(number or "").strip(),
        statement=_clean_statement(statement),
        indicator=indicator,
        baseline=baseline,
        target_value=target_value,
        deadline=deadline,
        responsible_agency=responsible_agency,
        responsible_group=responsible_group,
    )
    _save(goal, actor=actor)
    obstacles = list(obstacles)
    if obstacles:
        goal.obstacles.set(obstacles)  # a second history row, by the same actor, holds the themes
    return goal


@transaction.atomic
def goal_update(
    *, actor: User, membership: Membership, goal: Goal, loaded_version: str | None = None, **fields
) -> Goal:
    """Change a goal's parts (GOAL_FIELDS and `obstacles`). Of an adopted goal, statement, target value and deadline
    change only by the steering group's amendment (goal_amend). Unchanged values write no history row. A steward of
    the goal's Grundsatzziel edits the goals below it. Refused when someone else changed the goal since
    `loaded_version` (ewg.concurrent_edits)."""
    if goal.level == GoalLevel.PRINCIPLE or not can(membership, GOAL_STEWARD, goal, user=actor):
        require(membership, GOAL_EDIT, user=actor)
    unknown = set(fields) - {*GOAL_FIELDS, "obstacles"}
    if unknown:
        raise TypeError(f"goal_update() cannot change {', '.join(sorted(unknown))}")
    goal = _lock(goal)
    obstacles = fields.pop("obstacles", None)
    if "statement" in fields:
        fields["statement"] = _clean_statement(fields["statement"])
    if "number" in fields:
        fields["number"] = (fields["number"] or "").strip()
    proposed = fields if obstacles is None else {**fields, "obstacles": obstacles}
    check_unchanged(goal, loaded_version=loaded_version, proposed=proposed)
    changed = [name for name, value in fields.items() if _current(goal, name) != _comparable(name, value)]
    if goal.is_adopted and set(changed) & set(DECIDED_FIELDS):
        raise ValidationError(
            _(
                "The goal is adopted: its statement, target value and deadline change only by a decision of the "
                "steering group (amendment)."
            )
        )
    for name in changed:
        setattr(goal, name, fields[name])
    if changed:
        _save(goal, actor=actor, update_fields=changed)
    if obstacles is not None:
        obstacles = list(obstacles)
        if {o.pk for o in obstacles} != set(goal.obstacles.values_list("pk", flat=True)):
            goal._history_user = actor
            goal.obstacles.set(obstacles)
    return goal


def _current(goal: Goal, name: str):
    return getattr(goal, f"{name}_id") if name in FOREIGN_KEYS else getattr(goal, name)


def _comparable(name: str, value):
    return (value.pk if value is not None else None) if name in FOREIGN_KEYS else value


@transaction.atomic
def goal_adopt(
    *,
    actor: User,
    membership: Membership,
    goal: Goal,
    decided_on: date | None = None,
    meeting: Meeting | None = None,
    text: str = "",
) -> Decision:
    """The steering group adopts a goal: a decision of kind goal_adopted, and the goal records by whom and when.
    Adopted in a meeting, the goal is adopted on the meeting's date. A derived goal is adopted after the goal it is
    derived from."""
    require(membership, GOAL_ADOPT, user=actor)
    goal = _lock(goal)
    if goal.is_adopted:
        raise ValidationError(_("The goal was already adopted on %(date)s.") % {"date": _date(goal.adopted_on)})
    if goal.parent is not None and not goal.parent.is_adopted:
        raise ValidationError(_("Adopt the goal it is derived from first."))
    steering = _steering_group()
    decided_on = _decision_date(decided_on=decided_on, meeting=meeting, steering=steering)
    if goal.parent is not None and decided_on < goal.parent.adopted_on:
        raise ValidationError(
            {
                "decided_on": _("The goal it is derived from was adopted only on %(date)s.")
                % {"date": _date(goal.parent.adopted_on)}
            }
        )
    label = f"{goal.number} {goal.statement}".strip()
    decision = Decision(
        group=steering,
        meeting=meeting,
        kind=DecisionKind.GOAL_ADOPTED,
        decided_on=decided_on,
        text=(text or "").strip() or _("The steering group adopts the goal: %(goal)s") % {"goal": label},
        goal=goal,
        recorded_by=actor,
    )
    _save(decision, actor=actor)
    goal.adopted_by = steering
    goal.adopted_on = decided_on
    reason = _("Adopted by the steering group on %(date)s") % {"date": _date(decided_on)}
    _save(goal, actor=actor, reason=reason, update_fields=["adopted_by", "adopted_on"])
    return decision


@transaction.atomic
def goal_amend(
    *,
    actor: User,
    membership: Membership,
    goal: Goal,
    reason: str,
    decided_on: date | None = None,
    statement: str | None = None,
    target_value: Decimal | None = None,
    deadline: date | None = None,
    meeting: Meeting | None = None,
    indicator: Indicator | None = None,
    baseline: Decimal | None = None,
) -> Decision:
    """The steering group changes an adopted goal's statement, indicator, baseline, target value or deadline by a new
    decision (kind
    goal_amended) that gives the reason; the goal's history row carries the reason too. None leaves a part as is."""
    require(membership, GOAL_ADOPT, user=actor)
    goal = _lock(goal)
    if not goal.is_adopted:
        raise ValidationError(_("Only an adopted goal is amended; this one is still a draft."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the amendment.")})
    steering = _steering_group()
    decided_on = _decision_date(decided_on=decided_on, meeting=meeting, steering=steering)
    if decided_on < goal.adopted_on:
        raise ValidationError(
            {"decided_on": _("The goal was adopted only on %(date)s.") % {"date": _date(goal.adopted_on)}}
        )
    changes = {}
    statement = None if statement is None else _clean_statement(statement)
    if statement is not None and statement != goal.statement:
        changes["statement"] = statement
    if target_value is not None and target_value != goal.target_value:
        changes["target_value"] = target_value
    if deadline is not None and deadline != goal.deadline:
        changes["deadline"] = deadline
    if indicator is not None and indicator.pk != goal.indicator_id:
        changes["indicator"] = indicator
    if baseline is not None and baseline != goal.baseline:
        changes["baseline"] = baseline
    if not changes:
        raise ValidationError(
            _("The amendment changes nothing: give a new statement, indicator, baseline, target value or deadline.")
        )
    lines = [
        _("The steering group amends the goal %(goal)s.") % {"goal": goal.number or goal.statement[:60]},
        _("Reason: %(reason)s") % {"reason": reason},
    ]
    if "statement" in changes:
        lines.append(_("New statement: %(new)s") % {"new": changes["statement"]})
    if "target_value" in changes:
        lines.append(
            _("Target value: %(old)s → %(new)s")
            % {"old": _number(goal.target_value), "new": _number(changes["target_value"])}
        )
    if "deadline" in changes:
        lines.append(_("Deadline: %(old)s → %(new)s") % {"old": _date(goal.deadline), "new": _date(deadline)})
    if "indicator" in changes:
        lines.append(_("Indicator: %(old)s → %(new)s") % {"old": goal.indicator or "–", "new": indicator})
    if "baseline" in changes:
        lines.append(
            _("Baseline: %(old)s → %(new)s") % {"old": _number(goal.baseline), "new": _number(changes["baseline"])}
        )
    decision = Decision(
        group=steering,
        meeting=meeting,
        kind=DecisionKind.GOAL_AMENDED,
        decided_on=decided_on,
        text="\n".join(lines),
        goal=goal,
        recorded_by=actor,
    )
    _save(decision, actor=actor)
    for name, value in changes.items():
        setattr(goal, name, value)
    _save(goal, actor=actor, reason=reason, update_fields=list(changes))
    return decision


@transaction.atomic
def activity_propose(
    *,
    actor: User,
    membership: Membership,
    goal: Goal,
    title: str,
    responsible_agency: Agency | None = None,
    due_on: date | None = None,
) -> Activity:
    """A member of a group working on the goal (or a coordinator) proposes an activity under an Ergebnisziel."""
    if not selectors.may_propose_activity(actor, membership, goal):
        raise ValidationError(_("Only members of a group working on this goal propose activities for it."))
    if goal.level != GoalLevel.RESULT:
        raise ValidationError(_("Activities belong to result goals (Ergebnisziele)."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please name the activity.")})
    activity = Activity(goal=goal, title=title, responsible_agency=responsible_agency, due_on=due_on, proposed_by=actor)
    _save(activity, actor=actor)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    membership: Membership,
    activity: Activity,
    status: str,
    result: str = "",
    due_on: date | None = None,
    responsible_agency: Agency | None = None,
) -> Activity:
    """The coordinators keep an activity's state. The arguments are its whole new state: what is not given is
    cleared (the form shows the current values)."""
    require(membership, GOAL_EDIT, user=actor)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    new = {
        "status": status,
        "result": (result or "").strip(),
        "due_on": due_on,
        "responsible_agency_id": responsible_agency.pk if responsible_agency else None,
    }
    changed = [name for name, value in new.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, new[name])
    if changed:
        _save(activity, actor=actor, update_fields=changed)
    return activity


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    membership: Membership,
    name: str,
    unit: str = "",
    kind: str = IndicatorKind.MANUAL,
    function: str = "",
    higher_is_better: bool = True,
) -> Indicator:
    """An indicator is entered by hand or computed by a function registered in goals.indicators."""
    from goals.indicators import registered  # the registry imports the case figures; only needed here

    require(membership, GOAL_EDIT, user=actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please name the indicator.")})
    if Indicator.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already an indicator of this name.")})
    if kind not in IndicatorKind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    function = (function or "").strip()
    if kind == IndicatorKind.MANUAL and function:
        raise ValidationError({"function": _("An indicator entered by hand is computed by no function.")})
    if kind == IndicatorKind.COMPUTED and function not in registered():
        raise ValidationError({"function": _("Choose one of the computed indicators.")})
    indicator = Indicator(
        name=name, unit=(unit or "").strip(), kind=kind, function=function, higher_is_better=higher_is_better
    )
    _save(indicator, actor=actor)
    return indicator


def _clean_value(value) -> Decimal:
    try:
        value = Decimal(value).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"value": _("Please enter a number.")}) from None
    if abs(value) > LARGEST_VALUE:
        raise ValidationError({"value": _("The value is too large.")})
    return value


@transaction.atomic
def measurement_record(
    *, actor: User, membership: Membership, goal: Goal, measured_on: date, value: Decimal, comment: str = ""
) -> Measurement:
    """A value entered by a coordinator. One value per goal and day: a second one replaces the first (the history
    keeps the first)."""
    require(membership, GOAL_EDIT, user=actor)
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The date lies in the future.")})
    value = _clean_value(value)
    goal = _lock(goal)  # two entries for the same day are written one after the other
    measurement = Measurement.objects.filter(goal=goal, measured_on=measured_on).first()
    reason = ""
    if measurement is None:
        measurement = Measurement(goal=goal, measured_on=measured_on)
    else:
        reason = _("Replaced by a new value")
    measurement.value = value
    measurement.comment = (comment or "").strip()
    measurement.source = MeasurementSource.ENTERED
    measurement.recorded_by = actor
    _save(measurement, actor=actor, reason=reason)
    return measurement
