"""The vocabulary of the course pipeline: slips, courses, enrolments, attendance and alerts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntitlementKind(models.TextChoices):
    ENTITLEMENT = "entitlement", _("Entitlement (§ 44 Abs. 1 AufenthG)")
    # Only the BAMF admits under § 44 Abs. 4 AufenthG: the agencies record its letter.
    ADMISSION = "admission", _("Admission letter of the BAMF (§ 44 Abs. 4 AufenthG)")
    COOPERATION_PLAN = "cooperation_plan", _("Admission by the jobcenter (§ 5a IntV, Kooperationsplan)")
    OBLIGATION = "obligation", _("Obligation (§ 44a AufenthG, § 5b AsylbLG)")


class EntitlementStatus(models.TextChoices):
    ISSUED = "issued", _("issued")
    USED = "used", _("used")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


class CourseKind(models.TextChoices):
    GENERAL = "general", _("Integration course (general)")
    YOUTH = "youth", _("Youth integration course")
    PARENTS = "parents", _("Parents' integration course")
    WOMEN = "women", _("Women's integration course")
    LITERACY = "literacy", _("Literacy course")
    SECOND_SCRIPT = "second_script", _("Course for second-script learners")
    REMEDIAL = "remedial", _("Remedial integration course")
    INTENSIVE = "intensive", _("Intensive course")
    BASIC = "basic", _("Basic language course (voluntary)")
    DEMAND = "demand", _("Demand-based course (voluntary)")


# The integration courses (§§ 10–13 IntV); their units are dated rules (courses.models.rules). Basic and
# demand-based courses are voluntary offers outside the ordinance.
INTEGRATION_COURSE_KINDS = frozenset(
    {CourseKind.GENERAL, CourseKind.YOUTH, CourseKind.PARENTS, CourseKind.WOMEN, CourseKind.LITERACY,
     CourseKind.SECOND_SCRIPT, CourseKind.REMEDIAL, CourseKind.INTENSIVE}
)  # fmt: skip
MAX_INTEGRATION_COURSE_SIZE = 25  # § 14 Abs. 1 IntV


class EnrolmentStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ATTENDING = "attending", _("attending")
    INTERRUPTED = "interrupted", _("interrupted")
    DROPPED = "dropped", _("dropped out")
    COMPLETED = "completed", _("completed")


# The states that hold a seat in the course.
SEAT_HOLDING = (EnrolmentStatus.REGISTERED, EnrolmentStatus.ATTENDING, EnrolmentStatus.INTERRUPTED)
# The states of a slip a registration may use (while it is valid).
USABLE_SLIP = (EntitlementStatus.ISSUED, EntitlementStatus.USED)


class DtzLevel(models.TextChoices):
    BELOW_A2 = "below_a2", _("below A2")
    A2 = "a2", "A2"
    B1 = "b1", "B1"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    UNEXCUSED = "unexcused", _("unexcused")


class AlertKind(models.TextChoices):
    NON_ATTENDANCE = "non_attendance", _("Attendance not regular (§ 8 Abs. 3 IntV)")
    NO_COURSE = "no_course", _("No course start within 8 weeks of the slip")
    NOT_STARTED = "not_started", _("Registered but not started within 6 weeks (§ 7 IntV)")
    SLIP_EXPIRING = "slip_expiring", _("Slip expires within 30 days unused")
    DROPPED_OUT = "dropped_out", _("Obliged participant dropped out (§ 8 Abs. 3 IntV)")
    NO_FINAL_TEST = "no_final_test", _("Course completed without a final test (§ 8 Abs. 3, § 14 Abs. 6 IntV)")
    REGISTERED = "registered", _("Obliged person registered for a course (§ 7 Abs. 2 IntV)")


class AlertActionKind(models.TextChoices):
    """What the addressed agency did in answer to an alert."""

    CONTACT_NOTED = "contact_noted", _("Contact made")
    ENROLLED = "enrolled", _("Registered for a course")
    OBLIGATION_REVIEWED = "obligation_reviewed", _("Obligation reviewed")
    OTHER = "other", _("Other action")
