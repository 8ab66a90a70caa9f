"""The officer's review queue of break-the-glass accesses (cases/services/emergency.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import ACCESS_LOG_READ, require_or_404
from ewg.pagination import older_page
from ewg.refusals import report_form_errors, run_and_report
from privacy import selectors
from privacy.forms import ReviewForm
from privacy.services import emergency_review

PAGE_SIZE = 50


@require_GET
def emergency_queue(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, ACCESS_LOG_READ)
    accesses = selectors.emergency_accesses_to_review(request.user, request.membership)
    page = older_page(accesses, request.GET.get("before"), size=PAGE_SIZE)
    return render(request, "privacy/emergency_queue.html", {"page": page, "query": "", "form": ReviewForm()})


@require_POST
def emergency_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_emergency_access_for_review(request.user, request.membership, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        run_and_report(
            request,
            lambda: emergency_review(
                actor=request.user, membership=request.membership, access=access, note=form.cleaned_data["note"]
            ),
            _("The emergency access is marked as reviewed."),
        )
    return redirect("privacy:emergency_queue")
