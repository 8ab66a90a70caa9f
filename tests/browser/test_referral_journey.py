"""A referral across agencies on the demo data: `beratung` refers Amal Haddad to the jobcenter on her consent, the
jobcenter's caseworker finds it in "Überleitungen" and accepts it, and `beratung` sees it accepted. axe-core checks
every page on the way."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from agencies import demo
from cases.models import Case, CaseShare, Referral, ReferralStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_booklet_journey import open_case
from tests.browser.test_cases_journey import JOBCENTER
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_world(db):
    import_module("cases.migrations.0003_obstacle_catalogue").create(django_apps, None)
    demo.seed()


def test_beratung_refers_amal_haddad_and_the_jobcenter_accepts(page, second_page, personas, demo_world):
    sign_in(page, "beratung")
    open_case(page, "Haddad, Amal")
    page.get_by_role("navigation", name="Bereiche des Falls").get_by_role(
        "link", name="Einwilligung und Freigabe"
    ).click()
    page.get_by_role("link", name="Fall an eine andere Stelle überleiten").click()
    expect(page.get_by_role("heading", level=2, name="Fall an eine andere Stelle überleiten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Überleitung senden").click()  # empty: German errors at the fields
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    page.get_by_label("Überleiten an").select_option(label=JOBCENTER)
    page.get_by_label("Zweck").fill("Übergang ins SGB II: Vermittlung in Arbeit")
    page.get_by_label("Rechtsgrundlage").select_option(index=1)  # the consent for the jobcenter
    page.get_by_label("Kurse").check()
    page.get_by_role("button", name="Überleitung senden").click()
    expect(page.get_by_role("status")).to_contain_text("übergeleitet")
    expect(page.get_by_text("wartet auf Antwort").first).to_be_visible()
    assert_accessible(page)

    sign_in(second_page, "jobcenter")
    navigation = second_page.get_by_role("navigation", name="Hauptnavigation")
    navigation.get_by_role("link", name="Überleitungen").click()
    expect(second_page.get_by_role("heading", level=1, name="Überleitungen")).to_be_visible()
    assert_accessible(second_page)
    second_page.get_by_role("link", name="Haddad, Amal").click()
    expect(second_page.get_by_role("heading", level=1)).to_contain_text("Haddad, Amal")
    expect(second_page.get_by_text("Übergang ins SGB II: Vermittlung in Arbeit")).to_be_visible()
    assert_accessible(second_page)
    second_page.get_by_label("Art Ihres Falls").select_option(label="Case Management")
    second_page.get_by_role("button", name="Überleitung annehmen").click()
    expect(second_page.get_by_role("status")).to_contain_text("Überleitung angenommen")
    second_page.get_by_role("link", name="Ihr Fall").click()
    expect(second_page.get_by_role("heading", level=1, name="Haddad, Amal")).to_be_visible()
    assert_accessible(second_page)

    page.reload()
    expect(page.get_by_text("angenommen").first).to_be_visible()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Überleitungen").click()
    page.get_by_role("link", name="Gesendet").click()
    page.get_by_role("link", name="Angenommen, in Arbeit").click()
    expect(page.get_by_role("link", name="Haddad, Amal")).to_be_visible()
    assert_accessible(page)

    referral = Referral.objects.get(case__person__family_name="Haddad", status=ReferralStatus.ACCEPTED)
    assert referral.received_case.lead_agency.short_name == "jobcenter"
    assert Case.objects.get(pk=referral.received_case_id).kind == "case_management"
    assert CaseShare.objects.filter(pk=referral.share_id, revoked_at__isnull=True).exists()
