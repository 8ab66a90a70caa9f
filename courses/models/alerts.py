"""Alerts raised by the nightly scans, and the record of each scan run."""

# The tables keep the names the cases app gave them, so an installation migrates in place (no data is copied).

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.constraints import not_before
from courses.models.choices import AlertActionKind, AlertKind
from courses.models.courses import Enrolment, Entitlement


class Alert(models.Model):
    """Meldung to one agency about one enrolment or one slip, for one window. The unique constraints decide that a
    scan run twice, or two runs at once, raise nothing twice."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    # Indexes only where a query needs one: every insert of a scan maintains them, here and in the history table.
    # The enrolment and the agency lead the composite indexes below; the acting users are never searched for.
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alerts",
        db_index=False,
    )
    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement slip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    window_start = models.DateField(_("window from"))
    window_end = models.DateField(_("window until"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="alerts", db_index=False
    )
    # What the scan found, e.g. the number of unexcused days in the window; no personal data beyond that.
    finding = models.PositiveSmallIntegerField(_("finding"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    resolution_note = models.TextField(_("note on the resolution"), blank=True)

    # The history is read per alert (by id); its foreign-key columns need no indexes of their own.
    history = HistoricalRecords(
        table_name="cases_historicalalert",
        no_db_index=["enrolment", "entitlement", "agency", "acknowledged_by", "resolved_by", "kind"],
    )

    class Meta:
        db_table = "cases_alert"
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "-raised_at"], condition=Q(resolved_at__isnull=True), name="alert_open"),
            models.Index(fields=["agency", "-raised_at"], name="alert_by_agency"),
            models.Index(fields=["enrolment", "kind", "window_end"], name="alert_enrolment_window"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False, entitlement__isnull=True)
                | Q(enrolment__isnull=True, entitlement__isnull=False),
                name="alert_one_subject",
            ),
            not_before("window_end", "window_start", name="alert_window_ordered"),
            models.UniqueConstraint(
                fields=["kind", "enrolment", "window_start"],
                condition=Q(enrolment__isnull=False),
                name="alert_once_per_enrolment_window",
            ),
            models.UniqueConstraint(
                fields=["kind", "entitlement", "window_start"],
                condition=Q(entitlement__isnull=False),
                name="alert_once_per_entitlement_window",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(acknowledged_at__isnull=False),
                name="alert_resolved_after_acknowledged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.window_start:%d.%m.%Y}–{self.window_end:%d.%m.%Y})"

    @property
    def person(self):
        """Whom the alert is about: the participant, or the holder of the slip."""
        return self.enrolment.person if self.enrolment_id else self.entitlement.person


class AlertAction(models.Model):
    """One step the addressed agency took in answer to an alert (a call, a registration, a review of the
    obligation), with its day, who took it and a short note; resolving the alert stays a step of its own."""

    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("action"), max_length=30, choices=AlertActionKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    acted_on = models.DateField(_("done on"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Read per alert; the acting user and agency are never searched for.
    history = HistoricalRecords(no_db_index=["actor", "agency"])

    class Meta:
        verbose_name = _("action on an alert")
        verbose_name_plural = _("actions on alerts")
        ordering = ["acted_on", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.acted_on:%d.%m.%Y})"


class ScanRun(models.Model):
    """One run of one scan over one window; the next nightly run starts where the last one ended."""

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    started_at = models.DateTimeField(auto_now_add=True)
    raised = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        db_table = "cases_scanrun"
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        indexes = [models.Index(fields=["kind", "-window_end"], name="scan_run_latest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.window_start:%Y-%m-%d %H:%M}–{self.window_end:%Y-%m-%d %H:%M}"
