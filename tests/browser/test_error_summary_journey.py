"""A small form of the case overview sent empty: the page comes back with the form open, its error summary takes the
focus, and the summary's link takes the focus to the field."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_empty_residence_status_leads_the_caseworker_to_the_missing_date(page, personas, make_case):
    case = make_case("beratung")
    sign_in(page, "beratung")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    page.goto(page.base_url + reverse("cases:case_detail", args=[case.pk]))
    form = page.locator("form[action$='/residence/']")
    page.get_by_text("Neuen Aufenthaltsstatus erfassen").click()
    form.get_by_role("button", name="Speichern").click()

    summary = form.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    link = summary.get_by_role("link", name="Erteilt am: Dieses Feld ist zwingend erforderlich.")
    expect(link).to_have_attribute("href", "#id_residence-valid_from")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Haddad, Amal")  # the overview, not a page of its own
    assert_accessible(page)

    link.click()
    date = page.locator("#id_residence-valid_from")
    expect(date).to_be_focused()
    expect(date).to_have_attribute("aria-invalid", "true")
    date.fill("2026-03-01")
    form.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Aufenthaltsstatus wurde erfasst")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
