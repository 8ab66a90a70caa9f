"""Sections a coordinator adds, removes, renames and moves, each with history naming who, refused when the page
was stale; numbers stay 1, 2, 3, … also when two coordinators add at once. Writing a section again from the data
asks first when the coordinators edited it, and does it at once when nobody did. Versions keep what they froze."""

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership, Role
from ewg.concurrent_edits import version_of
from reports import outline, services
from reports.models import CommitteeReport, ReportSection
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.races import at_once

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def create(personas) -> CommitteeReport:
    return services.report_create(
        actor=personas.koordination, membership=personas.membership("koordination"), today=TODAY,
        subject="Sachstandbericht", number="322/18", kind="decision", committee="Sozialausschuss",
        period=str(TODAY.year),
    )  # fmt: skip


def titles(report: CommitteeReport) -> list[tuple[int, str]]:
    return list(report.sections.order_by("position").values_list("position", "title"))


def as_coordinator(personas) -> dict:
    return {"actor": personas.koordination, "membership": personas.membership("koordination")}


@pytest.fixture
def report(personas) -> CommitteeReport:
    return create(personas)


def test_a_section_is_added_at_the_end_with_history(personas, login, report):
    client = login(personas.koordination)
    assert client.get(reverse("reports:section_add", args=[report.pk])).status_code == 200
    response = client.post(
        reverse("reports:section_add", args=[report.pk]), {"title": "Kennzahlen", "content": "key_figures", "body": ""}
    )
    assert response.status_code == 302
    section = report.sections.get(position=8)
    assert section.title == "Kennzahlen"
    assert "| Kennzahl | Wert |" in section.body or "keine Kennzahlen" in section.body
    assert "Stand der Daten:" in section.body
    assert section.history.get().history_user == personas.koordination
    assert response["Location"].endswith("#section-8")


