"""The follow-ups build on the case fixtures: a Case-Management case of the counselling team with a plan, a
colleague of Anna Becker (`beratung`) in her team, and Jonas Schulte (`asyl`) as co-worker of the case."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases.models.choices import CaseKind
from cases.services.cases import personal_goal_add, plan_step_add
from cases.services.coworkers import case_coworker_add
from followups.services import followup_set
from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement, share_by_consent
from tests.factories import MembershipFactory

__all__ = ["make_case", "make_course", "make_enrolment", "make_entitlement", "share_by_consent"]

TODAY = date(2026, 11, 25)  # the tests' frozen day, a Wednesday (tests/conftest.py)


@pytest.fixture
def today() -> date:
    assert timezone.localdate() == TODAY
    return TODAY


@pytest.fixture
def colleague(personas) -> Membership:
    """A second caseworker of the counselling team."""
    return MembershipFactory(agency=personas.agency("team-beratung"), user__first_name="Lena", user__last_name="Vogt")


@pytest.fixture
def cm_case(personas, make_case, today):
    """A Case-Management case of `beratung` (its case manager) with one goal and two open steps, one overdue, and
    Jonas Schulte (`asyl`) of the asylum-benefits team as co-worker."""
    user, membership = personas.beratung, personas.membership("beratung")
    case = make_case("beratung", family_name="Rotkehlchen", kind=CaseKind.CASE_MANAGEMENT)
    goal = personal_goal_add(
        actor=user, membership=membership, plan=case.support_plan, title="Eigene Wohnung beziehen",
        target_date=today - timedelta(days=1),
    )  # fmt: skip
    plan_step_add(
        actor=user, membership=membership, goal=goal, title="Wohnberechtigungsschein beantragen",
        responsible="Klientin", due_on=today - timedelta(days=2),
    )  # fmt: skip
    plan_step_add(
        actor=user, membership=membership, goal=goal, title="Besichtigung vereinbaren", responsible="Case Managerin",
        due_on=today + timedelta(days=5),
    )  # fmt: skip
    case_coworker_add(actor=user, membership=membership, case=case, colleague=personas.asyl, reason="Wohnungssuche")
    return case


@pytest.fixture
def set_followup(personas):
    """set_followup(case, by="beratung", days=0, text=..., **more) -> a follow-up set through the service."""

    def make(case, *, by: str = "beratung", days: int = 0, text: str = "Rückruf wegen Kita-Platz", **more):
        return followup_set(
            actor=personas.users[by], membership=personas.membership(by), case=case,
            due_on=timezone.localdate() + timedelta(days=days), text=text, **more,
        )  # fmt: skip

    return make
