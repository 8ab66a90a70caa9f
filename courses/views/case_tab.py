"""The case's "Integration course" tab: the person's slips and enrolments, for whoever may see the course data."""

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import selectors
from cases.models.choices import AccessAction, DataCategory
from cases.services.access import access_record
from courses import selectors as course_selectors


def may_see_courses(access, membership) -> bool:
    return access.may_see(DataCategory.COURSES)


@require_GET
@transaction.atomic
def case_courses(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not may_see_courses(access, request.membership):
        raise Http404
    case = access.case
    access_record(
        user=request.user, membership=request.membership, person=case.person, case=case, action=AccessAction.DETAIL
    )
    context = {
        "access": access,
        "case": case,
        "person": case.person,
        "tab": "courses",
        "entitlements": list(course_selectors.entitlements_for_case(access)),
        "enrolments": list(course_selectors.enrolments_for_case(access)),
    }
    return render(request, "courses/case_courses.html", context)
