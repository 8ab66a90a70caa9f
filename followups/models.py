"""Follow-ups (Wiedervorlagen): a dated reminder on a case, for the caseworker who set it or a colleague; and the
record of the morning digests already sent, so that a second run of the day sends nothing twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Case, PlanStep

TEXT_LENGTH = 300


class FollowUp(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="followups")
    due_on = models.DateField(_("due on"))
    text = models.CharField(_("what is to be done"), max_length=TEXT_LENGTH)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("for"), on_delete=models.PROTECT, related_name="followups"
    )
    # The agency of the caseworker who set it: its colleagues on the case may mark it done too.
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A step of the case's own support plan (the services check the case); a step deleted with its goal lets go.
    plan_step = models.ForeignKey(
        PlanStep,
        verbose_name=_("step of the support plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # "Meine Aufgaben", the navigation's count and the morning digest: a user's open follow-ups by due date.
            models.Index(
                fields=["assigned_to", "due_on"], condition=Q(done_on__isnull=True), name="followup_open_by_user"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_by__isnull=True)
                | Q(done_on__isnull=False, done_by__isnull=False),
                name="followup_done_with_whom",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="followup_text_given"),
        ]

    def __str__(self) -> str:
        return f"Wiedervorlage {self.due_on} (Fall {self.case_id})"


class DigestSent(models.Model):
    """One morning digest to one user on one day: the unique constraint decides whether a run still sends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField()  # how many were due: what the mail said
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("morning digest sent")
        verbose_name_plural = _("morning digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"Tagesübersicht {self.day} ({self.user_id})"
