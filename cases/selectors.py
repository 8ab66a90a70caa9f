"""Every read of persons and cases that depends on who asks. Views, exports, partials and tasks use these only.

Rules (need-to-know, § 35 SGB I): a membership sees
- as caseworker: the cases its own agency or team leads, with all data, and cases actively shared with it;
- as course staff or coordinator: cases actively shared with its agency;
- as volunteer: cases shared with its association on the basis of the person's consent;
- in any other role (steering group, agency admin, data protection officer): no case.
A shared case shows only the data categories of its active shares. A person whose processing the data protection
officer restricted (Art. 18 DSGVO) is seen by nobody but the officer and the one user named. Not visible answers 404,
like missing.
"""

from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from agencies.models import Agency, AgencyKind, Membership, User
from agencies.permissions import (
    ACCESS_LOG_READ,
    CASE_AUDIT,
    CASE_COWORK,
    CASE_LEAD,
    CASE_READ,
    CASE_READ_STATUTORY,
    OBSTACLES_MANAGE,
    REFERRAL_ANSWER,
    REFERRAL_SEND,
    can,
    roles_for,
    subtree_ids,
)
from cases.models import (
    AccessLog,
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    CaseUserObjectPermission,
    Consent,
    EmergencyAccess,
    Obstacle,
    Person,
    PersonalGoal,
    PlanStep,
    Referral,
    ReferralStatus,
    SupportPlan,
)
from cases.models.choices import CaseStatus, ConsentUse, DataCategory
from cases.models.grants import WORK_ON_CASE
from cases.models.persons import unrestricted_for
from cases.models.referrals import OPEN_REFERRAL
from cases.names import fold
from ewg.lookups import first_or_404

ALL_CATEGORIES = frozenset(DataCategory.values)


@dataclass(frozen=True)
class CaseAccess:
    """A visible case and what of it the membership may see."""

    case: Case
    categories: frozenset[str]
    is_lead: bool
    is_coworker: bool = False  # a colleague of another team the lead named (cases/services/coworkers.py)
    emergency: EmergencyAccess | None = None  # opened by break-the-glass: reading only, until it expires

    def may_see(self, category: str) -> bool:
        return category in self.categories


def active_shares(membership: Membership, *, today: date | None = None) -> QuerySet[CaseShare]:
    """The shares that give this membership access now. A share on a consent counts only while the consent stands,
    so that even a share row written in a race with the revocation grants nothing. (That the consent was recorded by
    the case's lead agency needs no check here: neither side ever changes, and the share service checks it.)"""
    today = today or timezone.localdate()
    shares = CaseShare.objects.filter(agency_id=membership.agency_id, revoked_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(consent__isnull=True) | Q(consent__revoked_on__isnull=True),
    )
    if not can(membership, CASE_READ_STATUTORY):
        shares = shares.filter(consent__isnull=False)
    return shares


def coworked_case_ids(user: User) -> QuerySet:
    """The ids of the cases the user works on as a named co-worker, from django-guardian's direct-FK grant table, as
    a subquery (guardian's get_objects_for_user would first look up the content type, one query more per list).
    The table holds grants on cases only: guardian checks the permission's content type when a grant is saved."""
    return CaseUserObjectPermission.objects.filter(user=user, permission__codename=WORK_ON_CASE).values(
        "content_object_id"
    )


def emergency_case_ids(user: User) -> QuerySet:
    """The cases the user opened by break-the-glass whose access has not expired, as a subquery."""
    return EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values("case_id")


