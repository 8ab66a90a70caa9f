"""The case's "Integration course" tab, which the courses app contributes to the case page."""

import pytest
from django.urls import reverse

from cases.models import AccessLog
from cases.models.choices import DataCategory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

# session, user, memberships, case with person, agency and manager, [the share's categories], access log (3, in a
# savepoint), slips with their agencies, enrolments with course and provider, open alerts (navigation), session save
TAB_QUERIES = {"beratung": 13, "jobcenter": 14}


@pytest.mark.parametrize("username", ["beratung", "jobcenter"])
def test_the_tab_does_not_grow_with_the_slips_and_enrolments(
    personas, login, make_case, share_by_consent, make_course, make_entitlement, make_enrolment, username
):
    case = make_case("beratung")
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    client = login(personas.users[username])

    def page():
        response = client.get(reverse("courses:case_courses", args=[case.pk]))
        assert response.status_code == 200
        return response

    def grow():
        for provider in ("vhs", "sprachinstitut", "vhs"):
            slip = make_entitlement(case.person, issuer="jobcenter" if provider == "vhs" else "abh")
            make_enrolment(case.person, make_course(provider=provider), entitlement=slip)

    assert assert_constant_queries(page, grow) == TAB_QUERIES[username]
    body = page().content.decode()
    assert body.count("Integrationskurs A") == 3
    assert 'aria-current="page">Integrationskurs<' in body  # the tab is marked as the current one


def test_the_tab_is_logged_and_offered_only_to_those_who_may_see_courses(personas, login, make_case, share_by_consent):
    case = make_case("beratung")
    share_by_consent(case, "fluechtlingshilfe", categories=[DataCategory.MASTER_DATA, DataCategory.NOTES])
    url = reverse("courses:case_courses", args=[case.pk])
    volunteer = login(personas.ehrenamt)
    assert url not in volunteer.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert volunteer.get(url).status_code == 404
    lead = login(personas.beratung)
    assert url in lead.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    before = AccessLog.objects.filter(case=case, user=personas.beratung).count()
    assert lead.get(url).status_code == 200
    assert AccessLog.objects.filter(case=case, user=personas.beratung).count() == before + 1
