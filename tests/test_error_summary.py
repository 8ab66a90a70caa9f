"""Every form sent with errors shows an error summary above it: each error after its field's label, linked to the
field (WCAG 2.1 SC 3.3.1, 3.3.3); a group of checkboxes names its error message (SC 1.3.1)."""

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from agencies.demo import DEMO_PASSWORD
from tests.form_pages import element, summary_entries

pytestmark = pytest.mark.django_db

REQUIRED = "Dieses Feld ist zwingend erforderlich."


def test_a_failed_sign_in_is_named_in_the_summary():
    client = Client()
    wrong = client.post(reverse("login"), {"username": "beratung", "password": "falsch"})
    assert summary_entries(wrong) == [
        ("", "Benutzername oder Passwort ist falsch. Beachten Sie bei beiden die Groß- und Kleinschreibung.")
    ]
    empty = client.post(reverse("login"), {"username": "", "password": DEMO_PASSWORD})
    assert summary_entries(empty) == [("#id_username", f"Benutzername: {REQUIRED}")]


def test_a_row_of_the_issuing_rules_names_its_error(personas, login):
    response = login(personas.koordination).post(
        reverse("courses:issuing_rules"), {"benefit_system": "sgb2", "sgb2-agency": personas.agency("vhs").pk}
    )
    assert response.status_code == 400
    [(target, _text)] = summary_entries(response)
    assert target == "#id_sgb2-agency"
    select = element(response, "id_sgb2-agency")
    assert select.get("aria-describedby") == "id_sgb2-agency_error"
    assert element(response, "id_sgb2-agency_error").text_content().strip()


class _Choices(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    way = forms.ChoiceField(label="Way", choices=[("x", "X")], widget=forms.RadioSelect, help_text="Pick one.")


def test_a_checkbox_or_radio_group_with_an_error_names_its_error_message():
    html = str(_Choices({"kinds": ["c"]}))
    fieldset = '<fieldset class="kern-fieldset kern-fieldset--error" id="{}" aria-describedby="{}">'
    assert fieldset.format("id_kinds", "id_kinds_error") in html
    assert fieldset.format("id_way", "id_way_helptext id_way_error") in html
    assert '<div id="id_kinds_error">' in html
    assert '<div id="id_way_error">' in html
    assert html.count('aria-invalid="true"') == 3  # each box and button of the two groups
    assert '<a class="kern-link" href="#id_kinds">Kinds: ' in html  # the summary leads to the group's fieldset
    valid = str(_Choices({"kinds": ["a"], "way": "x"}))
    assert "data-error-summary" not in valid
    assert '<fieldset class="kern-fieldset" id="id_kinds">' in valid
    assert '<fieldset class="kern-fieldset" id="id_way" aria-describedby="id_way_helptext">' in valid
