import pytest
from django.urls import reverse

from cases.models import Obstacle

pytestmark = pytest.mark.django_db


def test_data_protection_officer_sees_reads_of_her_agencys_cases_only(personas, login, make_case):
    own = make_case("beratung", family_name="Stadtfall")
    other = make_case("jobcenter", family_name="Kreisfall")
    login(personas.beratung).get(reverse("cases:case_detail", args=[own.pk]))
    login(personas.jobcenter).get(reverse("cases:case_detail", args=[other.pk]))
    body = login(personas.datenschutz).get(reverse("cases:access_log")).content.decode()
    assert reverse("cases:case_protocol", args=[own.pk]) in body
    assert reverse("cases:case_protocol", args=[other.pk]) not in body
    assert "Stadtfall" not in body  # the log names who read, not whom


def test_the_protocol_shows_reads_and_changes_but_no_contents(personas, login, make_case):
    case = make_case("beratung", family_name="Stadtfall")
    login(personas.beratung).get(reverse("cases:case_notes", args=[case.pk]))
    protocol = login(personas.datenschutz).get(reverse("cases:case_protocol", args=[case.pk])).content.decode()
    assert "Verlaufseinträge gelesen" in protocol
    assert "Anna Becker" in protocol
    assert "Erstgespräch" not in protocol  # the note's text


def test_coordinator_keeps_the_obstacle_catalogue(personas, login):
    client = login(personas.koordination)
    assert Obstacle.objects.count() == 12  # the source document's two lists
    response = client.post(
        reverse("cases:obstacle_catalogue"), {"name": "Kinderbetreuung fehlt", "category": "structural"}
    )
    assert response.status_code == 302
    added = Obstacle.objects.get(name="Kinderbetreuung fehlt")
    assert added.history.get().history_user == personas.koordination
    again = client.post(reverse("cases:obstacle_catalogue"), {"name": "Kinderbetreuung fehlt", "category": "personal"})
    assert again.status_code == 400
    assert "bereits im Katalog" in again.content.decode()
    client.post(reverse("cases:obstacle_toggle", args=[added.pk]))
    added.refresh_from_db()
    assert not added.is_active
