"""A case: the support of one person, led by one agency; its notes and, for Case Management, its support plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.catalogue import Obstacle
from cases.models.choices import CaseKind, CasePhase, CaseStatus, NoteKind
from cases.models.constraints import not_before
from cases.models.persons import Person


class Case(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases")
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="led_cases"
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_cases",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    phase = models.CharField(_("phase"), max_length=20, choices=CasePhase.choices, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    action_fields = models.JSONField(_("fields of action"), default=list, blank=True)
    obstacles = models.ManyToManyField(Obstacle, verbose_name=_("obstacles"), blank=True, related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[obstacles])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("work_on_case", _("Work on the case as a co-worker"))]
        indexes = [
            # The case list: one agency's cases, newest first, walked by keyset.
            models.Index(fields=["lead_agency", "-opened_on", "-id"], name="case_agency_list"),
            models.Index(fields=["-opened_on", "-id"], name="case_list"),
        ]
        constraints = [
            not_before("closed_on", "opened_on", name="case_closed_after_opened"),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN, closed_on__isnull=True)
                | Q(status=CaseStatus.CLOSED, closed_on__isnull=False),
                name="case_status_matches_closing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    occurred_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["case", "-occurred_on", "-id"], name="case_note_timeline")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


class SupportPlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="support_plan")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self) -> str:
        return f"Hilfeplan {self.case_id}"


class PersonalGoal(models.Model):
    """One of the person's own goals in the support plan (not the project's goal system)."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal goal")
        verbose_name_plural = _("personal goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class PlanStep(models.Model):
    goal = models.ForeignKey(PersonalGoal, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
