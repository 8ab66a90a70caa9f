import pytest
from django.urls import reverse

from cases.models import Obstacle, PlanStep
from cases.models.choices import CaseKind

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
    residence = {"kind": "aufenthaltserlaubnis", "legal_basis": "§ 25 Abs. 2 AufenthG", "valid_from": "2026-02-01"}
    client.post(reverse("cases:residence_add", args=[case.pk]), {f"residence-{k}": v for k, v in residence.items()})
    client.post(
        reverse("cases:benefit_add", args=[case.pk]), {"benefit-system": "asylblg", "benefit-valid_from": "2025-01-01"}
    )
    client.post(
        reverse("cases:benefit_add", args=[case.pk]), {"benefit-system": "sgb2", "benefit-valid_from": "2026-02-01"}
    )
    person = case.person
    assert person.residence_statuses.get().legal_basis == "§ 25 Abs. 2 AufenthG"
    assert list(person.benefit_periods.filter(valid_until__isnull=True).values_list("system", flat=True)) == ["sgb2"]
    refused = client.post(
        reverse("cases:benefit_add", args=[case.pk]),
        {"benefit-system": "sgb12", "benefit-valid_from": "2025-06-01"},
        follow=True,
    )
    assert "späterer Leistungszeitraum" in refused.content.decode()
    assert person.benefit_periods.count() == 2
