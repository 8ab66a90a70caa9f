"""The data protection officer's journey in a real browser: find a person, see who read them, export, retention and
the review queue; and the caseworker's pages for break-the-glass and merging. axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_finds_who_read_a_person_and_exports_it(page, personas, make_case):
    case = make_case("beratung", family_name="Haddad")
    sign_in(page, "beratung")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1, name="Haddad, Amal")).to_be_visible()
    page.get_by_role("link", name="Doppelten Datensatz zusammenführen").click()
    expect(page.get_by_role("heading", name="Doppelten Datensatz zusammenführen")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{page.base_url}/cases/emergency/")
    expect(page.get_by_role("heading", level=1, name="Notfallzugriff auf einen Fall")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in(page, "datenschutz")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Datenschutz").click()  # 1
    assert_accessible(page)
    page.get_by_label("Name, Fallnummer oder Geburtsdatum").fill("hadad")
    page.get_by_role("button", name="Person suchen").click()  # 2
    assert_accessible(page)
    page.get_by_role("link", name="Haddad, Amal").click()  # 3
    expect(page.get_by_role("heading", level=1)).to_contain_text("Haddad, Amal")
    expect(page.locator("tbody")).to_contain_text("Anna Becker")
    expect(page.locator("tbody")).to_contain_text("Fall geöffnet")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Als CSV exportieren").click()
    assert "Anna Becker" in download.value.path().read_text(encoding="utf-8-sig")

    page.get_by_role("link", name="Andere Person suchen").click()
    page.get_by_role("link", name="Aufbewahrung und Löschung").click()
    expect(page.get_by_role("heading", level=1, name="Aufbewahrung und Löschung")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{page.base_url}/privacy/emergency/")
    expect(page.get_by_role("heading", level=1, name="Zu prüfende Notfallzugriffe")).to_be_visible()
    assert_accessible(page)
