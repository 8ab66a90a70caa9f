"""A shared case shows only the data categories of its shares (§ 67b SGB X, Art. 5 Abs. 1 c DSGVO): for each category,
a share without it shows none of its fields, on the page, in the export, or through the case list's filters."""

from datetime import date

import pytest
from django.urls import reverse

from agencies.models import BenefitSystem
from cases.models import Obstacle
from cases.models.choices import ActionField, DataCategory
from cases.services.persons import benefit_period_record, residence_status_record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
OBSTACLE = "Einschätzung der eigenen Kompetenzen"
# What each category puts on the case page and in the export, as the jobcenter would read it.
MARKERS = {
    DataCategory.RESIDENCE: "§ 25 Abs. 2 AufenthG",
    DataCategory.BENEFITS: "AsylbLG",
    DataCategory.NOTES: OBSTACLE,
}
WONT = {DataCategory.NOTES: "Wohnen"}  # the field of action "Housing", shown where the notes are


@pytest.fixture
def full_case(personas, make_case):
    case = make_case("beratung", family_name="Nasser")
    acting = {"actor": personas.beratung, "membership": personas.membership("beratung"), "person": case.person}
    residence_status_record(**acting, kind="aufenthaltserlaubnis", title="25_2",
                            valid_from=date(2026, 2, 1))  # fmt: skip
    benefit_period_record(**acting, system=BenefitSystem.ASYLBLG, valid_from=date(2025, 1, 1))
    obstacle, _created = Obstacle.objects.get_or_create(name=OBSTACLE, defaults={"category": "personal"})
    case.obstacles.add(obstacle)
    case.action_fields = [ActionField.HOUSING]
    case.save(update_fields=["action_fields"])
    return case, obstacle


def pages(personas, case):
    client = client_for(personas.jobcenter)
    detail = client.get(reverse("cases:case_detail", args=[case.pk]))
    export = client.get(reverse("cases:case_export", args=[case.pk]))
    assert (detail.status_code, export.status_code) == (200, 200)
    return detail.content.decode() + export.content.decode("utf-8-sig")


@pytest.mark.parametrize("hidden", list(MARKERS))
def test_a_share_without_a_category_shows_none_of_its_fields(personas, full_case, share_by_consent, hidden):
    case, _obstacle = full_case
    shared = [c for c in DataCategory.values if c not in (hidden, DataCategory.HEALTH)]
    share_by_consent(case, "jobcenter", categories=shared)
    seen = pages(personas, case)
    assert MARKERS[hidden] not in seen
    if hidden in WONT:
        assert WONT[hidden] not in seen
    for category, marker in MARKERS.items():
        if category != hidden:
            assert marker in seen, category


def test_a_master_data_share_shows_the_person_and_no_counselling_content(personas, full_case, share_by_consent):
    case, _obstacle = full_case
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA])
    seen = pages(personas, case)
    assert "Nasser" in seen
    for marker in [*MARKERS.values(), *WONT.values()]:
        assert marker not in seen


def test_the_case_list_filters_disclose_no_category_the_share_leaves_out(personas, full_case, share_by_consent):
    case, obstacle = full_case
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA])
    client = client_for(personas.jobcenter)
    case_list = reverse("cases:case_list")

    def listed(**filters):
        return "Nasser" in client.get(case_list, filters).content.decode()

    assert listed()
    assert not listed(obstacle=obstacle.pk)
    assert not listed(field=ActionField.HOUSING)
    assert not listed(benefit=BenefitSystem.ASYLBLG)
    # The lead team filters its own cases by all of them.
    own = client_for(personas.beratung)
    assert "Nasser" in own.get(case_list, {"obstacle": obstacle.pk, "benefit": BenefitSystem.ASYLBLG}).content.decode()
