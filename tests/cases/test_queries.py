"""The case list and the case detail cost the same number of queries for 1 and for 25 cases."""

import pytest
from django.urls import reverse

from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

# session, user, memberships, filter options (agencies, obstacles), page rows, session save (3)
CASE_LIST_QUERIES = 11  # with the open-alert count of the navigation and the row logging the page's read
# session, user, memberships, case with person, agency and manager, [the share's categories], access log (3, in a
# savepoint), residence, benefits, obstacles, [the obstacle choices of the lead's topics form], session save (3)
CASE_DETAIL_QUERIES = {"beratung": 15, "jobcenter": 13}  # the share names neither residence nor benefits


def test_case_list_for_a_plain_caseworker(personas, login, make_case):
    make_case("beratung", family_name="Erste")
    client = login(personas.beratung)

    def page():
        assert client.get(reverse("cases:case_list")).status_code == 200

    queries = assert_constant_queries(page, lambda: [make_case("beratung", family_name=f"F{i}") for i in range(24)])
    assert queries == CASE_LIST_QUERIES


def test_case_list_for_a_caseworker_with_shares(personas, login, make_case, share_by_consent):
    make_case("jobcenter", family_name="Eigen")
    client = login(personas.jobcenter)

    def page():
        response = client.get(reverse("cases:case_list"))
        assert response.status_code == 200
        return response

    def grow():
        for i in range(24):
            share_by_consent(make_case("beratung", family_name=f"Geteilt{i}"), "jobcenter")

    queries = assert_constant_queries(page, grow)
    assert queries == CASE_LIST_QUERIES
    assert len(page().context["page"].rows) == 25


@pytest.mark.parametrize("username", ["beratung", "jobcenter"])
def test_case_detail_does_not_grow_with_the_case(
    personas, login, make_case, share_by_consent, make_course, make_entitlement, make_enrolment, username
):
    case = make_case("beratung")
    share_by_consent(case, "jobcenter")
    client = login(personas.users[username])

    def page():
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200

    def grow():
        from datetime import date

        from cases.services.persons import benefit_period_record, residence_status_record

        for year in range(2016, 2026):
            residence_status_record(
                actor=personas.beratung,
                membership=personas.membership("beratung"),
                person=case.person,
                kind="gestattung",
                valid_from=date(year, 1, 1),
            )
            benefit_period_record(
                actor=personas.beratung,
                membership=personas.membership("beratung"),
                person=case.person,
                system="asylblg",
                valid_from=date(year, 1, 1),
            )
        for provider in ("vhs", "sprachinstitut"):  # slips and enrolments, each with their agencies
            slip = make_entitlement(case.person, issuer="jobcenter" if provider == "vhs" else "abh")
            make_enrolment(case.person, make_course(provider=provider), entitlement=slip)

    queries = assert_constant_queries(page, grow)
    assert queries == CASE_DETAIL_QUERIES[username]


def test_case_management_detail_shows_the_plan_at_a_fixed_cost(personas, login, make_case):
    from datetime import date

    from cases.models.choices import CaseKind
    from cases.services.cases import personal_goal_add, plan_step_add

    case = make_case("beratung", kind=CaseKind.CASE_MANAGEMENT)
    user, membership = personas.beratung, personas.membership("beratung")
    first = personal_goal_add(
        actor=user, membership=membership, plan=case.support_plan, title="Deutschkurs B1 abschließen"
    )
    plan_step_add(actor=user, membership=membership, goal=first, title="Anmeldung VHS", responsible="Frau Becker")
    client = login(personas.beratung)

    def page():
        response = client.get(reverse("cases:case_detail", args=[case.pk]))
        assert response.status_code == 200
        return response

    def grow():
        for i in range(5):
            goal = personal_goal_add(actor=user, membership=membership, plan=case.support_plan, title=f"Ziel {i}")
            for j in range(3):
                plan_step_add(actor=user, membership=membership, goal=goal, title=f"Schritt {j}",
                              responsible="Frau Becker", due_on=date(2026, 12, 1))  # fmt: skip

    queries = assert_constant_queries(page, grow)
    assert queries == CASE_DETAIL_QUERIES["beratung"] + 2  # the plan's goals and their steps
    assert '<h3 class="kern-heading-small">Ziel 4' in page().content.decode()  # in the page, not the title