def cases_visible_to(user: User, membership: Membership | None, *, showing: tuple[str, ...] = ()) -> QuerySet[Case]:
    """The cases the membership may see; with `showing`, only shared cases whose shares include those categories
    (a list filtered on a category must not disclose it for a case shared without it)."""
    if not can(membership, CASE_READ, user=user):
        return Case.objects.none()
    shares = active_shares(membership)
    for category in showing:
        shares = shares.filter(categories__contains=[category])
    shared = Exists(shares.filter(case_id=OuterRef("pk")))
    # A restricted person (Art. 18 DSGVO) is missing for everyone but the one user the officer named.
    unrestricted = unrestricted_for(user)
    if can(membership, CASE_LEAD):
        visible = Q(lead_agency_id=membership.agency_id) | shared
        if can(membership, CASE_COWORK):
            visible |= Q(pk__in=coworked_case_ids(user))
        visible |= Q(pk__in=emergency_case_ids(user))
        return Case.objects.filter(visible, unrestricted)
    return Case.objects.filter(shared, unrestricted)


def get_case_for_user(user: User, membership: Membership | None, pk: int) -> CaseAccess:
    visible = cases_visible_to(user, membership).select_related("person", "lead_agency", "case_manager")
    case = first_or_404(visible.filter(pk=pk))
    if can(membership, CASE_LEAD, case):
        return CaseAccess(case=case, categories=ALL_CATEGORIES, is_lead=True)
    categories = set()
    for share_categories in active_shares(membership).filter(case_id=case.pk).values_list("categories", flat=True):
        categories.update(share_categories)
    # Visible, not led and not shared: a co-worker's case (one more query, on this path only).
    if not categories and can(membership, CASE_COWORK, case, user=user):
        return CaseAccess(case=case, categories=ALL_CATEGORIES, is_lead=False, is_coworker=True)
    if not categories:  # nor a co-worker's: opened by break-the-glass (one more query, on this path only)
        emergency = (
            EmergencyAccess.objects.filter(user=user, case=case, expires_at__gt=timezone.now())
            .order_by("-expires_at")
            .first()
        )
        if emergency is not None:
            return CaseAccess(case=case, categories=ALL_CATEGORIES, is_lead=False, emergency=emergency)
    return CaseAccess(case=case, categories=frozenset(categories) & ALL_CATEGORIES, is_lead=False)


def case_manager_candidates(case: Case) -> QuerySet[Membership]:
    """Who may manage a case: the active caseworkers of the agency that leads it."""
    return Membership.objects.filter(
        role__in=roles_for(CASE_LEAD), is_active=True, user__is_active=True, agency_id=case.lead_agency_id
    )


def coworker_candidates(case: Case) -> QuerySet[Membership]:
    """Who the lead may name as co-worker: active caseworkers of the other teams of the lead agency's department.
    Not the foreigners' authority: what it receives is a transfer under § 71 SGB X, made by a share."""
    if case.lead_agency.parent_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            role__in=roles_for(CASE_COWORK),
            is_active=True,
            user__is_active=True,
            agency__parent_id=case.lead_agency.parent_id,
        )
        .exclude(agency_id=case.lead_agency_id)
        .exclude(agency__kind=AgencyKind.FOREIGNERS_AUTHORITY)
        .select_related("user", "agency")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def coworkers_of(case: Case) -> QuerySet[CaseUserObjectPermission]:
    return CaseUserObjectPermission.objects.filter(content_object=case).select_related("user").order_by("granted_at")


def persons_visible_to(user: User, membership: Membership | None) -> QuerySet[Person]:
    return Person.objects.filter(Exists(cases_visible_to(user, membership).filter(person_id=OuterRef("pk"))))


def get_person_for_user(user: User, membership: Membership | None, pk: int) -> Person:
    return first_or_404(persons_visible_to(user, membership).filter(pk=pk))


