from django.urls import path

from privacy.views import workbench

app_name = "privacy"

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("persons/<int:pk>/", workbench.person_protocol, name="person_protocol"),
    path("persons/<int:pk>/protocol.csv", workbench.person_protocol_csv, name="person_protocol_csv"),
]
