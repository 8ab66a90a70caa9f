"""A consent belongs to the person, the agency that recorded it, its recipient and its purpose (Art. 7 DSGVO,
§ 67b SGB X): the asylum-benefits team, leading its own case of the same person, neither sees the consent the person
gave the counselling team, nor revokes it, nor shares its own case on it."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Role
from cases.models import CaseShare
from cases.models.choices import CaseKind, DataCategory
from cases.services.cases import case_open
from cases.services.sharing import case_share_grant, consent_record, consent_revoke
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
PURPOSE = "Psychosoziale Beratung nach Trauma"
CATEGORIES = [DataCategory.MASTER_DATA, DataCategory.NOTES, DataCategory.HEALTH]


@pytest.fixture
def two_teams(personas, make_case):
    """The counselling team's case with a consent to Caritas, and the asylum team's own case of the same person."""
    counselling = make_case("beratung", family_name="Haddad")
    consent = consent_record(
        actor=personas.beratung, membership=personas.membership("beratung"), person=counselling.person,
        receiving_agency=personas.agency("caritas"), purpose=PURPOSE, categories=CATEGORIES,
        given_on=date(2026, 3, 2), form_version="Einwilligung EWG v1",
    )  # fmt: skip
    asylum = case_open(
        actor=personas.asyl, membership=personas.membership("asyl"), person=counselling.person,
        kind=CaseKind.CASE_MANAGEMENT, opened_on=date(2026, 3, 5),
    )  # fmt: skip
    return counselling, asylum, consent


def test_the_other_team_does_not_see_the_consent_on_its_sharing_page(personas, two_teams):
    counselling, asylum, _consent = two_teams
    assert PURPOSE in client_for(personas.beratung).get(reverse("cases:case_sharing", args=[counselling.pk])).text
    assert PURPOSE not in client_for(personas.asyl).get(reverse("cases:case_sharing", args=[asylum.pk])).text


def test_the_other_team_cannot_revoke_it_by_page_or_service(personas, two_teams):
    _counselling, asylum, consent = two_teams
    url = reverse("cases:consent_revoke", args=[asylum.pk, consent.pk])
    assert client_for(personas.asyl).post(url).status_code == 404
    with pytest.raises(ValidationError):
        consent_revoke(actor=personas.asyl, membership=personas.membership("asyl"), consent=consent)
    consent.refresh_from_db()
    assert consent.revoked_on is None


def test_the_other_team_cannot_share_its_own_case_on_it(personas, two_teams):
    _counselling, asylum, consent = two_teams
    answer = client_for(personas.asyl).post(
        reverse("cases:share_create", args=[asylum.pk]),
        {"share-agency": personas.agency("caritas").pk, "share-basis": f"consent:{consent.pk}",
         "share-categories": CATEGORIES},
    )  # fmt: skip
    assert answer.status_code in (302, 400)
    assert not CaseShare.objects.filter(case=asylum).exists()
    with pytest.raises(ValidationError) as refused:
        case_share_grant(
            actor=personas.asyl, membership=personas.membership("asyl"), case=asylum,
            agency=personas.agency("caritas"), categories=CATEGORIES, consent=consent,
        )  # fmt: skip
    assert "anderen Stelle" in refused.value.message_dict["consent"][0]


def test_a_share_written_on_another_teams_consent_before_the_check_is_ended_by_the_migration(personas, two_teams):
    _counselling, asylum, consent = two_teams
    share = CaseShare.objects.create(
        case=asylum, agency=personas.agency("caritas"), consent=consent, categories=CATEGORIES,
        granted_by=personas.asyl,
    )  # fmt: skip
    caritas = MembershipFactory(agency=personas.agency("caritas"), role=Role.CASEWORKER).user
    assert client_for(caritas).get(reverse("cases:case_detail", args=[asylum.pk])).status_code == 200  # the old row
    migration = importlib.import_module("cases.migrations.0011_end_shares_on_another_agencys_consent")
    migration.end_shares_on_another_agencys_consent(apps, None)
    share.refresh_from_db()
    assert share.revoked_at is not None
    latest = share.history.latest("history_id")
    assert (latest.history_type, latest.history_change_reason) == ("~", migration.REASON)
    assert client_for(caritas).get(reverse("cases:case_detail", args=[asylum.pk])).status_code == 404
