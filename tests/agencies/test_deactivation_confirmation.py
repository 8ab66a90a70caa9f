"""Deactivating an account is confirmed first: the page says what really happens (the membership ends, sessions
end, whether the account can still sign in), only the agency's administrator reaches it, and the POST still works."""

import pytest
from django.urls import reverse

from agencies.models import Membership, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def membership_of(user, agency):
    return Membership.objects.get(user=user, agency=agency)


def test_the_page_says_the_account_can_no_longer_sign_in(personas, login):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    response = login(personas.jobcenter_admin).get(reverse("agencies:account_deactivate", args=[target.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Benutzerkonto von Murat Yılmaz bei",
        "jede gerade offene Sitzung des Kontos endet",
        "Das Konto kann sich nicht mehr anmelden.",
        "Nichts wird gelöscht",
        "anonymisiert",
        "Bestätigen",
        "Abbrechen",
    ):
        assert text in page, text
    target.refresh_from_db()
    assert target.is_active  # the page changes nothing


def test_with_another_membership_the_account_can_still_sign_in(personas, login):
    MembershipFactory(user=personas.jobcenter, agency=personas.agency("caritas"), role=Role.CASEWORKER)
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    page = login(personas.jobcenter_admin).get(reverse("agencies:account_deactivate", args=[target.pk]))
    page = page.content.decode()
    assert "Das Konto behält 1 weitere aktive Mitgliedschaft und kann sich dafür weiter anmelden." in page
    assert "kann sich nicht mehr anmelden" not in page


def test_the_account_page_links_to_the_confirmation(personas, login):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    page = login(personas.jobcenter_admin).get(reverse("agencies:account_detail", args=[target.pk])).content.decode()
    assert f'href="{reverse("agencies:account_deactivate", args=[target.pk])}"' in page


@pytest.mark.parametrize("persona", ["beratung", "jobcenter", "datenschutz", "lenkung", "admin"])
def test_anyone_but_the_agency_admin_gets_404(personas, login, persona):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    response = login(personas.users[persona]).get(reverse("agencies:account_deactivate", args=[target.pk]))
    assert response.status_code == 404


def test_another_agencys_account_is_404(personas, login):
    other = membership_of(personas.beratung, personas.agency("team-beratung"))
    response = login(personas.jobcenter_admin).get(reverse("agencies:account_deactivate", args=[other.pk]))
    assert response.status_code == 404


def test_own_account_and_a_deactivated_one_lead_back(personas, login):
    client = login(personas.jobcenter_admin)
    own = membership_of(personas.jobcenter_admin, personas.agency("jobcenter"))
    response = client.get(reverse("agencies:account_deactivate", args=[own.pk]), follow=True)
    assert "eigenes Benutzerkonto nicht deaktivieren" in response.content.decode()
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    assert client.post(reverse("agencies:account_deactivate", args=[target.pk])).status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert target.history.latest().history_user == personas.jobcenter_admin
    response = client.get(reverse("agencies:account_deactivate", args=[target.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("agencies:account_detail", args=[target.pk])
    assert "bereits deaktiviert" in response.content.decode()
