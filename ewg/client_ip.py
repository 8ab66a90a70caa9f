"""The address of the person at the keyboard, for the failed-login limit.

Behind a reverse proxy every request comes from the proxy; the limit per user name and address would then turn
into a limit per user name that anyone could trigger. Only the hops added by our own proxies are trusted: each
appends the address it saw to X-Forwarded-For, so the client is the entry TRUSTED_PROXY_COUNT from the right.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
