"""Section 4 of the status report from the data: for each Themenfeld (action field) the deficit themes of its typical
cases in the source's two groups, the Grundsatzziel with its Rahmen- and Ergebnisziele (status, target, latest
measurement), and the results of the reporting period numbered (1), (2), … as the source numbers them: goals the
steering group adopted or amended, other decisions of the field's groups, activities done. The steering group's
decisions that belong to no field come first."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from cases.models.choices import ObstacleCategory
from goals.models import ActionField, Activity, CaseVignette, Decision, Goal, WorkingGroup
from goals.models.choices import ActivityStatus, DecisionKind, GoalLevel, GroupKind
from goals.numbering import number_key
from goals.status_of import with_status
from reports.content import principles_in_annex_order
from reports.periods import Period
from reports.prose.common import as_of, day, ended, goal_name, hidden_note, listed, paragraphs, quantity
from reports.prose.obstacles import Theme, recorded

GROUP_SENTENCE = {
    ObstacleCategory.STRUCTURAL: "Folgende Themen spielen innerhalb der verschiedenen Rechtskreise eine Rolle und sind "
    "von dort steuerbar: ",
    ObstacleCategory.PERSONAL: "Folgende Themen liegen eher in der Person des Nutzers begründet und können so (fast) "
    "nur von ihm beeinflusst werden: ",
}


@dataclass
class _Field:
    field: ActionField
    groups: list[WorkingGroup] = field(default_factory=list)
    vignettes: list[CaseVignette] = field(default_factory=list)
    obstacle_ids: list[int] = field(default_factory=list)
    principles: list[Goal] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


def _fields_of(group: WorkingGroup) -> list[int]:
    """The action fields a group works in: a project group in its working group's."""
    source = group.parent if group.kind == GroupKind.PROJECT and group.parent else group
    return [action_field.pk for action_field in source.action_fields.all()]


def _goal_line(goal: Goal) -> str:
    parts = [f"Stand: {goal.status_label}"]
    unit = goal.indicator.unit if goal.indicator else ""
    if goal.target_value is not None:
        parts.append(
            f"Ziel: {quantity(goal.target_value, unit)}" + (f" bis {day(goal.deadline)}" if goal.deadline else "")
        )
    elif goal.deadline:
        parts.append(f"Frist: {day(goal.deadline)}")
    latest = goal.latest_measurement
    if latest is not None:
        parts.append(f"zuletzt gemessen: {quantity(latest.value, unit)} am {day(latest.measured_on)}")
    return f"{goal_name(goal)}: {goal.statement} – " + "; ".join(parts)


def _goal_tree(principle: Goal, children: dict[int, list[Goal]], annex: int | None) -> str:
    adopted = (
        f" Verabschiedet von der {principle.adopted_by.name} am {day(principle.adopted_on)}."
        if principle.adopted_on and principle.adopted_by
        else ""
    )
    see = f" (siehe Anlage {annex})" if annex else ""
    lines = [
        f"**Grundsatzziel {principle.number} „{principle.action_field.name}“:** {principle.statement}{adopted} "
        f"Stand: {principle.status_label}{see}.".replace("  ", " "),
        "",
    ]
    for framework in children.get(principle.pk, []):
        lines.append(f"- {_goal_line(framework)}")
        for result in children.get(framework.pk, []):
            lines.append(f"    - {_goal_line(result)}")
    return "\n".join(lines).strip()


def _decision(decision: Decision) -> str:
    body = decision.group.name
    if decision.goal_id and decision.kind == DecisionKind.GOAL_ADOPTED:
        return (
            f"Die {body} hat am {day(decision.decided_on)} das {goal_name(decision.goal)} verabschiedet: "
            f"„{decision.goal.statement}“"
        )
    if decision.goal_id and decision.kind == DecisionKind.GOAL_AMENDED:
        # The amendment's text: a first line naming the goal, then the reason and each change on a line of its own.
        details = [line.strip() for line in decision.text.splitlines()[1:] if line.strip()]
        changed = f" ({'; '.join(details)})" if details else f": {decision.text}"
        return f"Die {body} hat am {day(decision.decided_on)} das {goal_name(decision.goal)} geändert{changed}"
    return f"Beschluss der {body} vom {day(decision.decided_on)}: {decision.text}"


def _activity(activity: Activity) -> str:
    who = f"{activity.responsible_agency.name}, " if activity.responsible_agency else ""
    text = (
        f"Erledigt ({who}fällig am {day(activity.due_on)}, zu {goal_name(activity.goal)}): {activity.title}"
        if activity.due_on
        else f"Erledigt ({who}zu {goal_name(activity.goal)}): {activity.title}"
    )
    return text + (f" – Ergebnis: {activity.result}" if activity.result else "")


def _results(decisions: list[Decision], activities: list[Activity], period: Period) -> str:
    items = [_decision(decision) for decision in decisions] + [_activity(activity) for activity in activities]
    if not items:
        return f"Im Berichtszeitraum {period.label} sind in diesem Themenfeld keine Ergebnisse erfasst."
    numbered = [f"({number}) {ended(item)}" for number, item in enumerate(items, start=1)]
    return "\n\n".join([f"Ergebnisse im Berichtszeitraum {period.label}:", *numbered])


