"""Reads of the goal system that depend on who asks. Goals, groups and indicators are no personal data: every member
of the project reads them. Who may change what:

- coordinators edit goals, groups, meetings, typical cases, indicators and measurements;
- members of a group propose activities for the goals that group is responsible for (or, for a working group, the
  goals of its action fields);
- the steering group (role `steering`) adopts goals and amends adopted ones by a new decision.
Not visible answers 404, like missing.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agencies.models import Membership, User
from agencies.permissions import GOAL_ADOPT, GOAL_EDIT, GOAL_PROPOSE, GOAL_READ, GOAL_STEWARD, GROUPS_MANAGE, can
from cases.models import Obstacle
from ewg.lookups import first_or_404
from goals.models import (
    ActionField,
    Activity,
    CaseVignette,
    Goal,
    GoalUserObjectPermission,
    GroupMember,
    Indicator,
    Meeting,
    WorkingGroup,
)
from goals.models.choices import GoalLevel, GroupKind
from goals.models.grants import STEWARD_GOAL


def may_read(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_READ, user=user)


def may_edit(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_EDIT, user=user)


def may_manage_groups(user: User, membership: Membership | None) -> bool:
    return can(membership, GROUPS_MANAGE, user=user)


def may_adopt(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_ADOPT, user=user)


def may_steward(user: User, membership: Membership | None, goal: Goal) -> bool:
    """Whether the membership drafts and edits below the goal's Grundsatzziel (never the Grundsatzziel itself)."""
    return can(membership, GOAL_STEWARD, goal, user=user)


def stewarded_principle_ids(user: User) -> QuerySet:
    """The Grundsatzziele the user stewards, from django-guardian's direct-FK grant table, as a subquery."""
    grants = GoalUserObjectPermission.objects.filter(user=user, permission__codename=STEWARD_GOAL)
    return grants.values("content_object_id")


def stewarded_principles(user: User) -> QuerySet[Goal]:
    """The Grundsatzziele the user stewards, by number: a stewardship outlasts leaving a group."""
    return Goal.objects.filter(pk__in=stewarded_principle_ids(user)).order_by("number", "pk")


def goals_draftable_below(user: User, membership: Membership | None) -> QuerySet[Goal]:
    """The goals a new goal may be derived from: every Grundsatz- and Rahmenziel for the coordination, those of the
    stewarded Grundsatzziele for a steward."""
    parents = goals_visible_to(user, membership).filter(level__in=[GoalLevel.PRINCIPLE, GoalLevel.FRAMEWORK])
    if may_edit(user, membership):
        return parents
    principles = stewarded_principle_ids(user)
    return parents.filter(Q(pk__in=principles) | Q(parent_id__in=principles))


def stewards_of(goal: Goal) -> QuerySet[GoalUserObjectPermission]:
    return GoalUserObjectPermission.objects.filter(content_object=goal).select_related("user").order_by("pk")


