"""Attendance of a course, for the staff of its provider only (everyone else gets 404): the week grid, one cell
saved by htmx, the CSV import and the CSV export.

The grid works without JavaScript as one form with a Save button; with htmx every select saves its cell when a value
is committed (static/js/attendance-commit.js).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import selectors as course_selectors
from courses.attendance_export import attendance_export_response
from courses.attendance_import import STATUS_WORDS, ImportProblem, check_attendance_file, parse_day
from courses.forms.attendance import CellForm, ImportForm, cell_name, posted_cells
from courses.models import Course, Enrolment
from courses.models.choices import SEAT_HOLDING, AttendanceStatus
from courses.services.attendance import (
    AttendanceRow,
    attendance_apply,
    attendance_problems,
    attendance_set,
    day_refusal,
)
from ewg.lookups import first_or_404

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


@dataclass
class GridCell:
    enrolment: Enrolment
    day: date
    stored: str  # the recorded status, "" if none
    value: str  # what the select shows: the stored status, or what was posted
    editable: bool
    error: str = ""
    saved: bool = False

    @property
    def name(self) -> str:
        return cell_name(self.enrolment.pk, self.day)

    @property
    def dom_id(self) -> str:
        return f"att-{self.enrolment.pk}-{self.day:%Y%m%d}"


@dataclass
class GridRow:
    enrolment: Enrolment
    cells: list[GridCell]


def _course(request: HttpRequest, course_pk: int) -> Course:
    return course_selectors.get_course_in_class(request.user, request.membership, course_pk)


def _week_start(param: str | None, course: Course, today: date) -> date:
    """Monday of the asked ISO week (2026-W47), else of the current week; clamped into the course period."""
    first = course.starts_on - timedelta(days=course.starts_on.weekday())
    last = course.ends_on - timedelta(days=course.ends_on.weekday())
    match = _WEEK.match(param or "")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        monday = None
    if monday is None:
        monday = today - timedelta(days=today.weekday())
    return min(max(monday, first), last)


def _week_param(monday: date) -> str:
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _course_days(course: Course, monday: date) -> list[date]:
    week = (monday + timedelta(days=offset) for offset in range(7))
    return [day for day in week if course.starts_on <= day <= course.ends_on and day.isoweekday() in course.weekdays]


def _grid(course: Course, monday: date, today: date, posted: dict | None = None) -> dict:
    """The week's table: seat holders registered by then, those who left during or after it, and anyone with
    records in it. Three queries however many participants."""
    sunday = monday + timedelta(days=6)
    days = _course_days(course, monday)
    in_week = course_selectors.attendance_between(course, monday, sunday)
    enrolments = course_selectors.participants(course).filter(
        Q(status__in=SEAT_HOLDING, registered_on__lte=sunday)
        | Q(ended_on__gte=monday, registered_on__lte=sunday)
        | Exists(in_week.filter(enrolment=OuterRef("pk")))
    )
    stored = {(e, d): s for e, d, s in in_week.values_list("enrolment_id", "day", "status")}
    posted = posted or {}
    rows = []
    for enrolment in enrolments:
        cells = []
        for day in days:
            status = stored.get((enrolment.pk, day), "")
            editable = day_refusal(course=course, enrolment=enrolment, day=day, today=today) is None
            value = posted.get(cell_name(enrolment.pk, day), status) if editable else status
            cells.append(GridCell(enrolment=enrolment, day=day, stored=status, value=value, editable=editable))
        rows.append(GridRow(enrolment=enrolment, cells=cells))
    first, last = course.starts_on - timedelta(days=6), course.ends_on
    return {
        "course": course,
        "days": days,
        "rows": rows,
        "week": _week_param(monday),
        "monday": monday,
        "sunday": sunday,
        "previous_week": _week_param(monday - timedelta(days=7)) if monday - timedelta(days=7) >= first else None,
        "next_week": _week_param(monday + timedelta(days=7)) if monday + timedelta(days=7) <= last else None,
        "statuses": AttendanceStatus.choices,
        "errors": [],
        "cell_errors": False,
    }


def _grid_url(course: Course, monday: date) -> str:
    return f"{reverse('courses:attendance_grid', args=[course.pk])}?week={_week_param(monday)}"


@require_http_methods(["GET", "POST"])
def attendance_grid(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _course(request, course_pk)
    today = timezone.localdate()
    monday = _week_start(request.GET.get("week"), course, today)
    if request.method == "GET":
        return render(request, "courses/attendance_grid.html", _grid(course, monday, today))
    # Without JavaScript: every cell of the week in one form, saved all or nothing.
    context = _grid(course, monday, today, posted=request.POST)
    rows = [AttendanceRow(*cell) for cell in posted_cells(request.POST)]
    enrolments = {row.enrolment.pk: row.enrolment for row in context["rows"]}
    problems = attendance_problems(course=course, enrolments=enrolments, rows=rows, today=today)
    if not problems:
        try:
            result = attendance_apply(
                actor=request.user, membership=request.membership, course=course, rows=rows, source="grid"
            )
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            messages.success(
                request,
                _("Attendance saved: %(created)s new, %(changed)s changed.")
                % {"created": result.created, "changed": result.changed},
            )
            return redirect(_grid_url(course, monday))
    cells = {(cell.enrolment.pk, cell.day): cell for row in context["rows"] for cell in row.cells}
    context["cell_errors"] = bool(problems)
    for index, reason in problems.items():
        cell = cells.get((rows[index].enrolment_id, rows[index].day))
        if cell is not None and cell.editable:
            cell.error = reason
        else:
            context["errors"].append(reason)
    return render(request, "courses/attendance_grid.html", context, status=400)


@require_POST
def attendance_cell(request: HttpRequest, course_pk: int) -> HttpResponse:
    """One cell, saved when its select's value is committed; answers with the cell (saved, or the refusal inline)."""
    course = _course(request, course_pk)
    form = CellForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    enrolment = first_or_404(course_selectors.participants(course).filter(pk=form.cleaned_data["enrolment"]))
    day, status = form.cleaned_data["day"], form.cleaned_data["status"]
    stored = course_selectors.attendance_status_on(enrolment, day)
    cell = GridCell(enrolment=enrolment, day=day, stored=stored or "", value=stored or "", editable=True)
    if status:
        try:
            record = attendance_set(
                actor=request.user, membership=request.membership, enrolment=enrolment, day=day, status=status
            )
        except ValidationError as error:
            cell.error = " ".join(error.messages)
        else:
            cell.stored = cell.value = record.status
            cell.saved = True
    elif stored:
        cell.error = _("A recorded day can be corrected, not emptied.")
    if not request.htmx:
        if cell.error:
            messages.error(request, cell.error)
        return redirect(_grid_url(course, day - timedelta(days=day.weekday())))
    context = {"cell": cell, "course": course, "statuses": AttendanceStatus.choices, "announce": True}
    return render(request, "courses/_attendance_cell.html", context)


