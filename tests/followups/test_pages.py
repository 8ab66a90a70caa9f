"""The case's tab "Wiedervorlagen", the page "Meine Aufgaben" with its navigation count, and the overdue marks of
the case overview."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agencies.submissions import SUBMISSION_FIELD
from cases.models import AccessLog, PlanStep
from cases.models.choices import AccessAction, CaseKind
from cases.services.cases import personal_goal_add, plan_step_add, plan_step_done
from followups.models import FollowUp
from followups.services import followup_done
from tests.cases.test_submit_once import token_of_form
from tests.queries import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def backdate(followup: FollowUp, days: int) -> FollowUp:
    """A follow-up set `days` ago for that day (the service refuses a day in the past)."""
    FollowUp.objects.filter(pk=followup.pk).update(due_on=followup.due_on - timedelta(days=days))
    followup.refresh_from_db()
    return followup


def nav_count(response) -> int | None:
    return {item.url_name: count for item, count in response.context["nav_items"]}.get("followups:my_tasks")


def test_the_tab_lists_open_ones_first_and_marks_the_overdue(personas, login, cm_case, set_followup):
    done = set_followup(cm_case, text="Erledigte Sache")
    followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=done)
    backdate(set_followup(cm_case, text="Schein bei der VHS nachfragen"), 2)
    set_followup(cm_case, days=4, text="Termin vorbereiten")
    page = login(personas.beratung).get(reverse("followups:case_followups", args=[cm_case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Schein bei der VHS") < html.index("Termin vorbereiten") < html.index("Erledigte Sache")
    assert html.count(">überfällig<") == 1
    assert "erledigt am 25.11.2026 von Anna Becker" in html
    assert html.count(">Erledigt<") == 2  # the two open ones
    assert AccessLog.objects.filter(case=cm_case, user=personas.beratung, action=AccessAction.DETAIL).exists()


def test_setting_one_through_the_form(personas, login, cm_case, colleague):
    client = login(personas.beratung)
    url = reverse("followups:case_followups", args=[cm_case.pk])
    step = PlanStep.objects.filter(goal__plan__case=cm_case).first()
    answer = client.post(url, {
        "followup-due_on": "2026-12-01", "followup-text": "Rückruf Familienzentrum",
        "followup-assigned_to": colleague.user.pk, "followup-plan_step": step.pk,
    })  # fmt: skip
    assert answer.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.assigned_to, followup.created_by, followup.plan_step) == (colleague.user, personas.beratung, step)


def test_a_refused_form_is_shown_again_with_the_refusal_at_its_field(personas, login, cm_case):
    client = login(personas.beratung)
    url = reverse("followups:case_followups", args=[cm_case.pk])
    answer = client.post(url, {"followup-due_on": "2026-11-24", "followup-text": "Rückruf",
                               "followup-assigned_to": personas.beratung.pk})  # fmt: skip
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"due_on": ["Der Tag der Wiedervorlage liegt in der Vergangenheit."]}
    assert not FollowUp.objects.exists()


def test_the_form_offers_oneself_and_the_colleagues_who_work_on_the_case(personas, login, cm_case, colleague):
    choices = dict(
        login(personas.beratung).get(reverse("followups:case_followups", args=[cm_case.pk]))
        .context["form"].fields["assigned_to"].choices
    )  # fmt: skip
    assert set(choices.values()) == {"Mich selbst (Anna Becker)", "Lena Vogt"}
    # The co-worker of the asylum-benefits team: only himself (his colleagues do not work on the case).
    choices = dict(
        login(personas.asyl).get(reverse("followups:case_followups", args=[cm_case.pk]))
        .context["form"].fields["assigned_to"].choices
    )  # fmt: skip
    assert set(choices.values()) == {"Mich selbst (Jonas Schulte)"}


def test_a_form_sent_twice_sets_one_follow_up(personas, login, cm_case):
    client = login(personas.beratung)
    url = reverse("followups:case_followups", args=[cm_case.pk])
    token = token_of_form(client.get(url).content.decode(), url)
    data = {"followup-due_on": "2026-11-30", "followup-text": "Rückruf", "followup-assigned_to": personas.beratung.pk,
            SUBMISSION_FIELD: token}  # fmt: skip
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "bereits abgeschickt" in second.content.decode()
    assert FollowUp.objects.count() == 1


def test_done_twice_from_two_open_pages_is_refused_with_a_clear_message(personas, login, cm_case, set_followup):
    followup = set_followup(cm_case)
    client = login(personas.beratung)
    page = reverse("followups:case_followups", args=[cm_case.pk])
    done = reverse("followups:followup_done", args=[cm_case.pk, followup.pk])
    tokens = [token_of_form(client.get(page).content.decode(), done) for _ in range(2)]
    first = client.post(done, {SUBMISSION_FIELD: tokens[0]}, follow=True)
    assert "Die Wiedervorlage ist als erledigt markiert." in first.content.decode()
    second = client.post(done, {SUBMISSION_FIELD: tokens[1]}, follow=True)
    assert "Diese Wiedervorlage wurde bereits am 25.11.2026 als erledigt markiert." in second.content.decode()
    assert followup.history.count() == 2


def test_moving_a_follow_up(personas, login, cm_case, set_followup, today):
    followup = set_followup(cm_case)
    client = login(personas.beratung)
    url = reverse("followups:followup_reschedule", args=[cm_case.pk, followup.pk])
    answer = client.post(url, {"due_on": "2026-12-03", "back": "tasks"})
    assert answer["Location"] == reverse("followups:my_tasks")
    followup.refresh_from_db()
    assert followup.due_on == today + timedelta(days=8)
    refused = client.post(url, {"due_on": "2026-11-01"}, follow=True)
    assert "Der Tag der Wiedervorlage liegt in der Vergangenheit." in refused.content.decode()


def test_the_tab_is_offered_to_those_who_work_on_the_case_only(personas, login, cm_case, share_by_consent):
    share_by_consent(cm_case, "jobcenter")
    url = reverse("followups:case_followups", args=[cm_case.pk])
    for persona, offered in (("beratung", True), ("asyl", True), ("jobcenter", False)):
        detail = login(personas.users[persona]).get(reverse("cases:case_detail", args=[cm_case.pk]))
        assert (f'href="{url}"' in detail.content.decode()) is offered, persona


def test_the_case_overview_marks_overdue_steps_and_goals(personas, login, cm_case, today):
    user, membership = personas.beratung, personas.membership("beratung")
    goal = personal_goal_add(actor=user, membership=membership, plan=cm_case.support_plan, title="Ausbildung",
                             target_date=today + timedelta(days=30))  # fmt: skip
    done = plan_step_add(actor=user, membership=membership, goal=goal, title="Bewerbungsmappe", responsible="Patin",
                         due_on=today - timedelta(days=9))  # fmt: skip
    plan_step_done(actor=user, membership=membership, step=done, done_on=today)
    html = login(user).get(reverse("cases:case_detail", args=[cm_case.pk])).content.decode()
    badge = '<span class="kern-badge kern-badge--danger"><span class="kern-label">überfällig</span></span>'
    # The goal whose target date passed and its overdue step; not the step due in five days, not the done one,
    # not the goal still ahead.
    assert html.count(badge) == 2
    assert f"Eigene Wohnung beziehen – Zieldatum 24.11.2026 {badge}</h3>" in html
    assert f"Wohnberechtigungsschein beantragen (Klientin, fällig am 23.11.2026) {badge}" in html


def test_my_tasks_groups_the_follow_ups_and_lists_the_plan_steps(personas, login, cm_case, make_case, set_followup):
    other = make_case("beratung", family_name="Goldammer")
    backdate(set_followup(cm_case, text="Überfällige Sache"), 3)
    set_followup(other, text="Heutige Sache")
    set_followup(cm_case, days=14, text="Sache in zwei Wochen")
    set_followup(cm_case, days=15, text="Sache in drei Wochen")  # beyond the 14 days
    finished = set_followup(cm_case, text="Erledigte Sache")
    followup_done(actor=personas.beratung, membership=personas.membership("beratung"), followup=finished)
    set_followup(cm_case, by="asyl", text="Sache des Mitarbeiters")  # someone else's
    page = login(personas.beratung).get(reverse("followups:my_tasks"))
    html = page.content.decode()
    tasks = page.context["tasks"]
    assert [f.text for f in tasks.overdue] == ["Überfällige Sache"]
    assert [f.text for f in tasks.due_today] == ["Heutige Sache"]
    assert [f.text for f in tasks.upcoming] == ["Sache in zwei Wochen"]
    assert [step.title for step in tasks.steps] == ["Wohnberechtigungsschein beantragen", "Besichtigung vereinbaren"]
    for elsewhere in ("Sache in drei Wochen", "Erledigte Sache", "Sache des Mitarbeiters"):
        assert elsewhere not in html
    for heading in ("Überfällig (1)", "Heute (1)", "Demnächst (1)", "Schritte aus Hilfeplänen"):
        assert heading in html
    assert html.count(">überfällig<") == 2  # the overdue follow-up and the overdue step
    assert f'href="{reverse("followups:case_followups", args=[other.pk])}">Goldammer, Amal</a>' in html
    assert f'href="{reverse("cases:case_detail", args=[cm_case.pk])}">Rotkehlchen, Amal</a>' in html
    read = AccessLog.objects.filter(user=personas.beratung, action=AccessAction.LIST).latest("pk")
    assert sorted(read.persons) == sorted([cm_case.person_id, other.person_id])
    # The navigation counts what is due today or overdue: two follow-ups and one step.
    assert nav_count(page) == 3


def test_the_co_worker_sees_the_steps_of_the_case_he_co_works(personas, login, cm_case):
    tasks = login(personas.asyl).get(reverse("followups:my_tasks")).context["tasks"]
    assert [step.goal.plan.case_id for step in tasks.steps] == [cm_case.pk, cm_case.pk]


def test_a_case_no_longer_visible_takes_its_follow_ups_off_the_list(personas, login, cm_case, set_followup):
    from cases.services.coworkers import case_coworker_remove

    set_followup(cm_case, by="asyl")
    client = login(personas.asyl)
    assert len(client.get(reverse("followups:my_tasks")).context["tasks"].due_today) == 1
    grant = cm_case.coworker_grants.get()
    case_coworker_remove(actor=personas.beratung, membership=personas.membership("beratung"), case=cm_case,
                         grant_pk=grant.pk)  # fmt: skip
    tasks = client.get(reverse("followups:my_tasks")).context["tasks"]
    assert tasks.due_today == []
    assert tasks.steps == []


def test_the_task_page_costs_the_same_queries_for_one_item_and_for_many(personas, login, make_case, set_followup):
    client = login(personas.beratung)
    first = make_case("beratung", family_name="Erste", kind=CaseKind.CASE_MANAGEMENT)
    set_followup(first)

    def page():
        assert client.get(reverse("followups:my_tasks")).status_code == 200

    def grow():
        for number in range(8):
            case = make_case("beratung", family_name=f"Fall{number}", kind=CaseKind.CASE_MANAGEMENT)
            backdate(set_followup(case, text=f"Sache {number}"), number % 3)
            set_followup(case, days=number + 1)
            goal = personal_goal_add(actor=personas.beratung, membership=personas.membership("beratung"),
                                     plan=case.support_plan, title=f"Ziel {number}")  # fmt: skip
            plan_step_add(actor=personas.beratung, membership=personas.membership("beratung"), goal=goal,
                          title=f"Schritt {number}", responsible="Klientin", due_on=first.opened_on)  # fmt: skip

    queries = assert_constant_queries(page, grow)
    # What every page of the user costs (session, user, memberships, the navigation's counts, session save), and the
    # page's own: the follow-ups, the plan steps and the row of the access log (in the view's savepoint).
    base, listing = count_queries(lambda: client.get(reverse("home")))
    assert queries == base + TASK_PAGE_OWN_QUERIES, listing


TASK_PAGE_OWN_QUERIES = 5  # the follow-ups, the plan steps, the access log row (savepoint, insert, release)


def test_the_navigation_count_follows_every_change_at_once(personas, login, cm_case, colleague, set_followup):
    client = login(personas.beratung)
    assert nav_count(client.get(reverse("home"))) == 1  # the overdue step of the case
    set_followup(cm_case, by="beratung", assigned_to=personas.beratung)
    assert nav_count(client.get(reverse("home"))) == 2  # a colleague's change shows on the next page
    assert nav_count(login(personas.vhs).get(reverse("home"))) is None  # no task list, no item


def test_the_navigation_counts_tasks_in_the_query_of_all_its_numbers(personas, login, cm_case, set_followup):
    client = login(personas.beratung)
    before, _ = count_queries(lambda: client.get(reverse("home")))
    for _number in range(3):
        set_followup(cm_case, by="beratung", assigned_to=personas.beratung)
    after, listing = count_queries(lambda: client.get(reverse("home")))
    assert after == before, listing
    counting = [line for line in listing.splitlines() if "SELECT (SELECT count(*)" in line]
    assert len(counting) == 1, listing


def test_the_tab_costs_the_same_queries_for_one_follow_up_and_for_many(personas, login, cm_case, colleague,
                                                                       set_followup):  # fmt: skip
    set_followup(cm_case)
    client = login(personas.beratung)
    steps = list(PlanStep.objects.filter(goal__plan__case=cm_case))

    def page():
        assert client.get(reverse("followups:case_followups", args=[cm_case.pk])).status_code == 200

    def grow():
        for number in range(12):
            followup = set_followup(cm_case, days=number, assigned_to=colleague.user if number % 2 else None,
                                    plan_step=steps[number % 2] if number % 3 else None)  # fmt: skip
            if number % 4 == 0:
                followup_done(actor=colleague.user, membership=colleague, followup=followup)
        set_followup(cm_case, by="asyl")

    assert_constant_queries(page, grow)
