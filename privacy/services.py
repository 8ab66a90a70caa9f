"""The data protection officer's writes: legal holds on a person's record, and restriction of processing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import ACCESS_LOG_READ, require, subtree_ids
from cases.models import EmergencyAccess, Person
from ewg.history import save_with_history
from privacy.models import LegalHold
from privacy.selectors import persons_auditable_by, restriction_reader_candidates

REASON_LENGTH = 300


def _require_officer_of(person: Person, *, actor: User, membership: Membership) -> None:
    require(membership, ACCESS_LOG_READ, user=actor)
    if not persons_auditable_by(actor, membership).filter(pk=person.pk).exists():
        raise ValidationError(_("The person's cases are led by an agency outside yours."))


def stated_reason(reason: str, *, missing: str) -> str:
    """A required reason, stripped and within the length its column holds."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": missing})
    if len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": _("Please shorten the reason to 300 characters.")})
    return reason


RESTRICTION_FIELDS = ["restricted_at", "restriction_reason", "restriction_reader"]


@transaction.atomic
def hold_place(*, actor: User, membership: Membership, person: Person, reason: str) -> LegalHold:
    """Keep the person's record past its retention date; the nightly job and every erasure leave it alone."""
    _require_officer_of(person, actor=actor, membership=membership)
    reason = stated_reason(reason, missing=_("Say why the record must be kept (e.g. a pending lawsuit or audit)."))
    hold = LegalHold(person=person, reason=reason, placed_by=actor)
    try:
        with transaction.atomic():
            save_with_history(hold, actor=actor)
    except IntegrityError:  # legal_hold_one_at_a_time: placed twice, or by two officers at once
        raise ValidationError(_("The record is already kept under a legal hold.")) from None
    return hold


@transaction.atomic
def hold_release(*, actor: User, membership: Membership, hold: LegalHold) -> LegalHold:
    hold = LegalHold.objects.select_for_update().select_related("person").get(pk=hold.pk)
    _require_officer_of(hold.person, actor=actor, membership=membership)
    if hold.released_at is not None:
        raise ValidationError(_("The legal hold was already released."))
    hold.released_by, hold.released_at = actor, timezone.now()
    save_with_history(hold, actor=actor, update_fields=["released_by", "released_at"])
    return hold


@transaction.atomic
def restriction_place(
    *, actor: User, membership: Membership, person: Person, reason: str, reader: User | None = None
) -> Person:
    """Restrict the processing of the person's data (Art. 18 DSGVO, § 84 SGB X): from the commit on, every page and
    list but the officer's and the named reader's answers as if the person did not exist."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_officer_of(person, actor=actor, membership=membership)
    reason = stated_reason(reason, missing=_("Say why the processing is restricted (e.g. the accuracy is contested)."))
    if person.restricted_at is not None:
        raise ValidationError(_("The processing of this person's data is already restricted."))
    if reader is not None and not restriction_reader_candidates(person).filter(user=reader).exists():
        raise ValidationError({"reader": _("Choose a caseworker of an agency that leads a case of the person.")})
    person.restricted_at, person.restriction_reason, person.restriction_reader = timezone.now(), reason, reader
    save_with_history(person, actor=actor, reason=_("Processing restricted"), update_fields=RESTRICTION_FIELDS)
    return person


@transaction.atomic
def restriction_lift(*, actor: User, membership: Membership, person: Person) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_officer_of(person, actor=actor, membership=membership)
    if person.restricted_at is None:
        raise ValidationError(_("The processing of this person's data is not restricted."))
    person.restricted_at, person.restriction_reason, person.restriction_reader = None, "", None
    save_with_history(person, actor=actor, reason=_("Restriction lifted"), update_fields=RESTRICTION_FIELDS)
    return person


@transaction.atomic
def emergency_review(*, actor: User, membership: Membership, access: EmergencyAccess, note: str) -> EmergencyAccess:
    """The officer has looked at a break-the-glass access; it leaves the review queue with the note."""
    require(membership, ACCESS_LOG_READ, user=actor)
    access = EmergencyAccess.objects.select_for_update().select_related("case").get(pk=access.pk)
    if access.case.lead_agency_id not in subtree_ids(membership):
        raise ValidationError(_("The case is led by an agency outside yours."))
    if access.reviewed_at is not None:
        raise ValidationError(_("This emergency access was already reviewed."))
    if len(note) > REASON_LENGTH:
        raise ValidationError({"note": _("Please shorten the note to 300 characters.")})
    access.reviewed_at, access.reviewed_by, access.review_note = timezone.now(), actor, note.strip()
    save_with_history(access, actor=actor, update_fields=["reviewed_at", "reviewed_by", "review_note"])
    return access
