"""Demo data of the course pipeline in Rheine: Rheine's issuing rule, courses at the VHS and a second provider,
slips issued by the three issuing agencies, enrolments in every state, attendance of the past weeks, and two obliged
participants whose absences breach their agreement, so that `run_scans` after `seed_demo` raises a non-attendance
alert for the jobcenter and one for the asylum-benefits team (and one "no course within 8 weeks" and one "slip
expiring" alert). One obliged person registered at the VHS with her slip in hand: the jobcenter that obliged her has
the "registered (§ 7 Abs. 2 IntV)" alert at once, and has recorded its first step on it.

Everything goes through the services, acting as the demo accounts. Dates count from the day of seeding: the course
pipeline is about the current weeks. Idempotent: if the first demo course exists, the seeder does nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from agencies.models import Membership, User
from cases.models import Person
from cases.models.choices import ResidenceKind, ResidenceTitle
from cases.services.persons import residence_status_record
from courses.models import Course, Entitlement
from courses.models.choices import AlertActionKind, AlertKind, AttendanceStatus, CourseKind, DtzLevel, EntitlementKind
from courses.services.alerts import alert_action_record
from courses.services.attendance import attendance_set
from courses.services.courses import course_create
from courses.services.enrolments import (
    enrolment_complete,
    enrolment_drop,
    enrolment_interrupt,
    enrolment_register,
    enrolment_start,
)
from courses.services.entitlements import RHEINE_ISSUING_RULE, benefit_system_on, entitlement_issue, issuing_rules_seed
from courses.services.slip_registration import enrolment_register_from_slip
from courses.services.teachers import course_teacher_assign

ISSUERS = {"team-asyl": "asyl", "jobcenter": "jobcenter", "abh": "abh"}  # agency -> its demo caseworker
WEEKDAYS = [1, 2, 3, 4, 5]


@dataclass(frozen=True)
class DemoCourse:
    key: str
    staff: str  # demo account of the provider
    title: str
    kind: str
    starts: int  # days from today (the Monday of that week)
    ends: int
    weekdays: tuple[int, ...]
    place: str
    capacity: int
    number: str = ""
    target_group: str = ""


COURSES = [
    DemoCourse("vhs-ik", "vhs", "Integrationskurs 2026/III (allgemein)", CourseKind.GENERAL, -35, 200, (1, 2, 3, 4, 5),
               "VHS-Haus, Mühlenstraße 29, Raum 3", 25, "226/26-VHS-03"),
    DemoCourse("vhs-old", "vhs", "Integrationskurs 2025/IV (allgemein)", CourseKind.GENERAL, -420, -40,
               (1, 2, 3, 4, 5), "VHS-Haus, Mühlenstraße 29, Raum 5", 25, "226/25-VHS-04"),
    DemoCourse("vhs-youth", "vhs", "Integrationskurs mit Alphabetisierung 2027/I", CourseKind.LITERACY, 21, 330,
               (1, 2, 3, 4, 5), "VHS-Haus, Mühlenstraße 29, Raum 2", 18, "226/27-VHS-01",
               "Teilnehmende, die nicht ausreichend lesen und schreiben können"),
    DemoCourse("vhs-basic", "vhs", "Basiskurs Deutsch (Sprachoffensive)", CourseKind.BASIC, -28, 60, (1, 3),
               "Familienzentrum Dorenkamp", 30, "", "alle Zugewanderten ohne Kursanspruch"),
    DemoCourse("si-ik", "sprachinstitut", "Integrationskurs 2026/II (allgemein)", CourseKind.GENERAL, -49, 180,
               (1, 2, 3, 4, 5), "Emsstraße 12, Rheine", 20, "226/26-SI-02"),
    DemoCourse("si-women", "sprachinstitut", "Integrationskurs mit Kinderbetreuung", CourseKind.GENERAL, -42, 300,
               (1, 2, 3, 4), "Emsstraße 12, Rheine", 18, "226/26-SI-05", "Frauen und Mütter"),
    DemoCourse("si-trainees", "sprachinstitut", "Deutsch für Auszubildende (abends)", CourseKind.DEMAND, -21, 90,
               (2, 4), "Berufskolleg Rheine, Raum B12", 15, "", "Auszubildende, Kurs am Abend"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoParticipant:
    family_name: str
    slip: str | None  # EntitlementKind, or None for a voluntary offer
    course: str | None
    state: str  # attending, registered, completed, dropped, interrupted, breach, unused
    issued: int = -60  # days from today
    registered: int | None = None  # days from today; default: a week after the slip
    at_provider: bool = False  # registered by the provider's course staff from the slip in hand


PARTICIPANTS = [
    DemoParticipant("Tekle", EntitlementKind.OBLIGATION, "vhs-ik", "breach", -70),  # alert to the jobcenter
    DemoParticipant("Al-Sheikh", EntitlementKind.OBLIGATION, "si-ik", "breach", -80),  # alert to team-asyl
    DemoParticipant("Kidane", EntitlementKind.OBLIGATION, "vhs-ik", "attending", -65),
    DemoParticipant("Haddad", EntitlementKind.COOPERATION_PLAN, "vhs-ik", "attending", -56),  # § 5a IntV
    DemoParticipant("Wardak", EntitlementKind.ADMISSION, "si-ik", "attending", -75),  # the BAMF's letter
    DemoParticipant("Yıldız", EntitlementKind.OBLIGATION, "vhs-ik", "dropped", -60),
    DemoParticipant("Hosseini", EntitlementKind.ADMISSION, "si-women", "interrupted", -40),
    DemoParticipant("Kravets", EntitlementKind.OBLIGATION, "vhs-youth", "registered", -30, -20, at_provider=True),
    DemoParticipant("Demir", EntitlementKind.ADMISSION, "vhs-old", "completed", -440, -430),
    # Recognised three months ago (RECOGNISED_DAYS_AGO): entitled under § 44 Abs. 1; 8 weeks passed yesterday.
    DemoParticipant("Weldu", EntitlementKind.ENTITLEMENT, None, "unused", -57),
    # Her first permit was for training, so no entitlement: a justified exception (EXCEPTIONS); expires in 29 days.
    DemoParticipant("Arslan", EntitlementKind.ENTITLEMENT, None, "unused", -336),
    DemoParticipant("Popescu", None, "vhs-basic", "attending", 0, -30),
    DemoParticipant("Nowak", None, "si-trainees", "attending", 0, -25),
]

# Unexcused absences (days before today, counted in course days) that breach "at most 3 in 28 days".
BREACH_DAYS = {"Tekle": (2, 3, 5, 8), "Al-Sheikh": (1, 2, 4, 6, 7)}
ORDINARY_ABSENCES = {"unexcused": (11,), "excused": (4, 9)}


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _acting(username: str) -> tuple[User, Membership]:
    membership = Membership.objects.select_related("agency", "user").get(user__username=username, is_active=True)
    return membership.user, membership


def _course_days(course: Course, start: date, end: date) -> list[date]:
    days, day = [], max(start, course.starts_on)
    while day <= min(end, course.ends_on):
        if day.isoweekday() in course.weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


RECOGNISED_DAYS_AGO = {"Weldu": 90}
EXCEPTIONS = {
    "Arslan": "Die erste Aufenthaltserlaubnis diente der Ausbildung (§ 16a AufenthG); das BAMF hat die Teilnahme "
    "nach Rückfrage bestätigt, die E-Mail liegt in der Akte."
}


def _recognise(person: Person, today: date) -> None:
    """The person was recognised as a refugee: the residence permit that entitles to a course (§ 44 Abs. 1)."""
    actor, membership = _acting("asyl")
    residence_status_record(
        actor=actor, membership=membership, person=person, kind=ResidenceKind.RESIDENCE_PERMIT,
        title=ResidenceTitle.REFUGEE, valid_from=today - timedelta(days=RECOGNISED_DAYS_AGO[person.family_name]),
        valid_until=today + timedelta(days=3 * 365), residence_rule_place="Rheine",
    )  # fmt: skip


def _issue(person: Person, kind: str, issued_on: date) -> Entitlement:
    system = benefit_system_on(person, issued_on)
    actor, membership = _acting(ISSUERS[RHEINE_ISSUING_RULE[system]])
    details = {}
    if kind == EntitlementKind.ADMISSION:
        details["admission_reference"] = f"BAMF 5{person.pk:06d}-{issued_on:%y}"
    elif kind == EntitlementKind.COOPERATION_PLAN:
        plan_on = issued_on - timedelta(days=14)
        details.update(cooperation_plan_on=plan_on, cooperation_plan_review_on=plan_on + timedelta(days=180))
    elif person.family_name in EXCEPTIONS:
        details["exception_reason"] = EXCEPTIONS[person.family_name]
    return entitlement_issue(
        actor=actor, membership=membership, person=person, kind=kind, course_kind=CourseKind.GENERAL, legal_basis="",
        issued_on=issued_on, fee_exemption_requested=system in ("asylblg", "sgb2"), **details,
    )  # fmt: skip


def _attend(staff: tuple[User, Membership], enrolment, days: list[date], absences: dict[int, str]) -> None:
    actor, membership = staff
    for back, day in enumerate(reversed(days), start=1):
        status = absences.get(back, AttendanceStatus.PRESENT)
        attendance_set(actor=actor, membership=membership, enrolment=enrolment, day=day, status=status)


# The jobcenter's first step on the registration alert of the person registered at the VHS (no names in notes).
REGISTRATION_ANSWER = "Telefonisch erreicht; Kursbeginn und Kinderbetreuung besprochen."


def _register_at_provider(person: Person, slip, course: Course, registered_on: date):
    """The person brings the slip to the provider; the obliging authority answers the alert it gets at once."""
    actor, membership = _acting("vhs" if course.provider.short_name == "vhs" else "sprachinstitut")
    enrolment = enrolment_register_from_slip(
        actor=actor, membership=membership, course=course, slip_number=slip.pk, birth_date=person.birth_date,
        registered_on=registered_on,
    )  # fmt: skip
    alert = enrolment.alerts.get(kind=AlertKind.REGISTERED)
    caseworker, caseworker_membership = _acting(ISSUERS[alert.agency.short_name])
    alert_action_record(
        actor=caseworker, membership=caseworker_membership, alert=alert, kind=AlertActionKind.CONTACT_NOTED,
        acted_on=registered_on + timedelta(days=2), note=REGISTRATION_ANSWER,
    )  # fmt: skip
    return enrolment


def _enrol(spec: DemoParticipant, person: Person, slip, course: Course, today: date) -> None:
    registered_on = today + timedelta(days=spec.registered if spec.registered is not None else spec.issued + 7)
    if spec.at_provider:
        enrolment = _register_at_provider(person, slip, course, registered_on)
    else:
        caseworker = _acting(ISSUERS[slip.issuing_agency.short_name]) if slip else _acting("beratung")
        enrolment = enrolment_register(
            actor=caseworker[0], membership=caseworker[1], person=person, course=course, entitlement=slip,
            registered_on=registered_on,
        )  # fmt: skip
    if spec.state == "registered":
        return
    staff = _acting("vhs" if course.provider.short_name == "vhs" else "sprachinstitut")
    actor, membership = staff
    started_on = max(course.starts_on, enrolment.registered_on)
    enrolment_start(actor=actor, membership=membership, enrolment=enrolment, started_on=started_on)
    if spec.state == "completed":
        enrolment_complete(
            actor=actor, membership=membership, enrolment=enrolment, on=course.ends_on, dtz_level=DtzLevel.B1,
            lid_passed=True,
        )  # fmt: skip
        return
    days = _course_days(course, started_on, today - timedelta(days=1))
    if spec.state == "breach":
        absences = dict.fromkeys(BREACH_DAYS[spec.family_name], AttendanceStatus.UNEXCUSED)
    else:
        absences = {back: status for status, backs in ORDINARY_ABSENCES.items() for back in backs}
    if spec.state in ("dropped", "interrupted"):
        days = days[:-10]  # stopped two weeks ago
    _attend(staff, enrolment, days, absences)
    if spec.state == "dropped":
        enrolment_drop(actor=actor, membership=membership, enrolment=enrolment, on=days[-1] + timedelta(days=1),
                       reason="Umzug nach Münster; Anmeldung dort empfohlen")  # fmt: skip
    elif spec.state == "interrupted":
        enrolment_interrupt(actor=actor, membership=membership, enrolment=enrolment, on=days[-1] + timedelta(days=1),
                            reason="Mutterschutz")  # fmt: skip


@transaction.atomic
def seed_courses() -> None:
    if Course.objects.filter(title=COURSES[0].title).exists():
        return
    today = timezone.localdate()
    coordinator, _ = _acting("koordination")
    issuing_rules_seed(actor=coordinator)
    courses = {}
    for spec in COURSES:
        actor, membership = _acting(spec.staff)
        starts_on = _monday(today + timedelta(days=spec.starts))
        courses[spec.key] = course_create(
            actor=actor, membership=membership, title=spec.title, kind=spec.kind, starts_on=starts_on,
            ends_on=today + timedelta(days=spec.ends), weekdays=list(spec.weekdays), place=spec.place,
            capacity=spec.capacity, federal_number=spec.number, target_group=spec.target_group,
        )  # fmt: skip
    # The VHS teacher teaches the running general course; the course staff assigned him.
    vhs, vhs_membership = _acting("vhs")
    teacher, _teacher_membership = _acting("vhs-lehrkraft")
    course_teacher_assign(actor=vhs, membership=vhs_membership, course=courses["vhs-ik"], teacher=teacher)
    persons = {person.family_name: person for person in Person.objects.filter(
        family_name__in=[spec.family_name for spec in PARTICIPANTS]
    )}  # fmt: skip
    for spec in PARTICIPANTS:
        person = persons[spec.family_name]
        if spec.family_name in RECOGNISED_DAYS_AGO:
            _recognise(person, today)
        slip = _issue(person, spec.slip, today + timedelta(days=spec.issued)) if spec.slip else None
        if spec.course:
            _enrol(spec, person, slip, courses[spec.course], today)
