"""Canary: a distinctive name on a case a persona must not see never appears in anything that persona gets."""

import pytest
from django.urls import get_resolver, reverse

from cases.models.choices import DataCategory

pytestmark = pytest.mark.django_db

CANARY = "Quetzalcoatl"


APPS = ("cases", "courses", "followups", "booklets")  # the apps whose pages show persons


def every_get_url(case_pk: int, course_pk: int) -> list[str]:
    urls = []
    for resolver in (p for p in get_resolver().url_patterns if getattr(p, "namespace", None) in APPS):
        for pattern in resolver.url_patterns:
            route = str(pattern.pattern)
            if route.count("<") > 1:
                continue  # actions on a consent, share, goal, step, slip or enrolment: POST only
            kwargs = (
                {"pk": case_pk} if "<int:pk>" in route else {"course_pk": course_pk} if "course_pk" in route else {}
            )
            urls.append(reverse(f"{resolver.namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.mark.parametrize(
    "persona", ["jobcenter", "asyl", "abh", "ehrenamt", "vhs", "koordination", "lenkung", "jobcenter-admin", "admin"]
)
def test_canary_never_leaks(
    personas, login, make_case, share_by_consent, make_course, make_entitlement, make_enrolment, persona
):
    canary = make_case("beratung", family_name=CANARY, aliases=[f"{CANARY}-Alias"])
    # The canary also attends a course of the other provider, obliged by the foreigners' authority.
    course = make_course(provider="sprachinstitut", title="Integrationskurs Emsstraße")
    make_enrolment(canary.person, course, entitlement=make_entitlement(canary.person, issuer="abh"))
    decoy = make_case("beratung", family_name="Sichtbar")
    share_by_consent(decoy, "jobcenter", categories=[DataCategory.MASTER_DATA])
    share_by_consent(decoy, "fluechtlingshilfe", categories=[DataCategory.MASTER_DATA])
    client = login(personas.users[persona])
    # None of the typed spellings is the stored one, so that echoes of the search term (search field, language
    # switch) are not mistaken for a leak; each of them would find the case if it were visible.
    searches = [{"q": CANARY.upper()}, {"q": CANARY.lower()}, {"q": "Quetzalkoatl"}, {"q": "quetz"}]
    responses = [client.get(url) for url in every_get_url(canary.pk, course.pk)]
    responses += [client.post(reverse("cases:case_list"), params, follow=True) for params in searches]
    responses += [
        client.post(reverse("cases:case_list"), params, headers={"HX-Request": "true"}) for params in searches
    ]
    for response in responses:
        assert CANARY not in body(response), response.request["PATH_INFO"]


def test_the_canary_is_found_where_it_is_visible(personas, login, make_case):
    """The check above can fail: the lead caseworker finds the canary with every one of those spellings."""
    make_case("beratung", family_name=CANARY)
    client = login(personas.beratung)
    for term in (CANARY.upper(), CANARY.lower(), "Quetzalkoatl", "quetz"):
        assert CANARY in client.post(reverse("cases:case_list"), {"q": term}, follow=True).content.decode(), term


def test_the_canary_is_found_by_its_course_provider(personas, login, make_case, make_course, make_enrolment):
    """... and the staff of the canary's course provider see it on the course pages the others were refused."""
    canary = make_case("beratung", family_name=CANARY)
    course = make_course(provider="sprachinstitut", kind="basic", title="Basiskurs Emsstraße")
    make_enrolment(canary.person, course)
    client = login(personas.users["sprachinstitut"])
    found = [url for url in every_get_url(canary.pk, course.pk) if "course" in url and CANARY in body(client.get(url))]
    assert len(found) >= 2, found  # the participant list and the attendance grid at least


def test_a_name_searched_for_stays_out_of_the_address(personas, login, make_case):
    """Names in URLs end up in proxy logs and the browser's history (ASVS 5.0 V14.2.1): the search is a POST, and
    the address holds a token of the session."""
    make_case("beratung", family_name=CANARY)
    client = login(personas.beratung)
    answer = client.post(reverse("cases:case_list"), {"q": "quetz", "status": "open"})
    assert answer.status_code == 302
    assert "quetz" not in answer["Location"].lower()
    found = client.get(answer["Location"]).content.decode()
    assert CANARY in found
    assert 'value="quetz"' in found  # the search field shows what was searched for
    live = client.post(reverse("cases:case_list"), {"q": "quetz"}, headers={"HX-Request": "true"})
    assert CANARY in live.content.decode()
    assert "quetz" not in live["HX-Push-Url"].lower()
    elsewhere = login(personas.beratung).get(answer["Location"]).content.decode()
    assert 'value="quetz"' not in elsewhere  # the token means nothing in another session: the whole list
