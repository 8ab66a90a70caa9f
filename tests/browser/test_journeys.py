"""The main journeys of the foundation, in a real browser, accessibility-checked on every page."""

import re

import pytest
from playwright.sync_api import expect

from agencies.demo import DEMO_PASSWORD
from agencies.models import Membership
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto(page.base_url + "/")
    expect(page).to_have_url(re.compile(r"/auth/login/"))
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_caseworker_signs_in_switches_to_english_and_signs_out(page, personas):
    sign_in(page, "beratung")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    expect(page.get_by_test_id("active-membership")).to_contain_text("Team Beratung und Begleitung")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
    expect(page.get_by_role("link", name="Benutzerkonten")).to_have_count(0)  # not an admin
    assert_accessible(page)

    page.get_by_test_id("language-en").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/auth/login/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base_url + "/")
    expect(page).to_have_url(re.compile(r"/auth/login/\?next=/"))


def test_skip_link_leads_to_the_main_content(page, personas):
    sign_in(page, "beratung")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_agency_admin_creates_and_deactivates_an_account(page, personas):
    sign_in(page, "jobcenter-admin")
    page.get_by_role("link", name="Benutzerkonten").first.click()
    expect(page.get_by_role("heading", level=1, name="Benutzerkonten")).to_be_visible()
    expect(page.get_by_role("cell", name="Yılmaz, Murat")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nach Name, Benutzername oder E-Mail-Adresse suchen").fill("wessels")  # live search via htmx
    expect(page.get_by_role("cell", name="Yılmaz, Murat")).to_have_count(0)
    expect(page.get_by_role("cell", name="Wessels, Karin")).to_be_visible()

    page.get_by_role("link", name="Neues Benutzerkonto").click()
    page.get_by_role("button", name="Benutzerkonto anlegen").click()  # empty form: German errors, nothing saved
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vorname").fill("Leyla")
    page.get_by_label("Nachname").fill("Demir")
    page.get_by_label("E-Mail-Adresse").fill("l.demir@jobcenter.example")
    page.get_by_label("Benutzername").fill("ldemir")
    page.get_by_label("Rolle").select_option("caseworker")
    page.get_by_role("button", name="Benutzerkonto anlegen").click()

    expect(page.get_by_role("heading", level=1, name="Leyla Demir")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("ldemir")
    assert_accessible(page)

    page.get_by_role("link", name="Benutzerkonto deaktivieren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Benutzerkonto von Leyla Demir")
    expect(page.get_by_text("Das Konto kann sich nicht mehr anmelden.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("deaktiviert")
    assert not Membership.objects.get(user__username="ldemir").is_active


def test_the_accessibility_check_catches_violations(page):
    page.set_content("<!DOCTYPE html><html lang='de'><title>t</title><main><button></button></main></html>")
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page)
