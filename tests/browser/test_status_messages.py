"""Status messages (WCAG 4.1.3): what htmx redraws is no live region; a small polite status region says in a few
words what changed. The case search announces the number of cases found, once per result; the committee report's
version row, polled every second, announces its state and its progress in quarters, and only when they change."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import ReportVersion, VersionStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in
from tests.reports.test_version_announcements import version  # noqa: F401 - fixture: a queued version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = "[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer]"

# Every text the status region is given from now on, one entry per change.
RECORD_ANNOUNCEMENTS = """(region) => {
    window.announced = [];
    new MutationObserver(() => window.announced.push(region.textContent.trim()))
        .observe(region, {childList: true, characterData: true, subtree: true});
}"""


def live_regions_around(locator) -> list[str]:
    """The live regions the element is in, itself included."""
    return locator.evaluate(
        """(element, live) => {
            const found = [];
            for (let node = element; node; node = node.parentElement) {
                if (node.matches(live)) found.push(node.outerHTML.slice(0, 120));
            }
            return found;
        }""",
        LIVE,
    )


def in_english(page, username: str) -> None:
    sign_in(page, username)
    page.get_by_test_id("language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_case_search_announces_the_number_found_and_not_the_table(page, personas, make_case):
    for family_name in ("Amsel", "Amselberg", "Drossel"):
        make_case("beratung", family_name=family_name)
    in_english(page, "beratung")
    page.goto(page.base_url + reverse("cases:case_list"))
    status = page.locator("#case-count")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")  # nothing to say before a search
    status.evaluate(RECORD_ANNOUNCEMENTS)

    page.get_by_role("textbox", name="Name").press_sequentially("amsel", delay=30)  # debounced: one search
    expect(page.get_by_role("link", name="Drossel, Amal")).to_have_count(0)
    expect(status).to_have_text("2 cases found")
    assert page.evaluate("window.announced") == ["2 cases found"]

    table = page.get_by_role("table", name="Cases you may see")
    assert live_regions_around(table) == []
    assert page.locator("#case-rows [aria-live], #case-rows [role=status]").count() == 0

    page.get_by_role("textbox", name="Name").fill("zaunkönig")
    expect(status).to_have_text("No cases found")
    assert page.evaluate("window.announced") == ["2 cases found", "No cases found"]
    assert_accessible(page)


def test_the_report_progress_announces_changes_of_state_and_quarters_only(page, personas, version):  # noqa: F811
    in_english(page, "koordination")
    page.goto(page.base_url + version.report.get_absolute_url())
    status = page.locator("#version-status")
    expect(status).to_have_attribute("role", "status")
    status.evaluate(RECORD_ANNOUNCEMENTS)
    progress = page.get_by_role("progressbar")
    row = page.locator("#version-1")
    assert live_regions_around(row) == []

    versions = ReportVersion.objects.filter(pk=version.pk)
    for percent in (5, 10, 30, 40, 55, 60):  # the bar follows every poll
        versions.update(status=VersionStatus.RENDERING, progress=percent, step="Laying out the pages")
        expect(progress).to_have_attribute("value", str(percent))
    versions.update(status=VersionStatus.DONE, progress=100, step="", pages=3, finished_at=timezone.now())
    expect(page.get_by_role("link", name="Download PDF (version 1)")).to_be_visible()
    expect(status).to_have_text("Version 1: ready")  # written once htmx has settled the row, after the swap

    assert page.evaluate("window.announced") == [
        "Version 1: being generated",
        "Version 1: being generated, 25 % done",
        "Version 1: being generated, 50 % done",
        "Version 1: ready",
    ]
    expect(status).to_have_text("Version 1: ready")  # the short state, not the row
    assert live_regions_around(row) == []
    assert_accessible(page)
