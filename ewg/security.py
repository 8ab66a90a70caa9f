"""Response headers and request limits that hold for every page: what the browser may load and keep, and how large
a request the application reads at all."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script anywhere: the templates have none, so none is allowed),
    Permissions-Policy, and no caching of any page served to a signed-in user: every such page may hold personal
    data, and a shared office computer's cache or a proxy must not keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith(settings.ADMIN_URL_PREFIX):
            # Django's admin sets a few style attributes of its own; its scripts are files as well.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request body above REQUEST_BODY_MAX_BYTES before anything reads it (Django bounds form fields, not
    uploaded files; the largest legitimate upload, an attendance file, is far smaller)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            limit_mb = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
            return render(request, "413.html", {"limit_mb": limit_mb}, status=413)
        return self.get_response(request)
