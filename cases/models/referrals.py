"""Referral (Überleitung): the lead agency hands a person's case over to another agency, which accepts or declines.

A referral discloses named data categories on one legal basis, like a share; accepting it opens the receiver's own
case and starts the share, so that the receiver reads the sender's case only within what the referral disclosed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.cases import Case
from cases.models.choices import Statute
from cases.models.sharing import CaseShare, Consent


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("awaiting an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", _("closed")


# A referral still in progress: consent revocation and the inbox's "open" tab look at these.
OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ReferralOutcome(models.TextChoices):
    SUCCESSFUL = "successful", _("successful")
    UNSUCCESSFUL = "unsuccessful", _("not successful")


class Referral(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals")
    from_agency = models.ForeignKey(Agency, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("to agency"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager there"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    categories = models.JSONField(_("data categories"), default=list)
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    statute = models.CharField(_("legal basis"), max_length=20, choices=Statute.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    # The receiver's own case, opened (or found open) when the referral was accepted, and the share it started.
    received_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_in"
    )
    share = models.ForeignKey(CaseShare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("result"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    # Why it was closed, withdrawn or ended by a revoked consent.
    end_note = models.CharField(_("note"), max_length=500, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["to_agency", "status", "-sent_at"], name="referral_inbox"),
            models.Index(fields=["from_agency", "-sent_at"], name="referral_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(consent__isnull=False) & Q(statute="")) | (Q(consent__isnull=True) & ~Q(statute="")),
                name="referral_one_legal_basis",
            ),
            # A second click, or two colleagues at once, refer the case to an agency once.
            models.UniqueConstraint(
                fields=["case", "to_agency"], condition=Q(status="sent"), name="referral_one_pending_per_agency"
            ),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""), name="referral_closed_with_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_agency}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL
