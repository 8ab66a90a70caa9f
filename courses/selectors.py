"""Reads of the course pipeline that depend on who asks.

- Course staff see the courses of their own provider (and its teams), with the participants' names and attendance,
  and nothing else of a case. A teacher sees only the courses the course staff assigned to them (a django-guardian
  object permission), with their participants and attendance.
- Caseworkers and coordinators see the course offer (no participants) to choose a course for a person; the
  entitlement slips and enrolments of a person appear to them on the case page when the case shows courses.
- An alert is seen by the caseworkers of the agency it is addressed to. For a non-attendance alert that is the
  statutory flow of § 8 Abs. 3 IntV: the obliging agency sees the alert and the enrolment's attendance summary even
  without a case share, and nothing else of the case.
Not visible answers 404, like missing.
"""

from datetime import date

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from agencies.models import Agency, Membership, User
from agencies.permissions import (
    ACCESS_LOG_READ,
    ALERT_HANDLE,
    COURSE_MANAGE,
    COURSE_READ,
    COURSE_REGISTER_SLIP,
    COURSE_TEACH,
    ISSUING_RULES_MANAGE,
    can,
    roles_for,
    subtree_ids,
)
from agencies.selectors import agency_subtree_ids
from cases.models import Case as PersonCase
from cases.models.choices import CaseStatus
from cases.models.persons import unrestricted
from cases.selectors import CaseAccess, cases_visible_to
from courses.models import (
    Alert,
    AlertAction,
    AttendanceRecord,
    Course,
    CourseTypeRule,
    CourseUserObjectPermission,
    Enrolment,
    Entitlement,
    IssuingRule,
)
from courses.models.choices import SEAT_HOLDING, USABLE_SLIP, AttendanceStatus
from courses.models.grants import TEACH_COURSE
from ewg.lookups import first_or_404


def taught_course_ids(user: User) -> QuerySet:
    """The ids of the courses the user teaches, from django-guardian's direct-FK grant table, as a subquery."""
    grants = CourseUserObjectPermission.objects.filter(user=user, permission__codename=TEACH_COURSE)
    return grants.values("content_object_id")


def courses_visible_to(user: User, membership: Membership | None) -> QuerySet[Course]:
    """The course offer: own courses for course staff, assigned ones for teachers, all for caseworkers and
    coordinators."""
    if not can(membership, COURSE_READ, user=user):
        return Course.objects.none()
    courses = Course.objects.select_related("provider")
    if can(membership, COURSE_MANAGE):
        return courses.filter(provider_id__in=subtree_ids(membership))
    if can(membership, COURSE_TEACH):
        return courses.filter(pk__in=taught_course_ids(user))
    return courses


def with_seats_taken(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.annotate(seats_taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING)))


def courses_run_by(user: User, membership: Membership | None) -> QuerySet[Course]:
    """Courses whose participants and attendance the membership manages: course staff of the provider only."""
    if not can(membership, COURSE_MANAGE, user=user):
        return Course.objects.none()
    return Course.objects.select_related("provider").filter(provider_id__in=subtree_ids(membership))


def get_course_for_staff(user: User, membership: Membership | None, pk: int) -> Course:
    return first_or_404(courses_run_by(user, membership).filter(pk=pk))


def courses_in_class(user: User, membership: Membership | None) -> QuerySet[Course]:
    """Courses whose participants and attendance the membership sees: the provider's, or the teacher's own."""
    if can(membership, COURSE_TEACH, user=user):
        return Course.objects.select_related("provider").filter(pk__in=taught_course_ids(user))
    return courses_run_by(user, membership)


def get_course_for_slip_registration(user: User, membership: Membership | None, pk: int) -> Course:
    """A course of the membership's provider (or its teams), for course staff who register from a slip."""
    if not can(membership, COURSE_REGISTER_SLIP, user=user):
        return first_or_404(Course.objects.none())
    own = Course.objects.select_related("provider").filter(provider_id__in=subtree_ids(membership))
    return first_or_404(own.filter(pk=pk))


def get_course_in_class(user: User, membership: Membership | None, pk: int) -> Course:
    return first_or_404(courses_in_class(user, membership).filter(pk=pk))


def teachers_of(course: Course) -> QuerySet[CourseUserObjectPermission]:
    return CourseUserObjectPermission.objects.filter(content_object=course).select_related("user").order_by("pk")


