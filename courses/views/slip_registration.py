"""Course staff register a person who brings the entitlement slip: the slip's number and the person's date of
birth, for a course of their own provider. The page shows nothing of a person before the registration; after it,
the course's participant list shows the new participant like every other (see courses/views/courses.py on why that
list is not an access-log read). Nothing of a case is ever shown here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses import selectors as course_selectors
from courses.forms.courses import SlipRegistrationForm
from courses.services.slip_registration import enrolment_register_from_slip
from ewg.refusals import add_refusal


@require_http_methods(["GET", "POST"])
@transaction.atomic
def slip_registration(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = course_selectors.get_course_for_slip_registration(request.user, request.membership, course_pk)
    form = SlipRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            enrolment = enrolment_register_from_slip(
                actor=request.user, membership=request.membership, course=course, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)  # a refusal: the form again with the reason (200), nothing saved
        else:
            slip, person = enrolment.entitlement, enrolment.person
            messages.success(
                request,
                _(
                    "%(name)s was registered for the course with entitlement slip no. %(number)d (%(kind)s, valid "
                    "until %(until)s)."
                )
                % {
                    "name": f"{person.given_names} {person.family_name}",
                    "number": slip.pk,
                    "kind": slip.get_kind_display(),
                    "until": slip.valid_until.strftime("%d.%m.%Y"),
                },
            )
            return redirect("courses:course_detail", course_pk=course.pk)
    return render(request, "courses/slip_registration.html", {"course": course, "form": form}, status=status)