def test_a_section_is_renamed_through_its_edit_page(personas, login, report):
    section = report.sections.get(position=6)
    response = login(personas.koordination).post(
        reverse("reports:section_edit", args=[report.pk, 6]),
        {"title": "Fazit", "body": section.body, "loaded_version": version_of(section)},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == "Fazit"
    assert section.history.first().history_user == personas.koordination


def test_removing_asks_first_then_renumbers_and_keeps_the_versions(personas, login, report):
    with TestCase.captureOnCommitCallbacks(execute=True):
        version = services.version_request(**as_coordinator(personas), report=report, today=TODAY)
    version.refresh_from_db()
    frozen = version.content
    client = login(personas.koordination)
    url = reverse("reports:section_remove", args=[report.pk, 2])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Schwerpunktthemen" in text
    assert "rücken" in text
    assert report.sections.count() == 7  # asking changed nothing

    section = report.sections.get(position=2)
    response = client.post(url, {"loaded_version": version_of(section)})
    assert response.status_code == 302
    assert [position for position, _title in titles(report)] == [1, 2, 3, 4, 5, 6]
    assert titles(report)[1] == (
        2,
        "Beteiligte Akteure, Aufbau und Projektstruktur (siehe beiliegende Matrix – Anlage 1)",
    )
    removed = ReportSection.history.filter(id=section.pk, history_type="-").get()
    assert removed.history_user == personas.koordination
    moved_up = report.sections.get(position=2).history.first()
    assert (moved_up.history_user, moved_up.history_change_reason) == (
        personas.koordination,
        "Nach Entfernen neu nummeriert",
    )
    version.refresh_from_db()
    assert version.content == frozen
    assert [section["title"] for section in frozen["sections"]][1] == "Schwerpunktthemen"


def test_moving_swaps_with_the_neighbour(personas, login, report):
    client = login(personas.koordination)
    seventh = report.sections.get(position=7)
    response = client.post(
        reverse("reports:section_move", args=[report.pk, 7]), {"direction": "up", "loaded_version": version_of(seventh)}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#section-6")
    assert [title for _position, title in titles(report)][5:] == [
        "Verstetigung des Projektes",
        "Vorläufiges Fazit der Projektkoordinatorinnen zum Modellprojekt",
    ]
    seventh.refresh_from_db()
    assert seventh.history.first().history_user == personas.koordination

    first = report.sections.get(position=1)
    client.post(
        reverse("reports:section_move", args=[report.pk, 1]), {"direction": "up", "loaded_version": version_of(first)}
    )
    assert titles(report)[0] == (1, "Zielgruppe")  # first already: refused, nothing moved
    client.post(
        reverse("reports:section_move", args=[report.pk, 1]), {"direction": "down", "loaded_version": version_of(first)}
    )
    assert [title for _position, title in titles(report)][:2] == ["Schwerpunktthemen", "Zielgruppe"]


def test_a_stale_page_moves_or_removes_nothing(personas, login, report):
    """The page showed section 2; meanwhile another coordinator moved section 3 above it. The buttons of position 2
    now point at another section: refused."""
    second = report.sections.get(position=2)
    seen = version_of(second)
    services.section_move(**as_coordinator(personas), section=report.sections.get(position=3), direction="up")
    before = titles(report)
    client = login(personas.koordination)
    client.post(reverse("reports:section_move", args=[report.pk, 2]), {"direction": "down", "loaded_version": seen})
    client.post(reverse("reports:section_remove", args=[report.pk, 2]), {"loaded_version": seen})
    assert titles(report) == before
    with pytest.raises(ValidationError) as refused:
        services.section_remove(
            **as_coordinator(personas), section=report.sections.get(position=2), loaded_version=seen
        )
    assert "inzwischen" in " ".join(refused.value.messages)


def test_regenerating_an_untouched_section_writes_it_at_once(personas, login, report):
    section = report.sections.get(position=4)
    assert not services.section_was_edited(section)
    section.body = section.template_text  # as though the data had been different when it was written
    section.generated_hash = outline.text_hash(section.body)
    section.save()
    response = login(personas.koordination).post(
        reverse("reports:section_regenerate", args=[report.pk, 4]), {"loaded_version": version_of(section)}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert "Themenfeld" in section.body or "Es sind noch keine Themenfelder" in section.body
    assert "Stand der Daten:" in section.body
    assert section.generated_hash == outline.text_hash(section.body)
    latest = section.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        personas.koordination,
        "Aus den Daten neu geschrieben",
    )


def test_regenerating_an_edited_section_asks_before_the_edits_are_lost(personas, login, report):
    section = report.sections.get(position=1)
    services.section_update(
        **as_coordinator(personas), section=section, title=section.title, body=section.body + "\n\nEigener Satz."
    )
    section.refresh_from_db()
    client = login(personas.koordination)
    url = reverse("reports:section_regenerate", args=[report.pk, 1])

    asked = client.post(url, {"loaded_version": version_of(section)})
    assert asked.status_code == 200
    assert "verloren" in asked.content.decode()
    section.refresh_from_db()
    assert section.body.endswith("Eigener Satz.")  # nothing overwritten yet

    confirmed = client.post(url, {"loaded_version": version_of(section), "overwrite_edits": "True"})
    assert confirmed.status_code == 302
    section.refresh_from_db()
    assert "Eigener Satz." not in section.body
    assert "Stand der Daten:" in section.body
    assert not services.section_was_edited(section)


def test_a_section_of_free_text_has_nothing_to_regenerate(personas, report):
    with pytest.raises(ValidationError):
        services.section_regenerate(
            **as_coordinator(personas), section=report.sections.get(position=7), today=TODAY, overwrite_edits=True
        )


def test_the_reports_page_costs_the_same_queries_for_few_and_many_sections(personas, login, report):
    client = login(personas.koordination)

    def grow():
        for number in range(10):
            services.section_add(**as_coordinator(personas), report=report, title=f"Zusatz {number}", today=TODAY)

    queries = assert_constant_queries(lambda: client.get(report.get_absolute_url()), grow)
    assert queries == REPORT_PAGE_QUERIES


REPORT_PAGE_QUERIES = 11  # session, user and membership; the report, its sections and their versions, ...


def test_outsiders_reach_none_of_the_outline_pages(personas, login, report):
    section = report.sections.get(position=1)
    urls = [
        reverse("reports:section_add", args=[report.pk]),
        reverse("reports:section_remove", args=[report.pk, 1]),
        reverse("reports:section_move", args=[report.pk, 1]),
        reverse("reports:section_regenerate", args=[report.pk, 1]),
        reverse("reports:template_section_edit", args=[1]),
    ]
    for persona in ("lenkung", "beratung", "datenschutz"):
        client = login(personas.users[persona])
        for url in urls:
            assert (
                client.post(url, {"title": "x", "direction": "up", "loaded_version": version_of(section)}).status_code
                == 404
            ), (persona, url)
            assert client.get(url).status_code in (404, 405), (persona, url)  # the move is a POST only
        assert client.get(reverse("reports:template_list")).status_code == 404
    assert report.sections.count() == 7


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_adding_at_once_get_distinct_positions(personas):
    report = create(personas)
    second = Membership.objects.create(
        user=UserFactory(username="koordination2"), agency=personas.agency("fb-soziales"), role=Role.COORDINATOR
    )

    def add(user, membership, title):
        return lambda: services.section_add(actor=user, membership=membership, report=report, title=title, today=TODAY)

    outcomes = at_once(
        add(personas.koordination, personas.membership("koordination"), "Erster Zusatz"),
        add(second.user, second, "Zweiter Zusatz"),
    )
    assert all(isinstance(outcome, ReportSection) for outcome in outcomes), outcomes
    assert sorted(outcome.position for outcome in outcomes) == [8, 9]
    assert [position for position, _title in titles(report)] == list(range(1, 10))
