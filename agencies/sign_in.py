"""A limit per address across user names, beside django-axes' limit per user name and address: password spraying
(one password tried for many names) fails once an address has failed too often, whichever names it tried.

The limit is higher than axes' per-name limit because an office's staff may share one address behind its proxy.
"""

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ewg.client_ip import client_ip


class AddressThrottleBackend:
    """First among the authentication backends: refuses every sign-in from an address over its limit, which
    django-axes' middleware then answers with the lockout page (429). Authenticates nobody itself, and has no
    get_user, so that sessions name the backend that did."""

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        address = client_ip(request)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()
        if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise PermissionDenied
        return None


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying plainly what failed; its error is listed in the page's error summary."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("User name or password is wrong. Note that both are case-sensitive."),
    }


class CountedPasswordChangeForm(PasswordChangeForm):
    """The current password is checked through the sign-in backends, so that guessing it here is counted and
    paused like guessing it at sign-in (Django's form asks the user object directly, past every limit)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(), password=old_password) is None:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class CountedPasswordChangeView(PasswordChangeView):
    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
