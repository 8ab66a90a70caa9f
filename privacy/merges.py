"""Merging two records of one person (Art. 16 DSGVO): a lead caseworker applies the merge at once, so that work
goes on with one record; the coordination or the data protection officer confirms it, and until then anyone of them
or the proposer can undo it exactly. On confirmation the history rows follow the kept record and the duplicate's row
is deleted.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from agencies.models import Membership, User
from agencies.permissions import CASE_LEAD, PERSON_MERGE_CONFIRM, can, require, subtree_ids
from booklets.models import CompanionBooklet
from cases.models import AccessLog, BenefitPeriod, Case, Consent, Person, ResidenceStatus
from cases.models.choices import CaseStatus
from cases.names import fold, search_names
from cases.selectors import persons_visible_to
from courses.models import Enrolment, Entitlement
from ewg.history import save_with_history
from privacy.models import LegalHold, MergeStatus, PersonMerge
from privacy.services import stated_reason

# The live tables that hang on a person, by the name the merge records their ids under.
MOVING = {
    "cases": Case,
    "residence": ResidenceStatus,
    "benefits": BenefitPeriod,
    "consents": Consent,
    "slips": Entitlement,
    "enrolments": Enrolment,
    "booklets": CompanionBooklet,
    "holds": LegalHold,
}


def _locked(*persons: Person) -> list[Person]:
    """Both records, locked in the order of their numbers (two merges of the same pair cannot deadlock)."""
    by_pk = {person.pk: person for person in Person.objects.select_for_update().filter(pk__in=[p.pk for p in persons])}
    if len(by_pk) != len(persons):
        raise ValidationError(_("One of the two records no longer exists."))
    return [by_pk[person.pk] for person in persons]


def _check_open_cases(survivor: Person, duplicate: Person) -> None:
    both = (
        Case.objects.filter(person_id__in=[survivor.pk, duplicate.pk], status=CaseStatus.OPEN)
        .values("lead_agency__name")
        .annotate(open_cases=Count("pk"))
        .filter(open_cases__gt=1)
        .order_by("lead_agency__name")
    )
    if clash := both.first():
        raise ValidationError(
            _("Both records have an open case at %(agency)s: close one or hand it over first.")
            % {"agency": clash["lead_agency__name"]}
        )


def _spellings(person: Person) -> list[str]:
    return [f"{person.given_names} {person.family_name}", *person.aliases]


@transaction.atomic
def merge_propose(
    *, actor: User, membership: Membership, survivor: Person, duplicate: Person, reason: str
) -> PersonMerge:
    """Join the duplicate into the kept record now: its cases, statuses, consents, slips, enrolments and booklets
    move over, and its spellings become the kept record's other spellings."""
    require(membership, CASE_LEAD, user=actor)
    reason = stated_reason(reason, missing=_("Say why both records are the same person (e.g. the passport shown)."))
    if survivor.pk == duplicate.pk:
        raise ValidationError({"other_case": _("Both cases belong to the same record already.")})
    visible = persons_visible_to(actor, membership).filter(pk__in=[survivor.pk, duplicate.pk]).count()
    if visible != 2 or not Case.objects.filter(person=survivor, lead_agency_id=membership.agency_id).exists():
        raise ValidationError(_("Only a caseworker who leads a case of the kept record and sees both may merge."))
    survivor, duplicate = sorted(_locked(survivor, duplicate), key=lambda person: person.pk != survivor.pk)
    if PersonMerge.objects.filter(status=MergeStatus.PROPOSED, duplicate__in=[survivor, duplicate]).exists():
        raise ValidationError(_("One of the records is already part of a merge awaiting confirmation."))
    _check_open_cases(survivor, duplicate)
    reason_of_move = _("Merged with record %(number)s") % {"number": duplicate.pk}
    moved = {}
    try:
        with transaction.atomic():
            for name, model in MOVING.items():
                rows = model.objects.filter(person=duplicate)
                moved[name] = _move(rows, to=survivor, actor=actor, reason=reason_of_move)
    except IntegrityError:  # enrolment_one_seat_per_person: both records hold a seat in the same course
        raise ValidationError(_("Both records hold a seat in the same course: end one enrolment first.")) from None
    merge = PersonMerge(
        survivor=survivor, duplicate=duplicate, duplicate_number=duplicate.pk, reason=reason, moved=moved,
        aliases_before=list(survivor.aliases), proposed_by=actor,
    )  # fmt: skip
    save_with_history(merge, actor=actor)
    known = {fold(spelling) for spelling in _spellings(survivor)}
    survivor.aliases = [*survivor.aliases, *(s for s in _spellings(duplicate) if fold(s) not in known)]
    _save_spellings(survivor, actor=actor, reason=reason_of_move)
    return merge


