"""The goal method in two roles: the coordinator derives an Ergebnisziel with an activity from an adopted Rahmenziel,
and the steering group adopts it. axe-core checks every page on the way."""

from datetime import date

import pytest
from playwright.sync_api import expect

from goals.models import Activity, Goal
from goals.models.choices import GoalLevel
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Alle Kursträger melden Fehlzeiten verpflichteter Teilnehmender innerhalb einer Woche."
ACTIVITY = "Meldebogen mit VHS und Sprachinstitut abstimmen"


@pytest.fixture
def adopted_framework(personas, steering_group, framework):
    for goal in (framework.parent, framework):
        goal.adopted_by, goal.adopted_on = steering_group, date(2018, 3, 1)
        goal.save()
    return framework


def test_coordinator_derives_a_result_goal_and_the_steering_group_adopts_it(page, personas, adopted_framework):
    sign_in(page, "koordination")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Ziele").click()
    assert_accessible(page)
    page.get_by_role("link", name=adopted_framework.statement[:40]).click()
    assert_accessible(page)
    page.get_by_role("link", name="Ziel daraus ableiten").click()
    assert_accessible(page)
    page.get_by_label("Nummer").fill("1.1.2")
    page.get_by_label("Ziel", exact=True).fill(STATEMENT)
    page.get_by_label("Zielwert").fill("100")
    page.get_by_label("Termin").fill("2030-12-31")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.1.2")
    assert_accessible(page)

    page.get_by_text("Aktivität vorschlagen").click()
    page.get_by_label("Aktivität", exact=True).fill(ACTIVITY)
    page.get_by_role("button", name="Vorschlagen").click()
    expect(page.get_by_role("cell", name=ACTIVITY)).to_be_visible()
    assert_accessible(page)
    goal = Goal.objects.get(number="1.1.2")
    assert (goal.level, goal.parent, goal.adopted_on) == (GoalLevel.RESULT, adopted_framework, None)
    assert Activity.objects.get(goal=goal).proposed_by == personas.koordination
    goal_url = page.url

    page.context.clear_cookies()
    sign_in(page, "lenkung")
    page.goto(goal_url)
    assert_accessible(page)
    page.get_by_role("button", name="Ziel beschließen").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    goal.refresh_from_db()
    assert goal.adopted_on is not None
    assert goal.history.first().history_user == personas.lenkung
