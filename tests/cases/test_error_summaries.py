"""The case pages' own forms list their errors in the error summary above the form, each linked to its field."""

import pytest
from django.urls import reverse

from tests.form_pages import element, parsed, summary_entries

pytestmark = pytest.mark.django_db

REQUIRED = "Dieses Feld ist zwingend erforderlich."


def _every_link_leads_to_a_field(response) -> None:
    page = parsed(response)
    for target, _text in summary_entries(response):
        if target:
            assert page.xpath(f"//*[@id='{target[1:]}']"), f"{target} is not in the page"


def test_the_intake_form_lists_its_errors_with_links_to_the_fields(personas, login):
    response = login(personas.beratung).post(reverse("cases:intake"), {"given_names": "Amal", "languages": "ar, de"})
    assert response.status_code == 400
    entries = summary_entries(response)
    assert ("#id_family_name", f"Familienname: {REQUIRED}") in entries
    assert ("#id_birth_date", f"Geburtsdatum: {REQUIRED}") in entries
    assert ("#id_kind", f"Art des Falls: {REQUIRED}") in entries
    _every_link_leads_to_a_field(response)
    assert element(response, "id_given_names").get("value") == "Amal"


def test_the_note_form_lists_its_errors_with_links_to_the_fields(personas, login, make_case):
    case = make_case()
    response = login(personas.beratung).post(
        reverse("cases:case_notes", args=[case.pk]), {"kind": "conversation", "occurred_on": "2026-12-24", "text": ""}
    )
    assert response.status_code == 400
    assert summary_entries(response) == [
        ("#id_occurred_on", "Datum: Das Datum liegt in der Zukunft."),
        ("#id_text", f"Eintrag: {REQUIRED}"),
    ]
    _every_link_leads_to_a_field(response)
