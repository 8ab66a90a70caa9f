"""Attendance: the largest table (one row per participant and course day) and its corrections."""

# The tables keep the names the cases app gave them, so an installation migrates in place (no data is copied).

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models.choices import AttendanceStatus
from courses.models.courses import Enrolment


class AttendanceRecord(models.Model):
    """One course day of one participant. The largest table: no history table; corrections are kept in
    AttendanceCorrection, and the row itself says who recorded it last and when (the scans read `recorded_at`)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        db_table = "cases_attendancerecord"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_one_per_day")]
        indexes = [
            # The non-attendance scan: unexcused days entered or changed since the last run ...
            models.Index(fields=["recorded_at"], condition=Q(status="unexcused"), name="attendance_new_unexcused"),
            # ... and counted per enrolment in the rolling window.
            models.Index(fields=["enrolment", "day"], condition=Q(status="unexcused"), name="attendance_unexcused"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day}: {self.status}"


class AttendanceCorrection(models.Model):
    """A change to an already recorded day: who changed which day from what to what, and when."""

    record = models.ForeignKey(AttendanceRecord, on_delete=models.CASCADE, related_name="corrections")
    old_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    new_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, default="grid")  # grid | import

    class Meta:
        db_table = "cases_attendancecorrection"
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        indexes = [models.Index(fields=["record", "-changed_at"], name="attendance_correction_record")]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.old_status} → {self.new_status}"
