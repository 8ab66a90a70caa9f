"""The small forms of the case overview (residence status, benefit system, goal, step, phase, topics) and the closing
page: sent with errors or refused by the service, the page comes back (400) with the form as sent, each error at its
field and in the error summary above the form, linked to the field; nothing is saved."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import AccessLog, Obstacle, PersonalGoal, PlanStep
from cases.models.choices import AccessAction, CaseKind
from cases.services.cases import personal_goal_add
from cases.services.persons import benefit_period_record
from tests.form_pages import element, shown_value, summary_entries

pytestmark = pytest.mark.django_db

REQUIRED = "Dieses Feld ist zwingend erforderlich."


@pytest.fixture
def lead(personas, login):
    return login(personas.beratung)


@pytest.fixture
def cm_case(make_case):
    return make_case(kind=CaseKind.CASE_MANAGEMENT)


def _details_open_around(response, element_id: str) -> bool:
    return element(response, element_id).xpath("ancestor::details[1]")[0].get("open") is not None


def test_an_incomplete_residence_status_comes_back_at_its_field(lead, cm_case):
    sent = {"kind": "aufenthaltserlaubnis", "title": "25_2", "valid_from": "", "residence_rule_place": "Rheine"}
    reads = AccessLog.objects.filter(case=cm_case, action=AccessAction.DETAIL).count()
    response = lead.post(
        reverse("cases:residence_add", args=[cm_case.pk]), {f"residence-{k}": v for k, v in sent.items()}
    )
    assert response.status_code == 400
    assert summary_entries(response) == [("#id_residence-valid_from", f"Erteilt am: {REQUIRED}")]
    assert shown_value(response, "id_residence-kind") == "aufenthaltserlaubnis"
    assert shown_value(response, "id_residence-title") == "25_2"
    assert shown_value(response, "id_residence-residence_rule_place") == "Rheine"
    assert element(response, "id_residence-valid_from").get("aria-invalid") == "true"
    assert _details_open_around(response, "id_residence-valid_from")
    assert not cm_case.person.residence_statuses.exists()
    # The rest of the overview as usual, and a read of the case like the overview's own.
    assert "Hilfeplan" in response.content.decode()
    assert AccessLog.objects.filter(case=cm_case, action=AccessAction.DETAIL).count() == reads + 1


@pytest.mark.parametrize(
    ("sent", "entry"),
    [
        ({"kind": "gestattung", "title": "25_2", "valid_from": "2026-03-01"}, ("#id_residence-title", "Paragraf: ")),
        ({"kind": "duldung", "valid_from": "2026-12-01"}, ("#id_residence-valid_from", "Erteilt am: Das Datum")),
    ],
    ids=["paragraph-refused-by-the-service", "date-in-the-future"],
)
def test_a_refused_residence_status_comes_back_at_its_field(lead, cm_case, sent, entry):
    response = lead.post(
        reverse("cases:residence_add", args=[cm_case.pk]), {f"residence-{k}": v for k, v in sent.items()}
    )
    assert response.status_code == 400
    [(target, text)] = summary_entries(response)
    assert (target, text[: len(entry[1])]) == entry
    assert shown_value(response, "id_residence-valid_from") == sent["valid_from"]
    assert not cm_case.person.residence_statuses.exists()


def test_a_benefit_system_refused_by_the_service_comes_back_at_its_field(personas, lead, cm_case):
    benefit_period_record(
        actor=personas.beratung, membership=personas.membership("beratung"), person=cm_case.person,
        system="sgb2", valid_from=date(2026, 2, 1),
    )  # fmt: skip
    url = reverse("cases:benefit_add", args=[cm_case.pk])
    empty = lead.post(url, {"benefit-system": "sgb12", "benefit-valid_from": ""})
    assert empty.status_code == 400
    assert summary_entries(empty) == [("#id_benefit-valid_from", f"Gültig ab: {REQUIRED}")]
    assert shown_value(empty, "id_benefit-system") == "sgb12"
    assert _details_open_around(empty, "id_benefit-valid_from")

    refused = lead.post(url, {"benefit-system": "sgb12", "benefit-valid_from": "2025-06-01"})
    assert refused.status_code == 400
    assert summary_entries(refused) == [
        ("#id_benefit-valid_from", "Gültig ab: Es ist bereits ein späterer Leistungszeitraum erfasst.")
    ]
    assert (shown_value(refused, "id_benefit-system"), shown_value(refused, "id_benefit-valid_from")) == (
        "sgb12",
        "2025-06-01",
    )
    assert list(cm_case.person.benefit_periods.values_list("system", flat=True)) == ["sgb2"]


def test_a_goal_without_a_title_comes_back_with_its_target_date(lead, cm_case):
    response = lead.post(
        reverse("cases:goal_add", args=[cm_case.pk]), {"goal-title": "", "goal-target_date": "2027-01-31"}
    )
    assert response.status_code == 400
    assert summary_entries(response) == [("#id_goal-title", f"Ziel: {REQUIRED}")]
    assert shown_value(response, "id_goal-target_date") == "2027-01-31"
    assert not PersonalGoal.objects.filter(plan=cm_case.support_plan).exists()


def test_a_step_comes_back_in_the_form_of_its_goal(personas, lead, cm_case):
    acting = {"actor": personas.beratung, "membership": personas.membership("beratung"), "plan": cm_case.support_plan}
    first = personal_goal_add(**acting, title="Deutschkurs B1 abschließen")
    second = personal_goal_add(**acting, title="Arbeitsaufnahme im Handwerk")
    response = lead.post(
        reverse("cases:step_add", args=[cm_case.pk, second.pk]),
        {f"step{second.pk}-title": "", f"step{second.pk}-responsible": "Frau Becker", f"step{second.pk}-due_on": ""},
    )
    assert response.status_code == 400
    assert summary_entries(response) == [(f"#id_step{second.pk}-title", f"Schritt: {REQUIRED}")]
    assert shown_value(response, f"id_step{second.pk}-responsible") == "Frau Becker"
    assert _details_open_around(response, f"id_step{second.pk}-title")
    # The other goal's form is empty and closed.
    assert shown_value(response, f"id_step{first.pk}-responsible") == ""
    assert not _details_open_around(response, f"id_step{first.pk}-title")
    assert not PlanStep.objects.filter(goal__plan=cm_case.support_plan).exists()


def test_an_unknown_phase_comes_back_at_its_field(lead, cm_case):
    response = lead.post(reverse("cases:case_phase", args=[cm_case.pk]), {"phase": "unknown"})
    assert response.status_code == 400
    assert summary_entries(response) == [
        ("#id_phase", "Phase: Bitte eine gültige Auswahl treffen. unknown ist keine gültige Auswahl.")
    ]
    cm_case.refresh_from_db()
    assert cm_case.phase == "intake"


def test_a_phase_the_service_refuses_comes_back_above_the_form(lead, make_case):
    counselling = make_case(kind=CaseKind.COUNSELLING)
    response = lead.post(reverse("cases:case_phase", args=[counselling.pk]), {"phase": "assessment"})
    assert response.status_code == 400
    assert summary_entries(response) == [("", "Nur Case-Management-Fälle haben Phasen.")]
    assert shown_value(response, "id_phase") == "assessment"
    counselling.refresh_from_db()
    assert counselling.phase == ""


def test_topics_come_back_with_the_error_tied_to_the_checkbox_group(lead, cm_case):
    obstacle = Obstacle.objects.get(name="Sprachvermögen")
    response = lead.post(
        reverse("cases:case_topics", args=[cm_case.pk]),
        {"action_fields": ["language", "unknown"], "obstacles": [obstacle.pk]},
    )
    assert response.status_code == 400
    assert summary_entries(response) == [
        ("#id_action_fields", "Handlungsfelder: Bitte eine gültige Auswahl treffen. unknown ist keine gültige Auswahl.")
    ]
    # The summary links to the group's fieldset, which names its error message.
    group = element(response, "id_action_fields")
    assert group.tag == "fieldset"
    assert "id_action_fields_error" in group.get("aria-describedby").split()
    assert "unknown ist keine gültige Auswahl" in element(response, "id_action_fields_error").text_content()
    checkboxes = group.xpath(".//input[@type='checkbox']")
    assert checkboxes
    assert all(box.get("aria-invalid") == "true" for box in checkboxes)
    # What was ticked stays ticked; the group without an error is not marked.
    language = next(box.get("id") for box in checkboxes if box.get("value") == "language")
    assert shown_value(response, language) is True
    obstacle_box = element(response, "id_obstacles").xpath(f".//input[@value='{obstacle.pk}']")[0]
    assert obstacle_box.get("checked") is not None
    assert element(response, "id_obstacles").get("aria-describedby") is None
    assert _details_open_around(response, "id_action_fields")
    cm_case.refresh_from_db()
    assert (cm_case.action_fields, list(cm_case.obstacles.all())) == ([], [])


def test_the_closing_page_shows_its_errors_in_the_summary(lead, cm_case):
    url = reverse("cases:case_close", args=[cm_case.pk])
    empty = lead.post(url, {"closed_on": ""})
    assert empty.status_code == 400
    assert summary_entries(empty) == [("#id_closed_on", f"Abgeschlossen am: {REQUIRED}")]

    refused = lead.post(url, {"closed_on": "2026-01-01"})  # the case was opened on 2 March 2026
    assert refused.status_code == 400
    assert summary_entries(refused) == [
        ("#id_closed_on", "Abgeschlossen am: Das Abschlussdatum liegt vor dem Eröffnungsdatum.")
    ]
    assert shown_value(refused, "id_closed_on") == "2026-01-01"
    cm_case.refresh_from_db()
    assert cm_case.status == "open"