def teacher_candidates(course: Course) -> QuerySet[Membership]:
    """The provider's teachers (of the provider and its teams) whom the course staff may assign."""
    providers = agency_subtree_ids(course.provider)
    return (
        Membership.objects.filter(
            role__in=roles_for(COURSE_TEACH), is_active=True, user__is_active=True, agency_id__in=providers
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def get_course_for_user(user: User, membership: Membership | None, pk: int) -> Course:
    return first_or_404(with_seats_taken(courses_visible_to(user, membership)).filter(pk=pk))


def participants(course: Course) -> QuerySet[Enrolment]:
    """A course's enrolments with the participants' names: what course staff may see of a person."""
    return (
        Enrolment.objects.filter(unrestricted(), course=course)
        .select_related("person", "entitlement", "agreement")
        .order_by("person__family_name", "person__given_names", "pk")
    )


def entitlements_for_case(access: CaseAccess) -> QuerySet[Entitlement]:
    return (
        Entitlement.objects.filter(person_id=access.case.person_id)
        .select_related("issuing_agency", "obliging_agency")
        .order_by("-issued_on", "-pk")
    )


def usable_slips_for_case(access: CaseAccess, today: date) -> QuerySet[Entitlement]:
    """The slips a registration may use: issued or used, still valid, and not holding a seat elsewhere (the service
    refuses the rest too)."""
    return (
        entitlements_for_case(access)
        .filter(status__in=USABLE_SLIP, valid_until__gte=today)
        .exclude(enrolments__status__in=SEAT_HOLDING)
    )


def enrolments_for_case(access: CaseAccess) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(person_id=access.case.person_id)
        .select_related("course__provider", "entitlement")
        .order_by("-registered_on", "-pk")
    )


def issuing_agency_for(benefit_system: str) -> Agency | None:
    rule = IssuingRule.objects.select_related("agency").filter(benefit_system=benefit_system).first()
    return rule.agency if rule else None


def slip_exceptions_visible_to(user: User, membership: Membership | None) -> QuerySet[Entitlement]:
    """The data protection officer's list of slips issued as justified exceptions: those issued by their agency and
    its teams, or for a person whose case one of them leads; newest first."""
    if not can(membership, ACCESS_LOG_READ, user=user):
        return Entitlement.objects.none()
    agencies = subtree_ids(membership)
    return (
        Entitlement.objects.exclude(exception_reason="")
        .filter(Q(issuing_agency_id__in=agencies) | Q(person__cases__lead_agency_id__in=agencies))
        .distinct()
        .select_related("person", "issuing_agency", "issued_by")
        .order_by("-id")
    )


def issuing_rules_editable_by(user: User, membership: Membership | None) -> QuerySet[IssuingRule]:
    if not can(membership, ISSUING_RULES_MANAGE, user=user):
        return IssuingRule.objects.none()
    return IssuingRule.objects.select_related("agency")


def alerts_visible_to(user: User, membership: Membership | None) -> QuerySet[Alert]:
    if not can(membership, ALERT_HANDLE, user=user):
        return Alert.objects.none()
    # An alert about a restricted person (Art. 18 DSGVO) is missing like the person.
    return (
        Alert.objects.filter(agency_id=membership.agency_id)
        .exclude(enrolment__person__restricted_at__isnull=False)
        .exclude(entitlement__person__restricted_at__isnull=False)
    )


def alerts_in_state(alerts: QuerySet[Alert], state: str) -> QuerySet[Alert]:
    if state == "open":
        return alerts.filter(resolved_at__isnull=True)
    if state == "new":
        return alerts.filter(acknowledged_at__isnull=True)
    if state == "resolved":
        return alerts.filter(resolved_at__isnull=False)
    return alerts


def with_subject(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """What the inbox shows of each alert: the person's name and the course or slip (one query for a page)."""
    return alerts.select_related(
        "enrolment__person", "enrolment__course", "entitlement__person", "acknowledged_by", "resolved_by"
    )


def get_alert_for_user(user: User, membership: Membership | None, pk: int) -> Alert:
    return first_or_404(
        alerts_visible_to(user, membership)
        .select_related(
            "agency",
            "acknowledged_by",
            "resolved_by",
            "enrolment__course__provider",
            "enrolment__person",
            "enrolment__entitlement",
            "enrolment__agreement",
            "entitlement__person",
            "entitlement__issuing_agency",
        )
        .filter(pk=pk)
    )


def actions_on(alert: Alert) -> QuerySet[AlertAction]:
    """The steps recorded in answer to an alert, in the order they were taken, with who took them."""
    return AlertAction.objects.filter(alert=alert).select_related("actor").order_by("acted_on", "created_at", "pk")


def case_of_person_for(
    user: User, membership: Membership | None, person_id: int, *, showing: tuple[str, ...] = ()
) -> PersonCase | None:
    """The person's case the membership sees (through cases.selectors.cases_visible_to, with `showing` as there),
    one led by its own agency first, then open before closed, the newest first; None if it sees none. One query."""

    def first_if(condition: Q) -> Case:
        return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())

    agency_id = membership.agency_id if membership is not None else None
    return (
        cases_visible_to(user, membership, showing=showing)
        .filter(person_id=person_id)
        .annotate(led_here=first_if(Q(lead_agency_id=agency_id)), is_open=first_if(Q(status=CaseStatus.OPEN)))
        .order_by("led_here", "is_open", "-opened_on", "-pk")
        .first()
    )


def open_alerts(user: User, membership: Membership | None) -> QuerySet[Alert]:
    """The alerts not yet resolved: the navigation counts them."""
    return alerts_visible_to(user, membership).filter(resolved_at__isnull=True)


def attendance_summary(enrolment: Enrolment) -> dict[str, int]:
    """Days present, excused and unexcused: what the statutory flow carries about attendance."""
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for status, number in enrolment.attendance.values_list("status").annotate(number=Count("id")).order_by():
        counts[status] = number
    return counts


def unexcused_days(enrolment: Enrolment, start, end) -> list:
    return list(
        enrolment.attendance.filter(status=AttendanceStatus.UNEXCUSED, day__range=(start, end))
        .order_by("day")
        .values_list("day", flat=True)
    )


def attendance_between(course: Course, first: date, last: date) -> QuerySet[AttendanceRecord]:
    """The attendance records of a course's participants on the days from first to last."""
    return AttendanceRecord.objects.filter(enrolment__course=course, day__range=(first, last))


def attendance_status_on(enrolment: Enrolment, day: date) -> str | None:
    """The status recorded for the enrolment on the day, if any (one query)."""
    return AttendanceRecord.objects.filter(enrolment=enrolment, day=day).values_list("status", flat=True).first()


def course_type_rules() -> list[CourseTypeRule]:
    """Every version of the course law kept, newest first: read-only for the coordinators (changed by migration)."""
    return list(CourseTypeRule.objects.order_by("-valid_from", "kind"))
