"""The integration-course pipeline: who issues the slip, the slips, courses and enrolments."""

# The tables keep the names the cases app gave them, so an installation migrates in place (no data is copied).

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, BenefitSystem
from cases.models.constraints import not_before
from cases.models.persons import Person
from courses.models.choices import (
    MAX_INTEGRATION_COURSE_SIZE,
    CourseKind,
    DtzLevel,
    EnrolmentStatus,
    EntitlementKind,
    EntitlementStatus,
)


class IssuingRule(models.Model):
    """Zuständigkeitsregelung: the agency that issues slips for recipients of one benefit system."""

    benefit_system = models.CharField(_("benefit system"), max_length=10, choices=BenefitSystem.choices, unique=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="issuing_rules"
    )

    history = HistoricalRecords(table_name="cases_historicalissuingrule")

    class Meta:
        db_table = "cases_issuingrule"
        verbose_name = _("issuing rule")
        verbose_name_plural = _("issuing rules")
        ordering = ["benefit_system"]

    def __str__(self) -> str:
        return f"{self.get_benefit_system_display()} → {self.agency}"


class Entitlement(models.Model):
    """Berechtigungsschein: entitlement, admission or obligation to attend an integration course (§ 6 IntV)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="entitlements")
    kind = models.CharField(_("kind"), max_length=20, choices=EntitlementKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=120)
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="issued_entitlements"
    )
    obliging_agency = models.ForeignKey(
        Agency,
        verbose_name=_("obliging agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obliged_entitlements",
    )
    benefit_system = models.CharField(_("benefit system"), max_length=10, choices=BenefitSystem.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    course_kind = models.CharField(_("course type"), max_length=20, choices=CourseKind.choices)
    teaching_units = models.PositiveSmallIntegerField(_("teaching units"))
    fee_exemption_requested = models.BooleanField(_("fee exemption requested"), default=False)
    # A BAMF admission letter (§ 44 Abs. 4 AufenthG) is recorded with the federal office's reference.
    admission_reference = models.CharField(_("BAMF reference"), max_length=60, blank=True)
    # § 5a IntV: the jobcenter's admission follows the Kooperationsplan (§ 15 SGB II) that includes the course.
    cooperation_plan_on = models.DateField(_("Kooperationsplan of"), null=True, blank=True)
    cooperation_plan_review_on = models.DateField(_("Kooperationsplan reviewed by"), null=True, blank=True)
    # An entitlement the residence titles do not show, issued anyway with a reason (§ 44 Abs. 2 S. 2 AufenthG);
    # the data protection officer sees every one of them.
    exception_reason = models.CharField(_("reason for the exception"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntitlementStatus.choices, default=EntitlementStatus.ISSUED
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(table_name="cases_historicalentitlement")

    class Meta:
        db_table = "cases_entitlement"
        verbose_name = _("entitlement slip")
        verbose_name_plural = _("entitlement slips")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # The scans: slips by the day their 8-week and expiry deadlines fall due.
            models.Index(fields=["issued_on"], name="entitlement_issued_on"),
            models.Index(fields=["valid_until"], condition=Q(status="issued"), name="entitlement_open_valid_until"),
            models.Index(fields=["issuing_agency", "-issued_on"], name="entitlement_by_issuer"),
        ]
        constraints = [
            not_before("valid_until", "issued_on", name="entitlement_valid_after_issue"),
            models.CheckConstraint(
                condition=~Q(kind=EntitlementKind.OBLIGATION) | Q(obliging_agency__isnull=False),
                name="entitlement_obligation_names_obliging_agency",
            ),
            models.CheckConstraint(condition=Q(teaching_units__gt=0), name="entitlement_teaching_units_positive"),
            models.CheckConstraint(
                condition=~Q(kind=EntitlementKind.COOPERATION_PLAN)
                | Q(cooperation_plan_on__isnull=False, cooperation_plan_review_on__isnull=False),
                name="entitlement_cooperation_plan_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person} ({self.issued_on:%d.%m.%Y})"

    @property
    def is_obligation(self) -> bool:
        return self.kind == EntitlementKind.OBLIGATION

    @property
    def informed_agency_id(self) -> int | None:
        """Who hears of improper attendance (§ 8 Abs. 3 IntV): the obliging authority, or the jobcenter whose
        Kooperationsplan includes the course (§ 5a IntV)."""
        if self.kind == EntitlementKind.COOPERATION_PLAN:
            return self.issuing_agency_id
        return self.obliging_agency_id

    def current_status(self, today: date) -> str:
        """The status as of `today`: an issued slip past its date counts as expired before the nightly run marks it."""
        if self.status == EntitlementStatus.ISSUED and self.valid_until < today:
            return EntitlementStatus.EXPIRED
        return self.status


class Course(models.Model):
    provider = models.ForeignKey(
        Agency, verbose_name=_("course provider"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    federal_number = models.CharField(_("federal course number"), max_length=40, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    weekdays = models.JSONField(_("weekdays"), default=list)  # ISO weekday numbers, 1 = Monday
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    teaching_units = models.PositiveSmallIntegerField(_("teaching units"), null=True, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(table_name="cases_historicalcourse")

    class Meta:
        db_table = "cases_course"
        permissions = [("teach_course", _("Teach the course"))]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "title", "pk"]
        indexes = [models.Index(fields=["provider", "-starts_on"], name="course_by_provider")]
        constraints = [
            not_before("ends_on", "starts_on", name="course_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=[CourseKind.BASIC, CourseKind.DEMAND])
                | Q(capacity__lte=MAX_INTEGRATION_COURSE_SIZE),
                name="course_integration_at_most_25",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d.%m.%Y})"

    @property
    def is_integration_course(self) -> bool:
        return self.kind not in (CourseKind.BASIC, CourseKind.DEMAND)


class Enrolment(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments")
    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement slip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    registered_on = models.DateField(_("registered on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.REGISTERED
    )
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    dtz_level = models.CharField(_("DTZ result"), max_length=10, choices=DtzLevel.choices, blank=True)
    lid_passed = models.BooleanField(_("“Leben in Deutschland” passed"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(table_name="cases_historicalenrolment")

    class Meta:
        db_table = "cases_enrolment"
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["person__family_name", "person__given_names", "pk"]
        indexes = [
            models.Index(fields=["course", "status"], name="enrolment_course_status"),
            models.Index(fields=["registered_on"], condition=Q(started_on__isnull=True), name="enrolment_not_started"),
            # The nightly scans of § 7 Abs. 2 and § 8 Abs. 3 IntV read a day's registrations and endings.
            models.Index(fields=["registered_on"], name="enrolment_registered_on"),
            models.Index(fields=["ended_on"], condition=Q(ended_on__isnull=False), name="enrolment_ended_on"),
        ]
        constraints = [
            not_before("started_on", "registered_on", name="enrolment_started_after_registration"),
            not_before("ended_on", "registered_on", name="enrolment_ended_after_registration"),
            # A person holds at most one seat in a course.
            models.UniqueConstraint(
                fields=["course", "person"],
                condition=Q(status__in=["registered", "attending", "interrupted"]),
                name="enrolment_one_seat_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.course}"


class AttendanceAgreement(models.Model):
    """Zielvereinbarung zur Teilnahme: what regular attendance means for an obliged enrolment, and who is told."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="agreement")
    max_unexcused_days = models.PositiveSmallIntegerField(_("unexcused days allowed"), default=3)
    window_days = models.PositiveSmallIntegerField(_("in any window of days"), default=28)
    informed_agency = models.ForeignKey(
        Agency, verbose_name=_("agency informed"), on_delete=models.PROTECT, related_name="attendance_agreements"
    )

    history = HistoricalRecords(table_name="cases_historicalattendanceagreement")

    class Meta:
        db_table = "cases_attendanceagreement"
        verbose_name = _("attendance agreement")
        verbose_name_plural = _("attendance agreements")
        constraints = [models.CheckConstraint(condition=Q(window_days__gt=0), name="agreement_window_positive")]

    def __str__(self) -> str:
        return f"≤ {self.max_unexcused_days} / {self.window_days}"


def default_valid_until(issued_on: date) -> date:
    """A slip is valid for one year (§ 6 IntV form); a BAMF admission letter states its own date."""
    if issued_on.month == 2 and issued_on.day == 29:
        return date(issued_on.year + 1, 2, 28)
    return issued_on.replace(year=issued_on.year + 1)
