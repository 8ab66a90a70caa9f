"""The course offer and the courses a provider runs.

- Caseworkers and coordinators see the offer (every course, with seats taken of its places) to choose a course for
  a person; they never see who takes part.
- Course staff see and manage the courses of their own provider, with the participants and their status.
- Everyone else gets 404, like for a missing course.

Access log: the participant table shows course staff the names, status and results of the persons in their own
course. That is the provider's register of its course, not a read of a case (nothing of a case shows), and one log
row per participant on every view of the table would bury the reads the log exists for. These pages therefore
record nothing; a read of a case (its page, the registration form) is recorded where it happens.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.permissions import COURSE_MANAGE, COURSE_READ, COURSE_REGISTER_SLIP, COURSE_TEACH, can, require_or_404
from courses import selectors as course_selectors
from courses.forms.courses import (
    WEEKDAY_ABBR,
    CompleteForm,
    CourseFilterForm,
    CourseForm,
    DropForm,
    InterruptForm,
    ResumeForm,
    StartForm,
    TeacherForm,
)
from courses.models import Course
from courses.services import courses as services
from courses.services import enrolments as enrol
from courses.services import teachers
from ewg.lookups import first_or_404
from ewg.pagination import KeysetPage, keyset_page
from ewg.refusals import add_refusal, submit

PAGE_SIZE = 50


def _with_weekday_names(courses: list[Course]) -> list[Course]:
    for course in courses:
        course.weekday_names = ", ".join(str(WEEKDAY_ABBR.get(day, day)) for day in course.weekdays)
    return courses


def _course_page(courses: QuerySet[Course], cursor: str | None) -> KeysetPage:
    """Soonest first: the offer is small, but a page stays bounded."""
    page = keyset_page(courses, cursor, by="starts_on", newest_first=False, size=PAGE_SIZE)
    page.rows = _with_weekday_names(page.rows)
    return page


def _require_offer_role(request: HttpRequest) -> None:
    require_or_404(request.membership, COURSE_READ)


def _is_staff(request: HttpRequest) -> bool:
    # Course staff see only the courses their provider runs (course_selectors.courses_visible_to).
    return can(request.membership, COURSE_MANAGE)


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    _require_offer_role(request)
    form = CourseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = course_selectors.with_seats_taken(course_selectors.courses_visible_to(request.user, request.membership))
    if not filters.get("past"):
        courses = courses.filter(ends_on__gte=timezone.localdate())
    if filters.get("kind"):
        courses = courses.filter(kind=filters["kind"])
    if filters.get("free"):
        courses = courses.filter(seats_taken__lt=F("capacity"))
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": _course_page(courses, request.GET.get("after")),
        "query": query.urlencode(),
        "can_create": _is_staff(request),
    }
    return render(request, "courses/course_list.html", context)


def _course_form_page(request: HttpRequest, form: CourseForm, course: Course | None) -> HttpResponse:
    status = 400 if form.errors else 200
    return render(request, "courses/course_form.html", {"form": form, "course": course}, status=status)


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, COURSE_MANAGE)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The course was created."))
            return redirect("courses:course_detail", course_pk=course.pk)
    return _course_form_page(request, form, None)


COURSE_FIELDS = tuple(CourseForm.base_fields)


@require_http_methods(["GET", "POST"])
def course_update(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_staff(request.user, request.membership, course_pk)
    initial = {name: getattr(course, name) for name in COURSE_FIELDS}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(
                actor=request.user, membership=request.membership, course=course, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("courses:course_detail", course_pk=course.pk)
    return _course_form_page(request, form, course)


@dataclass(frozen=True)
class StatusChange:
    label: str
    form: type
    service: object
    success: str


STATUS_CHANGES = {
    "start": StatusChange(
        gettext_lazy("Record start"), StartForm, enrol.enrolment_start, gettext_lazy("The start was recorded.")
    ),
    "interrupt": StatusChange(
        gettext_lazy("Interrupt"),
        InterruptForm,
        enrol.enrolment_interrupt,
        gettext_lazy("The interruption was recorded."),
    ),
    "resume": StatusChange(
        gettext_lazy("Resume"), ResumeForm, enrol.enrolment_resume, gettext_lazy("The resumption was recorded.")
    ),
    "drop": StatusChange(
        gettext_lazy("Record dropout"), DropForm, enrol.enrolment_drop, gettext_lazy("The dropout was recorded.")
    ),
    "complete": StatusChange(
        gettext_lazy("Record completion"),
        CompleteForm,
        enrol.enrolment_complete,
        gettext_lazy("The completion and the test results were recorded."),
    ),
}


def _with_status_forms(enrolments: list) -> list:
    """Each participant's possible changes, as forms with ids of their own (many forms share one page)."""
    for enrolment in enrolments:
        enrolment.changes = [
            (action, change.label, change.form(auto_id=f"id_{enrolment.pk}_{action}_%s"))
            for action, change in STATUS_CHANGES.items()
            if enrolment.status in enrol.CHANGES_FROM[action]
        ]
    return enrolments


