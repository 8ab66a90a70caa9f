from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")
    PROJECT = "project", _("Project group")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    VOLUNTEER_REPRESENTATIVE = "volunteer_representative", _("Volunteer representative")
    COORDINATOR = "coordinator", _("Coordination")


class DecisionKind(models.TextChoices):
    GOAL_ADOPTED = "goal_adopted", _("Goal adopted")
    GOAL_AMENDED = "goal_amended", _("Adopted goal amended")
    OTHER = "other", _("Other decision")


class GoalLevel(models.TextChoices):
    PRINCIPLE = "principle", _("Principal goal (Grundsatzziel)")
    FRAMEWORK = "framework", _("Framework goal (Rahmenziel)")
    RESULT = "result", _("Result goal (Ergebnisziel)")


# The level a goal's parent must have; a principal goal has none.
PARENT_LEVEL = {
    GoalLevel.PRINCIPLE: None,
    GoalLevel.FRAMEWORK: GoalLevel.PRINCIPLE,
    GoalLevel.RESULT: GoalLevel.FRAMEWORK,
}


class GoalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    ACHIEVED = "achieved", _("achieved")
    MISSED = "missed", _("missed")


class ActivityStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class IndicatorKind(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    COMPUTED = "computed", _("computed from the data")


class MeasurementSource(models.TextChoices):
    COMPUTED = "computed", _("computed")
    ENTERED = "entered", _("entered")
