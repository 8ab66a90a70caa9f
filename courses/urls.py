"""The integration-course pipeline's pages. They live under /cases/ (see ewg/urls.py) as they always have."""

from django.urls import path

from courses.views import alerts, attendance, case_tab, courses, enrolments, entitlements, slip_registration

app_name = "courses"

urlpatterns = [
    path("<int:pk>/courses/", case_tab.case_courses, name="case_courses"),
    # Slips and who issues them
    path("<int:pk>/entitlements/new/", entitlements.entitlement_issue_view, name="entitlement_issue"),
    path(
        "<int:pk>/entitlements/<int:entitlement_pk>/withdraw/",
        entitlements.entitlement_withdraw_view,
        name="entitlement_withdraw",
    ),
    path("<int:pk>/entitlements/<int:entitlement_pk>/slip.pdf", entitlements.entitlement_slip, name="entitlement_slip"),
    path("issuing-rules/", entitlements.issuing_rules, name="issuing_rules"),
    path("slip-exceptions/", entitlements.slip_exceptions, name="slip_exceptions"),
    # Courses and enrolments
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:course_pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:course_pk>/edit/", courses.course_update, name="course_update"),
    path(
        "courses/<int:course_pk>/enrolments/<int:enrolment_pk>/status/",
        courses.enrolment_status,
        name="enrolment_status",
    ),
    path("courses/<int:course_pk>/teachers/", courses.teacher_assign, name="teacher_assign"),
    path(
        "courses/<int:course_pk>/teachers/<int:grant_pk>/withdraw/", courses.teacher_withdraw, name="teacher_withdraw"
    ),
    path("<int:pk>/enrolments/new/", enrolments.enrolment_create, name="enrolment_create"),
    path(
        "courses/<int:course_pk>/register-from-slip/",
        slip_registration.slip_registration,
        name="slip_registration",
    ),
    # Attendance
    path("courses/<int:course_pk>/attendance/", attendance.attendance_grid, name="attendance_grid"),
    path("courses/<int:course_pk>/attendance/cell/", attendance.attendance_cell, name="attendance_cell"),
    path("courses/<int:course_pk>/attendance/import/", attendance.attendance_import, name="attendance_import"),
    path("courses/<int:course_pk>/attendance/export.csv", attendance.attendance_export, name="attendance_export"),
    # Alerts of the nightly scans
    path("alerts/", alerts.alert_inbox, name="alert_inbox"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", alerts.alert_acknowledge_view, name="alert_acknowledge"),
    path("alerts/<int:pk>/resolve/", alerts.alert_resolve_view, name="alert_resolve"),
    path("alerts/<int:pk>/actions/", alerts.alert_action_create, name="alert_action_create"),
]
