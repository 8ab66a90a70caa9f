"""The case search announces how many cases it found in a status region of its own, sent out of band with the rows;
the rows are no live region. Counted from the page: a full page says that more follow, not how many."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
STATUS = re.compile(r'<p id="case-count" hx-swap-oob="innerHTML">(.*?)</p>', re.S)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language switch sets it
    return client


def announced(client, term: str) -> str:
    answer = client.post(reverse("cases:case_list"), {"q": term}, headers=HTMX)
    assert answer.status_code == 200
    (text,) = STATUS.findall(answer.content.decode())
    return text


def test_the_search_sends_the_number_found(personas, login, make_case):
    make_case("beratung", family_name="Amsel")
    make_case("beratung", family_name="Amselberg")
    client = in_english(login(personas.beratung))
    assert announced(client, "amselberg") == "1 case found"
    assert announced(client, "amsel") == "2 cases found"
    assert announced(client, "zaunkönig") == "No cases found"


def test_a_full_page_says_more_were_found(personas, login, make_case):
    for number in range(26):
        make_case("beratung", family_name=f"Star{number}")
    assert announced(in_english(login(personas.beratung)), "star") == "More than 25 cases found"


def test_the_page_has_an_empty_status_region_and_rows_that_are_no_live_region(personas, login):
    page = login(personas.beratung).get(reverse("cases:case_list")).content.decode()
    assert '<p id="case-count" class="kern-sr-only" role="status"></p>' in page
    assert '<div id="case-rows">' in page
    assert "aria-live" not in page
