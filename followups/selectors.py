"""Reads of follow-ups and of "Meine Aufgaben", scoped by the user who asks.

A case's follow-ups are seen by those who work on the case: the caseworkers of its lead agency and its named
co-workers (the object rule of FOLLOWUP_SET), never by an agency the case is merely shared with. The task list
holds what is the user's own: the follow-ups set for them, and the open plan steps of the cases they manage or
co-work, on open cases they still see. Every read here goes through `cases_visible_to`, so that a share that ended,
a co-worker grant withdrawn or a restriction of the person (Art. 18 DSGVO) takes the rows away at once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from agencies.models import Membership, User
from agencies.permissions import FOLLOWUP_SET, TASKS_READ, can, roles_for
from cases.models import Case, CaseUserObjectPermission, PlanStep
from cases.models.choices import CaseStatus
from cases.models.grants import WORK_ON_CASE
from cases.selectors import cases_visible_to, coworked_case_ids
from ewg.lookups import first_or_404
from followups.models import FollowUp

AHEAD = timedelta(days=14)  # how far "Demnächst" looks ahead
SHOWN = 200  # rows of each list on the task page; more are announced, not shown


def cases_worked_on_by(user: User, membership: Membership | None) -> QuerySet[Case]:
    """The visible cases the membership works on: those its agency leads and those its user co-works."""
    if not can(membership, FOLLOWUP_SET, user=user):
        return Case.objects.none()
    return cases_visible_to(user, membership).filter(
        Q(lead_agency_id=membership.agency_id) | Q(pk__in=coworked_case_ids(user))
    )


def followups_visible_to(user: User, membership: Membership | None) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case__in=cases_worked_on_by(user, membership))


def followups_of_case(user: User, membership: Membership | None, case: Case) -> QuerySet[FollowUp]:
    """The case's follow-ups, open ones first by due date, then the done ones, latest first."""
    return (
        followups_visible_to(user, membership)
        .filter(case_id=case.pk)
        .select_related("assigned_to", "created_by", "done_by", "plan_step", "agency")
        .order_by(F("done_on").desc(nulls_first=True), "due_on", "pk")
    )


def get_followup_for_user(user: User, membership: Membership | None, case: Case, pk: int) -> FollowUp:
    return first_or_404(followups_visible_to(user, membership).filter(case_id=case.pk, pk=pk))


def assignee_candidates(user: User, membership: Membership | None, case: Case) -> QuerySet[User]:
    """Who a follow-up on the case may be set for: the user, and the active caseworkers of the user's agency who
    work on the case (all of them where the agency leads it; the named co-workers among them otherwise). The
    service decides for each chosen colleague whether they see the case."""
    if not can(membership, FOLLOWUP_SET, case, user=user):
        return User.objects.none()
    colleagues = Membership.objects.filter(
        agency_id=membership.agency_id,
        role__in=roles_for(FOLLOWUP_SET),
        is_active=True,
        user__is_active=True,
    )
    if case.lead_agency_id != membership.agency_id:
        grants = CaseUserObjectPermission.objects.filter(content_object_id=case.pk, permission__codename=WORK_ON_CASE)
        colleagues = colleagues.filter(user_id__in=grants.values("user_id"))
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=colleagues.values("user_id"))).order_by(
        "last_name", "first_name", "pk"
    )


def open_plan_steps_of(case: Case) -> QuerySet[PlanStep]:
    """The steps of the case's support plan not done yet: what a follow-up may be tied to."""
    return (
        PlanStep.objects.filter(goal__plan__case_id=case.pk, done_on__isnull=True)
        .select_related("goal")
        .order_by("due_on", "pk")
    )


# "Meine Aufgaben"


def _task_cases(user: User, membership: Membership | None) -> QuerySet[Case]:
    if not can(membership, TASKS_READ, user=user):
        return Case.objects.none()
    return cases_visible_to(user, membership).filter(status=CaseStatus.OPEN)


def _my_followups(user: User, membership: Membership | None, until: date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        assigned_to=user, done_on__isnull=True, due_on__lte=until, case__in=_task_cases(user, membership)
    )


def _my_plan_steps(user: User, membership: Membership | None, until: date) -> QuerySet[PlanStep]:
    mine = _task_cases(user, membership).filter(Q(case_manager=user) | Q(pk__in=coworked_case_ids(user)))
    return PlanStep.objects.filter(done_on__isnull=True, due_on__lte=until, goal__plan__case__in=mine)


