"""What the page's scripts for the idle timeout and the drafts need (agencies.session_expiry, agencies.drafts), as
<meta> tags and inert <template>s: the Content-Security-Policy allows no inline script."""

from django import template
from django.conf import settings
from django.urls import reverse

from agencies.drafts import draft_key
from agencies.second_factor import state_of
from agencies.session_expiry import expired_message, session_has_expired, warning_seconds
from agencies.sessions import lifetime_left
from agencies.submissions import saved_forms_take

register = template.Library()


def _signed_in(context) -> tuple[bool, bool]:
    """(signed in, past the second factor): the timer runs for the first, the drafts' key only for the second."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False, False
    second_factor = context.get("second_factor") or state_of(request)
    return True, second_factor.blocking is None


@register.inclusion_tag("includes/session_expiry_head.html", takes_context=True)
def session_expiry_head(context) -> dict:
    signed_in, verified = _signed_in(context)
    if not signed_in:
        return {"signed_in": False}
    request = context["request"]
    # Not into a part of a page that htmx swaps in: only a whole page's drafts.js reads them.
    whole_page = request.headers.get("HX-Request") != "true"
    return {
        "signed_in": True,
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "lifetime_seconds": lifetime_left(request),
        "warning_seconds": warning_seconds(),
        "extend_url": reverse("session_extend"),
        "login_url": reverse(settings.LOGIN_URL),
        "csrf_token": context.get("csrf_token"),
        "draft_key": draft_key(request.user) if verified else None,
        "saved_forms": " ".join(saved_forms_take(request)) if whole_page else "",
    }


@register.inclusion_tag("includes/session_expiry_templates.html", takes_context=True)
def session_expiry_templates(context) -> dict:
    signed_in, verified = _signed_in(context)
    return {"signed_in": signed_in, "drafts": verified}


@register.inclusion_tag("includes/session_expired_notice.html", takes_context=True)
def session_expired_notice(context) -> dict:
    request = context.get("request")
    expired = request is not None and not request.user.is_authenticated and session_has_expired(request)
    return {"message": expired_message() if expired else None}
