from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("persons/<int:pk>/", views.person_protocol, name="person_protocol"),
    path("persons/<int:pk>/protocol.csv", views.person_protocol_csv, name="person_protocol_csv"),
]