@dataclass
class Tasks:
    today: date
    overdue: list[FollowUp] = field(default_factory=list)
    due_today: list[FollowUp] = field(default_factory=list)
    upcoming: list[FollowUp] = field(default_factory=list)
    steps: list[PlanStep] = field(default_factory=list)
    more_followups: bool = False
    more_steps: bool = False

    @property
    def due_count(self) -> int:
        """Due today or overdue: what the navigation counts."""
        overdue_steps = sum(1 for step in self.steps if step.due_on <= self.today)
        return len(self.overdue) + len(self.due_today) + overdue_steps

    def person_ids(self) -> set[int]:
        followups = self.overdue + self.due_today + self.upcoming
        return {f.case.person_id for f in followups} | {step.goal.plan.case.person_id for step in self.steps}


def tasks_of(user: User, membership: Membership | None, *, today: date | None = None) -> Tasks:
    """The user's open follow-ups and plan steps due up to two weeks ahead (and overdue ones): two queries."""
    today = today or timezone.localdate()
    until = today + AHEAD
    tasks = Tasks(today=today)
    followups = list(
        _my_followups(user, membership, until)
        .select_related("case__person", "created_by", "plan_step")
        .order_by("due_on", "pk")[: SHOWN + 1]
    )
    tasks.more_followups = len(followups) > SHOWN
    for followup in followups[:SHOWN]:
        if followup.due_on < today:
            tasks.overdue.append(followup)
        elif followup.due_on == today:
            tasks.due_today.append(followup)
        else:
            tasks.upcoming.append(followup)
    steps = list(
        _my_plan_steps(user, membership, until)
        .select_related("goal__plan__case__person")
        .order_by("due_on", "pk")[: SHOWN + 1]
    )
    tasks.more_steps = len(steps) > SHOWN
    tasks.steps = steps[:SHOWN]
    return tasks


def due_items(user: User, membership: Membership | None, *, today: date) -> QuerySet:
    """The user's follow-ups and plan steps due today or overdue, as one union of ids: what the navigation counts."""
    followups = _my_followups(user, membership, today).order_by().values("pk")
    steps = _my_plan_steps(user, membership, today).order_by().values("pk")
    return followups.union(steps, all=True)


def due_count(user: User, membership: Membership | None, *, today: date | None = None) -> int:
    """How many of the user's follow-ups and plan steps are due today or overdue: one query."""
    today = today or timezone.localdate()
    if not can(membership, TASKS_READ, user=user):
        return 0
    return due_items(user, membership, today=today).count()


def due_item_keys(user: User, membership: Membership | None, *, today: date) -> set[tuple[str, int]]:
    """The user's due and overdue items as (kind, id): the morning digest adds up a user's memberships without
    counting an item twice."""
    if not can(membership, TASKS_READ, user=user):
        return set()
    keys = {("followup", pk) for pk in _my_followups(user, membership, today).values_list("pk", flat=True)}
    keys |= {("step", pk) for pk in _my_plan_steps(user, membership, today).values_list("pk", flat=True)}
    return keys


def digest_candidates(today: date) -> QuerySet[User]:
    """Users who may have something due today: active, with an e-mail address, in an active membership that holds
    the task list, and named on an open follow-up or as case manager or co-worker of an open case with a due step.
    A coarse first pass in two subqueries; each user's own count then goes through the scoped selectors."""
    steps_due = PlanStep.objects.filter(
        done_on__isnull=True, due_on__lte=today, goal__plan__case__status=CaseStatus.OPEN
    )
    case_ids = steps_due.values("goal__plan__case_id")
    named = (
        Q(pk__in=FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today).values("assigned_to_id"))
        | Q(managed_cases__pk__in=case_ids)
        | Q(
            pk__in=CaseUserObjectPermission.objects.filter(
                content_object_id__in=case_ids, permission__codename=WORK_ON_CASE
            ).values("user_id")
        )
    )
    memberships = Membership.objects.filter(
        role__in=roles_for(TASKS_READ), is_active=True, agency__is_active=True
    ).values("user_id")
    return User.objects.filter(named, is_active=True, pk__in=memberships).exclude(email="").distinct().order_by("pk")


def task_memberships(user: User) -> list[Membership]:
    """The user's active memberships that hold the task list."""
    memberships = Membership.objects.filter(user=user, is_active=True, agency__is_active=True).select_related("agency")
    return [membership for membership in memberships.order_by("pk") if can(membership, TASKS_READ, user=user)]
