"""Writes on the project's bodies: action fields, groups and their members, meetings, decisions and typical cases.

All of them are the coordinators' work (GROUPS_MANAGE). Decisions that adopt or amend a goal are not recorded
here: they change the goal too and belong to the steering group (goals.services.goal_adopt / goal_amend). A meeting's
later edits and the approval of its minutes: goals.services.meetings.

Attendees of a meeting may be any active account of the project, not only current members of the group: guests
take part (the scientific support, a speaker from another agency, a stand-in), and the minutes record who was
there. Membership of the group is a separate fact, kept by group_member_add / group_member_remove.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, User
from agencies.permissions import GROUPS_MANAGE, require
from cases.models import Obstacle
from ewg.history import save_with_history as _save
from goals.models import ActionField, CaseVignette, Decision, Goal, GroupMember, Meeting, WorkingGroup
from goals.models.choices import DecisionKind, GroupKind, GroupRole
from goals.services.meetings import check_attendees, open_meeting


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date lies in the future.")})


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def action_field_create(*, actor: User, membership: Membership, key: str, name: str, position: int = 0) -> ActionField:
    require(membership, GROUPS_MANAGE, user=actor)
    key = _text(key, "key", _("Please give the action field a key.")).lower()
    name = _text(name, "name", _("Please give the action field a name."))
    if ActionField.objects.filter(key=key).exists():
        raise ValidationError({"key": _("An action field with this key exists already.")})
    field = ActionField(key=key, name=name, position=position)
    _save(field, actor=actor)
    return field


@transaction.atomic
def action_field_update(
    *, actor: User, membership: Membership, field: ActionField, name: str, position: int, is_active: bool
) -> ActionField:
    """The key stays: it is how code and imports name the field."""
    require(membership, GROUPS_MANAGE, user=actor)
    field.name = _text(name, "name", _("Please give the action field a name."))
    field.position = position
    field.is_active = is_active
    _save(field, actor=actor)
    return field


@transaction.atomic
def group_create(
    *,
    actor: User,
    membership: Membership,
    name: str,
    kind: str,
    parent: WorkingGroup | None = None,
    action_fields: Iterable[ActionField] = (),
    meets: str = "",
) -> WorkingGroup:
    """A project group belongs to a working group; the steering group and working groups stand alone. There is one
    steering group: goal adoption is recorded as its decision."""
    require(membership, GROUPS_MANAGE, user=actor)
    name = _text(name, "name", _("Please give the group a name."))
    if kind not in GroupKind.values:
        raise ValidationError({"kind": _("Choose a kind of group from the list.")})
    if kind == GroupKind.PROJECT:
        if parent is None or parent.kind != GroupKind.WORKING:
            raise ValidationError({"parent": _("A project group needs the working group it belongs to.")})
        if not parent.is_active:
            raise ValidationError({"parent": _("This working group is no longer active.")})
    elif parent is not None:
        raise ValidationError({"parent": _("Only a project group belongs to a working group.")})
    if kind == GroupKind.STEERING and WorkingGroup.objects.filter(kind=GroupKind.STEERING).exists():
        raise ValidationError({"kind": _("There is already a steering group.")})
    if WorkingGroup.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A group with this name exists already.")})
    action_fields = list(dict.fromkeys(action_fields))
    if any(not field.is_active for field in action_fields):
        raise ValidationError({"action_fields": _("Choose active action fields.")})
    group = WorkingGroup(name=name, kind=kind, parent=parent, meets=(meets or "").strip())
    _save(group, actor=actor)
    if action_fields:
        group.action_fields.set(action_fields)
    return group


def _agencies_of(user: User) -> set[int]:
    """The agencies a person may speak for: those of their active memberships and the agencies above them (a team
    member represents the department)."""
    ids: set[int] = set()
    memberships = Membership.objects.filter(user=user, is_active=True, agency__is_active=True).select_related("agency")
    for membership in memberships:
        agency = membership.agency
        while agency is not None and agency.pk not in ids:
            ids.add(agency.pk)
            agency = agency.parent
    return ids


@transaction.atomic
def group_member_add(
    *,
    actor: User,
    membership: Membership,
    group: WorkingGroup,
    user: User,
    agency: Agency,
    joined_on: date,
    role: str = GroupRole.MEMBER,
) -> GroupMember:
    require(membership, GROUPS_MANAGE, user=actor)
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)  # two coordinators adding the same person
    if not group.is_active:
        raise ValidationError(_("This group is no longer active."))
    if role not in GroupRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    if agency.pk not in _agencies_of(user):
        raise ValidationError({"agency": _("The person has no active membership at this agency.")})
    if GroupMember.objects.filter(group=group, user=user, left_on=None).exists():
        raise ValidationError({"user": _("The person is already a member of this group.")})
    member = GroupMember(group=group, user=user, agency=agency, role=role, joined_on=joined_on)
    _save(member, actor=actor)
    return member


@transaction.atomic
def group_member_remove(*, actor: User, membership: Membership, member: GroupMember, left_on: date) -> GroupMember:
    """The member leaves; the row stays, so that the group's past composition is known."""
    require(membership, GROUPS_MANAGE, user=actor)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("The person has already left this group."))
    # A leaving date ahead would end the membership at once anyway (current members are those without one).
    _not_in_future(left_on, "left_on")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("The leaving date lies before the joining date.")})
    member.left_on = left_on
    _save(member, actor=actor)
    return member


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    membership: Membership,
    group: WorkingGroup,
    held_on: date,
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[User] = (),
) -> Meeting:
    """A meeting is recorded once held; its record is completed later (goals.services.meetings.meeting_update)
    until its minutes are approved. Attendees: any active account of the project (see the module docstring)."""
    require(membership, GROUPS_MANAGE, user=actor)
    if not group.is_active:
        raise ValidationError(_("This group is no longer active."))
    _not_in_future(held_on, "held_on")
    attendees = check_attendees(attendees)
    meeting = Meeting(group=group, held_on=held_on, agenda=(agenda or "").strip(), minutes=(minutes or "").strip())
    _save(meeting, actor=actor)
    if attendees:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def decision_record(
    *,
    actor: User,
    membership: Membership,
    group: WorkingGroup,
    text: str,
    decided_on: date | None = None,
    meeting: Meeting | None = None,
    kind: str = DecisionKind.OTHER,
    goal: Goal | None = None,
) -> Decision:
    """A decision of a body, taken in one of its meetings (then on the meeting's day, the default) or by written
    procedure. Not added to a meeting whose minutes are approved."""
    require(membership, GROUPS_MANAGE, user=actor)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose a kind of decision from the list.")})
    if kind != DecisionKind.OTHER:
        # Adopting or amending a goal changes the goal as well; only the steering group's services do both at once.
        raise ValidationError({"kind": _("Goals are adopted and amended by the steering group on the goal's page.")})
    text = _text(text, "text", _("Please write down the decision."))
    if meeting is not None:
        if meeting.group_id != group.pk:
            raise ValidationError({"meeting": _("The meeting is not one of this group's meetings.")})
        meeting = open_meeting(meeting)
        decided_on = meeting.held_on if decided_on is None else decided_on
        if decided_on != meeting.held_on:
            raise ValidationError({"decided_on": _("A decision taken in a meeting carries the meeting's date.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("Please give the date of the decision.")})
    _not_in_future(decided_on, "decided_on")
    decision = Decision(
        group=group, meeting=meeting, kind=kind, decided_on=decided_on, text=text, goal=goal, recorded_by=actor
    )
    _save(decision, actor=actor)
    return decision


@transaction.atomic
def vignette_create(
    *,
    actor: User,
    membership: Membership,
    group: WorkingGroup,
    title: str,
    narrative: str,
    obstacles: Iterable[Obstacle] = (),
) -> CaseVignette:
    """A typical case, told without any person: it links to no case, and the form asks for an anonymised text."""
    require(membership, GROUPS_MANAGE, user=actor)
    title = _text(title, "title", _("Please give the typical case a title."))
    narrative = _text(narrative, "narrative", _("Please describe the typical case."))
    obstacles = list(dict.fromkeys(obstacles))
    if any(not obstacle.is_active for obstacle in obstacles):
        raise ValidationError({"obstacles": _("Choose deficit themes from the catalogue.")})
    vignette = CaseVignette(group=group, title=title, narrative=narrative)
    _save(vignette, actor=actor)
    if obstacles:
        vignette.obstacles.set(obstacles)
    return vignette
