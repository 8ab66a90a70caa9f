from django.urls import path

from privacy.views import emergency, merges, restriction, retention, subject_access, workbench

app_name = "privacy"

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("persons/<int:pk>/", workbench.person_protocol, name="person_protocol"),
    path("persons/<int:pk>/protocol.csv", workbench.person_protocol_csv, name="person_protocol_csv"),
    path("retention/", retention.retention_overview, name="retention"),
    path("persons/<int:pk>/hold/", retention.hold_place_view, name="hold_place"),
    path("holds/<int:pk>/release/", retention.hold_release_view, name="hold_release"),
    path("persons/<int:pk>/restrict/", restriction.restriction_place_view, name="restriction_place"),
    path("persons/<int:pk>/restriction/lift/", restriction.restriction_lift_view, name="restriction_lift"),
    path("cases/<int:pk>/merge/", merges.merge_propose_view, name="merge_propose"),
    path("merges/", merges.merge_list, name="merges"),
    path("emergency/", emergency.emergency_queue, name="emergency_queue"),
    path("emergency/<int:pk>/review/", emergency.emergency_review_view, name="emergency_review"),
    path("merges/<int:pk>/confirm/", merges.merge_confirm_view, name="merge_confirm"),
    path("merges/<int:pk>/undo/", merges.merge_undo_view, name="merge_undo"),
    path("persons/<int:pk>/subject-access.pdf", subject_access.subject_access_pdf, name="subject_access_pdf"),
]
