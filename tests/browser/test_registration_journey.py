"""Registration at the provider and the alert that follows, in two browsers: the VHS's course staff register a person
from the slip's number and date of birth; the jobcenter, which obliged her, finds the "registered (§ 7 Abs. 2 IntV)"
alert in *Meldungen*, opens it, follows the link to the case it leads and records a step. axe-core checks every page
on the way."""

from datetime import date

import pytest
from playwright.sync_api import expect

from courses.models import Alert, AlertAction, Enrolment
from courses.models.choices import AlertKind
from courses.services.slip_attempts import slip_attempts_forget
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Telefonisch erreicht; Kursbeginn besprochen"


def test_course_staff_register_from_the_slip_and_the_obliging_agency_answers_the_alert(
    page, personas, make_case, make_course, make_entitlement
):
    case = make_case("jobcenter", family_name="Zilpzalp", given_names="Amal", birth_date=date(1990, 5, 17))
    slip = make_entitlement(case.person, issuer="jobcenter")
    make_course(title="Integrationskurs 2026/III")
    slip_attempts_forget(personas.vhs)

    sign_in(page, "vhs")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kurse").click()
    page.get_by_role("link", name="Integrationskurs 2026/III").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mit Berechtigungsschein anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mit Berechtigungsschein anmelden")
    assert_accessible(page)
    page.get_by_label("Nummer des Berechtigungsscheins").fill(str(slip.pk))
    page.get_by_label("Geburtsdatum").fill("1990-05-17")
    page.get_by_role("button", name="Zum Kurs anmelden").click()
    expect(page.get_by_role("status")).to_contain_text(f"Berechtigungsschein Nr. {slip.pk}")
    expect(page.get_by_role("row", name="Zilpzalp, Amal")).to_be_visible()  # in the participant list
    assert_accessible(page)
    enrolment = Enrolment.objects.get()
    assert (enrolment.entitlement, enrolment.registered_by) == (slip, personas.vhs)
    alert = Alert.objects.get()
    assert (alert.kind, alert.agency) == (AlertKind.REGISTERED, personas.agency("jobcenter"))

    page.context.clear_cookies()
    sign_in(page, "jobcenter")
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation.get_by_role("link", name="Meldungen")).to_contain_text("1")
    navigation.get_by_role("link", name="Meldungen").click()
    assert_accessible(page)
    page.get_by_role("row", name="Zilpzalp").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("§ 7 Abs. 2 IntV")
    assert_accessible(page)

    page.get_by_role("link", name="Zum Fall der Person").click()
    expect(page).to_have_url(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zilpzalp")
    assert_accessible(page)

    page.go_back()
    page.get_by_label("Was wurde getan?").select_option(label="Kontakt aufgenommen")
    page.get_by_label("Vermerk").fill(NOTE)
    page.get_by_role("button", name="Maßnahme erfassen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Maßnahme wurde erfasst.")
    expect(page.get_by_role("cell", name=NOTE)).to_be_visible()
    assert_accessible(page)
    action = AlertAction.objects.get()
    assert (action.alert, action.actor, action.note) == (alert, personas.jobcenter, NOTE)
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas.jobcenter