def _detail_page(request: HttpRequest, course: Course, *, teacher_form=None, status=200) -> HttpResponse:
    manages = can(request.membership, COURSE_MANAGE, course)
    participants = None
    if manages or can(request.membership, COURSE_TEACH, course):
        participants = list(course_selectors.participants(course).select_related("agreement__informed_agency"))
        if manages:
            participants = _with_status_forms(participants)
    context = {
        "course": course,
        "participants": participants,
        "runs_course": manages,
        # An integration course still running: course staff register the person who brings a slip.
        "registers_from_slip": can(request.membership, COURSE_REGISTER_SLIP, course)
        and course.is_integration_course
        and course.ends_on >= timezone.localdate(),
        "teachers": list(course_selectors.teachers_of(course)) if manages else None,
        "teacher_form": teacher_form or _teacher_form(course) if manages else None,
    }
    return render(request, "courses/course_detail.html", context, status=status)


def _teacher_form(course: Course, data=None) -> TeacherForm:
    return TeacherForm(data, candidates=course_selectors.teacher_candidates(course), prefix="teacher")


@require_GET
def course_detail(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_user(request.user, request.membership, course_pk)
    _with_weekday_names([course])
    return _detail_page(request, course)


@require_POST
def teacher_assign(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_staff(request.user, request.membership, course_pk)
    form = _teacher_form(course, request.POST)
    if form.is_valid():
        try:
            teachers.course_teacher_assign(
                actor=request.user, membership=request.membership, course=course, teacher=form.cleaned_data["teacher"]
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The teacher was assigned to the course."))
            return redirect("courses:course_detail", course_pk=course.pk)
    course = course_selectors.get_course_for_user(request.user, request.membership, course_pk)
    _with_weekday_names([course])
    return _detail_page(request, course, teacher_form=form, status=400)


@require_POST
def teacher_withdraw(request: HttpRequest, course_pk: int, grant_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_staff(request.user, request.membership, course_pk)
    grant = first_or_404(course_selectors.teachers_of(course).filter(pk=grant_pk))
    teachers.course_teacher_withdraw(
        actor=request.user, membership=request.membership, course=course, grant_pk=grant.pk
    )
    messages.success(request, _("The teacher no longer teaches the course."))
    return redirect("courses:course_detail", course_pk=course.pk)


@require_POST
def enrolment_status(request: HttpRequest, course_pk: int, enrolment_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_staff(request.user, request.membership, course_pk)
    enrolment = first_or_404(course_selectors.participants(course).filter(pk=enrolment_pk))
    change = STATUS_CHANGES.get(request.POST.get("action", ""))
    if change is None:
        return HttpResponseBadRequest()
    submit(
        request, change.form(request.POST), change.service, str(change.success),
        membership=request.membership, enrolment=enrolment,
    )  # fmt: skip
    return redirect("courses:course_detail", course_pk=course.pk)
