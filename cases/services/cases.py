from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, User
from agencies.permissions import CASE_COWORK, CASE_INTAKE, CASE_LEAD, can, require
from cases.models import Case, CaseNote, Obstacle, Person, PersonalGoal, PlanStep, SupportPlan
from cases.models.choices import ActionField, CaseKind, CasePhase, CaseStatus
from cases.selectors import case_manager_candidates, phase_before_closing
from cases.services._common import save
from ewg.history import REASON_LENGTH


@transaction.atomic
def case_open(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    kind: str,
    opened_on: date,
    case_manager: User | None = None,
    action_fields: list[str] | None = None,
    lead_agency: Agency | None = None,
) -> Case:
    """Open a case led by the acting caseworker's agency (or one of its teams)."""
    require(membership, CASE_INTAKE)
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("The opening date lies in the future.")})
    action_fields = list(dict.fromkeys(action_fields or []))
    if not set(action_fields) <= set(ActionField.values):
        raise ValidationError({"action_fields": _("Choose fields of action from the list.")})
    case = Case(
        person=person,
        lead_agency=lead_agency or membership.agency,
        case_manager=case_manager or actor,
        kind=kind,
        opened_on=opened_on,
        action_fields=action_fields,
        phase=CasePhase.INTAKE if kind == CaseKind.CASE_MANAGEMENT else "",
    )
    save(case, actor=actor)
    if kind == CaseKind.CASE_MANAGEMENT:
        save(SupportPlan(case=case), actor=actor)
    return case


@transaction.atomic
def case_close(*, actor: User, membership: Membership, case: Case, closed_on: date) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(membership, CASE_LEAD, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("The closing date lies before the opening date.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The closing date lies in the future.")})
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    if case.kind == CaseKind.CASE_MANAGEMENT:
        case.phase = CasePhase.CLOSURE
    save(case, actor=actor, update_fields=["status", "closed_on", "phase"])
    return case


@transaction.atomic
def case_reopen(*, actor: User, membership: Membership, case: Case, reason: str) -> Case:
    """Reopen a closed case (the person came back, or it was closed by mistake). The reason goes into the case's
    history row. Refused while the lead agency leads another open case of the person, as a new intake would be."""
    # The person first, as intake_existing locks it before it looks for an open case: of a reopening and an
    # intake of the same person, the second sees the case the first one opened.
    Person.objects.select_for_update().filter(pk=case.person_id).first()
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(membership, CASE_LEAD, case)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Please keep the reason within %(count)s characters.") % {"count": REASON_LENGTH}}
        )
    if case.status == CaseStatus.OPEN:
        raise ValidationError(_("The case is open; only a closed case can be reopened."))
    others = Case.objects.filter(person_id=case.person_id, lead_agency_id=case.lead_agency_id, status=CaseStatus.OPEN)
    if others.exclude(pk=case.pk).exists():
        raise ValidationError(_("Your agency already leads an open case of this person: continue it instead."))
    case.status = CaseStatus.OPEN
    case.closed_on = None
    if case.kind == CaseKind.CASE_MANAGEMENT:
        case.phase = phase_before_closing(case)
    save(case, actor=actor, reason=reason, update_fields=["status", "closed_on", "phase"])
    return case


@transaction.atomic
def case_manager_set(*, actor: User, membership: Membership, case: Case, case_manager: User) -> Case:
    """Hand the case to another caseworker of the lead agency (the case manager); kept in the case's history."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(membership, CASE_LEAD, case)
    if not case_manager_candidates(case).filter(user=case_manager).exists():
        raise ValidationError({"case_manager": _("Choose an active caseworker of the agency that leads the case.")})
    if case.case_manager_id == case_manager.pk:
        raise ValidationError({"case_manager": _("This caseworker already manages the case.")})
    case.case_manager = case_manager
    save(case, actor=actor, update_fields=["case_manager"])
    return case


@transaction.atomic
def case_set_phase(*, actor: User, membership: Membership, case: Case, phase: str) -> Case:
    require(membership, CASE_LEAD, case)
    if case.kind != CaseKind.CASE_MANAGEMENT:
        raise ValidationError(_("Only Case Management cases have phases."))
    if phase not in CasePhase.values:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    case.phase = phase
    save(case, actor=actor, update_fields=["phase"])
    return case


@transaction.atomic
def case_note_add(
    *, actor: User, membership: Membership, case: Case, kind: str, occurred_on: date, text: str
) -> CaseNote:
    """By the lead agency's caseworkers, and by the co-workers the lead named."""
    if not can(membership, CASE_COWORK, case):
        require(membership, CASE_LEAD, case)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date lies in the future.")})
    if not text.strip():
        raise ValidationError({"text": _("Please write what happened.")})
    note = CaseNote(
        case=case, kind=kind, occurred_on=occurred_on, author=actor, agency=membership.agency, text=text.strip()
    )
    save(note, actor=actor)
    return note


def _case_of(**lookup) -> Case:
    """The case a plan, goal or step belongs to, with what the permission check reads of it (one query)."""
    return Case.objects.only("pk", "lead_agency_id").get(**lookup)


@transaction.atomic
def personal_goal_add(
    *, actor: User, membership: Membership, plan: SupportPlan, title: str, target_date: date | None = None
) -> PersonalGoal:
    require(membership, CASE_LEAD, _case_of(support_plan=plan))
    goal = PersonalGoal(plan=plan, title=title.strip(), target_date=target_date)
    save(goal, actor=actor)
    return goal


@transaction.atomic
def plan_step_add(
    *, actor: User, membership: Membership, goal: PersonalGoal, title: str, responsible: str, due_on: date | None = None
) -> PlanStep:
    require(membership, CASE_LEAD, _case_of(support_plan__goals=goal))
    step = PlanStep(goal=goal, title=title.strip(), responsible=responsible.strip(), due_on=due_on)
    save(step, actor=actor)
    return step


@transaction.atomic
def case_set_topics(
    *, actor: User, membership: Membership, case: Case, action_fields: list[str], obstacles: list[Obstacle]
) -> Case:
    """What the case is about: its fields of action and the obstacles the caseworker sees."""
    require(membership, CASE_LEAD, case)
    action_fields = [field for field in ActionField.values if field in set(action_fields)]
    if len(action_fields) != len(set(action_fields)) or not set(action_fields) <= set(ActionField.values):
        raise ValidationError({"action_fields": _("Choose fields of action from the list.")})
    case._history_user = actor
    if case.action_fields != action_fields:
        case.action_fields = action_fields
        save(case, actor=actor, update_fields=["action_fields"])
    if {o.pk for o in obstacles} != set(case.obstacles.values_list("pk", flat=True)):
        case.obstacles.set(obstacles)  # the history keeps the obstacles with the case's next record
    return case


@transaction.atomic
def plan_step_done(*, actor: User, membership: Membership, step: PlanStep, done_on: date) -> PlanStep:
    require(membership, CASE_LEAD, _case_of(support_plan__goals__steps=step))
    if step.done_on is not None:
        raise ValidationError(_("This step is already done."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date lies in the future.")})
    step.done_on = done_on
    save(step, actor=actor, update_fields=["done_on"])
    return step
