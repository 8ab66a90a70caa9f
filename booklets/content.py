"""The content of a printed edition, frozen as plain data (see the schema in `rendering`): only the sections that
were chosen and that the person's consent allows, each kept short so the booklet stays a booklet."""

from datetime import date

from django.db.models import Q

from agencies.models import Agency, User
from booklets.models import BookletSection, CompanionBooklet
from cases.models import CaseShare, PersonalGoal, PlanStep
from courses.models import Enrolment, Entitlement
from courses.models.choices import EnrolmentStatus, EntitlementKind, EntitlementStatus

SCHEMA = 1
MAX_STEPS_REACHED = 20
MAX_NEXT_STEPS = 5
MAX_COURSES = 8
MAX_APPOINTMENTS = 10
MAX_SLIPS = 3


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _contact(agency: Agency) -> dict:
    return {
        "agency": agency.name,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.contact_email,
        "hours": agency.office_hours,
    }


def _contacts(booklet: CompanionBooklet, today: date) -> list[dict]:
    """The issuing agency, the agencies the case is shared with, and the providers of current courses."""
    agencies = [booklet.issuing_agency]
    shared = (
        CaseShare.objects.filter(case=booklet.case, revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("agency")
        .order_by("agency__name")
    )
    agencies += [share.agency for share in shared]
    providers = (
        Enrolment.objects.filter(
            person=booklet.person,
            status__in=[EnrolmentStatus.REGISTERED, EnrolmentStatus.ATTENDING, EnrolmentStatus.INTERRUPTED],
        )
        .select_related("course__provider")
        .order_by("course__provider__name")
    )
    agencies += [enrolment.course.provider for enrolment in providers]
    seen, contacts = set(), []
    for agency in agencies:
        if agency.pk not in seen and agency.is_active:
            seen.add(agency.pk)
            contacts.append(_contact(agency))
    return contacts


def _goals(booklet: CompanionBooklet) -> list[dict]:
    goals = PersonalGoal.objects.filter(plan__case=booklet.case).prefetch_related("steps").order_by("pk")
    return [
        {
            "title": goal.title,
            "target_date": _iso(goal.target_date),
            "reached_on": _iso(goal.achieved_on),
            "next_steps": [
                {"title": step.title, "due_on": _iso(step.due_on), "who": step.responsible}
                for step in goal.steps.all()
                if step.done_on is None
            ][:MAX_NEXT_STEPS],
        }
        for goal in goals
    ]


def _course_name(enrolment: Enrolment) -> str:
    return f"{enrolment.course.title} – {enrolment.course.provider.name}"


def _steps_reached(booklet: CompanionBooklet, today: date) -> list[dict]:
    """Dated steps from the support plan and the enrolments, oldest first; the latest MAX_STEPS_REACHED of them."""
    steps = []
    for step in PlanStep.objects.filter(goal__plan__case=booklet.case, done_on__lte=today):
        steps.append({"on": step.done_on, "key": "step_done", "params": {"title": step.title}})
    for goal in PersonalGoal.objects.filter(plan__case=booklet.case, achieved_on__lte=today):
        steps.append({"on": goal.achieved_on, "key": "goal_reached", "params": {"title": goal.title}})
    for slip in Entitlement.objects.filter(person=booklet.person, issued_on__lte=today).exclude(
        status=EntitlementStatus.WITHDRAWN
    ):
        steps.append({"on": slip.issued_on, "key": "slip_issued", "params": {}})
    for enrolment in Enrolment.objects.filter(person=booklet.person).select_related("course__provider"):
        course = {"course": _course_name(enrolment)}
        steps.append({"on": enrolment.registered_on, "key": "course_registered", "params": course})
        if enrolment.started_on:
            steps.append({"on": enrolment.started_on, "key": "course_started", "params": course})
        if enrolment.status == EnrolmentStatus.COMPLETED and enrolment.ended_on:
            steps.append({"on": enrolment.ended_on, "key": "course_completed", "params": course})
            if enrolment.dtz_level:
                steps.append({"on": enrolment.ended_on, "key": "dtz_result", "params": {"level": enrolment.dtz_level}})
            if enrolment.lid_passed:
                steps.append({"on": enrolment.ended_on, "key": "lid_passed", "params": {}})
    order = {"slip_issued": 0, "course_registered": 1, "course_started": 2, "course_completed": 3}
    steps = [step for step in steps if step["on"] <= today]
    steps.sort(key=lambda step: (step["on"], order.get(step["key"], 4), str(step["params"])))
    return [{**step, "on": _iso(step["on"])} for step in steps[-MAX_STEPS_REACHED:]]


def _courses(booklet: CompanionBooklet) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(person=booklet.person)
        .select_related("course__provider")
        .order_by("-registered_on", "-pk")[:MAX_COURSES]
    )
    return [
        {
            "kind": enrolment.course.kind,
            "title": enrolment.course.title,
            "provider": enrolment.course.provider.name,
            "starts_on": _iso(enrolment.started_on or enrolment.course.starts_on),
            "ends_on": _iso(enrolment.ended_on or enrolment.course.ends_on),
            "status": enrolment.status,
            "certificate": (
                {"level": enrolment.dtz_level, "lid_passed": bool(enrolment.lid_passed)}
                if enrolment.dtz_level or enrolment.lid_passed
                else None
            ),
        }
        for enrolment in enrolments
    ]


