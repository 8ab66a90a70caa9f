"""Browser tests: Playwright drives Debian's Chromium against Django's live server; axe-core checks each page."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.browser.layout_checks import assert_layout
from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement  # noqa: F401 - fixtures
from tests.goals.conftest import action_field, framework, principle, steering_group  # noqa: F401 - fixtures

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}
# axe-core's rules whose outcome depends on the colours, run again in the dark colour scheme; the others read the
# markup, which is the same in both schemes (axe has no rule for the contrast of non-text parts).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: install Debian's 'chromium' package or set CHROMIUM_PATH.")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_context(browser, *, locale: str):
    """A browser context that collects what the Content-Security-Policy blocks, so that every accessibility check
    also shows the policy breaks nothing the page needs (init scripts come from the tooling, outside the policy)."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return context


@pytest.fixture
def page(browser, live_server, request):
    context = open_context(browser, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


def axe_violations(page, scheme: str, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical violations in that colour scheme ("light" or "dark"), of all its rules or
    of the rules named; the scheme stays emulated afterwards."""
    page.emulate_media(color_scheme=scheme)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    violations = page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
        options,
    )
    return [{"scheme": scheme, **v} for v in violations if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now, in the light colour scheme and, for the rules that depend on colours,
    in the dark one (KERN follows the operating system's scheme); fail on any serious or critical violation."""
    assert page.evaluate("window.cspViolations") == []
    page.evaluate(AXE.read_text())  # evaluated by the tooling: the page's policy allows no inline script tag
    try:
        blocking = axe_violations(page, "light") + axe_violations(page, "dark", COLOUR_RULES)
    finally:
        page.emulate_media(color_scheme="light")  # the test goes on as it started
    assert not blocking, f"accessibility violations on {page.url}:\n{json.dumps(blocking, indent=2)}"
    assert_layout(page)  # overlap, numbers under their headers, reflow at 320 px: what axe cannot measure


@pytest.fixture
def second_page(browser, live_server):
    """A second person at another desk: a browser context of its own, signed in separately."""
    context = open_context(browser, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()
