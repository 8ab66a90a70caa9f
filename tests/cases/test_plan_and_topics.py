from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Obstacle, PlanStep
from cases.models.choices import CaseKind
from cases.services.persons import residence_status_record

pytestmark = pytest.mark.django_db


def test_lead_caseworker_sets_fields_of_action_and_obstacles(personas, login, make_case):
    case = make_case()
    obstacle = Obstacle.objects.get(name="Sprachvermögen")
    client = login(personas.beratung)
    response = client.post(
        reverse("cases:case_topics", args=[case.pk]),
        {"action_fields": ["language", "work"], "obstacles": [obstacle.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.action_fields == ["language", "work"]
    assert list(case.obstacles.all()) == [obstacle]
    assert case.history.latest().history_user == personas.beratung
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Sprache, Arbeit, Ausbildung, Qualifizierung" in page


def test_support_plan_goal_step_and_done(personas, login, make_case):
    case = make_case(kind=CaseKind.CASE_MANAGEMENT)
    client = login(personas.beratung)
    client.post(reverse("cases:goal_add", args=[case.pk]), {"goal-title": "Arbeitsaufnahme im Handwerk"})
    goal = case.support_plan.goals.get()
    client.post(
        reverse("cases:step_add", args=[case.pk, goal.pk]),
        {f"step{goal.pk}-title": "Praktikum suchen", f"step{goal.pk}-responsible": "Herr Yılmaz (Jobcenter)"},
    )
    step = PlanStep.objects.get(goal=goal)
    client.post(reverse("cases:step_done", args=[case.pk, step.pk]))
    step.refresh_from_db()
    assert step.done_on is not None
    assert step.history.latest().history_user == personas.beratung
    again = client.post(reverse("cases:step_done", args=[case.pk, step.pk]), follow=True)
    assert "bereits erledigt" in again.content.decode()


def test_counselling_cases_have_no_plan(personas, login, make_case):
    case = make_case(kind=CaseKind.COUNSELLING)
    response = login(personas.beratung).post(reverse("cases:goal_add", args=[case.pk]), {"goal-title": "Ziel"})
    assert response.status_code == 404


def test_lead_records_a_new_residence_status_and_benefit_system(personas, login, make_case):
    case = make_case()
    client = login(personas.beratung)
    residence = {
        "kind": "aufenthaltserlaubnis", "title": "25_2", "valid_from": "2026-02-01", "valid_until": "2029-01-31",
        "residence_rule_place": "Rheine",
    }  # fmt: skip
    client.post(reverse("cases:residence_add", args=[case.pk]), {f"residence-{k}": v for k, v in residence.items()})
    client.post(
        reverse("cases:benefit_add", args=[case.pk]), {"benefit-system": "asylblg", "benefit-valid_from": "2025-01-01"}
    )
    client.post(
        reverse("cases:benefit_add", args=[case.pk]), {"benefit-system": "sgb2", "benefit-valid_from": "2026-02-01"}
    )
    person = case.person
    status = person.residence_statuses.get()
    assert (status.title, status.valid_until, status.residence_rule_place) == ("25_2", date(2029, 1, 31), "Rheine")
    assert "§ 25 Abs. 2 AufenthG" in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert list(person.benefit_periods.filter(valid_until__isnull=True).values_list("system", flat=True)) == ["sgb2"]
    refused = client.post(
        reverse("cases:benefit_add", args=[case.pk]),
        {"benefit-system": "sgb12", "benefit-valid_from": "2025-06-01"},
        follow=True,
    )
    assert "späterer Leistungszeitraum" in refused.content.decode()
    assert person.benefit_periods.count() == 2


def test_a_title_must_fit_its_kind_and_a_new_title_ends_the_former(personas, make_case):
    """§ 44 AufenthG reads the paragraph: a permission to stay is granted under § 55 AsylG only, and the title
    that replaces it ends it the day before."""
    case = make_case()
    acting = {"actor": personas.beratung, "membership": personas.membership("beratung"), "person": case.person}
    with pytest.raises(ValidationError) as refused:
        residence_status_record(**acting, kind="gestattung", title="25_2", valid_from=date(2025, 3, 1))
    assert "title" in refused.value.message_dict
    asylum = residence_status_record(**acting, kind="gestattung", valid_from=date(2025, 3, 1))
    assert asylum.title == "asylg_55"  # the only paragraph of a permission to stay
    residence_status_record(**acting, kind="aufenthaltserlaubnis", title="25_2", valid_from=date(2026, 2, 1))
    asylum.refresh_from_db()
    assert asylum.valid_until == date(2026, 1, 31)
    with pytest.raises(ValidationError) as refused:
        residence_status_record(**acting, kind="duldung", title="60a_2_1", valid_from=date(2026, 1, 1))
    assert "valid_from" in refused.value.message_dict