def filter_by_name(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Name search tolerant of umlauts, missing diacritics, transliterations and small typos."""
    folded = fold(query)
    if not folded:
        return cases
    # The trigram index serves both: the substring and the word similarity (pg_trgm's <% operator).
    return cases.filter(Q(person__search_names__contains=folded) | Q(person__search_names__trigram_word_similar=folded))


def likely_duplicates(
    user: User, membership: Membership | None, *, given_names: str, family_name: str, birth_date: date | None
) -> list[Person]:
    """Visible persons who may be the one about to be registered: the same birth date and a similar name.

    Only visible persons: a warning about another agency's client would itself disclose social data.
    """
    if birth_date is None:
        return []
    candidates = persons_visible_to(user, membership).filter(birth_date=birth_date)
    family = fold(family_name)
    candidates = candidates.filter(Q(search_names__contains=family) | Q(search_names__trigram_word_similar=family))
    return list(candidates.order_by("family_name", "given_names", "pk")[:5])


def cases_auditable_by(user: User, membership: Membership | None) -> QuerySet[Case]:
    """Cases whose protocol (history and access log) the membership may read, without their contents:
    the lead agency's caseworkers, and the data protection officer of the lead agency or a parent of it."""
    if not can(membership, CASE_AUDIT, user=user):
        return Case.objects.none()
    if can(membership, CASE_LEAD):
        return Case.objects.filter(unrestricted_for(user), lead_agency_id=membership.agency_id)
    return Case.objects.filter(lead_agency_id__in=subtree_ids(membership))  # the officer: restricted persons too


def get_case_for_audit(user: User, membership: Membership | None, pk: int) -> Case:
    return first_or_404(cases_auditable_by(user, membership).select_related("person", "lead_agency").filter(pk=pk))


def lead_access_for_audit(membership: Membership | None, case: Case) -> CaseAccess | None:
    """An audited case as its lead agency sees it (the whole case, its tabs), for the caseworker who reads its
    protocol; None for the data protection officer, who reads the protocol but not the case. No query: an auditable
    case led by the membership's agency is one the lead's caseworker may read (cases_auditable_by)."""
    if can(membership, CASE_LEAD, case):
        return CaseAccess(case=case, categories=ALL_CATEGORIES, is_lead=True)
    return None


def filter_cases(
    cases: QuerySet[Case],
    *,
    user: User,
    q: str = "",
    status: str = "",
    kind: str = "",
    agency=None,
    mine: bool = False,
    benefit: str = "",
    field: str = "",
    obstacle=None,
) -> QuerySet[Case]:
    """The case list's filters, on a queryset from cases_visible_to(..., showing=categories_filtered_on(...))."""
    if q:
        cases = filter_by_name(cases, q)
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if agency is not None:
        cases = cases.filter(lead_agency=agency)
    if mine:
        cases = cases.filter(case_manager=user)
    if benefit:
        today = timezone.localdate()
        current = BenefitPeriod.objects.filter(person_id=OuterRef("person_id"), system=benefit, valid_from__lte=today)
        cases = cases.filter(Exists(current.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))))
    if field:
        cases = cases.filter(action_fields__contains=[field])
    if obstacle is not None:
        cases = cases.filter(obstacles=obstacle)
    return cases


def categories_filtered_on(*, benefit: str = "", field: str = "", obstacle=None, **_other) -> tuple[str, ...]:
    """The data categories the case list's filters reveal: benefits, and the counselling content of the notes
    category (fields of action, obstacles). Pass them to cases_visible_to as `showing`."""
    categories = []
    if benefit:
        categories.append(DataCategory.BENEFITS)
    if field or obstacle is not None:
        categories.append(DataCategory.NOTES)
    return tuple(categories)


def access_log_visible_to(user: User, membership: Membership | None) -> QuerySet[AccessLog]:
    """The data protection officer's view: reads of cases led by their agency and its teams, newest first."""
    if not can(membership, ACCESS_LOG_READ, user=user):
        return AccessLog.objects.none()
    agencies = subtree_ids(membership)
    # Reads of the agency's cases, and reads by its own staff without a case (alerts of the statutory flow).
    return (
        AccessLog.objects.filter(Q(case__lead_agency_id__in=agencies) | Q(case__isnull=True, agency_id__in=agencies))
        .select_related("user", "agency", "case__lead_agency")
        .order_by("-id")
    )


