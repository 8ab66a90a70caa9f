"""A recorded meeting's later work: completing its record, approving its minutes, and the steering group adopting a
goal in it. Coordinators edit and approve (as they record meetings); the steering group adopts. Anyone else gets 404,
like for a missing meeting. Once the minutes are approved, the record is read-only (goals.services.meetings)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ewg.confirm import confirmation_page
from ewg.refusals import add_refusal, report_form_errors, run_and_report, submit
from goals import selectors
from goals.forms.groups import MeetingAdoptForm, MeetingEditForm, MinutesApproveForm
from goals.models import Meeting
from goals.services.goals import goal_adopt
from goals.services.meetings import approved_note, meeting_minutes_approve
from goals.services.meetings import meeting_update as meeting_update_service


def _editable_meeting(request: HttpRequest, pk: int) -> Meeting:
    if not selectors.may_manage_groups(request.user, request.membership):
        raise Http404
    return selectors.get_meeting_for_user(request.user, request.membership, pk)


@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    if meeting.minutes_approved:
        messages.info(request, approved_note(meeting))
        return redirect("goals:meeting_detail", pk=meeting.pk)
    initial = {
        "held_on": meeting.held_on,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "attendees": list(meeting.attendees.all()),
    }
    form = MeetingEditForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update_service(
                actor=request.user, membership=request.membership, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("goals:meeting_detail", pk=meeting.pk)
    context = {"form": form, "group": meeting.group, "meeting": meeting}
    return render(request, "goals/meeting_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what approving the minutes means; POST: they are approved today, as read on that page."""
    meeting = _editable_meeting(request, pk)
    if meeting.minutes_approved:
        messages.info(request, approved_note(meeting))
        return redirect("goals:meeting_detail", pk=meeting.pk)
    if request.method == "POST":
        form = MinutesApproveForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
        else:
            run_and_report(
                request,
                lambda: meeting_minutes_approve(
                    actor=request.user, membership=request.membership, meeting=meeting, **form.cleaned_data
                ),
                _("The minutes are approved."),
            )
        return redirect("goals:meeting_detail", pk=meeting.pk)
    today = formats.date_format(timezone.localdate(), "d.m.Y")
    return confirmation_page(
        request,
        heading=_("Approve the minutes of the meeting of %(group)s on %(date)s")
        % {"group": meeting.group.name, "date": formats.date_format(meeting.held_on, "d.m.Y")},
        consequences=[
            _("The minutes are recorded as approved today, %(date)s, by you.") % {"date": today},
            _(
                "From then on the meeting's date, agenda, minutes and attendees no longer change, and no decision is "
                "added to the meeting: a later correction is a decision of a later meeting."
            ),
            _("Approve only the minutes as the body approved them, as shown on the meeting's page."),
        ],
        form=MinutesApproveForm(edited=meeting),
        cancel_url=reverse("goals:meeting_detail", args=[meeting.pk]),
    )


@require_POST
def meeting_goal_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """The steering group adopts a goal in one of its meetings: on the meeting's date, however long ago it was."""
    if not selectors.may_adopt(request.user, request.membership):
        raise Http404
    meeting = selectors.get_meeting_for_user(request.user, request.membership, pk)
    form = MeetingAdoptForm(request.POST, goals=selectors.goals_adoptable(request.user, request.membership))
    submit(
        request,
        form,
        goal_adopt,
        _("The goal is adopted."),
        membership=request.membership,
        meeting=meeting,
        decided_on=meeting.held_on,
    )
    return redirect("goals:meeting_detail", pk=meeting.pk)
