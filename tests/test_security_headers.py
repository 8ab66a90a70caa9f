"""Headers every page carries and limits every request meets (ASVS V3.4.3 CSP, V3.4 headers, V8 no caching of
personal data, V4 request size)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_a_signed_in_page_allows_no_inline_script_and_is_not_cached(personas):
    response = client_for(personas.beratung).get(reverse("cases:case_list"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_has_the_policy_too():
    response = client_for(None).get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_no_template_holds_inline_script_or_style_that_the_policy_would_block():
    """The policy is strict because the templates allow it: no inline script, no event-handler attribute, no style
    attribute. The PDF templates are rendered by WeasyPrint, never served, and may keep their <style>."""
    inline = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.parts or path.name.endswith("pdf.html"):
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            inline.append(f"{path.relative_to(TEMPLATES)}: script")
        if re.search(r"\sstyle=\"|<style", text):
            inline.append(f"{path.relative_to(TEMPLATES)}: style")
    assert not inline, inline


def test_a_request_body_above_the_limit_is_refused_before_it_is_read(personas, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    case_list = reverse("cases:case_list")
    response = client_for(personas.beratung).post(case_list, {"q": "x" * 2048})
    assert response.status_code == 413
    assert "nichts wurde gespeichert" in response.content.decode()


def test_the_language_cookie_is_not_readable_by_script_and_stays_on_the_site():
    response = client_for(None).post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
