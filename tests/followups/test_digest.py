"""The morning digest: one e-mail per caseworker with something due, a number and a link and nothing else, once a
day however often it runs, on working days."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from agencies.models import OutboundEmail
from cases.models import PlanStep
from cases.services.cases import case_close
from followups.digest import digest_send
from followups.models import DigestSent, FollowUp
from followups.services import followup_done
from followups.tasks import digest_send_morning
from tests.races import at_once

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def due(personas, cm_case, colleague, set_followup):
    """Anna Becker: one follow-up due today, one overdue, and the case's overdue plan step (3 items). Jonas Schulte
    (co-worker): one follow-up due today and the same overdue step (2). Lena Vogt: one in three days only (none)."""
    set_followup(cm_case, text="Rückruf Rotkehlchen wegen Kita")
    overdue = set_followup(cm_case, text="Schein bei der VHS")
    FollowUp.objects.filter(pk=overdue.pk).update(due_on=overdue.due_on.replace(day=20))
    set_followup(cm_case, by="asyl", text="Wohnungsbesichtigung")
    set_followup(cm_case, days=3, assigned_to=colleague.user)
    return cm_case


def mails() -> dict[str, OutboundEmail]:
    return {mail.to: mail for mail in OutboundEmail.objects.all()}


def test_one_mail_per_caseworker_with_the_number_and_a_link_only(personas, due, colleague):
    assert digest_send() == 2
    sent = mails()
    assert set(sent) == {personas.beratung.email, personas.asyl.email}
    mail = sent[personas.beratung.email]
    assert mail.subject == "Meine Aufgaben: 3 Aufgaben heute fällig oder überfällig"
    assert "3 Ihrer Wiedervorlagen und Hilfeplan-Schritte sind heute fällig oder überfällig." in mail.body
    assert f"{settings.SITE_URL}/tasks/" in mail.body
    assert mail.agency == personas.agency("team-beratung")
    assert "Meine Aufgaben: 2 Aufgaben" in sent[personas.asyl.email].subject
    # No personal data: not the person's names, not what the follow-ups say, not even the caseworker's own name.
    for mail in sent.values():
        text = mail.subject + mail.body
        for word in ("Rotkehlchen", "Amal", "Kita", "VHS", "Wohnung", "Becker", "Anna", "Schulte", "Haddad"):
            assert word not in text, word


def test_one_item_is_one_task(personas, cm_case, set_followup):
    PlanStep.objects.filter(goal__plan__case=cm_case).update(done_on=cm_case.opened_on)
    set_followup(cm_case)
    digest_send()
    subjects = {mail.to: mail.subject for mail in OutboundEmail.objects.all()}
    assert subjects == {personas.beratung.email: "Meine Aufgaben: 1 Aufgabe heute fällig oder überfällig"}


def test_running_twice_on_a_day_sends_nothing_twice(personas, due):
    assert digest_send() == 2
    assert digest_send_morning.apply().result == 0
    assert OutboundEmail.objects.count() == 2
    assert DigestSent.objects.count() == 2


def test_the_next_working_day_sends_again(personas, due):
    digest_send()
    with time_machine.travel(datetime(2026, 11, 26, 6, 30, tzinfo=BERLIN), tick=False):  # Thursday
        assert digest_send() == 2
    assert OutboundEmail.objects.count() == 4


def test_nothing_on_a_saturday(personas, due):
    with time_machine.travel(datetime(2026, 11, 28, 6, 30, tzinfo=BERLIN), tick=False):
        assert digest_send_morning.apply().result == 0
    assert not OutboundEmail.objects.exists()


def test_users_without_an_address_or_inactive_are_skipped(personas, due):
    personas.beratung.email = ""
    personas.beratung.save()
    personas.asyl.is_active = False
    personas.asyl.save()
    assert digest_send() == 0
    assert not OutboundEmail.objects.exists()


def test_what_is_done_or_on_a_closed_case_is_not_counted(personas, cm_case, make_case, set_followup, today):
    PlanStep.objects.filter(goal__plan__case=cm_case).update(done_on=cm_case.opened_on)
    followup = set_followup(cm_case)
    followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=followup)
    closed = make_case("beratung", family_name="Gimpel")
    set_followup(closed)
    case_close(actor=personas.beratung, membership=personas.membership("beratung"), case=closed, closed_on=today)
    assert digest_send() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_mail_once(personas, due):
    outcomes = at_once(digest_send, digest_send)
    assert sum(outcomes) == 2, outcomes
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        [personas.beratung.email, personas.asyl.email]
    )
