"""The goal system's pages: goals and their progress, the goal matrix, groups and meetings."""

from django.urls import path

from goals.views import decisions, goal_edit, goals, groups, indicators, matrix, meetings, progress, stewards

app_name = "goals"

urlpatterns = [
    # Goals
    path("", goals.goal_list, name="goal_list"),
    path("new/", goal_edit.goal_create, name="goal_create"),
    path("<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("<int:pk>/edit/", goal_edit.goal_update, name="goal_update"),
    path("<int:pk>/adopt/", decisions.goal_adopt, name="goal_adopt"),
    path("<int:pk>/amend/", decisions.goal_amend, name="goal_amend"),
    path("<int:pk>/activities/", progress.activity_propose, name="activity_propose"),
    path("<int:pk>/measurements/", progress.measurement_add, name="measurement_add"),
    path("<int:pk>/stewards/", stewards.steward_add, name="steward_add"),
    path("<int:pk>/stewards/<int:grant_pk>/remove/", stewards.steward_remove, name="steward_remove"),
    path("activities/<int:pk>/", progress.activity_update, name="activity_update"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    # The goal matrix (web, XLSX, PDF)
    path("<int:pk>/matrix/", matrix.goal_matrix, name="goal_matrix"),
    path("<int:pk>/matrix.xlsx", matrix.goal_matrix_xlsx, name="goal_matrix_xlsx"),
    path("<int:pk>/matrix.pdf", matrix.goal_matrix_pdf, name="goal_matrix_pdf"),
    # Groups, meetings, typical cases, action fields
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create_view, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/members/", groups.group_member_add_view, name="group_member_add"),
    path("groups/members/<int:pk>/remove/", groups.group_member_remove_view, name="group_member_remove"),
    path("groups/<int:pk>/meetings/new/", groups.meeting_create_view, name="meeting_create"),
    path("groups/<int:pk>/vignettes/new/", groups.vignette_create_view, name="vignette_create"),
    path("meetings/<int:pk>/", groups.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/decisions/", groups.decision_add, name="decision_add"),
    path("meetings/<int:pk>/edit/", meetings.meeting_update, name="meeting_update"),
    path("meetings/<int:pk>/approve/", meetings.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/adopt/", meetings.meeting_goal_adopt, name="meeting_goal_adopt"),
    path("vignettes/<int:pk>/", groups.vignette_detail, name="vignette_detail"),
    path("action-fields/", groups.action_field_list, name="action_field_list"),
    path("action-fields/<int:pk>/", groups.action_field_update_view, name="action_field_update"),
]
