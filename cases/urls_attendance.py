"""URLs of the attendance pages; joined into the cases namespace by cases/urls.py."""

from django.urls import path

from cases.views import attendance

urlpatterns = [
    path("courses/<int:course_pk>/attendance/", attendance.attendance_grid, name="attendance_grid"),
    path("courses/<int:course_pk>/attendance/cell/", attendance.attendance_cell, name="attendance_cell"),
    path("courses/<int:course_pk>/attendance/import/", attendance.attendance_import, name="attendance_import"),
    path("courses/<int:course_pk>/attendance/export.csv", attendance.attendance_export, name="attendance_export"),
]
