"""Restriction of processing (Art. 18 DSGVO, § 84 SGB X), placed and lifted by the data protection officer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ewg.refusals import report_form_errors
from privacy import selectors
from privacy.forms import RestrictionForm
from privacy.services import restriction_lift, restriction_place


@require_POST
def restriction_place_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_audit(request.user, request.membership, pk)
    form = RestrictionForm(request.POST, person=person)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("privacy:person_protocol", pk=person.pk)
    try:
        restriction_place(
            actor=request.user,
            membership=request.membership,
            person=person,
            reason=form.cleaned_data["reason"],
            reader=form.cleaned_data["reader"].user if form.cleaned_data["reader"] else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The processing is restricted: the person is hidden from every other page."))
    return redirect("privacy:person_protocol", pk=person.pk)


@require_POST
def restriction_lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_audit(request.user, request.membership, pk)
    try:
        restriction_lift(actor=request.user, membership=request.membership, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The restriction was lifted."))
    return redirect("privacy:person_protocol", pk=person.pk)