def obstacles_editable_by(user: User, membership: Membership | None) -> QuerySet[Obstacle]:
    if not can(membership, OBSTACLES_MANAGE, user=user):
        return Obstacle.objects.none()
    return Obstacle.objects.all()


# Reads below a case the caller has already obtained through one of the selectors above (its access, its plan).


def protocol_changes(case: Case, rows: int) -> list:
    """The newest history rows of the case, its person, notes, shares and the person's consents (five queries),
    newest first."""
    return sorted(
        chain(
            case.history.select_related("history_user")[:rows],
            case.person.history.select_related("history_user")[:rows],
            CaseNote.history.filter(case_id=case.pk).select_related("history_user")[:rows],
            CaseShare.history.filter(case_id=case.pk).select_related("history_user")[:rows],
            Consent.history.filter(person_id=case.person_id, recording_agency_id=case.lead_agency_id).select_related(
                "history_user"
            )[:rows],
        ),
        key=lambda row: row.history_date,
        reverse=True,
    )[:rows]


def protocol_reads(case: Case, rows: int) -> QuerySet[AccessLog]:
    """Who read the case, newest first."""
    return AccessLog.objects.filter(case=case).select_related("user", "agency").order_by("-at")[:rows]


def plan_goals(case: Case) -> QuerySet[PersonalGoal]:
    """The goals of the case's support plan with their steps (two queries)."""
    return PersonalGoal.objects.filter(plan__case=case).prefetch_related("steps")


def plan_goal_of(plan: SupportPlan, goal_pk: int) -> PersonalGoal:
    return first_or_404(PersonalGoal.objects.filter(plan=plan, pk=goal_pk))


def plan_step_of(plan: SupportPlan, step_pk: int) -> PlanStep:
    return first_or_404(PlanStep.objects.filter(goal__plan=plan, pk=step_pk))


def agencies_to_share_with(case: Case) -> QuerySet[Agency]:
    """The active agencies other than the lead agency: who may receive a consent or a share of the case."""
    return Agency.objects.filter(is_active=True).exclude(pk=case.lead_agency_id).order_by("name")


def _recorded_for(case: Case) -> QuerySet[Consent]:
    """A consent belongs to the agency that recorded it: another team leading its own case of the same person neither
    sees it nor uses it (its purpose alone may be special-category data)."""
    return case.person.consents.filter(recording_agency_id=case.lead_agency_id)


def consents_of(case: Case) -> QuerySet[Consent]:
    """The consents the case's lead agency recorded for the person, newest first."""
    return _recorded_for(case).select_related("receiving_agency", "recorded_by").order_by("-given_on", "-pk")


def transfer_consents_in_force(case: Case) -> QuerySet[Consent]:
    """The lead agency's unrevoked consents of the person to a transfer: what a share of the case may rest on."""
    return (
        _recorded_for(case).filter(revoked_on__isnull=True, use=ConsentUse.TRANSFER).select_related("receiving_agency")
    )


def consent_of(case: Case, consent_pk: int) -> Consent:
    return first_or_404(_recorded_for(case).filter(pk=consent_pk))


def shares_of(case: Case) -> QuerySet[CaseShare]:
    return case.shares.select_related("agency", "consent", "granted_by")


def share_of(case: Case, share_pk: int) -> CaseShare:
    return first_or_404(case.shares.filter(pk=share_pk))


