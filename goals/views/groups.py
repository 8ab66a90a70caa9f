"""The project's bodies: groups with their members, meetings and decisions, typical cases, and the action fields.

Every member of the project reads these pages; coordinators create and change (selectors.may_manage_groups). Anyone else
gets 404 on a write URL, like for a missing object. Objects below a group (members, meetings, typical cases) are
fetched through the groups the member may see (selectors.groups_visible_to).
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ewg.confirm import confirmation_page
from ewg.refusals import add_refusal, run_and_report, submit
from goals import selectors
from goals.forms.groups import (
    ActionFieldCreateForm,
    ActionFieldUpdateForm,
    DecisionForm,
    GroupForm,
    MeetingAdoptForm,
    MeetingForm,
    MemberForm,
    VignetteForm,
)
from goals.models import CaseVignette, GroupMember, Meeting, WorkingGroup
from goals.models.choices import GroupKind
from goals.services.groups import (
    action_field_create,
    action_field_update,
    decision_record,
    group_create,
    group_member_add,
    group_member_remove,
    meeting_create,
    vignette_create,
)
from goals.services.meetings import approved_note
from goals.status_of import with_status

# The steering group first, then the working groups, then their project groups.
KIND_ORDER = Case(When(kind=GroupKind.STEERING, then=0), When(kind=GroupKind.WORKING, then=1), default=2)


def _require_reader(request: HttpRequest) -> None:
    if not selectors.may_read(request.user, request.membership):
        raise Http404


def _require_editor(request: HttpRequest) -> None:
    if not selectors.may_manage_groups(request.user, request.membership):
        raise Http404


def _groups(request: HttpRequest) -> QuerySet[WorkingGroup]:
    return selectors.groups_visible_to(request.user, request.membership)


def _member(request: HttpRequest, pk: int) -> GroupMember:
    return selectors.get_member_for_user(request.user, request.membership, pk)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return selectors.get_meeting_for_user(request.user, request.membership, pk)


def _vignette(request: HttpRequest, pk: int) -> CaseVignette:
    return selectors.get_vignette_for_user(request.user, request.membership, pk)


def _form_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400 if context["form"].errors else 200)


def _current_members() -> Q:
    return Q(members__left_on=None, members__joined_on__lte=timezone.localdate())


# --- groups ---


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    groups = list(
        _groups(request)
        .annotate(member_count=Count("members", filter=_current_members()))
        .prefetch_related("action_fields")
        .order_by(KIND_ORDER, "name")
    )
    sections = [(label, [group for group in groups if group.kind == kind]) for kind, label in GroupKind.choices]
    context = {"sections": sections, "can_edit": selectors.may_manage_groups(request.user, request.membership)}
    return render(request, "goals/group_list.html", context)


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, request.membership, pk)
    members = list(group.members.select_related("user", "agency").order_by("user__last_name", "user__first_name"))
    goals = with_status(
        selectors.goals_visible_to(request.user, request.membership).filter(responsible_group=group),
        today=timezone.localdate(),
    )
    can_edit = selectors.may_manage_groups(request.user, request.membership)
    context = {
        "group": group,
        "action_fields": list(group.action_fields.all()),
        "members": [member for member in members if member.left_on is None],
        "former_members": [member for member in members if member.left_on is not None],
        "project_groups": list(group.project_groups.order_by("name")),
        "meetings": list(group.meetings.prefetch_related("decisions")),
        "written_decisions": list(selectors.written_decisions(group)),
        "vignettes": list(group.vignettes.prefetch_related("obstacles")),
        "goals": goals,
        "can_edit": can_edit,
        "member_form": MemberForm() if can_edit and group.is_active else None,
    }
    return render(request, "goals/group_detail.html", context)


@require_http_methods(["GET", "POST"])
def group_create_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = GroupForm(request.POST or None, groups=_groups(request))
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The group was created."))
            return redirect("goals:group_detail", pk=group.pk)
    return _form_page(request, "goals/group_form.html", {"form": form})


@require_POST
def group_member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    group = selectors.get_group_for_user(request.user, request.membership, pk)
    form = MemberForm(request.POST)
    submit(request, form, group_member_add, _("The member was added."), membership=request.membership, group=group)
    return redirect("goals:group_detail", pk=group.pk)


def _leaving_page(request: HttpRequest, member: GroupMember) -> HttpResponse:
    """What leaving does, as group_member_remove does it: the row stays with its end date; grants stay."""
    name = member.user.get_full_name() or member.user.username
    today = timezone.localdate()
    consequences = [
        _(
            "%(name)s is a member until today, %(date)s, and is then listed among the former members: the group's "
            "past composition stays known."
        )
        % {"name": name, "date": today.strftime("%d.%m.%Y")},
        _(
            "What the membership allowed ends with it: proposing activities for the group's goals and being named "
            "steward through the group."
        )
        if member.group.kind in (GroupKind.WORKING, GroupKind.PROJECT)
        else _("What the membership allowed ends with it: proposing activities for the group's goals."),
    ]
    stewarded = [str(goal) for goal in selectors.stewarded_principles(member.user)]
    if stewarded:
        consequences.append(
            ngettext(
                "%(name)s stays steward of %(count)s principal goal: %(goals)s. End the stewardship on the goal's "
                "page if it should end too.",
                "%(name)s stays steward of %(count)s principal goals: %(goals)s. End the stewardships on the goals' "
                "pages if they should end too.",
                len(stewarded),
            )
            % {"name": name, "count": len(stewarded), "goals": "; ".join(stewarded)}
        )
    consequences.append(_("%(name)s can be added to the group again later.") % {"name": name})
    return confirmation_page(
        request,
        heading=_("%(name)s leaves the group %(group)s") % {"name": name, "group": member.group.name},
        consequences=consequences,
        final=False,
        cancel_url=reverse("goals:group_detail", args=[member.group_id]),
    )


@require_http_methods(["GET", "POST"])
def group_member_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what leaving the group means; POST: the member leaves today."""
    _require_editor(request)
    member = _member(request, pk)
    if member.left_on is not None:
        messages.info(request, _("The person has already left this group."))
        return redirect("goals:group_detail", pk=member.group_id)
    if request.method == "GET":
        return _leaving_page(request, member)
    remove = partial(
        group_member_remove,
        actor=request.user,
        membership=request.membership,
        member=member,
        left_on=timezone.localdate(),
    )
    run_and_report(request, remove, _("The member has left the group."))
    return redirect("goals:group_detail", pk=member.group_id)


