"""URLs of the groups pages; joined into the goals namespace by goals/urls.py."""

from django.urls import path

from goals.views import groups

urlpatterns = [
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create_view, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/members/", groups.group_member_add_view, name="group_member_add"),
    path("groups/members/<int:pk>/remove/", groups.group_member_remove_view, name="group_member_remove"),
    path("groups/<int:pk>/meetings/new/", groups.meeting_create_view, name="meeting_create"),
    path("groups/<int:pk>/vignettes/new/", groups.vignette_create_view, name="vignette_create"),
    path("meetings/<int:pk>/", groups.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/decisions/", groups.decision_add, name="decision_add"),
    path("vignettes/<int:pk>/", groups.vignette_detail, name="vignette_detail"),
    path("action-fields/", groups.action_field_list, name="action_field_list"),
    path("action-fields/<int:pk>/", groups.action_field_update_view, name="action_field_update"),
]
