"""The retention schedule for the data protection officer: what is due, legal holds, and what the job did."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import ACCESS_LOG_READ, require_or_404
from ewg.pagination import keyset_page
from ewg.refusals import report_form_errors
from privacy import selectors
from privacy.forms import HoldForm
from privacy.models import RecordKind
from privacy.schedule import ends_on, schedule_on
from privacy.services import hold_place, hold_release

PAGE_SIZE = 50


@require_GET
def retention_overview(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, ACCESS_LOG_READ)
    today = timezone.localdate()
    due = selectors.records_due_soon(request.user, request.membership, today)
    page = keyset_page(due, request.GET.get("after"), by="last_closed", newest_first=False, size=PAGE_SIZE)
    for person in page.rows:
        person.erase_on = ends_on(RecordKind.CLOSED_CASE, person.last_closed)
    context = {
        "today": today,
        "rules": schedule_on(today),
        "page": page,
        "holds": selectors.holds_of(request.user, request.membership),
        "runs": selectors.recent_runs(),
        "query": "",
    }
    return render(request, "privacy/retention.html", context)


@require_POST
@transaction.atomic
def hold_place_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_audit(request.user, request.membership, pk)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            hold_place(
                actor=request.user, membership=request.membership, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The record is kept until you release the legal hold."))
    else:
        report_form_errors(request, form)
    return redirect("privacy:person_protocol", pk=person.pk)


@require_POST
def hold_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.get_hold_for_audit(request.user, request.membership, pk)
    try:
        hold_release(actor=request.user, membership=request.membership, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The legal hold was released; the retention schedule applies again."))
    return redirect("privacy:person_protocol", pk=hold.person_id)
