"""Per-object grants: co-workers (kept by django-guardian in a direct foreign-key table) and emergency access."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.cases import Case

WORK_ON_CASE = "work_on_case"  # the codename; Case.Meta.permissions declares it


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A named colleague of another team who works on a Case-Management case beside its lead (a co-worker)."""

    content_object = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="coworker_grants")
    reason = models.CharField(_("reason"), max_length=200)
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("co-worker of a case")
        verbose_name_plural = _("co-workers of cases")


class EmergencyReason(models.TextChoices):
    DANGER = "danger", _("Danger to life, health or a child's welfare")
    DEADLINE = "deadline", _("A deadline or a benefit would otherwise be lost")
    ABSENCE = "absence", _("Standing in: the lead agency cannot be reached")


class EmergencyAccess(models.Model):
    """Break-the-glass: a caseworker opened a case they could not see, with a reason; reading only, until the end
    of the day, logged, and on the data protection officer's review queue until reviewed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.CharField(_("reason"), max_length=20, choices=EmergencyReason.choices)
    explanation = models.CharField(_("explanation"), max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.CharField(_("note on the review"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [
            models.Index(fields=["user", "expires_at"], name="emergency_access_user"),
            models.Index(
                fields=["granted_at"], condition=models.Q(reviewed_at__isnull=True), name="emergency_to_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} ({self.granted_at:%d.%m.%Y})"
