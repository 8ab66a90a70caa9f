from goals.models.goals import Activity, Goal, Indicator, Measurement
from goals.models.grants import GoalUserObjectPermission
from goals.models.groups import ActionField, CaseVignette, Decision, GroupMember, Meeting, WorkingGroup

__all__ = [
    "ActionField",
    "Activity",
    "CaseVignette",
    "Decision",
    "Goal",
    "GoalUserObjectPermission",
    "GroupMember",
    "Indicator",
    "Measurement",
    "Meeting",
    "WorkingGroup",
]
