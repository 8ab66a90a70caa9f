"""Writes of follow-ups (Wiedervorlagen): set one on a case, mark it done, move its date.

Whoever works on the case (FOLLOWUP_SET: the lead agency's caseworkers and the named co-workers) sets follow-ups,
for themselves or for a caseworker colleague of their own agency who sees the case. The person it is set for, and
the caseworkers of the agency that set it who work on the case, mark it done or move it. Each write keeps a history
row naming the acting user; done and rescheduled lock the row, so two clicks at once decide once.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import FOLLOWUP_SET, can, require
from cases.models import Case, PlanStep
from cases.models.choices import CaseStatus
from cases.selectors import cases_visible_to
from ewg.history import save_with_history
from followups.models import TEXT_LENGTH, FollowUp


def may_close(membership: Membership, user: User, followup: FollowUp) -> bool:
    """Besides working on the case: the follow-up is set for the user, or was set by the user's agency."""
    return followup.assigned_to_id == user.pk or followup.agency_id == membership.agency_id


def _check_due_on(due_on: date | None) -> None:
    if due_on is None:
        raise ValidationError({"due_on": _("Please give the day of the follow-up.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The day of the follow-up lies in the past.")})


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please say what is to be done.")})
    if len(text) > TEXT_LENGTH:
        raise ValidationError({"text": _("Please say it in at most %(length)d characters.") % {"length": TEXT_LENGTH}})
    return text


def _sees_and_works_on(colleague: User, agency_id: int, case: Case) -> bool:
    """A colleague's active membership in the agency lets them work on the case, and they see it now (a
    restriction of the person may hide it from them)."""
    if not colleague.is_active:
        return False
    memberships = Membership.objects.filter(user=colleague, agency_id=agency_id, is_active=True).select_related(
        "agency"
    )
    return any(
        can(membership, FOLLOWUP_SET, case, user=colleague)
        and cases_visible_to(colleague, membership).filter(pk=case.pk).exists()
        for membership in memberships
    )


@transaction.atomic
def followup_set(
    *,
    actor: User,
    membership: Membership | None,
    case: Case,
    due_on: date | None,
    text: str,
    assigned_to: User | None = None,
    plan_step: PlanStep | None = None,
) -> FollowUp:
    """A follow-up on the case, for the acting user or (`assigned_to`) a caseworker colleague of their agency."""
    membership = require(membership, FOLLOWUP_SET, case, user=actor)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed; it takes no new follow-ups."))
    _check_due_on(due_on)
    text = _check_text(text)
    assignee = assigned_to or actor
    if assignee.pk != actor.pk and not _sees_and_works_on(assignee, membership.agency_id, case):
        raise ValidationError(
            {"assigned_to": _("Choose yourself or a caseworker of your agency who works on this case.")}
        )
    if plan_step is not None and not PlanStep.objects.filter(pk=plan_step.pk, goal__plan__case_id=case.pk).exists():
        raise ValidationError({"plan_step": _("Choose a step of this case's support plan.")})
    followup = FollowUp(
        case=case,
        due_on=due_on,
        text=text,
        assigned_to=assignee,
        agency_id=membership.agency_id,
        created_by=actor,
        plan_step=plan_step,
    )
    save_with_history(followup, actor=actor)
    return followup


def _locked(followup: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update(of=("self",)).select_related("case").get(pk=followup.pk)


def _require_closer(membership: Membership | None, actor: User, followup: FollowUp) -> Membership:
    membership = require(membership, FOLLOWUP_SET, followup.case, user=actor)
    if not may_close(membership, actor, followup):
        raise ValidationError(
            _("Only the caseworker it is set for and the agency that set it may mark this follow-up done or move it.")
        )
    return membership


@transaction.atomic
def followup_done(*, actor: User, membership: Membership | None, followup: FollowUp) -> FollowUp:
    """Mark the follow-up done today. A second time (a second click, a colleague at the same moment) is refused."""
    followup = _locked(followup)
    _require_closer(membership, actor, followup)
    if followup.done_on is not None:
        raise ValidationError(
            _("This follow-up was already marked done on %(date)s.") % {"date": followup.done_on.strftime("%d.%m.%Y")}
        )
    followup.done_on = timezone.localdate()
    followup.done_by = actor
    save_with_history(followup, actor=actor, reason="erledigt", update_fields=["done_on", "done_by"])
    return followup


@transaction.atomic
def followup_reschedule(
    *, actor: User, membership: Membership | None, followup: FollowUp, due_on: date | None
) -> FollowUp:
    """Move an open follow-up to another day (not a past one)."""
    followup = _locked(followup)
    _require_closer(membership, actor, followup)
    if followup.done_on is not None:
        raise ValidationError(_("This follow-up is already done."))
    _check_due_on(due_on)
    if due_on == followup.due_on:
        return followup  # nothing changed: no history row
    followup.due_on = due_on
    save_with_history(followup, actor=actor, reason="verschoben", update_fields=["due_on"])
    return followup
