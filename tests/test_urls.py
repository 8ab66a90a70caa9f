"""Every URL is either on the short public list or sends an anonymous visitor to the login page."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Route patterns (as Django writes them) that anonymous visitors may reach.
PUBLIC = {
    "healthz",
    "favicon.ico",
    "auth/login/",
    "auth/password/reset/",
    "auth/password/reset/sent/",
    "auth/password/reset/<uidb64>/<token>/",
    "auth/password/reset/complete/",
    "i18n/setlang/",
    "admin/login/",
}
# The admin has its own login page and sends anonymous visitors there.
ADMIN_PREFIX = "admin/"

SAMPLE_ARGS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def sample_url(route: str) -> str:
    if route.startswith("^") or "(?P" in route:  # regex routes of the admin
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", "1", route).strip("^$").replace("\\", "")
        return "/" + route
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)


def test_public_list_names_only_existing_routes():
    routes = set(all_patterns())
    assert routes >= PUBLIC, f"public routes that no longer exist: {PUBLIC - routes}"


@pytest.mark.parametrize("route", sorted(set(all_patterns())))
def test_anonymous_access(client, route):
    url = sample_url(route)
    response = client.get(url)
    login_url = reverse(settings.LOGIN_URL)
    admin_login = reverse("admin:login")
    if route in PUBLIC:
        redirected_to_login = response.status_code == 302 and response["Location"].startswith(login_url)
        assert not redirected_to_login, f"public {url} sends anonymous visitors to the login page"
        assert response.status_code < 500
        return
    assert response.status_code == 302, f"{url} answered {response.status_code} to an anonymous request"
    location = response["Location"]
    allowed = (login_url,) + ((admin_login,) if route.startswith(ADMIN_PREFIX) else ())
    assert location.startswith(allowed), f"{url} redirected to {location}, not to the login page"
