"""Consent and shares. Revoking a consent ends every share derived from it in the same transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, User
from agencies.permissions import CASE_LEAD, require
from cases.models import Case, CaseShare, Consent, Person
from cases.models.choices import ConsentUse, DataCategory
from cases.services._common import save
from cases.services.referral_endings import referrals_end_on_revocation
from cases.transfers import require_lawful


def clean_categories(categories: list[str]) -> list[str]:
    chosen = [category for category in DataCategory.values if category in set(categories)]
    if not chosen or len(chosen) != len(set(categories)):
        raise ValidationError({"categories": _("Choose at least one data category from the list.")})
    return chosen


def lawful_basis(
    *, case: Case, agency: Agency, categories: list[str], consent: Consent | None, statute: str
) -> Consent | None:
    """Refuse a transfer of the case's `categories` to `agency` that neither the consent nor the statute carries;
    the consent comes back locked. Shares and referrals ask the same."""
    if (consent is None) == (not statute):
        raise ValidationError(_("Name exactly one legal basis: the person's consent or a statute."))
    if statute:
        # Only what the statute carries, to whom it names (cases.transfers); everything else needs consent.
        require_lawful(statute=statute, agency_kind=agency.kind, categories=categories, on=timezone.localdate())
        return None
    # Locked as consent_revoke locks it: a revocation either commits before this reads the consent (and the
    # transfer is refused) or waits for this transaction and ends what it started.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.person_id != case.person_id or consent.receiving_agency_id != agency.pk:
        raise ValidationError({"consent": _("The consent was not given for this person and agency.")})
    if consent.recording_agency_id != case.lead_agency_id:
        raise ValidationError(
            {"consent": _("The consent was given to another agency; only that agency may share on it.")}
        )
    if consent.revoked_on is not None:
        raise ValidationError({"consent": _("The consent has been revoked.")})
    if consent.use != ConsentUse.TRANSFER:
        raise ValidationError({"consent": _("This consent covers the companion booklet, not a transfer.")})
    if set(categories) - set(consent.categories):
        raise ValidationError({"categories": _("The consent does not cover all chosen data categories.")})
    return consent


def share_start(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    categories: list[str],
    consent: Consent | None,
    statute: str,
    valid_until: date | None = None,
) -> CaseShare:
    """Insert the share whose basis `lawful_basis` checked; a second active share of the case is refused."""
    share = CaseShare(
        case=case,
        agency=agency,
        consent=consent,
        statute=statute,
        categories=categories,
        granted_by=actor,
        valid_until=valid_until,
    )
    try:
        with transaction.atomic():
            save(share, actor=actor)
    except IntegrityError:
        raise ValidationError({"agency": _("This agency already has an active share of the case.")}) from None
    return share


@transaction.atomic
def consent_record(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    receiving_agency: Agency,
    purpose: str,
    categories: list[str],
    given_on: date,
    form_version: str,
    use: str = ConsentUse.TRANSFER,
) -> Consent:
    """Record a consent the person gave in writing, in the caseworker's presence: to a transfer to another agency,
    or to the companion booklet that the caseworker's own agency prints for the person."""
    require(membership, CASE_LEAD)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The consent cannot be dated in the future.")})
    if use not in ConsentUse.values:
        raise ValidationError({"use": _("Choose what the consent is given for from the list.")})
    if use == ConsentUse.TRANSFER and receiving_agency.pk == membership.agency_id:
        raise ValidationError({"receiving_agency": _("Your own agency needs no consent.")})
    if use == ConsentUse.BOOKLET and receiving_agency.pk != membership.agency_id:
        raise ValidationError(
            {"receiving_agency": _("A consent to the booklet is given to the agency that prints it.")}
        )
    if not purpose.strip():
        raise ValidationError({"purpose": _("Name the purpose the consent is given for.")})
    consent = Consent(
        person=person,
        receiving_agency=receiving_agency,
        purpose=purpose.strip(),
        use=use,
        categories=clean_categories(categories),
        given_on=given_on,
        form_version=form_version.strip(),
        recorded_by=actor,
        recording_agency=membership.agency,
    )
    save(consent, actor=actor)
    return consent


@transaction.atomic
def consent_revoke(*, actor: User, membership: Membership, consent: Consent, revoked_on: date | None = None) -> Consent:
    require(membership, CASE_LEAD)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.recording_agency_id != membership.agency_id:
        raise ValidationError(_("Only the agency that recorded the consent may record its revocation."))
    if consent.revoked_on is not None:
        raise ValidationError(_("This consent has already been revoked."))
    revoked_on = revoked_on or timezone.localdate()
    if revoked_on > timezone.localdate():
        raise ValidationError({"revoked_on": _("The date of the revocation cannot lie in the future.")})
    if revoked_on < consent.given_on:
        raise ValidationError({"revoked_on": _("The revocation cannot lie before the consent was given.")})
    consent.revoked_on = revoked_on
    save(consent, actor=actor, update_fields=["revoked_on"])
    now = timezone.now()
    for share in consent.shares.select_for_update().filter(revoked_at__isnull=True):
        share.revoked_at = now
        save(share, actor=actor, update_fields=["revoked_at"])
    referrals_end_on_revocation(actor=actor, consent=consent, at=now)
    return consent


@transaction.atomic
def case_share_grant(
    *,
    actor: User,
    membership: Membership,
    case: Case,
    agency: Agency,
    categories: list[str],
    consent: Consent | None = None,
    statute: str = "",
    valid_until: date | None = None,
) -> CaseShare:
    """Give another agency access to a case, on a consent or a named statute, limited to data categories."""
    require(membership, CASE_LEAD, case, message=_("Only the lead agency may share a case."))
    if agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": _("The lead agency sees the case anyway.")})
    categories = clean_categories(categories)
    consent = lawful_basis(case=case, agency=agency, categories=categories, consent=consent, statute=statute)
    if valid_until and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The end of the share lies in the past.")})
    return share_start(
        actor=actor, case=case, agency=agency, categories=categories, consent=consent, statute=statute,
        valid_until=valid_until,
    )  # fmt: skip


@transaction.atomic
def case_share_revoke(*, actor: User, membership: Membership, share: CaseShare) -> CaseShare:
    require(membership, CASE_LEAD)
    share = CaseShare.objects.select_for_update().select_related("case").get(pk=share.pk)
    require(membership, CASE_LEAD, share.case, message=_("Only the lead agency may end a share."))
    if share.revoked_at is not None:
        raise ValidationError(_("This share has already ended."))
    share.revoked_at = timezone.now()
    save(share, actor=actor, update_fields=["revoked_at"])
    return share
