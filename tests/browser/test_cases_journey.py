"""Register, consent, share, revoke: two agencies in two browsers, accessibility-checked on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOBCENTER = "jobcenter Kreis Steinfurt AöR – Regionalbereich Rheine"


def test_share_by_consent_and_revoke(page, second_page, personas):
    sign_in(page, "beratung")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Fälle").click()
    expect(page.get_by_role("heading", level=1, name="Fälle")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Person erfassen").click()
    page.get_by_role("button", name="Erfassen und Fall eröffnen").click()  # empty: German errors, nothing saved
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vornamen").fill("Rasha")
    page.get_by_label("Familienname").fill("Al-Khatib")
    page.get_by_label("Andere Schreibweisen").fill("رشا الخطيب\nRasha Alkhatib")
    page.get_by_label("Geburtsdatum").fill("1991-04-12")
    page.get_by_label("Sprache", exact=True).check()
    page.get_by_role("button", name="Erfassen und Fall eröffnen").click()
    expect(page.get_by_role("heading", level=1, name="Al-Khatib, Rasha")).to_be_visible()
    case_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Verlaufseinträge").click()
    page.get_by_label("Eintrag").fill("Vertrauliches Gespräch über die familiäre Situation.")
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_text("Vertrauliches Gespräch")).to_be_visible()

    page.get_by_role("link", name="Einwilligung und Freigabe").click()
    assert_accessible(page)
    consent = page.locator("form[action$='/sharing/consents/']")
    consent.get_by_label("Empfangende Stelle").select_option(label=JOBCENTER)
    consent.get_by_label("Zweck").fill("Vermittlung in Arbeit und Sprachkurs")
    consent.get_by_label("Stammdaten").check()
    consent.get_by_label("Kurse").check()
    consent.get_by_label("Die Person hat die Einwilligungserklärung").check()
    consent.get_by_role("button", name="Einwilligung erfassen").click()
    expect(page.get_by_role("status")).to_contain_text("Einwilligung wurde erfasst")

    share = page.locator("form[action$='/sharing/shares/']")
    share.get_by_label("Behörde/Institution").select_option(label=JOBCENTER)
    share.get_by_label("Rechtsgrundlage").select_option(index=1)  # the consent just recorded
    share.get_by_label("Stammdaten").check()
    share.get_by_label("Kurse").check()
    share.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_role("status")).to_contain_text("Fall wurde freigegeben")
    assert_accessible(page)

    # The jobcenter finds the case, without the notes.
    sign_in(second_page, "jobcenter")
    second_page.goto(second_page.base_url + "/cases/")
    second_page.get_by_role("textbox", name="Name").fill("alkhatib")  # searched by POST, the name stays out of the URL
    expect(second_page).to_have_url(re.compile(r"/cases/\?s=[\w-]+$"))
    second_page.get_by_role("link", name="Al-Khatib, Rasha").click()
    expect(second_page.get_by_role("heading", level=1, name="Al-Khatib, Rasha")).to_be_visible()
    expect(second_page.get_by_text("Für Ihre Stelle freigegeben")).to_be_visible()
    expect(second_page.get_by_role("link", name="Verlaufseinträge")).to_have_count(0)
    expect(second_page.get_by_text("Vertrauliches Gespräch")).to_have_count(0)
    assert_accessible(second_page)
    second_page.goto(case_url.removeprefix(page.base_url).join([second_page.base_url, "notes/"]))
    expect(second_page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()

    # Revoking the consent ends the share at once; the confirmation page first says which shares end.
    page.get_by_role("link", name="Widerruf erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Widerruf der Einwilligung von Rasha Al-Khatib")
    expect(page.get_by_text("Der Widerruf beendet 1 Freigabe")).to_contain_text("(Stammdaten, Kurse)")
    expect(page.get_by_label("Widerrufen am")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    assert_accessible(page)
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("alle darauf beruhenden Freigaben sind beendet")
    second_page.goto(second_page.base_url + case_url.removeprefix(page.base_url))
    expect(second_page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()
    expect(second_page).to_have_url(re.compile(r"/cases/\d+/$"))
