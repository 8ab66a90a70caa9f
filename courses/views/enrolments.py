"""A caseworker registers the person of a case for a course. The form shows the person's name and slips, so every
request to it is a read of the case and is recorded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.permissions import COURSE_ENROL, can
from cases import selectors
from cases.models.choices import AccessAction, DataCategory
from cases.services.access import access_record
from courses import selectors as course_selectors
from courses.forms.courses import EnrolmentForm
from courses.services.enrolments import enrolment_register
from ewg.refusals import add_refusal


@require_http_methods(["GET", "POST"])
@transaction.atomic
def enrolment_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not can(request.membership, COURSE_ENROL) or not access.may_see(DataCategory.COURSES):
        raise Http404
    case, person = access.case, access.case.person
    access_record(
        user=request.user, membership=request.membership, person=person, case=case, action=AccessAction.DETAIL,
        purpose="course registration",
    )  # fmt: skip
    today = timezone.localdate()
    offer = course_selectors.courses_visible_to(request.user, request.membership).filter(ends_on__gte=today)
    form = EnrolmentForm(
        request.POST or None,
        courses=course_selectors.with_seats_taken(offer).order_by("starts_on", "title", "pk"),
        slips=course_selectors.usable_slips_for_case(access, today),
    )
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            enrolment_register(actor=request.user, membership=request.membership, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)  # a refusal: the form again with the reason (200), nothing saved
        else:
            messages.success(request, _("The person was registered for the course."))
            return redirect("courses:case_courses", pk=case.pk)
    context = {"access": access, "case": case, "person": person, "form": form}
    return render(request, "courses/enrolment_form.html", context, status=status)
