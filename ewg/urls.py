from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from agencies import second_factor_views
from agencies.forms import OutboxPasswordResetForm
from agencies.second_factor import second_factor_exempt
from agencies.session_expiry import session_extend
from agencies.sessions import SignOutView
from agencies.sign_in import CountedPasswordChangeView, SignInForm
from ewg import favicon, views

# The only views reachable without signing in; tests/test_urls.py keeps this list honest.
auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("logout/", second_factor_exempt(SignOutView.as_view()), name="logout"),
    path("session/extend/", session_extend, name="session_extend"),
    path("second-factor/", second_factor_views.overview, name="second_factor"),
    path("second-factor/verify/", second_factor_views.verify, name="second_factor_verify"),
    path("second-factor/setup/", second_factor_views.setup, name="second_factor_setup"),
    path(
        "second-factor/recovery-codes/", second_factor_views.recovery_codes_renew, name="second_factor_recovery_codes"
    ),
    path("password/change/", CountedPasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("auth/", include(auth_patterns)),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("agency/", include("agencies.urls")),
    path("cases/", include("cases.urls")),
    # The course pipeline and the booklet keep the addresses they had under cases/ (mails and bookmarks hold them).
    path("cases/", include("courses.urls")),
    path("cases/", include("booklets.urls")),
    # Follow-ups: a case tab under cases/<pk>/followups/ and "Meine Aufgaben" under tasks/.
    path("", include("followups.urls")),
    path("goals/", include("goals.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Einwanderung gestalten"
admin.site.site_title = "Einwanderung gestalten"