def steward_candidates(goal: Goal) -> QuerySet[GroupMember]:
    """Current members of the working and project groups of the goal's action field (or of a group above one)."""
    today = timezone.localdate()
    field = goal.action_field_id
    return (
        GroupMember.objects.filter(joined_on__lte=today, left_on=None, group__is_active=True)
        .filter(group__kind__in=(GroupKind.WORKING, GroupKind.PROJECT))
        .filter(Q(group__action_fields=field) | Q(group__parent__action_fields=field))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def goals_visible_to(user: User, membership: Membership | None) -> QuerySet[Goal]:
    if not may_read(user, membership):
        return Goal.objects.none()
    return Goal.objects.select_related("action_field", "indicator", "responsible_agency", "responsible_group")


def goals_adoptable(user: User, membership: Membership | None) -> QuerySet[Goal]:
    """The drafts the steering group can adopt next: those standing alone or derived from an adopted goal (adopted
    top down). Empty for anyone who does not adopt."""
    if not may_adopt(user, membership):
        return Goal.objects.none()
    drafts = goals_visible_to(user, membership).filter(adopted_on=None)
    return drafts.filter(Q(parent=None) | Q(parent__adopted_on__isnull=False))


def get_goal_for_user(user: User, membership: Membership | None, pk: int) -> Goal:
    goals = goals_visible_to(user, membership).select_related("parent", "adopted_by", "action_field")  # the title
    return first_or_404(goals.filter(pk=pk))


def groups_visible_to(user: User, membership: Membership | None) -> QuerySet[WorkingGroup]:
    if not may_read(user, membership):
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.select_related("parent")


def get_group_for_user(user: User, membership: Membership | None, pk: int) -> WorkingGroup:
    return first_or_404(groups_visible_to(user, membership).filter(pk=pk))


def get_member_for_user(user: User, membership: Membership | None, pk: int) -> GroupMember:
    """A membership in a group, fetched through the groups the member may see."""
    groups = groups_visible_to(user, membership)
    return first_or_404(GroupMember.objects.filter(group__in=groups, pk=pk).select_related("group"))


def get_meeting_for_user(user: User, membership: Membership | None, pk: int) -> Meeting:
    groups = groups_visible_to(user, membership)
    return first_or_404(Meeting.objects.filter(group__in=groups, pk=pk).select_related("group", "minutes_approved_by"))


def get_vignette_for_user(user: User, membership: Membership | None, pk: int) -> CaseVignette:
    groups = groups_visible_to(user, membership)
    return first_or_404(CaseVignette.objects.filter(group__in=groups, pk=pk).select_related("group"))


def present_member_ids(group: WorkingGroup) -> QuerySet:
    """The user ids of the group's members who have not left it."""
    return group.members.filter(left_on=None).values_list("user_id", flat=True)


def written_decisions(group: WorkingGroup) -> QuerySet:
    """The group's decisions taken in writing, outside a meeting."""
    return group.decisions.filter(meeting=None).select_related("goal")


def get_activity_for_user(user: User, membership: Membership | None, pk: int) -> Activity:
    """An activity, fetched through the goals the member may see."""
    return first_or_404(Activity.objects.filter(goal__in=goals_visible_to(user, membership), pk=pk))


def action_fields_with_counts() -> QuerySet[ActionField]:
    """Every action field (reference data, the same for every member) with its number of goals and groups."""
    return ActionField.objects.annotate(
        goal_count=Count("goals", distinct=True), group_count=Count("workinggroup", distinct=True)
    )


def get_action_field(pk: int) -> ActionField:
    return first_or_404(ActionField.objects.filter(pk=pk))


def indicators_with_goal_count() -> QuerySet[Indicator]:
    """Every indicator (reference data) with the number of goals measured by it, by name."""
    return Indicator.objects.annotate(goal_count=Count("goals")).order_by("name")


def goal_history_records(goal: Goal, rows: int) -> list:
    """The goal's newest history records with who made them, newest first."""
    newest_first = goal.history.select_related("history_user").order_by("-history_date", "-history_id")
    return list(newest_first[:rows])


def history_themes(history_ids: list[int]) -> dict[int, set[int]]:
    """The deficit themes (obstacle ids) each of the goal's history records had, in one query."""
    themes: dict[int, set[int]] = {history_id: set() for history_id in history_ids}
    themes_model = Goal.history.model.obstacles.model
    for history_id, obstacle_id in themes_model.objects.filter(history_id__in=list(themes)).values_list(
        "history_id", "obstacle_id"
    ):
        themes[history_id].add(obstacle_id)
    return themes


def obstacle_names(pks: set[int]) -> dict[int, str]:
    """The names of the given obstacles (no query for none)."""
    return dict(Obstacle.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}


def current_memberships(user: User) -> QuerySet[GroupMember]:
    today = timezone.localdate()
    return GroupMember.objects.filter(
        user=user, joined_on__lte=today, left_on=None, group__is_active=True
    ).select_related("group")


def may_propose_activity(user: User, membership: Membership | None, goal: Goal) -> bool:
    """A member of the responsible group, or of a working or project group of the goal's action field."""
    if not can(membership, GOAL_PROPOSE, user=user):
        return False
    if may_edit(user, membership):
        return True
    groups = current_memberships(user)
    if goal.responsible_group_id and groups.filter(group_id=goal.responsible_group_id).exists():
        return True
    field = goal.action_field_id
    groups = groups.filter(group__kind__in=(GroupKind.WORKING, GroupKind.PROJECT))
    return (
        groups.filter(group__action_fields=field).exists() or groups.filter(group__parent__action_fields=field).exists()
    )


def matrix(principle: Goal) -> list[Goal]:
    """A Grundsatzziel's Rahmenziele with their Ergebnisziele and activities, in a fixed number of queries: the rows
    of the goal matrix. The measurements come with the status (goals.status_of.with_status)."""
    activities = Prefetch("activities", queryset=Activity.objects.select_related("responsible_agency"))
    results = Prefetch(
        "children",
        queryset=Goal.objects.select_related("indicator", "responsible_agency", "responsible_group")
        .prefetch_related(activities)
        .order_by("number", "pk"),
    )
    return list(
        Goal.objects.filter(parent=principle)
        .select_related("indicator", "responsible_agency", "responsible_group")
        .prefetch_related(results)
        .order_by("number", "pk")
    )