def _themes(entry: _Field, themes: dict[int, Theme]) -> tuple[str, list]:
    """The deficit themes of the field in the source's two groups, each with the cases it is recorded on."""
    if not entry.obstacle_ids:
        return "", []
    blocks, shown = [], []
    titles = [f"„{vignette.title}“" for vignette in entry.vignettes]
    source = f"den typischen Fällen ({', '.join(titles)}) und den Zielen" if titles else "den Zielen"
    blocks.append(
        f"Aus {source} des Themenfelds ergeben sich folgende defizitäre Themen; in Klammern, bei wie vielen Fällen "
        "des Berichtszeitraums das Hemmnis erfasst ist."
    )
    for category in (ObstacleCategory.STRUCTURAL, ObstacleCategory.PERSONAL):
        named = [
            themes[pk]
            for pk in sorted(entry.obstacle_ids, key=_order(themes))
            if themes[pk].obstacle.category == category
        ]
        if named:
            shown += [theme.cases for theme in named]
            blocks.append(
                GROUP_SENTENCE[category] + ", ".join(f"{t.obstacle.name} ({t.cases.text})" for t in named) + "."
            )
    return "\n\n".join(blocks), shown


def _order(themes: dict[int, Theme]):
    position = {pk: index for index, pk in enumerate(themes)}
    return lambda pk: position.get(pk, len(position))


def _field_block(entry: _Field, children, annexes, themes, period: Period, today: date) -> str:
    groups = [group.name for group in entry.groups]
    intro = f"Im Themenfeld „{entry.field.name}“ arbeiten " + (
        listed([f"die {name}" for name in groups]) + "." if groups else "noch keine Gruppen."
    )
    theme_text, shown = _themes(entry, themes)
    goals = [_goal_tree(principle, children, annexes.get(principle.pk)) for principle in entry.principles]
    if not goals:
        goals = ["Für dieses Themenfeld ist noch kein Grundsatzziel erfasst."]
    return paragraphs(
        f"### Themenfeld {entry.field.name}",
        intro,
        theme_text,
        *goals,
        _results(entry.decisions, entry.activities, period),
        hidden_note(shown),
        as_of(today),
    )


def _steering_decisions(decisions: list[Decision], period: Period, today: date) -> str:
    if not decisions:
        return ""
    lines = [f"Beschlüsse der Lenkungsgruppe im Berichtszeitraum {period.label}:", ""]
    lines += [f"- {day(decision.decided_on)}: {decision.text}" for decision in decisions]
    return paragraphs("\n".join(lines), as_of(today))


def goals_and_results(*, period: Period, today: date) -> str:
    """The text of section 4. A fixed number of queries, whatever the number of fields and goals."""
    fields = {f.pk: _Field(f) for f in ActionField.objects.filter(is_active=True).order_by("position", "name")}
    groups = list(
        WorkingGroup.objects.filter(is_active=True).select_related("parent").prefetch_related("action_fields")
    )
    groups += [g.parent for g in groups if g.parent and g.parent not in groups]  # an inactive group's field
    fields_of_group = {group.pk: _fields_of(group) for group in groups}
    for group in sorted(groups, key=lambda g: (g.kind != GroupKind.WORKING, g.name)):
        if group.is_active and group.kind != GroupKind.STEERING:
            for pk in fields_of_group[group.pk]:
                if pk in fields:
                    fields[pk].groups.append(group)
    goals = with_status(
        Goal.objects.filter(action_field__in=list(fields))
        .select_related("action_field", "indicator", "adopted_by")
        .prefetch_related("obstacles"),
        today=today,
    )
    children: dict[int, list[Goal]] = {}
    for goal in sorted(goals, key=number_key):
        if goal.parent_id:
            children.setdefault(goal.parent_id, []).append(goal)
        fields[goal.action_field_id].obstacle_ids += [obstacle.pk for obstacle in goal.obstacles.all()]
    annexes = {principle.pk: number for number, principle in enumerate(principles_in_annex_order(), start=2)}
    principles = {goal.pk: goal for goal in goals if goal.level == GoalLevel.PRINCIPLE}
    for principle in sorted(principles.values(), key=number_key):
        fields[principle.action_field_id].principles.append(principle)
    for vignette in CaseVignette.objects.filter(group__in=groups).prefetch_related("obstacles").order_by("title"):
        for pk in fields_of_group.get(vignette.group_id, []):
            if pk in fields:
                fields[pk].vignettes.append(vignette)
                fields[pk].obstacle_ids += [obstacle.pk for obstacle in vignette.obstacles.all()]
    in_period = Q(decided_on__gte=period.start, decided_on__lte=period.end)
    general = []
    for decision in Decision.objects.filter(in_period).select_related("group", "goal").order_by("decided_on", "pk"):
        if decision.goal_id and decision.goal.action_field_id in fields:
            fields[decision.goal.action_field_id].decisions.append(decision)
        elif decision.group.kind == GroupKind.STEERING:
            general.append(decision)
        else:
            for pk in fields_of_group.get(decision.group_id, []):
                if pk in fields:
                    fields[pk].decisions.append(decision)
    for activity in (
        Activity.objects.filter(
            status=ActivityStatus.DONE,
            due_on__gte=period.start,
            due_on__lte=period.end,
            goal__action_field__in=list(fields),
        )
        .select_related("goal", "responsible_agency")
        .order_by("due_on", "pk")
    ):
        fields[activity.goal.action_field_id].activities.append(activity)
    themes = recorded(period)
    for entry in fields.values():
        entry.obstacle_ids = [pk for pk in dict.fromkeys(entry.obstacle_ids) if pk in themes]
    blocks = [_steering_decisions(general, period, today)]
    for entry in fields.values():
        if entry.principles or entry.groups or entry.vignettes:
            blocks.append(_field_block(entry, children, annexes, themes, period, today))
    if len(blocks) == 1 and not blocks[0]:
        return paragraphs("Es sind noch keine Themenfelder mit Zielen erfasst.", as_of(today))
    return paragraphs(*blocks)
