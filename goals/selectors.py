"""Reads of the goal system that depend on who asks. Goals, groups and indicators are no personal data: every member
of the project reads them. Who may change what:

- coordinators edit goals, groups, meetings, typical cases, indicators and measurements;
- members of a group propose activities for the goals that group is responsible for (or, for a working group, the
  goals of its action fields);
- the steering group (role `steering`) adopts goals and amends adopted ones by a new decision.
Not visible answers 404, like missing.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from agencies.models import Membership, User
from agencies.permissions import GOAL_ADOPT, GOAL_EDIT, GOAL_PROPOSE, GOAL_READ, GOAL_STEWARD, GROUPS_MANAGE, can
from ewg.lookups import first_or_404
from goals.models import Activity, Goal, GoalUserObjectPermission, GroupMember, WorkingGroup
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
    grants = GoalUserObjectPermission.objects.filter(
        user=user, permission__codename=STEWARD_GOAL, permission__content_type__app_label="goals"
    )
    return grants.values("content_object_id")


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


def get_goal_for_user(user: User, membership: Membership | None, pk: int) -> Goal:
    return first_or_404(goals_visible_to(user, membership).select_related("parent", "adopted_by").filter(pk=pk))


def groups_visible_to(user: User, membership: Membership | None) -> QuerySet[WorkingGroup]:
    if not may_read(user, membership):
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.select_related("parent")


def get_group_for_user(user: User, membership: Membership | None, pk: int) -> WorkingGroup:
    return first_or_404(groups_visible_to(user, membership).filter(pk=pk))


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
