"""Canary: a distinctive name on a case a persona must not see never appears in anything that persona gets."""

import pytest
from django.urls import get_resolver, reverse

from cases.models.choices import DataCategory

pytestmark = pytest.mark.django_db

CANARY = "Quetzalcoatl"


def every_get_url(case_pk: int) -> list[str]:
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "cases")
    urls = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.count("<") > 1:
            continue  # actions on a consent, share, goal or step: POST only
        kwargs = {"pk": case_pk} if "<int:pk>" in route else {}
        urls.append(reverse(f"cases:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.mark.parametrize(
    "persona", ["jobcenter", "asyl", "abh", "ehrenamt", "vhs", "koordination", "lenkung", "jobcenter-admin", "admin"]
)
def test_canary_never_leaks(personas, login, make_case, share_by_consent, persona):
    canary = make_case("beratung", family_name=CANARY, aliases=[f"{CANARY}-Alias"])
    decoy = make_case("beratung", family_name="Sichtbar")
    share_by_consent(decoy, "jobcenter", categories=[DataCategory.MASTER_DATA])
    share_by_consent(decoy, "fluechtlingshilfe", categories=[DataCategory.MASTER_DATA])
    client = login(personas.users[persona])
    # None of the typed spellings is the stored one, so that echoes of the search term (search field, language
    # switch) are not mistaken for a leak; each of them would find the case if it were visible.
    searches = [{"q": CANARY.upper()}, {"q": CANARY.lower()}, {"q": "Quetzalkoatl"}, {"q": "quetz"}]
    responses = [client.get(url) for url in every_get_url(canary.pk)]
    responses += [client.get(reverse("cases:case_list"), params) for params in searches]
    responses += [client.get(reverse("cases:case_list"), params, headers={"HX-Request": "true"}) for params in searches]
    for response in responses:
        body = response.content.decode(errors="replace")
        assert CANARY not in body, response.request["PATH_INFO"]


def test_the_canary_is_found_where_it_is_visible(personas, login, make_case):
    """The check above can fail: the lead caseworker finds the canary with every one of those spellings."""
    make_case("beratung", family_name=CANARY)
    client = login(personas.beratung)
    for term in (CANARY.upper(), CANARY.lower(), "Quetzalkoatl", "quetz"):
        assert CANARY in client.get(reverse("cases:case_list"), {"q": term}).content.decode(), term
