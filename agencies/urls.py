from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/deactivate/", views.account_deactivate, name="account_deactivate"),
    path("accounts/<int:pk>/reactivate/", views.account_reactivate, name="account_reactivate"),
    path(
        "accounts/<int:pk>/second-factor/reset/",
        views.account_second_factor_reset,
        name="account_second_factor_reset",
    ),
    path("accounts/<int:pk>/second-factor/due/", views.account_second_factor_due, name="account_second_factor_due"),
    path("accounts/undelivered-emails/", views.undelivered_emails, name="undelivered_emails"),
    path(
        "accounts/undelivered-emails/<int:pk>/resend/", views.undelivered_email_resend, name="undelivered_email_resend"
    ),
    path("membership/", views.membership_switch, name="membership_switch"),
]