def _move(rows, *, to: Person, actor: User, reason: str) -> list[int]:
    """Give the rows another person, each with a history row naming the actor and the reason; their ids."""
    rows = list(rows)
    for row in rows:
        row.person = to
    if rows:
        bulk_update_with_history(rows, type(rows[0]), ["person"], default_user=actor, default_change_reason=reason)
    return [row.pk for row in rows]


def _save_spellings(person: Person, *, actor: User, reason: str) -> None:
    person.search_names = search_names(
        given_names=person.given_names, family_name=person.family_name, aliases=person.aliases
    )
    save_with_history(person, actor=actor, reason=reason, update_fields=["aliases", "search_names"])


def _may_decide(merge: PersonMerge, *, actor: User, membership: Membership) -> bool:
    if merge.proposed_by_id == actor.pk:
        return True
    if not can(membership, PERSON_MERGE_CONFIRM, user=actor):
        return False
    return Case.objects.filter(person_id=merge.survivor_id, lead_agency_id__in=subtree_ids(membership)).exists()


def _pending(merge: PersonMerge, *, actor: User, membership: Membership) -> PersonMerge:
    merge = PersonMerge.objects.select_for_update(of=("self",)).select_related("survivor", "duplicate").get(pk=merge.pk)
    if merge.status != MergeStatus.PROPOSED:
        raise ValidationError(_("The merge was already confirmed or undone."))
    return merge


@transaction.atomic
def merge_undo(*, actor: User, membership: Membership, merge: PersonMerge) -> PersonMerge:
    """Move back exactly what the merge moved, and give the kept record its former spellings."""
    merge = _pending(merge, actor=actor, membership=membership)
    if not _may_decide(merge, actor=actor, membership=membership):
        raise ValidationError(_("Only the proposer, the coordination or the data protection officer undoes a merge."))
    reason = _("Merge with record %(number)s undone") % {"number": merge.duplicate_number}
    for name, model in MOVING.items():
        rows = model.objects.filter(pk__in=merge.moved.get(name, []), person=merge.survivor)
        _move(rows, to=merge.duplicate, actor=actor, reason=reason)
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    survivor.aliases = list(merge.aliases_before)
    _save_spellings(survivor, actor=actor, reason=reason)
    merge.status, merge.decided_by, merge.decided_at = MergeStatus.UNDONE, actor, timezone.now()
    save_with_history(merge, actor=actor, update_fields=["status", "decided_by", "decided_at"])
    return merge


# History tables that name a person by `person_id` (their live rows moved at the proposal).
HISTORY_BY_PERSON = (
    Case.history, ResidenceStatus.history, BenefitPeriod.history, Consent.history, Entitlement.history,
    Enrolment.history, CompanionBooklet.history, LegalHold.history,
)  # fmt: skip


@transaction.atomic
def merge_confirm(*, actor: User, membership: Membership, merge: PersonMerge) -> PersonMerge:
    """Make the merge final: the history rows and reads follow the kept record; the duplicate's row goes."""
    require(membership, PERSON_MERGE_CONFIRM, user=actor)
    merge = _pending(merge, actor=actor, membership=membership)
    if not _may_decide(merge, actor=actor, membership=membership) or merge.proposed_by_id == actor.pk:
        raise ValidationError(_("The merge is confirmed by someone other than its proposer."))
    survivor, duplicate = merge.survivor_id, merge.duplicate_id
    for history in HISTORY_BY_PERSON:
        history.filter(person_id=duplicate).update(person_id=survivor)
    Person.history.filter(id=duplicate).update(id=survivor)
    AccessLog.objects.filter(person_id=duplicate).update(person_id=survivor)
    with connection.cursor() as cursor:  # list rows that showed both keep the kept record once
        cursor.execute(
            "UPDATE cases_accesslog SET persons = ARRAY(SELECT DISTINCT unnest(array_replace(persons, %s, %s))) "
            "WHERE persons @> ARRAY[%s]::bigint[]",
            [duplicate, survivor, duplicate],
        )
    merge.status, merge.decided_by, merge.decided_at, merge.duplicate = (
        MergeStatus.CONFIRMED,
        actor,
        timezone.now(),
        None,
    )
    save_with_history(merge, actor=actor, update_fields=["status", "decided_by", "decided_at", "duplicate"])
    # Earlier, undone merges of the duplicate name the kept record instead (numbers stay in duplicate_number).
    PersonMerge.objects.filter(duplicate_id=duplicate).update(duplicate=None)
    PersonMerge.objects.filter(survivor_id=duplicate, duplicate_id=survivor).update(duplicate=None)
    PersonMerge.objects.filter(survivor_id=duplicate).update(survivor_id=survivor)
    # A plain DELETE: the ORM's would write a deletion row into the history that now belongs to the kept record.
    rows = Person.objects.filter(pk=duplicate)
    rows._raw_delete(rows.db)
    return merge
