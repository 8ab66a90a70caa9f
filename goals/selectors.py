"""Reads of the goal system that depend on who asks. Goals, groups and indicators are no personal data: every member
of the project reads them. Who may change what:

- coordinators edit goals, groups, meetings, typical cases, indicators and measurements;
- members of a group propose activities for the goals that group is responsible for (or, for a working group, the
  goals of its action fields);
- the steering group (role `steering`) adopts goals and amends adopted ones by a new decision.
Not visible answers 404, like missing.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from agencies.models import Membership, User
from agencies.permissions import GOAL_ADOPT, GOAL_EDIT, GOAL_PROPOSE, GOAL_READ, GROUPS_MANAGE, can
from ewg.lookups import first_or_404
from goals.models import Activity, Goal, GroupMember, WorkingGroup
from goals.models.choices import GroupKind


def may_read(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_READ, user=user)


def may_edit(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_EDIT, user=user)


def may_manage_groups(user: User, membership: Membership | None) -> bool:
    return can(membership, GROUPS_MANAGE, user=user)


def may_adopt(user: User, membership: Membership | None) -> bool:
    return can(membership, GOAL_ADOPT, user=user)


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
