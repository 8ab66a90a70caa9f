"""Stewards of a Grundsatzziel: members of a working group whom the coordination lets draft and edit the goals below
it. A django-guardian object permission in a direct foreign-key table, with history; adoption stays with the steering
group."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from goals.models.goals import Goal

STEWARD_GOAL = "steward_goal"  # the codename; Goal.Meta.permissions declares it


class GoalUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steward_grants")
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("steward of a goal")
        verbose_name_plural = _("stewards of goals")
