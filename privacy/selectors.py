"""What the data protection officer's workbench reads: the persons whose cases their agency and its teams lead."""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from agencies.models import Agency, Membership, User
from agencies.permissions import ACCESS_LOG_READ, can, subtree_ids
from cases.models import Case, Person
from cases.names import fold
from ewg.lookups import first_or_404

RESULTS = 25


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
