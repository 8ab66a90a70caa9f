"""URLs of the alert inbox; joined into the cases namespace by cases/urls.py."""

from django.urls import path

from cases.views import alerts

urlpatterns = [
    path("alerts/", alerts.alert_inbox, name="alert_inbox"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", alerts.alert_acknowledge_view, name="alert_acknowledge"),
    path("alerts/<int:pk>/resolve/", alerts.alert_resolve_view, name="alert_resolve"),
]
