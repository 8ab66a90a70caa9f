"""The alert inbox of the addressed agency: read, acknowledge, resolve with a note.

For a non-attendance alert this is the statutory flow of § 8 Abs. 3 IntV: the obliging agency sees the alert, the
enrolment and its attendance summary, also without a share of the case, and nothing else of it. Opening an alert
reads a person's data, so it writes one access-log row."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import ALERT_HANDLE, require_or_404
from cases.models.choices import AccessAction
from cases.services.access import access_record
from courses import selectors as course_selectors
from courses.forms.alerts import AlertFilterForm, ResolveForm
from courses.services.alerts import alert_acknowledge, alert_resolve
from ewg.pagination import older_page
from ewg.refusals import report_form_errors, run_and_report

PAGE = 50


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


@require_GET
@transaction.atomic
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = course_selectors.get_alert_for_user(request.user, request.membership, pk)
    person = alert.person
    access_record(user=request.user, membership=request.membership, person=person, action=AccessAction.ALERT)
    enrolment = alert.enrolment
    context = {
        "alert": alert,
        "person": person,
        "enrolment": enrolment,
        "entitlement": alert.entitlement or (enrolment.entitlement if enrolment else None),
        "summary": course_selectors.attendance_summary(enrolment) if enrolment else None,
        "window_days": course_selectors.unexcused_days(enrolment, alert.window_start, alert.window_end)
        if enrolment
        else None,
        "resolve_form": ResolveForm() if alert.resolved_at is None else None,
    }
    return render(request, "courses/alert_detail.html", context)


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
