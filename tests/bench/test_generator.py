"""The load-data generator and the measurement command: realistic ratios, determinism, a run of the measurements."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from agencies import demo
from agencies.models import Agency
from cases.models import (
    AccessLog,
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    Consent,
    Person,
    ResidenceStatus,
    SupportPlan,
)
from cases.models.choices import CaseKind, CaseStatus

pytestmark = pytest.mark.django_db


def generate(**options) -> list[Person]:
    """Run the generator; the persons it created (not the demo persons, which it loads first)."""
    demo.seed()
    before = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call_command("generate_cases", stdout=None, **options)
    return list(Person.objects.filter(pk__gt=before).order_by("pk"))


def delete(persons: list[Person]) -> None:
    """The generated persons with their cases and every row that protects them: the database as before."""
    cases = Case.objects.filter(person__in=persons)
    AccessLog.objects.filter(person__in=persons).delete()
    CaseShare.objects.filter(case__in=cases).delete()
    Consent.objects.filter(person__in=persons).delete()
    CaseNote.objects.filter(case__in=cases).delete()
    SupportPlan.objects.filter(case__in=cases).delete()
    Case.obstacles.through.objects.filter(case__in=cases).delete()
    cases.delete()
    BenefitPeriod.objects.filter(person__in=persons).delete()
    ResidenceStatus.objects.filter(person__in=persons).delete()
    Person.objects.filter(pk__in=[person.pk for person in persons]).delete()


def test_generates_realistic_persons_and_cases():
    persons = generate(persons=200, seed=7)

    assert len(persons) == 200
    assert all(person.search_names.strip() for person in persons)
    assert any(any(char in person.family_name for char in "äöüß") for person in persons)
    assert any(person.aliases for person in persons)
    cases = Case.objects.filter(person__in=persons)
    assert 180 <= cases.count() <= 300
    assert set(cases.values_list("kind", flat=True)) <= set(CaseKind.values)
    assert cases.filter(kind=CaseKind.COUNSELLING).count() > cases.count() / 2
    closed = cases.filter(status=CaseStatus.CLOSED)
    assert 0.15 * cases.count() <= closed.count() <= 0.45 * cases.count()
    assert not closed.filter(closed_on__lt=F("opened_on")).exists()
    assert not closed.filter(closed_on__isnull=True).exists()
    assert not cases.filter(status=CaseStatus.OPEN, closed_on__isnull=False).exists()
    assert cases.values("lead_agency").distinct().count() >= 5
    notes = CaseNote.objects.filter(case__in=cases)
    assert 2 * cases.count() <= notes.count() <= 3 * cases.count()
    assert not notes.exclude(agency_id=F("case__lead_agency_id")).exists()
    shares = CaseShare.objects.filter(case__in=cases)
    assert shares.exists()
    assert not shares.filter(consent__isnull=True).exists()
    assert not shares.filter(agency_id=F("case__lead_agency_id")).exists()
    assert shares.filter(agency__short_name="jobcenter").exists()
    assert BenefitPeriod.objects.filter(person__in=persons).count() >= 150
    assert ResidenceStatus.objects.filter(person__in=persons).count() >= 150
    # History is deliberately not written for generated rows.
    assert not Person.history.filter(id__in=[person.pk for person in persons]).exists()
    assert Agency.objects.filter(short_name__startswith="gen-").count() == 4


def test_same_seed_gives_the_same_persons():
    def names(persons: list[Person]) -> list[tuple]:
        return [(person.family_name, person.given_names, person.birth_date) for person in persons]

    generated = generate(persons=200, seed=7)
    first = names(generated)
    delete(generated)
    assert not Case.objects.filter(person__in=generated).exists()
    second = names(generate(persons=200, seed=7))
    other = names(generate(persons=200, seed=8))

    assert first == second
    assert other != first
    assert len(set(first)) > 150  # varied, not a handful of names repeated


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("generate_cases", persons=10, stdout=None)


def test_measurement_runs_on_generated_data(tmp_path):
    generate(persons=200, seed=7)
    output = tmp_path / "measure_cases.json"

    call_command("measure_cases", runs=2, output=str(output), stdout=None)

    report = json.loads(output.read_text(encoding="utf-8"))
    keys = [result["key"] for result in report["results"]]
    assert keys == [
        "list_first", "list_first_htmx", "list_deep", "list_filtered", "detail",
        "search_exact", "search_umlaut", "search_typo",
    ]  # fmt: skip
    for result in report["results"]:
        assert result["median_ms"] > 0
        assert result["queries"] > 0
        assert result["explain"]["plan"]
    assert report["results"][0]["rows_shown"] > 0
    assert report["results"][5]["rows_shown"] > 0  # the exact name is found