@require_http_methods(["GET", "POST"])
def attendance_import(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _course(request, course_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        check = check_attendance_file(course=course, data=data, today=timezone.localdate())
        if check.ok:
            try:
                result = attendance_apply(
                    actor=request.user, membership=request.membership, course=course, rows=check.rows
                )
            except ValidationError as error:  # the data changed between the check and the write
                check.problems = [ImportProblem(None, "changed", message) for message in error.messages]
            else:
                messages.success(
                    request,
                    _("Attendance imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
                    % {"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
                )
                if not check.rows:
                    return redirect("courses:attendance_grid", course_pk=course.pk)
                last = max(row.day for row in check.rows)
                return redirect(_grid_url(course, last - timedelta(days=last.weekday())))
    status_words = [(AttendanceStatus(status).label, words) for status, words in STATUS_WORDS.items()]
    context = {"course": course, "form": form, "check": check, "status_words": status_words}
    return render(request, "courses/attendance_import.html", context)


@require_GET
def attendance_export(request: HttpRequest, course_pk: int) -> HttpResponse:
    """?from=16.11.2026&to=20.11.2026 (or ISO dates); by default the whole course up to today."""
    course = _course(request, course_pk)
    start, end = course.starts_on, min(course.ends_on, timezone.localdate())
    if request.GET.get("from"):
        start = parse_day(request.GET["from"])
    if request.GET.get("to"):
        end = parse_day(request.GET["to"])
    if start is None or end is None:
        return HttpResponseBadRequest(_("Give the dates as dd.mm.yyyy."))
    return attendance_export_response(course=course, start=max(start, course.starts_on), end=min(end, course.ends_on))
