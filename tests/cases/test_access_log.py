"""Every read of a person's data writes exactly one access-log row, in the read's own transaction."""

import pytest
from django.urls import reverse

from cases.models import AccessLog
from cases.models.choices import AccessAction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "action"),
    [
        ("case_detail", AccessAction.DETAIL),
        ("case_notes", AccessAction.NOTES),
        ("case_export", AccessAction.EXPORT),
        ("case_protocol", AccessAction.HISTORY),
    ],
)
def test_each_read_writes_exactly_one_row(personas, login, make_case, url_name, action):
    case = make_case("beratung")
    client = login(personas.beratung)
    assert client.get(reverse(f"cases:{url_name}", args=[case.pk])).status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.user, entry.agency, entry.person, entry.case, entry.action) == (
        personas.beratung,
        personas.agency("team-beratung"),
        case.person,
        case,
        action,
    )


def test_a_refused_read_writes_nothing(personas, login, make_case, share_by_consent):
    case = make_case("beratung")
    share_by_consent(case, "jobcenter", categories=["master_data"])
    client = login(personas.jobcenter)
    assert client.get(reverse("cases:case_notes", args=[case.pk])).status_code == 404  # the share names no notes
    assert client.get(reverse("cases:case_detail", args=[case.pk + 999])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_page_of_the_list_is_one_row_naming_the_persons_shown(personas, login, make_case):
    shown = [make_case("beratung", family_name=name).person_id for name in ("Haddad", "Weldu")]
    make_case("jobcenter", family_name="Arslan")  # another agency's case: not shown, not named
    login(personas.beratung).get(reverse("cases:case_list"))
    entry = AccessLog.objects.get()
    assert (entry.action, entry.person, sorted(entry.persons), entry.role) == (
        AccessAction.LIST,
        None,
        sorted(shown),
        "caseworker",
    )
    assert entry.purpose == "Fallliste"


def test_search_results_are_logged_as_such_and_an_empty_page_names_nobody(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    client = login(personas.beratung)
    client.post(reverse("cases:case_list"), {"q": "Weldu"}, follow=True)
    assert AccessLog.objects.get().persons == []
    client.post(reverse("cases:case_list"), {"q": "Hadad"}, follow=True)
    entry = AccessLog.objects.latest("pk")
    assert (entry.persons, entry.purpose) == ([case.person_id], "Suchergebnisse")
