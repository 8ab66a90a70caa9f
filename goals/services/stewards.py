"""Stewards of a Grundsatzziel: the coordination lets a member of a working group of the goal's action field draft and
edit the goals below it (a django-guardian object permission with history). Granting and withdrawing lock the goal,
so the two never interleave."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import GOAL_EDIT, require
from ewg.grants import grant_once, withdraw
from goals.models import Goal, GoalUserObjectPermission
from goals.models.choices import GoalLevel
from goals.models.grants import STEWARD_GOAL
from goals.selectors import steward_candidates


def _principle(actor: User, membership: Membership, goal: Goal) -> Goal:
    require(membership, GOAL_EDIT, user=actor)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if goal.level != GoalLevel.PRINCIPLE:
        raise ValidationError(_("Stewards are named for a principal goal (Grundsatzziel)."))
    return goal


@transaction.atomic
def goal_steward_add(*, actor: User, membership: Membership, goal: Goal, steward: User) -> GoalUserObjectPermission:
    """Idempotent: naming a steward twice (a second submission) changes nothing."""
    goal = _principle(actor, membership, goal)
    if not steward_candidates(goal).filter(user=steward).exists():
        raise ValidationError({"steward": _("Choose a member of a working group of the goal's action field.")})
    return grant_once(GoalUserObjectPermission, obj=goal, user=steward, codename=STEWARD_GOAL, actor=actor)


@transaction.atomic
def goal_steward_remove(*, actor: User, membership: Membership, goal: Goal, grant_pk: int) -> None:
    """Idempotent: a grant already withdrawn (a second click) is left as it is."""
    goal = _principle(actor, membership, goal)
    withdraw(GoalUserObjectPermission, obj=goal, pk=grant_pk, actor=actor)
