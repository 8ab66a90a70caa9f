"""The demo persons and cases: idempotent, and showing what the source document and the sharing rules describe."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers import serialize

from agencies.models import Membership, User
from cases.models import Case, CaseShare, Obstacle
from cases.models.choices import CaseKind, DataCategory, ObstacleCategory, ResidenceKind
from cases.selectors import cases_visible_to, get_case_for_user

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, str]:
    """Every row of the agencies and cases apps, history tables included."""
    return {
        model._meta.label: serialize("json", model.objects.order_by("pk"))
        for model in apps.get_models()
        if model._meta.app_label in {"agencies", "cases"}
    }


def acting(username: str) -> tuple[User, Membership]:
    user = User.objects.get(username=username)
    return user, Membership.objects.get(user=user, is_active=True)


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=None)


def test_seed_demo_twice_changes_no_row():
    call_command("seed_demo", stdout=None)
    first = snapshot()
    assert '"model": "cases.person"' in first["cases.Person"]
    call_command("seed_demo", stdout=None)
    assert snapshot() == first


def test_ten_modellfaelle_led_by_team_beratung(seeded):
    cases = Case.objects.filter(lead_agency__short_name="team-beratung", kind=CaseKind.CASE_MANAGEMENT)
    assert cases.count() == 10
    assert {case.phase for case in cases} >= {"intake", "assessment", "planning", "monitoring", "evaluation", "closure"}


def test_an_eu_citizen_in_arrival_counselling(seeded):
    assert Case.objects.filter(
        kind=CaseKind.ARRIVAL,
        lead_agency__short_name="team-beratung",
        person__residence_statuses__kind=ResidenceKind.EU_FREE_MOVEMENT,
    ).exists()


def test_volunteers_see_consented_cases_only(seeded):
    user, membership = acting("ehrenamt")
    visible = list(cases_visible_to(user, membership))
    assert visible
    for case in visible:
        shares = CaseShare.objects.filter(case=case, agency=membership.agency, revoked_at__isnull=True)
        assert shares.exists()
        assert all(share.consent is not None and share.consent.revoked_on is None for share in shares)


def test_the_jobcenter_sees_a_team_beratung_case_without_its_notes(seeded):
    user, membership = acting("jobcenter")
    shared = cases_visible_to(user, membership).filter(lead_agency__short_name="team-beratung")
    accesses = [get_case_for_user(user, membership, case.pk) for case in shared]
    assert any(DataCategory.NOTES not in access.categories for access in accesses)
    assert any(DataCategory.NOTES in access.categories for access in accesses)


def test_the_obstacle_catalogue_has_both_lists_of_the_source_document():
    assert Obstacle.objects.filter(category=ObstacleCategory.STRUCTURAL).count() == 6
    assert Obstacle.objects.filter(category=ObstacleCategory.PERSONAL).count() == 6
    assert Obstacle.objects.filter(name="Anspruch: Arbeit ohne Sprache", category=ObstacleCategory.PERSONAL).exists()
