"""The companion booklet in the caseworker's hands: `beratung` opens Amal Haddad's case, builds her booklet in
Arabic and downloads it; the PDF carries her goals and Arabic text in logical order. Mariam Rahimi kept her courses
out of her consent, and her booklet page says so. axe-core checks every page on the way."""

import subprocess
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from agencies import demo
from booklets import phrases
from booklets.models import BookletEdition
from cases.models import AccessLog, Case
from cases.models.choices import AccessAction
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_world(db):
    # A transactional test before this one may have flushed the obstacle catalogue that a data migration loads.
    import_module("cases.migrations.0003_obstacle_catalogue").create(django_apps, None)
    demo.seed()


def open_case(page, name: str) -> None:
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Fälle").click()
    page.get_by_label("Name", exact=True).fill(name.split(",")[0])
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def test_caseworker_builds_an_arabic_booklet_and_downloads_it(page, personas, demo_world, tmp_path):
    sign_in(page, "beratung")
    open_case(page, "Rahimi, Mariam")
    page.get_by_role("navigation", name="Bereiche des Falls").get_by_role("link", name="Begleitheft").click()
    courses = page.get_by_label("Kurse und Zertifikate")
    expect(courses).to_be_disabled()
    expect(page.get_by_text("fehlt die Einwilligung der Person in das Begleitheft: Kurse").first).to_be_visible()
    assert_accessible(page)

    open_case(page, "Haddad, Amal")
    page.get_by_role("navigation", name="Bereiche des Falls").get_by_role("link", name="Begleitheft").click()
    expect(page.get_by_role("heading", name="Begleitheft", level=2)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Sprache des Hefts (neben Deutsch)").select_option("ar")
    for section in ("Ansprechpartner bei den Stellen", "Eigene Ziele und nächste Schritte", "Erreichte Schritte"):
        expect(page.get_by_label(section)).to_be_checked()
    page.get_by_role("button", name="Speichern und Begleitheft drucken").click()
    expect(page.get_by_text("Ausgabe 1 des Begleithefts wurde gedruckt")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen (Ausgabe 1)").click()
    assert download.value.suggested_filename.endswith("-ausgabe-1-ar.pdf")
    path = tmp_path / "begleitheft.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    case = Case.objects.get(person__family_name="Haddad", lead_agency__short_name="team-beratung")
    edition = BookletEdition.objects.get(booklet__case=case, number=1)
    assert edition.language == "ar"
    goals = [goal.title for goal in case.support_plan.goals.all()]
    assert goals
    for goal in goals:
        assert goal in text
    assert phrases.text("section_goals", "ar") in text  # Arabic, read back in logical order
    assert "Amal Haddad" in text
    reads = AccessLog.objects.filter(case=case, action=AccessAction.BOOKLET).values_list("purpose", flat=True)
    assert sorted(reads) == ["Begleitheft Ausgabe 1 gedruckt", "Begleitheft Ausgabe 1 gelesen"]
