"""The product's own colours follow the operating system's light or dark scheme as KERN's do (WCAG 1.4.3, 1.4.11):
text keeps at least 4.5:1 against the background it is actually drawn on, the count of open alerts is a visible
badge in both schemes, and the favicon loads without signing in."""

import math
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.courses.test_alert_actions import waiting_slip  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each element: its text colour and the background colours from the element up to <html>, as the browser
# computed them (Chromium writes KERN's colours as oklch()).
COLOURS_OF = """(elements) => elements.map(element => {
    const backgrounds = [];
    for (let node = element; node; node = node.parentElement) backgrounds.push(getComputedStyle(node).backgroundColor);
    return {text: element.innerText.trim().split('\\n')[0], color: getComputedStyle(element).color, backgrounds};
})"""
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?%?"


def _number(text: str, *, percent_of: float = 1.0) -> float:
    return float(text[:-1]) / 100 * percent_of if text.endswith("%") else float(text)


def _encode(linear: float) -> float:
    linear = min(max(linear, 0.0), 1.0)
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


def _decode(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def parse_colour(css: str) -> tuple[float, float, float, float]:
    """A computed CSS colour as sRGB channels 0..1 and alpha; rgb(), oklch() and color(srgb ...) are what Chromium
    computes for this product's styles."""
    values = re.findall(NUMBER, css.split("(", 1)[1]) if "(" in css else []
    if css == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    if css.startswith("rgb"):
        r, g, b = (_number(v, percent_of=255) / 255 for v in values[:3])
        return (r, g, b, _number(values[3]) if len(values) > 3 else 1.0)
    if css.startswith("color(srgb "):
        r, g, b = (_number(v) for v in values[:3])
        return (r, g, b, _number(values[3]) if len(values) > 3 else 1.0)
    if css.startswith("oklch("):
        lightness, chroma, hue = _number(values[0]), _number(values[1], percent_of=0.4), float(values[2])
        a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
        l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
        m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
        s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
        linear = (
            4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
            -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
            -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
        )
        r, g, b = (_encode(channel) for channel in linear)
        return (r, g, b, _number(values[3]) if len(values) > 3 else 1.0)
    raise AssertionError(f"a colour this test cannot read: {css}")


def _over(top: tuple, bottom: tuple) -> tuple:
    """`top` painted over an opaque `bottom`."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def effective_background(backgrounds: list[str]) -> tuple:
    """The colour the element is drawn on: its own background and its ancestors', down to the first opaque one
    (the canvas is white when none is)."""
    layers = []
    for css in backgrounds:
        colour = parse_colour(css)
        if colour[3] > 0:
            layers.append(colour)
        if colour[3] >= 1:
            break
    result = (1.0, 1.0, 1.0, 1.0)
    for layer in reversed(layers):
        result = _over(layer, result)
    return result


def luminance(colour: tuple) -> float:
    r, g, b = (_decode(channel) for channel in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: tuple, second: tuple) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrasts(page, selector: str) -> list[tuple[str, float]]:
    """(text, contrast ratio) of every element the selector finds, as the page is drawn now."""
    found = page.locator(selector).evaluate_all(COLOURS_OF)
    assert found, f"nothing matches {selector}"
    result = []
    for element in found:
        background = effective_background(element["backgrounds"])
        text = _over(parse_colour(element["color"]), background)
        result.append((element["text"], round(contrast(text, background), 2)))
    return result


def signed_in(page, user) -> None:
    """The browser carries a session of that user (how the sign-in page signs in is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def test_the_contrast_ratio_is_computed_as_wcag_defines_it():
    black, white = parse_colour("rgb(0, 0, 0)"), parse_colour("oklch(1 0 0)")
    assert round(contrast(black, white), 1) == 21.0
    assert round(contrast(parse_colour("rgb(118, 118, 118)"), white), 2) == 4.54
    assert effective_background(["rgba(0, 0, 0, 0)", "rgb(0, 0, 0)", "rgb(255, 255, 255)"])[:3] == (0, 0, 0)


def test_the_header_and_the_attendance_grids_names_keep_their_contrast_in_the_dark_scheme(
    page, personas, make_case, make_course, make_entitlement, make_enrolment
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    course = make_course(title="Integrationskurs 2026/IV", starts_on=monday - timedelta(days=21),
                         ends_on=monday + timedelta(days=200), weekdays=[1, 2, 3, 4, 5])  # fmt: skip
    for family_name in ("Amsel", "Buchfink", "Clever"):  # striped rows: odd and even ones
        person = make_case("beratung", family_name=family_name, given_names="Rana").person
        make_enrolment(person, course, entitlement=make_entitlement(person, issuer="jobcenter"),
                       registered_on=course.starts_on - timedelta(days=14))  # fmt: skip

    signed_in(page, personas.vhs)
    page.emulate_media(color_scheme="dark")
    page.goto(page.base_url + f"/cases/courses/{course.pk}/attendance/")

    header = contrasts(page, ".app-header__brand, .app-header__tools :is(a, button, label, span, p)")
    names = contrasts(page, ".app-att-name")
    assert len(names) == 3
    too_faint = [(text, ratio) for text, ratio in header + names if text and ratio < 4.5]
    assert not too_faint, f"text below 4.5:1 in the dark scheme: {too_faint}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_count_of_open_alerts_is_a_badge_in_both_schemes(page, personas, waiting_slip, scheme):  # noqa: F811
    waiting_slip()
    signed_in(page, personas.jobcenter)
    page.emulate_media(color_scheme=scheme)
    page.goto(page.base_url + "/")

    badge = page.locator(".app-nav .app-badge")
    assert badge.count() == 1
    assert badge.locator(".kern-sr-only").count() == 1  # read out as "1 open", shown as "1"
    style = badge.evaluate(
        "b => { const s = getComputedStyle(b); return {background: s.backgroundColor, border: s.borderTopColor,"
        " width: parseFloat(s.borderTopWidth)}; }"
    )
    filled = parse_colour(style["background"])[3] > 0
    outlined = style["width"] > 0 and parse_colour(style["border"])[3] > 0
    assert filled or outlined, f"the badge is not set off from the navigation: {style}"
    [(text, ratio)] = contrasts(page, ".app-nav .app-badge")
    assert text.startswith("1")
    assert ratio >= 4.5, f"the badge's count is at {ratio}:1 in the {scheme} scheme"


def test_the_favicon_loads_without_signing_in(page):
    page.goto(page.base_url + "/auth/login/")
    icon = page.locator('link[rel="icon"][type="image/svg+xml"]')
    assert icon.count() == 1
    response = page.request.get(page.base_url + icon.get_attribute("href"), max_redirects=0)
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in response.text()

    fallback = page.request.get(page.base_url + "/favicon.ico")  # what browsers ask for without a link
    assert fallback.status == 200
    assert fallback.headers["content-type"].startswith("image/")
    assert "/auth/login/" not in fallback.url
