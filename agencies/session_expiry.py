"""The idle timeout, told to the user (WCAG 2.1 SC 2.2.1 Timing Adjustable): the page warns before the session ends
and extends it in place (static/js/session-expiry.js), and the sign-in page says why it is shown when a session has
run out, also when a form was sent into it. What was typed is kept in the browser meanwhile (agencies.drafts).

A session runs out SESSION_COOKIE_AGE after its last request (every request saves it), and at the latest
SESSION_ABSOLUTE_SECONDS after signing in (agencies.sessions): the page is told both and warns before whichever comes
first; only the idle timeout can be extended. A session that ran out keeps its row until the nightly job deletes it,
and a signed-in one its sign-in record (SignedInSession), so a request that still carries its cookie shows that a
signed-in session ran out, rather than one that was ended (signing out, the absolute lifetime, too many sessions:
those delete both) or one that never was signed in. What the session held is not read for that."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from agencies.models import SignedInSession
from agencies.second_factor import second_factor_exempt
from agencies.sessions import lifetime_left

EXPIRED_SESSION_KEY = "session_expired"  # in the anonymous session that follows, until the next sign-in
LONGEST_WARNING_SECONDS = 120


def warning_seconds() -> int:
    """How long before the end the page warns: two minutes, or half the idle time if that is shorter."""
    return min(LONGEST_WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2)


def idle_minutes() -> int:
    return max(1, round(settings.SESSION_COOKIE_AGE / 60))


def expired_message() -> str:
    minutes = idle_minutes()
    return ngettext(
        "Your session has expired because you were not active for %(minutes)s minute. Please sign in again.",
        "Your session has expired because you were not active for %(minutes)s minutes. Please sign in again.",
        minutes,
    ) % {"minutes": minutes}


def session_has_expired(request: HttpRequest) -> bool:
    """Whether the sign-in page should say that the session ran out (set by ExpiredSessionMiddleware)."""
    return bool(request.session.get(EXPIRED_SESSION_KEY))


def seconds_left(request: HttpRequest) -> int:
    """How long the signed-in session runs without another request: the idle time, or what is left of the absolute
    lifetime when that ends it first."""
    return min(settings.SESSION_COOKIE_AGE, lifetime_left(request))


def _cookie_of_expired_sign_in(request: HttpRequest) -> bool:
    """The request carries the cookie of a signed-in session that ran out: its row is past its time and its sign-in
    record is still there. Asked only of anonymous requests whose cookie named no live session: one query, after
    which the cookie is replaced."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or request.session.session_key == key:  # no cookie, or its session is alive
        return False
    signed_in = SignedInSession.objects.filter(session_key=OuterRef("session_key"))
    return Session.objects.filter(session_key=key, expire_date__lte=timezone.now()).filter(Exists(signed_in)).exists()


def _page_of(request: HttpRequest) -> str:
    """The page the user was on: htmx names it; for a form sent into an expired session, the page the form was on
    (its address may accept POST only), so that the draft kept for that page is offered there after signing in."""
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            if parts.path and not parts.path.startswith(reverse(settings.LOGIN_URL)):
                return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


class ExpiredSessionMiddleware:
    """Between the authentication and LoginRequiredMiddleware: notes in the new anonymous session that a signed-in
    session ran out, for the sign-in page to say so; sends a form or an htmx request that met the expired session
    to the sign-in page with the page it came from as `next`. Signing in again clears the note."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.session_expired_now = False
        if request.user.is_authenticated:
            request.session.pop(EXPIRED_SESSION_KEY, None)
        elif _cookie_of_expired_sign_in(request):
            request.session[EXPIRED_SESSION_KEY] = True
            request.session_expired_now = True
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.session_expired_now or not getattr(view_func, "login_required", True):
            return None
        if request.headers.get("HX-Request") == "true":
            # htmx would put the sign-in page into a part of the page; the whole page goes there instead.
            login = reverse(settings.LOGIN_URL)
            return HttpResponseClientRedirect(f"{login}?{urlencode({'next': _page_of(request)})}")
        if request.method == "POST":
            return redirect_to_login(_page_of(request))
        return None  # LoginRequiredMiddleware sends a page request to the sign-in page with its own address


@second_factor_exempt  # the password step's pages time out too
@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """The warning's button: the request itself renews the session (SESSION_SAVE_EVERY_REQUEST); the answer says
    for how long, which is less than the idle time near the end of the absolute lifetime, so that the page's timer
    starts again with the real end."""
    request.session.modified = True
    return JsonResponse({"expires_in": seconds_left(request)})
