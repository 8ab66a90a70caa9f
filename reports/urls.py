from django.urls import path

from reports.views import committee, dashboard, outline

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
    path("committee/<int:pk>/sections/new/", outline.section_add, name="section_add"),
    path("committee/<int:pk>/sections/<int:position>/remove/", outline.section_remove, name="section_remove"),
    path("committee/<int:pk>/sections/<int:position>/move/", outline.section_move, name="section_move"),
    path(
        "committee/<int:pk>/sections/<int:position>/regenerate/", outline.section_regenerate, name="section_regenerate"
    ),
    path("committee/template/", outline.template_list, name="template_list"),
    path("committee/template/<int:position>/edit/", outline.template_section_edit, name="template_section_edit"),
    path("committee/<int:pk>/versions/", committee.version_create, name="version_create"),
    path("committee/<int:pk>/versions/<int:number>/status/", committee.version_status, name="version_status"),
    path("committee/<int:pk>/versions/<int:number>.pdf", committee.version_pdf, name="version_pdf"),
    path("committee/<int:pk>/versions/<int:number>.docx", committee.version_docx, name="version_docx"),
]