def _in_force(shares: QuerySet[CaseShare]) -> QuerySet[CaseShare]:
    today = timezone.localdate()
    return (
        shares.filter(revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


def shares_resting_on(consent: Consent) -> QuerySet[CaseShare]:
    """The shares in force on the consent, of any case of the person: what its revocation ends."""
    return _in_force(consent.shares.all())


def shares_in_force_of(case: Case) -> QuerySet[CaseShare]:
    """The case's shares that give access now: closing the case leaves them in force."""
    return _in_force(case.shares.all())


def phase_before_closing(case: Case) -> str:
    """The phase a closed Case-Management case had while it was still open (from its history); its current phase
    if the history knows none."""
    open_rows = case.history.filter(status=CaseStatus.OPEN).order_by("-history_date", "-history_id")
    return open_rows.values_list("phase", flat=True).first() or case.phase


# Referrals (Überleitung). The receiver sees a referral addressed to its agency (and, if it names a case manager, only
# that caseworker); the sender's agency sees the ones it sent. A restricted person's referrals vanish like their cases.

REFERRAL_RELATED = ("case__person", "case__lead_agency", "to_agency", "to_user", "sent_by", "consent")


def referrals_received_by(user: User, membership: Membership | None) -> QuerySet[Referral]:
    if not can(membership, REFERRAL_ANSWER, user=user):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(to_user__isnull=True) | Q(to_user=user),
        unrestricted_for(user, via="case__person__"),
        to_agency_id=membership.agency_id,
    )


def referrals_sent_by(user: User, membership: Membership | None) -> QuerySet[Referral]:
    if not can(membership, REFERRAL_SEND, user=user):
        return Referral.objects.none()
    return Referral.objects.filter(
        unrestricted_for(user, via="case__person__"), case__lead_agency_id=membership.agency_id
    )


def referrals_awaiting_answer(user: User, membership: Membership | None) -> QuerySet[Referral]:
    """The referrals waiting for the membership's answer: the navigation counts them."""
    return referrals_received_by(user, membership).filter(status=ReferralStatus.SENT)


def get_referral_for_user(user: User, membership: Membership | None, pk: int) -> tuple[Referral, bool]:
    """The referral and whether the membership is its receiver (else its sender); 404 for anyone else."""
    received = referrals_received_by(user, membership).filter(pk=pk)
    sent = referrals_sent_by(user, membership).filter(pk=pk)
    referral = first_or_404(
        (received | sent).select_related(*REFERRAL_RELATED, "received_case", "answered_by", "ended_by")
    )
    return referral, referral.to_agency_id == membership.agency_id and (
        referral.to_user_id is None or referral.to_user_id == user.pk
    )


def referrals_of(case: Case) -> QuerySet[Referral]:
    """The referrals of a case, for its lead agency's sharing page."""
    return case.referrals.select_related("to_agency", "to_user", "sent_by").order_by("-sent_at", "-pk")


def open_referrals_on(consent: Consent) -> QuerySet[Referral]:
    """The referrals a revocation of the consent would end."""
    return consent.referrals.filter(status__in=OPEN_REFERRAL).select_related("to_agency").order_by("pk")


def referrals_into(case: Case) -> QuerySet[Referral]:
    """The accepted referrals that opened (or joined) this case of the receiving agency."""
    return case.referrals_in.select_related("case__lead_agency", "sent_by").order_by("-sent_at", "-pk")


def referral_receivers(agency: Agency) -> QuerySet[Membership]:
    """The caseworkers of `agency` a referral may name as case manager."""
    return (
        Membership.objects.filter(
            agency=agency, is_active=True, user__is_active=True, role__in=roles_for(REFERRAL_ANSWER)
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def referral_receiver_users(case: Case) -> QuerySet[User]:
    """The caseworkers of other active agencies a referral of the case may name, with their agency's name."""
    receivers = Membership.objects.filter(
        user=OuterRef("pk"), is_active=True, agency__is_active=True, role__in=roles_for(REFERRAL_ANSWER)
    ).exclude(agency_id=case.lead_agency_id)
    return (
        User.objects.filter(Exists(receivers), is_active=True)
        .annotate(agency_name=Subquery(receivers.order_by("agency__name").values("agency__name")[:1]))
        .order_by("agency_name", "last_name", "first_name", "pk")
    )
