"""The demo's follow-ups: Anna Becker has something overdue, due today and coming up, one tied to a plan step;
Jonas Schulte one on the case he co-works. Seeding twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from agencies.models import User
from followups.models import FollowUp

pytestmark = pytest.mark.django_db


def test_the_demo_follow_ups(login, today):
    call_command("seed_demo", stdout=None)
    rows = list(FollowUp.objects.select_related("assigned_to").order_by("due_on"))
    call_command("seed_demo", stdout=None)
    assert FollowUp.objects.count() == len(rows) == 5
    by_day = {(row.assigned_to.username, (row.due_on - today).days) for row in rows}
    assert by_day == {("beratung", -3), ("beratung", 0), ("beratung", 3), ("beratung", 10), ("asyl", 2)}
    assert sum(1 for row in rows if row.plan_step_id) == 1
    assert all(row.history.exists() for row in rows)
    tasks = login(User.objects.get(username="beratung")).get(reverse("followups:my_tasks")).context["tasks"]
    assert (len(tasks.overdue), len(tasks.due_today), len(tasks.upcoming)) == (1, 1, 2)
    assert tasks.steps  # the Modellfälle's plan steps lie before the day of seeding
