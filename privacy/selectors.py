"""What the data protection officer's workbench reads: the persons whose cases their agency and its teams lead."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from agencies.models import Agency, Membership, User
from agencies.permissions import ACCESS_LOG_READ, CASE_LEAD, PERSON_MERGE_CONFIRM, can, roles_for, subtree_ids
from cases.models import Case, EmergencyAccess, Person
from cases.names import fold
from ewg.lookups import first_or_404
from privacy.models import LegalHold, MergeStatus, PersonMerge, RetentionRun
from privacy.retention import persons_due

RESULTS = 25
DUE_SOON_DAYS = 90  # the officer sees a quarter ahead, time enough to place a legal hold
RUNS_SHOWN = 14
MERGES_SHOWN = 100  # pending merges are few: each is decided within days


def persons_auditable_by(user: User, membership: Membership | None) -> QuerySet[Person]:
    """Persons with a case led by the officer's agency or one of its teams."""
    if not can(membership, ACCESS_LOG_READ, user=user):
        return Person.objects.none()
    led = Case.objects.filter(person_id=OuterRef("pk"), lead_agency_id__in=subtree_ids(membership))
    return Person.objects.filter(Exists(led))


def get_person_for_audit(user: User, membership: Membership | None, pk: int) -> Person:
    return first_or_404(persons_auditable_by(user, membership).filter(pk=pk))


def _birth_date(text: str) -> date | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def find_persons(persons: QuerySet[Person], query: str) -> list[Person]:
    """By case number (digits), date of birth (TT.MM.JJJJ) or name, folded as the case search folds it."""
    query = query.strip()
    if query.isdigit():
        persons = persons.filter(cases__pk=int(query))
    elif (born := _birth_date(query)) is not None:
        persons = persons.filter(birth_date=born)
    else:
        folded = fold(query)
        if not folded:
            return []
        persons = persons.filter(Q(search_names__contains=folded) | Q(search_names__trigram_word_similar=folded))
    cases = Case.objects.select_related("lead_agency").order_by("-opened_on")
    return list(
        persons.prefetch_related(Prefetch("cases", queryset=cases)).order_by("family_name", "given_names", "pk")[
            :RESULTS
        ]
    )


def agencies_to_filter_by() -> QuerySet[Agency]:
    """Every agency: a read of the officer's cases may come from any agency a share reached."""
    return Agency.objects.order_by("name")


def user_ids_named(text: str) -> QuerySet:
    """Users whose account name or full name contains the text (the protocol's filter by user)."""
    return User.objects.filter(
        Q(username__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
    ).values_list("pk", flat=True)


def records_due_soon(user: User, membership: Membership | None, today: date) -> QuerySet[Person]:
    """The officer's persons whose record falls due for erasure within DUE_SOON_DAYS (or is due), not held."""
    # The job's own query, so that the list and the job agree.
    return persons_due(today + timedelta(days=DUE_SOON_DAYS)).filter(
        pk__in=persons_auditable_by(user, membership).values("pk")
    )


def holds_of(user: User, membership: Membership | None) -> list[LegalHold]:
    """The active legal holds on the officer's persons."""
    persons = persons_auditable_by(user, membership).values("pk")
    return list(
        LegalHold.objects.filter(released_at__isnull=True, person_id__in=persons)
        .select_related("person", "placed_by")
        .order_by("placed_at")
    )


def get_hold_for_audit(user: User, membership: Membership | None, pk: int) -> LegalHold:
    persons = persons_auditable_by(user, membership).values("pk")
    return first_or_404(LegalHold.objects.filter(pk=pk, person_id__in=persons))


def active_hold(person: Person) -> LegalHold | None:
    return LegalHold.objects.filter(person=person, released_at__isnull=True).select_related("placed_by").first()


def recent_runs() -> list[RetentionRun]:
    """The last runs of the nightly job: counts only, no person."""
    return list(RetentionRun.objects.order_by("-started_at")[:RUNS_SHOWN])


def restriction_reader_candidates(person: Person) -> QuerySet[Membership]:
    """Who the officer may name to still see a restricted person: active caseworkers of an agency leading a case."""
    return Membership.objects.filter(
        role__in=roles_for(CASE_LEAD),
        is_active=True,
        user__is_active=True,
        agency_id__in=Case.objects.filter(person=person).values("lead_agency_id"),
    ).select_related("user", "agency")


def _merge_scope(user: User, membership: Membership | None) -> Q:
    """The merges a user may decide: their own proposals, and for the coordination and the officer those whose kept
    record has a case led by their agency or its teams."""
    own = Q(proposed_by_id=user.pk)
    if not can(membership, PERSON_MERGE_CONFIRM, user=user):
        return own
    led = Case.objects.filter(person_id=OuterRef("survivor_id"), lead_agency_id__in=subtree_ids(membership))
    return own | Q(Exists(led))


def merges_pending_for(user: User, membership: Membership | None) -> list[PersonMerge]:
    if not can(membership, PERSON_MERGE_CONFIRM, user=user):
        return []
    return list(
        PersonMerge.objects.filter(_merge_scope(user, membership), status=MergeStatus.PROPOSED)
        .select_related("survivor", "proposed_by")
        .order_by("proposed_at")[:MERGES_SHOWN]
    )


def get_pending_merge_for_user(user: User, membership: Membership | None, pk: int) -> PersonMerge:
    merges = PersonMerge.objects.filter(_merge_scope(user, membership), status=MergeStatus.PROPOSED)
    return first_or_404(merges.filter(pk=pk))


def pending_merges_of(person: Person) -> list[PersonMerge]:
    """The merges into a person awaiting confirmation (shown to the caseworker with the undo)."""
    return list(PersonMerge.objects.filter(survivor=person, status=MergeStatus.PROPOSED).select_related("proposed_by"))


def emergency_accesses_to_review(user: User, membership: Membership | None) -> QuerySet[EmergencyAccess]:
    """Break-the-glass accesses to cases the officer's agencies lead, not yet reviewed, oldest first."""
    if not can(membership, ACCESS_LOG_READ, user=user):
        return EmergencyAccess.objects.none()
    return (
        EmergencyAccess.objects.filter(reviewed_at__isnull=True, case__lead_agency_id__in=subtree_ids(membership))
        .select_related("user", "agency", "case__person", "case__lead_agency")
        .order_by("granted_at", "pk")
    )


def get_emergency_access_for_review(user: User, membership: Membership | None, pk: int) -> EmergencyAccess:
    return first_or_404(emergency_accesses_to_review(user, membership).filter(pk=pk))
