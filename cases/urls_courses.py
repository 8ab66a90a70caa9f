"""URLs of the courses pages; joined into the cases namespace by cases/urls.py."""

from django.urls import path

from cases.views import courses, enrolments

urlpatterns = [
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:course_pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:course_pk>/edit/", courses.course_update, name="course_update"),
    path(
        "courses/<int:course_pk>/enrolments/<int:enrolment_pk>/status/",
        courses.enrolment_status,
        name="enrolment_status",
    ),
    path("<int:pk>/enrolments/new/", enrolments.enrolment_create, name="enrolment_create"),
]
