"""How long and how often an account is signed in: an absolute lifetime beside the idle timeout (the idle timeout
alone slides forever while someone keeps working), and at most a few sessions per account at once (ASVS V7)."""

import math
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.auth.views import LogoutView, redirect_to_login
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from agencies.models import SignedInSession

SIGNED_IN_AT = "signed_in_at"


@receiver(user_logged_in)
def _session_begins(sender, request, user, **kwargs) -> None:
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    key = request.session.session_key
    if key is None:
        request.session.save()
        key = request.session.session_key
    with transaction.atomic():
        SignedInSession.objects.filter(session_key=key).delete()
        SignedInSession.objects.create(user=user, session_key=key)
        keys = list(
            SignedInSession.objects.filter(user=user)
            .order_by("-signed_in_at", "-pk")
            .values_list("session_key", flat=True)
        )
        ended = keys[settings.SESSION_MAX_PER_USER :]
        if ended:
            Session.objects.filter(session_key__in=ended).delete()
            SignedInSession.objects.filter(session_key__in=ended).delete()


@receiver(user_logged_out)
def _session_ends(sender, request, user, **kwargs) -> None:
    if request is not None and request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def lifetime_left(request: HttpRequest) -> int:
    """Seconds until the absolute lifetime ends the request's signed-in session, however active it stays."""
    started = request.session.get(SIGNED_IN_AT)
    if started is None:
        return settings.SESSION_ABSOLUTE_SECONDS  # the middleware below starts its clock with this request
    return max(0, math.floor(started + settings.SESSION_ABSOLUTE_SECONDS - timezone.now().timestamp()))


def sessions_expire() -> int:
    """Delete the sessions whose time is up, and the sign-in records of sessions that are gone. A session that ran
    out keeps its row until then, with what it held (the searches of the case list, by name); the nightly job bounds
    that to a day. Returns how many sign-in records went."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    gone = SignedInSession.objects.filter(~Exists(Session.objects.filter(session_key=OuterRef("session_key"))))
    deleted, _kinds = gone.delete()
    return deleted


class AbsoluteLifetimeMiddleware:
    """Signs out a session older than SESSION_ABSOLUTE_SECONDS however active it was, with a German message on
    the sign-in page. Reads only the session, which the request has loaded anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = timezone.now().timestamp()  # a session from before this rule
            elif timezone.now().timestamp() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                message = ngettext(
                    "You were signed out after %(hours)s hour; please sign in again.",
                    "You were signed out after %(hours)s hours; please sign in again.",
                    hours,
                )
                messages.info(request, message % {"hours": hours})
                if request.path_info == reverse(settings.LOGIN_URL):
                    return self.get_response(request)  # the page's timer came here at the end: it keeps its `next`
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SignOutView(LogoutView):
    """Signing out also tells the browser to drop what it kept of the session's pages: its cache and the page's
    storage (ASVS 5.0 V14.3.1), on a shared office computer too."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
