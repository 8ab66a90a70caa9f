"""Follow-ups name a person through their case, and their text may too: erasing the person takes them and their
history rows; the data protection officer's timeline lists their changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services.cases import case_close
from followups.models import FollowUp
from followups.services import followup_done
from privacy.erasure import erase_person
from privacy.timeline import CHANGE, Filters, events
from tests.privacy.test_erasure import tables_naming

pytestmark = pytest.mark.django_db

FAMILY = "Quendolyn"


@pytest.fixture
def followed_up(personas, make_case, set_followup, cm_case):
    """A closed case whose follow-ups name the person, one of them tied to a step of the plan and done."""
    case = make_case("beratung", family_name=FAMILY, kind="case_management")
    from cases.services.cases import personal_goal_add, plan_step_add

    user, membership = personas.beratung, personas.membership("beratung")
    goal = personal_goal_add(actor=user, membership=membership, plan=case.support_plan, title="Sprachkurs")
    step = plan_step_add(actor=user, membership=membership, goal=goal, title="Anmeldung", responsible="Klientin")
    done = set_followup(case, text=f"Frau {FAMILY} anrufen", plan_step=step)
    followup_done(actor=user, membership=membership, followup=done)
    set_followup(case, days=3, text=f"Bescheid für {FAMILY} prüfen")
    set_followup(cm_case, text="Eine andere Person")  # stays
    case_close(actor=user, membership=membership, case=case, closed_on=timezone.localdate())
    return case


def test_erasing_the_person_erases_the_follow_ups_and_their_history(followed_up):
    assert "followups_followup" in tables_naming(FAMILY)
    assert "followups_historicalfollowup" in tables_naming(FAMILY)
    erase_person(followed_up.person_id, reason="Antrag auf Löschung (Art. 17 DSGVO)")
    assert tables_naming(FAMILY) == []
    assert not FollowUp.objects.filter(case_id=followed_up.pk).exists()
    assert not FollowUp.history.filter(case_id=followed_up.pk).exists()
    assert list(FollowUp.objects.values_list("text", flat=True)) == ["Eine andere Person"]


def test_the_retention_job_erases_them_too(followed_up):
    from privacy.retention import apply_retention

    assert apply_retention(today=timezone.localdate() + timedelta(days=5 * 366))["closed_case"] == 1
    assert not FollowUp.history.filter(case_id=followed_up.pk).exists()


def test_the_timeline_lists_the_changes_of_follow_ups(personas, followed_up):
    rows = events(followed_up.person, {personas.agency("team-beratung").pk}, Filters(kind=CHANGE))
    followup_rows = [row for row in rows if row.what.startswith("Wiedervorlage:")]
    assert len(followup_rows) == 3  # two set, one marked done
    assert {row.case_id for row in followup_rows} == {followed_up.pk}
