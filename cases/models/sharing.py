"""Consent and shares: on what legal basis another agency may see a case, and which of its data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.cases import Case
from cases.models.choices import ConsentUse, Statute
from cases.models.constraints import not_before
from cases.models.persons import Person


class Consent(models.Model):
    """The person's written consent (§ 67b SGB X) that one agency may see named data categories for a purpose."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="received_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    use = models.CharField(_("consent to"), max_length=20, choices=ConsentUse.choices, default=ConsentUse.TRANSFER)
    categories = models.JSONField(_("data categories"), default=list)
    given_on = models.DateField(_("given on"))
    form_version = models.CharField(_("form and version"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recording_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        constraints = [not_before("revoked_on", "given_on", name="consent_revoked_after_given")]

    def __str__(self) -> str:
        return f"{self.person} → {self.receiving_agency}"

    @property
    def is_active(self) -> bool:
        return self.revoked_on is None


class CaseShare(models.Model):
    """Access of another agency to one case, limited to data categories. The permission row itself: the selector
    of visible cases reads it directly (a direct foreign-key permission, no generic object permissions)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="case_shares")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    statute = models.CharField(_("legal basis"), max_length=20, choices=Statute.choices, blank=True)
    categories = models.JSONField(_("data categories"), default=list)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["-granted_at", "-pk"]
        indexes = [
            models.Index(
                fields=["agency", "case"], condition=Q(revoked_at__isnull=True), name="case_share_active_by_agency"
            ),
        ]
        constraints = [
            # Exactly one legal basis: a consent or a named statute.
            models.CheckConstraint(
                condition=(Q(consent__isnull=False) & Q(statute="")) | (Q(consent__isnull=True) & ~Q(statute="")),
                name="case_share_one_legal_basis",
            ),
            models.UniqueConstraint(
                fields=["case", "agency"], condition=Q(revoked_at__isnull=True), name="case_share_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.agency}"
