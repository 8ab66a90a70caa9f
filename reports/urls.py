from django.urls import path

from reports.views import committee, dashboard

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("tables/<slug:name>.<str:fmt>", dashboard.dashboard_export, name="dashboard_export"),
    path("refresh/", dashboard.figures_refresh, name="figures_refresh"),
    path("committee/", committee.report_list, name="report_list"),
    path("committee/new/", committee.report_create, name="report_create"),
    path("committee/<int:pk>/", committee.report_detail, name="report_detail"),
    path("committee/<int:pk>/edit/", committee.report_edit, name="report_edit"),
    path("committee/<int:pk>/sections/<int:position>/edit/", committee.section_edit, name="section_edit"),
    path("committee/<int:pk>/versions/", committee.version_create, name="version_create"),
    path("committee/<int:pk>/versions/<int:number>/status/", committee.version_status, name="version_status"),
    path("committee/<int:pk>/versions/<int:number>.pdf", committee.version_pdf, name="version_pdf"),
]