# --- meetings and decisions ---


@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    group = selectors.get_group_for_user(request.user, request.membership, pk)
    present = selectors.present_member_ids(group)
    form = MeetingForm(request.POST or None, initial={"attendees": list(present)})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(
                actor=request.user, membership=request.membership, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("goals:meeting_detail", pk=meeting.pk)
    return _form_page(request, "goals/meeting_form.html", {"form": form, "group": group})


def _decision_form(request: HttpRequest, data=None) -> DecisionForm:
    return DecisionForm(data, goals=selectors.goals_visible_to(request.user, request.membership))


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's record. Until its minutes are approved, coordinators edit it, record decisions and approve the
    minutes, and (in a steering group meeting) the steering group adopts goals in it."""
    meeting = _meeting(request, pk)
    is_open = not meeting.minutes_approved
    can_edit = is_open and selectors.may_manage_groups(request.user, request.membership)
    in_steering = is_open and meeting.group.kind == GroupKind.STEERING
    adoptable = selectors.goals_adoptable(request.user, request.membership) if in_steering else None
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "attendees": list(meeting.attendees.order_by("last_name", "first_name")),
        "decisions": list(meeting.decisions.select_related("goal")),
        "can_edit": can_edit,
        "approved_note": None if is_open else approved_note(meeting),
        "decision_form": _decision_form(request) if can_edit else None,
        "adopt_form": MeetingAdoptForm(goals=adoptable) if adoptable is not None and adoptable.exists() else None,
    }
    return render(request, "goals/meeting_detail.html", context)


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    meeting = _meeting(request, pk)
    submit(
        request,
        _decision_form(request, request.POST),
        decision_record,
        _("The decision was recorded."),
        membership=request.membership,
        group=meeting.group,
        meeting=meeting,
        decided_on=meeting.held_on,
    )
    return redirect("goals:meeting_detail", pk=meeting.pk)


# --- typical cases ---


@require_http_methods(["GET", "POST"])
def vignette_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    group = selectors.get_group_for_user(request.user, request.membership, pk)
    form = VignetteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vignette = vignette_create(
                actor=request.user, membership=request.membership, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The typical case was saved."))
            return redirect("goals:vignette_detail", pk=vignette.pk)
    return _form_page(request, "goals/vignette_form.html", {"form": form, "group": group})


@require_GET
def vignette_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vignette = _vignette(request, pk)
    context = {"vignette": vignette, "group": vignette.group, "obstacles": list(vignette.obstacles.all())}
    return render(request, "goals/vignette_detail.html", context)


# --- action fields ---


@require_http_methods(["GET", "POST"])
def action_field_list(request: HttpRequest) -> HttpResponse:
    """Action fields are the city's reference data, the same for every member: read by all, kept by coordinators."""
    _require_reader(request)
    can_edit = selectors.may_manage_groups(request.user, request.membership)
    if request.method == "POST" and not can_edit:
        raise Http404
    form = ActionFieldCreateForm(request.POST or None) if can_edit else None
    if request.method == "POST" and form.is_valid():
        try:
            action_field_create(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The action field was added."))
            return redirect("goals:action_field_list")
    fields = list(selectors.action_fields_with_counts())
    if can_edit:
        for field in fields:
            field.form = ActionFieldUpdateForm(
                prefix=f"field{field.pk}",
                initial={"name": field.name, "position": field.position, "is_active": field.is_active},
            )
    context = {"fields": fields, "form": form, "can_edit": can_edit}
    status = 400 if form is not None and form.errors else 200
    return render(request, "goals/action_field_list.html", context, status=status)


@require_POST
def action_field_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    field = selectors.get_action_field(pk)
    form = ActionFieldUpdateForm(request.POST, prefix=f"field{field.pk}")
    submit(
        request,
        form,
        action_field_update,
        _("The action field was saved."),
        membership=request.membership,
        field=field,
    )
    return redirect("goals:action_field_list")
