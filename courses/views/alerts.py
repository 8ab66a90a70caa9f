"""The alert inbox of the addressed agency: read, acknowledge, resolve with a note.

For a non-attendance alert this is the statutory flow of § 8 Abs. 3 IntV: the obliging agency sees the alert, the
enrolment and its attendance summary, also without a share of the case, and nothing else of it. Opening an alert
reads a person's data, so it writes one access-log row.

The detail leads to the next step: the person's case, where the user sees one (through the cases app's selector;
one led by the user's agency first), the registration for a course for an alert about a slip without a course, and
the record of the steps taken in answer (AlertAction)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import ALERT_HANDLE, COURSE_ENROL, can, require_or_404
from cases.models.choices import AccessAction, DataCategory
from cases.services.access import access_record
from courses import selectors as course_selectors
from courses.forms.alerts import AlertActionForm, AlertFilterForm, ResolveForm
from courses.models import Alert
from courses.models.choices import AlertKind
from courses.services.alerts import alert_acknowledge, alert_action_record, alert_resolve
from ewg.pagination import older_page
from ewg.refusals import add_refusal, report_form_errors, run_and_report

PAGE = 50
# Alerts about a slip that has no course yet: the answer is often a registration.
ABOUT_A_SLIP_WITHOUT_COURSE = (AlertKind.NO_COURSE, AlertKind.SLIP_EXPIRING)


@require_GET
def alert_inbox(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, ALERT_HANDLE)
    alerts = course_selectors.alerts_visible_to(request.user, request.membership)
    form = AlertFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else "open"
    alerts = course_selectors.alerts_in_state(alerts, state)
    page = older_page(course_selectors.with_subject(alerts), request.GET.get("before"), size=PAGE)
    query = request.GET.copy()
    query.pop("before", None)
    context = {"form": form, "page": page, "rows": page.rows, "query": query.urlencode()}
    return render(request, "courses/alert_inbox.html", context)


def _next_steps(request: HttpRequest, alert: Alert, person) -> dict:
    """The person's case to open, and the case to register from, if the user sees one (a query each)."""
    case = course_selectors.case_of_person_for(request.user, request.membership, person.pk)
    enrol_case = None
    if case is not None and alert.kind in ABOUT_A_SLIP_WITHOUT_COURSE and can(request.membership, COURSE_ENROL):
        # The registration page needs the case's courses: led, or shared with that category.
        enrol_case = course_selectors.case_of_person_for(
            request.user, request.membership, person.pk, showing=(DataCategory.COURSES,)
        )
    return {"case": case, "enrol_case": enrol_case}


def _detail_page(request: HttpRequest, alert: Alert, *, action_form=None, status: int = 200) -> HttpResponse:
    person = alert.person
    access_record(user=request.user, membership=request.membership, person=person, action=AccessAction.ALERT)
    enrolment = alert.enrolment
    open_alert = alert.resolved_at is None
    context = {
        "alert": alert,
        "person": person,
        "enrolment": enrolment,
        "entitlement": alert.entitlement or (enrolment.entitlement if enrolment else None),
        "summary": course_selectors.attendance_summary(enrolment) if enrolment else None,
        "window_days": course_selectors.unexcused_days(enrolment, alert.window_start, alert.window_end)
        if enrolment
        else None,
        "actions": list(course_selectors.actions_on(alert)),
        "action_form": (action_form or AlertActionForm()) if open_alert else None,
        "resolve_form": ResolveForm() if open_alert else None,
        **_next_steps(request, alert, person),
    }
    return render(request, "courses/alert_detail.html", context, status=status)


@require_GET
@transaction.atomic
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = course_selectors.get_alert_for_user(request.user, request.membership, pk)
    return _detail_page(request, alert)


@require_POST
@transaction.atomic
def alert_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a step taken in answer to the alert; a refused one shows the page again with the form and reason."""
    alert = course_selectors.get_alert_for_user(request.user, request.membership, pk)
    form = AlertActionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, alert, action_form=form, status=400)
    try:
        alert_action_record(actor=request.user, membership=request.membership, alert=alert, **form.cleaned_data)
    except ValidationError as error:
        add_refusal(form, error)  # a refusal: the page again with the reason (200), nothing saved
        return _detail_page(request, alert, action_form=form)
    messages.success(request, _("The action was recorded."))
    return redirect("courses:alert_detail", pk=alert.pk)


@require_POST
def alert_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = course_selectors.get_alert_for_user(request.user, request.membership, pk)
    run_and_report(
        request,
        lambda: alert_acknowledge(actor=request.user, membership=request.membership, alert=alert),
        _("The alert has been acknowledged."),
    )
    return redirect("courses:alert_detail", pk=alert.pk)


@require_POST
def alert_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = course_selectors.get_alert_for_user(request.user, request.membership, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        run_and_report(
            request,
            lambda: alert_resolve(
                actor=request.user, membership=request.membership, alert=alert, note=form.cleaned_data["note"]
            ),
            _("The alert has been resolved."),
        )
    else:
        report_form_errors(request, form)
    return redirect("courses:alert_detail", pk=alert.pk)
