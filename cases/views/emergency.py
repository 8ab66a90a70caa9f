"""Break-the-glass: opening a case one cannot see, in an emergency, with a reason (cases/services/emergency.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.permissions import CASE_LEAD, require_or_404
from cases.forms import EmergencyForm
from cases.services.emergency import emergency_open
from ewg.refusals import add_refusal


@require_http_methods(["GET", "POST"])
@transaction.atomic
def emergency_open_view(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, CASE_LEAD)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = emergency_open(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.warning(request, _("Emergency access is open until the end of the day, for reading only."))
            return redirect("cases:case_detail", pk=access.case_id)
    return render(request, "cases/emergency.html", {"form": form}, status=400 if form.errors else 200)
