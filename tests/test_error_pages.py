"""The product's own error pages, in German, as `make run` (DEBUG off) and production show them."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_refused_form_says_what_happened_and_that_nothing_was_saved(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.beratung)
    response = client.post("/cases/new/", {"family_name": "Haddad"})  # no CSRF token: an expired form
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1" in page
    assert "Formular abgelaufen" in page
    assert "Es wurde nichts gespeichert." in page
    assert "verification failed" not in page  # Django's technical wording stays in the log


def test_a_missing_page_is_the_products_own_in_german(personas):
    client = Client()
    client.force_login(personas.jobcenter)
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
