"""URLs of the entitlements pages; joined into the cases namespace by cases/urls.py."""

from django.urls import path

from cases.views import entitlements

urlpatterns = [
    path("<int:pk>/entitlements/new/", entitlements.entitlement_issue_view, name="entitlement_issue"),
    path(
        "<int:pk>/entitlements/<int:entitlement_pk>/withdraw/",
        entitlements.entitlement_withdraw_view,
        name="entitlement_withdraw",
    ),
    path("<int:pk>/entitlements/<int:entitlement_pk>/slip.pdf", entitlements.entitlement_slip, name="entitlement_slip"),
    path("issuing-rules/", entitlements.issuing_rules, name="issuing_rules"),
]