def _appointments(booklet: CompanionBooklet, today: date) -> list[dict]:
    steps = PlanStep.objects.filter(goal__plan__case=booklet.case, done_on__isnull=True, due_on__gte=today)
    return [
        {"on": _iso(step.due_on), "title": step.title, "who": step.responsible}
        for step in steps.order_by("due_on", "pk")[:MAX_APPOINTMENTS]
    ]


BAMF = "Bundesamt für Migration und Flüchtlinge (BAMF)"


def _slips(booklet: CompanionBooklet) -> list[dict]:
    slips = (
        Entitlement.objects.filter(person=booklet.person, status__in=[EntitlementStatus.ISSUED, EntitlementStatus.USED])
        .select_related("issuing_agency")
        .order_by("-issued_on", "-pk")[:MAX_SLIPS]
    )
    return [
        {
            "kind": slip.kind,
            "course_kind": slip.course_kind,
            "issued_on": _iso(slip.issued_on),
            "valid_until": _iso(slip.valid_until),
            # A BAMF admission letter was issued by the federal office; the agency only recorded it.
            "issuer": BAMF if slip.kind == EntitlementKind.ADMISSION else slip.issuing_agency.name,
            "teaching_units": slip.teaching_units,
            "obliged": slip.is_obligation,
        }
        for slip in slips
    ]


def freeze(booklet: CompanionBooklet, *, sections: list[str], edition: int, actor: User, today: date) -> dict:
    """The data of one edition. `sections` must already be the allowed ones (see `sections.allowed_sections`)."""
    person = booklet.person
    chosen = [section for section in BookletSection.values if section in set(sections)]
    content = {
        "schema": SCHEMA,
        "language": booklet.language,
        "edition": edition,
        "issued_on": today.isoformat(),
        "person": {"name": f"{person.given_names} {person.family_name}", "date_of_birth": _iso(person.birth_date)},
        "issuer": {"agency": booklet.issuing_agency.name, "staff": actor.get_full_name() or actor.username},
        "sections": chosen,
    }
    builders = {
        BookletSection.CONTACTS: lambda: _contacts(booklet, today),
        BookletSection.GOALS: lambda: _goals(booklet),
        BookletSection.STEPS: lambda: _steps_reached(booklet, today),
        BookletSection.COURSES: lambda: _courses(booklet),
        BookletSection.APPOINTMENTS: lambda: _appointments(booklet, today),
        BookletSection.ENTITLEMENT: lambda: _slips(booklet),
    }
    for section in chosen:
        content[section] = builders[section]()
    return content
