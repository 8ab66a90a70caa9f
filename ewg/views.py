"""Project-wide views: the start page, the health check and the page of a refused form (CSRF)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies.outbox import abandoned_email_count
from ewg import health


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public, so it tells only ok, degraded or failing; the reason goes to the log. Answers within 3 s even when
    PostgreSQL or Redis hangs (ewg/health.py)."""
    checks = [health.DATABASE, health.REDIS] if settings.REDIS_URL else [health.DATABASE]
    if health.failing(checks):
        return JsonResponse({"status": "failing"}, status=503)
    return JsonResponse({"status": "degraded" if mail_abandoned() else "ok"})


def mail_abandoned() -> bool:
    """E-mail given up after its last attempt and not sent again: the application serves, but some mail is lost
    until an agency administrator sends it again ("degraded", not "failing")."""
    return abandoned_email_count() > 0


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The product's own page for a form refused by the CSRF check (Django's is English and technical): what
    happened, that nothing was saved, what to do. Django has logged the reason already."""
    return render(request, "403_csrf.html", status=403)
