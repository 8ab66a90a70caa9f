"""What the subject-access report (Art. 15 DSGVO) of a person holds, and who may produce it.

The report answers for the agencies that produce it: the lead caseworker's agency, or the data protection officer's
agency with its teams (the scope). Their cases of the person are listed whole, with notes, plan, transfers and booklet
editions, and so are the consents they recorded and the alerts addressed to them. The person's own records that every
lead of a case sees (master data, residence titles, benefit periods, slips, enrolments) are listed as they are. Cases
of agencies outside the scope are not named: that the person is a client there is itself their social data.

Every list is read in one query, however many cases, notes or consents the person has. Referrals count among the
transfers (the receiver read the master data), follow-ups among the notes.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from agencies.models import Agency, Membership, User
from agencies.permissions import ACCESS_LOG_READ, CASE_LEAD, can, subtree_ids
from booklets.models import BookletEdition, CompanionBooklet
from cases.models import (
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    Consent,
    Person,
    PersonalGoal,
    PlanStep,
    Referral,
    ResidenceStatus,
)
from cases.models.persons import unrestricted_for
from courses.models import Alert, Enrolment, Entitlement
from courses.models.choices import AttendanceStatus
from ewg.lookups import first_or_404
from followups.models import FollowUp
from privacy.schedule import RetentionLine, retention_lines


def subject_access_scope(user: User, membership: Membership | None) -> frozenset[int]:
    """The agencies the report answers for: the lead caseworker's own, the officer's agency and its teams; none for
    anyone else."""
    if can(membership, CASE_LEAD, user=user):
        return frozenset({membership.agency_id})
    if can(membership, ACCESS_LOG_READ, user=user):
        return frozenset(subtree_ids(membership))
    return frozenset()


def person_for_subject_access(user: User, membership: Membership | None, pk: int) -> Person:
    """A person with a case led within the scope; anyone else's person answers 404, as one that does not exist."""
    scope = subject_access_scope(user, membership)
    led = Case.objects.filter(person_id=OuterRef("pk"), lead_agency_id__in=scope)
    persons = Person.objects.filter(Exists(led), pk=pk)
    if not can(membership, ACCESS_LOG_READ, user=user):  # a restricted person only for the officer and the one named
        persons = persons.filter(unrestricted_for(user, via=""))
    return first_or_404(persons)


@dataclass(frozen=True)
class CaseRecord:
    """One case of the scope with what is kept below it."""

    case: Case
    notes: list[CaseNote]
    goals: list[PersonalGoal]
    followups: list[FollowUp]


@dataclass(frozen=True)
class SubjectAccessReport:
    person: Person
    agencies: list[Agency]  # whom the report answers for: the producing agency and the leads of the cases listed
    residence: list[ResidenceStatus]
    benefits: list[BenefitPeriod]
    cases: list[CaseRecord]
    transfers: list[CaseShare]
    referrals: list[Referral]  # each disclosed the master data to the receiver, whatever became of it
    consents: list[Consent]
    slips: list[Entitlement]
    enrolments: list[Enrolment]  # each with present, excused and unexcused: days counted
    alerts: list[Alert]
    editions: list[BookletEdition]
    retention: list[RetentionLine]
    today: date


def _cases(person: Person, scope: frozenset[int]) -> list[Case]:
    notes = CaseNote.objects.select_related("author", "agency").order_by("occurred_on", "pk")
    goals = PersonalGoal.objects.prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("due_on", "pk")))
    shares = CaseShare.objects.select_related("agency", "consent", "granted_by").order_by("granted_at", "pk")
    referrals = Referral.objects.select_related("to_agency", "consent", "sent_by").order_by("sent_at", "pk")
    followups = FollowUp.objects.select_related("created_by", "agency").order_by("due_on", "pk")
    booklets = CompanionBooklet.objects.select_related("issuing_agency").prefetch_related(
        Prefetch(
            "editions", queryset=BookletEdition.objects.select_related("printed_by").defer("content").order_by("number")
        )
    )
    return list(
        person.cases.filter(lead_agency_id__in=scope)
        .select_related("lead_agency", "case_manager", "support_plan")
        .prefetch_related(
            Prefetch("notes", queryset=notes),
            "obstacles",
            Prefetch("support_plan__goals", queryset=goals),
            Prefetch("shares", queryset=shares),
            Prefetch("referrals", queryset=referrals),
            Prefetch("followups", queryset=followups),
            Prefetch("booklets", queryset=booklets),
        )
        .order_by("opened_on", "pk")
    )


def _goals(case: Case) -> list[PersonalGoal]:
    plan = getattr(case, "support_plan", None)  # counselling cases have none
    return list(plan.goals.all()) if plan else []


def _attendance() -> dict[str, Count]:
    return {
        status: Count("attendance", filter=Q(attendance__status=status))
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)
    }


def subject_access_report(
    person: Person, scope: frozenset[int], *, producer: Agency, today: date
) -> SubjectAccessReport:
    """Everything the report lists, for the agencies of `scope`; `producer` is the agency producing it."""
    cases = _cases(person, scope)
    agencies = {producer.pk: producer} | {case.lead_agency_id: case.lead_agency for case in cases}
    consents = person.consents.filter(recording_agency_id__in=scope).select_related(
        "receiving_agency", "recording_agency", "recorded_by"
    )
    slips = person.entitlements.select_related("issuing_agency", "obliging_agency", "issued_by")
    enrolments = (
        person.enrolments.select_related("course__provider", "entitlement", "registered_by")
        .annotate(**_attendance())
        .order_by("registered_on", "pk")
    )
    alerts = (
        Alert.objects.filter(agency_id__in=scope)
        .filter(Q(enrolment__person=person) | Q(entitlement__person=person))
        .select_related("agency", "enrolment__course", "entitlement")
        .order_by("raised_at", "pk")
    )
    return SubjectAccessReport(
        person=person,
        agencies=sorted(agencies.values(), key=lambda agency: agency.name),
        residence=list(person.residence_statuses.order_by("valid_from", "pk")),
        benefits=list(person.benefit_periods.order_by("valid_from", "pk")),
        cases=[
            CaseRecord(
                case=case, notes=list(case.notes.all()), goals=_goals(case), followups=list(case.followups.all())
            )
            for case in cases
        ],
        transfers=[share for case in cases for share in case.shares.all()],
        referrals=[referral for case in cases for referral in case.referrals.all()],
        consents=list(consents.order_by("given_on", "pk")),
        slips=list(slips.order_by("issued_on", "pk")),
        enrolments=list(enrolments),
        alerts=list(alerts),
        editions=[edition for case in cases for booklet in case.booklets.all() for edition in booklet.editions.all()],
        retention=retention_lines(person, today),
        today=today,
    )
