"""What comes out: the dashboard's pre-aggregated figures and the committee report (Vorlage) with its versions."""

from django.conf import settings
from django.db import models
from django.db.models import Deferrable
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency


class FigureRun(models.Model):
    """One computation of all dashboard figures, nightly or on demand. The dashboard reads the latest finished run;
    a run still computing, or one that failed, is never read."""

    today = models.DateField(_("as of"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("figure computation")
        indexes = [models.Index(fields=["-finished_at"], name="figurerun_finished")]

    def __str__(self) -> str:
        return f"{self.today} ({self.pk})"


class FigureCell(models.Model):
    """One cell of a figure: a count for a period, an agency (null: all agencies) and a key ("": all keys).

    `hidden` is decided when the run is computed (reports.suppression); a hidden cell is shown as "< 5" and its
    numbers never leave the server."""

    run = models.ForeignKey(FigureRun, on_delete=models.CASCADE, related_name="cells")
    figure = models.CharField(max_length=30)
    period = models.CharField(max_length=7)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40, blank=True)
    persons = models.PositiveIntegerField()
    count = models.PositiveIntegerField()
    numerator = models.PositiveIntegerField(null=True, blank=True)  # e.g. days present among `count` days
    value = models.FloatField(null=True, blank=True)  # a median, when the figure has one
    hidden = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["run", "period", "figure"], name="figurecell_lookup")]

    def __str__(self) -> str:
        return f"{self.figure} {self.period} {self.agency_id or '*'} {self.key or '*'}"


class ReportKind(models.TextChoices):
    DECISION = "decision", _("Decision paper (Beschlussvorlage)")
    INFORMATION = "information", _("Information paper (Mitteilungsvorlage)")


class CommitteeReport(models.Model):
    """A status report to the committee, laid out like the city's submissions: header, proposal, reasons in
    sections, and annexes generated from the data."""

    subject = models.CharField(_("subject"), max_length=300)
    number = models.CharField(_("submission no."), max_length=30, unique=True)
    file_number = models.CharField(_("file reference"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.DECISION)
    committee = models.CharField(_("committee"), max_length=200)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    period = models.CharField(_("reporting period"), max_length=7)
    proposal = models.TextField(_("proposed resolution / recommendation"), blank=True)
    proposal_html = models.TextField(blank=True, editable=False)
    # The earlier submissions the reasons refer to ("Auf die bisherigen Vorlagen … Nr. 199/17 und 067/18 wird
    # verwiesen."): reports of the product, and numbers of submissions made before it, as typed ("199/17, 067/18").
    earlier_reports = models.ManyToManyField(
        "self", verbose_name=_("earlier reports"), symmetrical=False, blank=True, related_name="+"
    )
    earlier_numbers = models.CharField(_("earlier submission numbers"), max_length=200, blank=True)
    # The line between the reference and section 1 ("Kurzer Überblick über das Projekt …:").
    introduction = models.TextField(_("introduction to the reasons"), blank=True)
    introduction_html = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["proposal_html", "introduction_html"], m2m_fields=[earlier_reports])

    class Meta:
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])


class SectionContent(models.TextChoices):
    """What the data contributes to a section (reports.prefill writes it); "" for a section of free text only."""

    NONE = "", _("Free text only")
    TARGET_GROUP = "target_group", _("Target group: cases opened by benefit system")
    FOCUS = "focus", _("Focus themes: the action fields")
    STRUCTURE = "structure", _("Project structure: agencies, groups and their meetings")
    GOALS = "goals", _("Goals and results per action field, deficit themes")
    OUTLOOK = "outlook", _("Outlook: case management and the activities due")
    KEY_FIGURES = "key_figures", _("Key figures of the reporting period")


class ReportTemplateSection(models.Model):
    """One section of the template new reports start from: the outline of the city's status report (Vorlage 322/18),
    each with a default text the coordinators keep. Where the default text holds the marker "[[Daten]]", the text
    written from the data goes (reports.prefill); without it, after the default text."""

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    default_text = models.TextField(_("default text"), blank=True)
    content = models.CharField(
        _("from the data"), max_length=30, choices=SectionContent.choices, blank=True, default=SectionContent.NONE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ReportSection(models.Model):
    """A numbered part of the reasons (Begründung). The text is kept as written (a light markup) and as the
    sanitised HTML the pages and the PDF show.

    A section made from the template keeps the template's text it started from and what the data contributes
    (`content`), so that it can be written again from newer data; `generated_hash` is the hash of the text as last
    written from the data: a body that differs from it was edited, and writing it again asks first."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    content = models.CharField(
        _("from the data"), max_length=30, choices=SectionContent.choices, blank=True, default=SectionContent.NONE
    )
    template_text = models.TextField(blank=True, editable=False)
    generated_hash = models.CharField(max_length=64, blank=True, editable=False)
    generated_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        ordering = ["position"]
        constraints = [
            # Deferred: moving a section swaps two positions inside one transaction.
            models.UniqueConstraint(
                fields=["report", "position"], name="reportsection_position", deferrable=Deferrable.DEFERRED
            )
        ]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RENDERING = "rendering", _("being generated")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportVersion(models.Model):
    """A numbered PDF of a report. Its content (text, figures, goal matrices) is frozen when it is requested, so that
    later data never changes a version that went to the committee; the task renders from the frozen content.

    While a worker renders it, the worker holds a lease (`lease_until`, renewed every few seconds) under its
    `render_token`; see reports.lease."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, for the progress bar
    step = models.CharField(max_length=100, blank=True)
    content = models.JSONField(editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_token = models.UUIDField(null=True, blank=True, editable=False)  # the worker rendering it now or last
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["content", "pdf", "progress", "step", "lease_until"])

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportversion_number")]
        indexes = [
            models.Index(fields=["requested_at"], condition=models.Q(status="queued"), name="reportversion_queued"),
            models.Index(fields=["lease_until"], condition=models.Q(status="rendering"), name="reportversion_leased"),
        ]

    def __str__(self) -> str:
        return f"{self.report.number} v{self.number}"

    @property
    def progress_quarter(self) -> int:
        """The progress rounded down to a quarter: the bar moves every second, screen readers hear the quarters."""
        return self.progress // 25 * 25
