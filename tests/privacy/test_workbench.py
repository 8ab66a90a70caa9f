"""The data protection officer's workbench: who read and who changed one person's data (Art. 5 Abs. 2, Art. 15
DSGVO; § 67 ff. SGB X), found in three steps from the start page, filtered and exported."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog
from cases.models.choices import AccessAction
from cases.services.persons import person_correct
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

WORKBENCH = reverse("privacy:workbench")


def protocol(person, **query):
    return reverse("privacy:person_protocol", args=[person.pk]), query


def table_body(response) -> str:
    """The rows of the page's table, without the navigation and the filter around it."""
    return response.content.decode().split("<tbody")[1].split("</tbody>")[0]


def test_three_steps_from_the_start_page_to_who_read_the_person(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    login(personas.beratung).get(reverse("cases:case_detail", args=[case.pk]))
    client = login(personas.datenschutz)
    start = client.get(reverse("home")).content.decode()
    assert f'href="{WORKBENCH}"' in start  # 1. the navigation
    found = client.get(WORKBENCH, {"q": "haddad"}).content.decode()  # 2. the search
    address = reverse("privacy:person_protocol", args=[case.person_id])
    assert f'href="{address}"' in found
    rows = table_body(client.get(address))  # 3. the person
    assert "Fall geöffnet" in rows
    assert "Anna Becker" in rows
    assert "Team Beratung und Begleitung" in rows  # the agency of the read
    assert "Fallbearbeitung" in rows  # and the role
    assert "Person: Erstellt" in rows  # the change that registered her


@pytest.mark.parametrize("query", ["Hadad", "HADDAD", "17.05.1990", "{case}"])
def test_a_person_is_found_by_name_spelling_date_of_birth_or_case_number(personas, login, make_case, query):
    case = make_case("beratung", family_name="Haddad")
    make_case("beratung", family_name="Weldu", birth_date=case.person.birth_date.replace(year=1985))
    response = login(personas.datenschutz).get(WORKBENCH, {"q": query.format(case=case.pk)})
    found = table_body(response)
    assert "Haddad" in found
    assert "Weldu" not in found


def test_the_search_itself_is_logged_naming_the_persons_it_showed(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    login(personas.datenschutz).get(WORKBENCH, {"q": "Haddad"})
    entry = AccessLog.objects.get()
    assert (entry.action, entry.persons, entry.role) == (AccessAction.LIST, [case.person_id], "data_protection_officer")


def test_a_list_page_that_showed_the_person_is_among_the_reads(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    login(personas.beratung).get(reverse("cases:case_list"))
    url, query = protocol(case.person, kind="read")
    rows = table_body(login(personas.datenschutz).get(url, query))
    assert "Liste oder Suchergebnisse gelesen" in rows
    assert "Fallliste" in rows


def test_filters_by_kind_user_agency_and_period(personas, login, make_case, share_by_consent):
    case = make_case("beratung", family_name="Haddad")
    share_by_consent(case, "jobcenter", categories=["master_data"])
    login(personas.beratung).get(reverse("cases:case_detail", args=[case.pk]))
    login(personas.jobcenter).get(reverse("cases:case_detail", args=[case.pk]))
    client = login(personas.datenschutz)
    url = reverse("privacy:person_protocol", args=[case.person_id])

    def rows(**query) -> str:
        return table_body(client.get(url, query))

    assert "Person: Erstellt" not in rows(kind="read")
    assert "Fall geöffnet" not in rows(kind="change")
    by_jobcenter = rows(kind="read", agency=personas.agency("jobcenter").pk)
    assert "jobcenter Kreis Steinfurt" in by_jobcenter
    assert "Anna Becker" not in by_jobcenter
    by_user = rows(kind="read", user="becker")
    assert "Anna Becker" in by_user
    assert "jobcenter Kreis Steinfurt" not in by_user
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d.%m.%Y")
    assert "Keine Lese- oder Änderungszugriffe" in client.get(url, {"until": yesterday}).content.decode()


def test_a_period_ending_before_it_starts_is_refused_at_its_field(personas, login, make_case):
    case = make_case("beratung")
    url = reverse("privacy:person_protocol", args=[case.person_id])
    response = login(personas.datenschutz).get(url, {"since": "02.03.2026", "until": "01.03.2026"})
    assert response.status_code == 400
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in response.content.decode()


def test_the_export_holds_what_the_page_shows_and_is_logged(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    login(personas.beratung).get(reverse("cases:case_detail", args=[case.pk]))
    response = login(personas.datenschutz).get(
        reverse("privacy:person_protocol_csv", args=[case.person_id]), {"kind": "read"}
    )
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:3] == ["Wann", "Art des Zugriffs", "Wer"]
    detail = [row for row in table[1:] if row[5] == "Fall geöffnet"]
    assert len(detail) == 1
    assert (detail[0][2], detail[0][6]) == ("Anna Becker", str(case.pk))
    assert all(row[1] == "Lesezugriff" for row in table[1:])
    assert AccessLog.objects.filter(user=personas.datenschutz, action=AccessAction.EXPORT, person=case.person).exists()


def test_older_entries_continue_where_the_page_ended(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    reader = login(personas.beratung)
    for _ in range(55):
        reader.get(reverse("cases:case_detail", args=[case.pk]))
    client = login(personas.datenschutz)
    url = reverse("privacy:person_protocol", args=[case.person_id])
    first = client.get(url, {"kind": "read"})
    cursor = first.context["page"].next_cursor
    second = client.get(url, {"kind": "read", "before": cursor})
    seen = first.context["page"].rows + second.context["page"].rows
    # The 55 reads of the case and the officer's read of the first page (the second page's own read is newer than
    # where it starts), each once.
    assert len(seen) == 56
    assert len({event.order for event in seen}) == 56
    assert second.context["page"].next_cursor is None


def test_the_page_costs_the_same_queries_for_one_event_and_for_many(personas, login, make_case):
    case = make_case("beratung", family_name="Haddad")
    client = login(personas.datenschutz)
    url = reverse("privacy:person_protocol", args=[case.person_id])

    def grow():
        reader = login(personas.beratung)
        for _ in range(5):
            reader.get(reverse("cases:case_detail", args=[case.pk]))
        person_correct(
            actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
            reason="Schreibweise laut Pass", given_names="Amala",
        )  # fmt: skip

    assert_constant_queries(lambda: client.get(url), grow)


def test_only_the_officer_of_the_lead_agency_sees_the_person(personas, login, make_case):
    own = make_case("beratung", family_name="Haddad")
    other = make_case("jobcenter", family_name="Arslan")
    officer = login(personas.datenschutz)
    assert officer.get(reverse("privacy:person_protocol", args=[other.person_id])).status_code == 404
    assert officer.get(reverse("privacy:person_protocol_csv", args=[other.person_id])).status_code == 404
    assert "Keine Person aus den Fällen Ihrer Stelle" in officer.get(WORKBENCH, {"q": "Arslan"}).content.decode()
    for persona in ("beratung", "jobcenter", "koordination", "lenkung", "admin"):
        client = login(personas.users[persona])
        for url in (
            WORKBENCH,
            reverse("privacy:person_protocol", args=[own.person_id]),
            reverse("privacy:person_protocol_csv", args=[own.person_id]),
        ):
            assert client.get(url).status_code == 404, (persona, url)


def test_every_url_of_the_app_is_checked_for_outsiders():
    from django.urls import get_resolver

    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "privacy")
    assert {pattern.name for pattern in resolver.url_patterns} == {
        "workbench",
        "person_protocol",
        "person_protocol_csv",
        "retention",  # tests/privacy/test_retention.py
        "hold_place",
        "hold_release",
        "restriction_place",  # tests/privacy/test_restriction.py
        "restriction_lift",
        "merge_propose",  # tests/privacy/test_merges.py
        "merges",
        "merge_confirm",
        "merge_undo",
        "emergency_queue",  # tests/privacy/test_emergency.py
        "emergency_review",
        "subject_access_pdf",  # tests/privacy/test_subject_access.py
    }
