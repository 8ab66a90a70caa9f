"""Referrals (Überleitung): send, accept, decline, withdraw and close.

- Sending checks the legal basis as a share does (`lawful_basis`); a second referral of the case to the same agency
  while the first awaits its answer is refused by a unique constraint, so two clicks refer once.
- Accepting locks the consent before the referral, in the order a revocation takes them: a revocation either ends the
  referral before the acceptance reads it, or waits and then ends the share the acceptance started.
- Each step that the other side should hear of writes an e-mail to the outbox in its transaction, with a link and no
  personal data.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, User
from agencies.outbox import emails_enqueue
from agencies.permissions import CASE_INTAKE, REFERRAL_ANSWER, REFERRAL_SEND, can, require
from cases.models import Case, CaseShare, Consent, Referral, ReferralOutcome, ReferralStatus
from cases.models.choices import CaseKind, CaseStatus, DataCategory
from cases.selectors import referral_receivers
from cases.services._common import save
from cases.services.cases import case_open
from cases.services.sharing import clean_categories, lawful_basis, share_start

MAIL_PURPOSE = "referral"


def _notify(referral: Referral, *, to: list[tuple[str, Agency]], subject: str, text: str) -> None:
    """An e-mail in German to each address, naming no person: the reader opens the referral in the application."""
    link = settings.SITE_URL + reverse("cases:referral_detail", args=[referral.pk])
    body = _("%(text)s\n\nPlease open it in the application:\n%(link)s\n\nThis e-mail deliberately contains no "
             "personal data.") % {"text": text, "link": link}  # fmt: skip
    emails_enqueue([(address, subject, body, agency) for address, agency in to if address], purpose=MAIL_PURPOSE)


@transaction.atomic
def referral_send(
    *,
    actor: User,
    membership: Membership,
    case: Case,
    to_agency: Agency,
    purpose: str,
    categories: list[str],
    to_user: User | None = None,
    consent: Consent | None = None,
    statute: str = "",
) -> Referral:
    """Refer the case to another agency (or a named case manager there) for a purpose, disclosing `categories`."""
    require(membership, REFERRAL_SEND, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("A closed case is not referred; reopen it first."))
    if to_agency.pk == case.lead_agency_id:
        raise ValidationError({"to_agency": _("Your own agency leads the case already.")})
    if not referral_receivers(to_agency).exists():
        raise ValidationError({"to_agency": _("This agency has no caseworkers who could accept a referral.")})
    if to_user is not None and not referral_receivers(to_agency).filter(user=to_user).exists():
        raise ValidationError({"to_user": _("The case manager named is no active caseworker of that agency.")})
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError({"purpose": _("Name the purpose of the referral.")})
    categories = clean_categories(categories)
    if DataCategory.MASTER_DATA not in categories:
        raise ValidationError(
            {"categories": _("A referral discloses at least the master data: the receiver must know whom it is for.")}
        )
    consent = lawful_basis(case=case, agency=to_agency, categories=categories, consent=consent, statute=statute)
    referral = Referral(
        case=case,
        from_agency_id=case.lead_agency_id,
        sent_by=actor,
        to_agency=to_agency,
        to_user=to_user,
        purpose=purpose[:300],
        categories=categories,
        consent=consent,
        statute=statute,
    )
    try:
        with transaction.atomic():
            save(referral, actor=actor)
    except IntegrityError:
        raise ValidationError(
            {"to_agency": _("The case has already been referred to this agency; the answer is still pending.")}
        ) from None
    with translation.override("de"):
        _notify(
            referral,
            to=[(to_agency.alert_email, to_agency), (to_user.email if to_user else "", to_agency)],
            subject=_("New referral for %(agency)s") % {"agency": to_agency.name},
            text=_("%(sender)s has referred a person to %(agency)s and awaits your answer.")
            % {"sender": membership.agency.name, "agency": to_agency.name},
        )
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("case", "to_agency").get(pk=referral.pk)


def _require_pending(referral: Referral) -> None:
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(
            _("The referral is no longer awaiting an answer (status: %(status)s).")
            % {"status": referral.get_status_display()},
            code="not_pending",
        )


def _tell_sender(referral: Referral, text: str) -> None:
    with translation.override("de"):
        _notify(
            referral,
            to=[(referral.sent_by.email, referral.case.lead_agency)],
            subject=_("Answer to your referral to %(agency)s") % {"agency": referral.to_agency.name},
            text=text,
        )


@transaction.atomic
def referral_accept(*, actor: User, membership: Membership, referral: Referral, kind: str) -> Referral:
    """Accept: the receiver's own case for the person opens (or the open one is used), and the share of the sender's
    case starts with the referral's categories and basis."""
    if referral.consent_id:
        Consent.objects.select_for_update().get(pk=referral.consent_id)  # first, as consent_revoke locks it
    referral = _locked(referral)
    require(membership, REFERRAL_ANSWER, referral)
    require(membership, CASE_INTAKE)
    _require_pending(referral)
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("Choose the kind of your case from the list.")})
    case = referral.case
    consent = lawful_basis(
        case=case,
        agency=referral.to_agency,
        categories=referral.categories,
        consent=referral.consent,
        statute=referral.statute,
    )
    received = (
        Case.objects.filter(person_id=case.person_id, lead_agency=membership.agency, status=CaseStatus.OPEN)
        .order_by("pk")
        .first()
    )
    if received is None:
        received = case_open(
            actor=actor, membership=membership, person=case.person, kind=kind, opened_on=timezone.localdate()
        )
    share = (
        CaseShare.objects.select_for_update()
        .filter(case=case, agency=referral.to_agency, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        share = share_start(
            actor=actor,
            case=case,
            agency=referral.to_agency,
            categories=referral.categories,
            consent=consent,
            statute=referral.statute,
        )
    referral.status = ReferralStatus.ACCEPTED
    referral.answered_at, referral.answered_by = timezone.now(), actor
    referral.received_case, referral.share = received, share
    save(referral, actor=actor, update_fields=["status", "answered_at", "answered_by", "received_case", "share"])
    _tell_sender(referral, _("%(agency)s has accepted your referral.") % {"agency": referral.to_agency.name})
    return referral


@transaction.atomic
def referral_decline(*, actor: User, membership: Membership, referral: Referral, reason: str) -> Referral:
    referral = _locked(referral)
    require(membership, REFERRAL_ANSWER, referral)
    _require_pending(referral)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for declining; the sender reads it.")})
    referral.status = ReferralStatus.DECLINED
    referral.answered_at, referral.answered_by, referral.decline_reason = timezone.now(), actor, reason[:500]
    save(referral, actor=actor, update_fields=["status", "answered_at", "answered_by", "decline_reason"])
    _tell_sender(referral, _("%(agency)s has declined your referral.") % {"agency": referral.to_agency.name})
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User, membership: Membership, referral: Referral, note: str = "") -> Referral:
    """The sender takes back a referral that has not been answered yet."""
    referral = _locked(referral)
    require(membership, REFERRAL_SEND, referral.case)
    _require_pending(referral)
    referral.status = ReferralStatus.WITHDRAWN
    referral.ended_at, referral.ended_by, referral.end_note = timezone.now(), actor, note.strip()[:500]
    save(referral, actor=actor, update_fields=["status", "ended_at", "ended_by", "end_note"])
    return referral


@transaction.atomic
def referral_close(
    *, actor: User, membership: Membership, referral: Referral, outcome: str, note: str = ""
) -> Referral:
    """Either side closes an accepted referral with its result. The share stays until the lead ends it."""
    referral = _locked(referral)
    if not (can(membership, REFERRAL_SEND, referral.case) or can(membership, REFERRAL_ANSWER, referral)):
        require(membership, REFERRAL_ANSWER, referral)  # raises the receiver's refusal
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(
            _("Only an accepted referral is closed with a result (status: %(status)s).")
            % {"status": referral.get_status_display()},
            code="not_accepted",
        )
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Choose the result from the list.")})
    note = note.strip()
    if outcome == ReferralOutcome.UNSUCCESSFUL and not note:
        raise ValidationError({"note": _("Please say why the referral was not successful.")})
    referral.status, referral.outcome = ReferralStatus.CLOSED, outcome
    referral.ended_at, referral.ended_by, referral.end_note = timezone.now(), actor, note[:500]
    save(referral, actor=actor, update_fields=["status", "outcome", "ended_at", "ended_by", "end_note"])
    return referral
