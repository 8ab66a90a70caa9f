"""URLs of the goals pages; joined into the goals namespace by goals/urls.py."""

from django.urls import path

from goals.views import decisions, goal_edit, goals, indicators, progress, stewards

urlpatterns = [
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
]
