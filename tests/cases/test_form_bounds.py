"""Plausible bounds on every form: no date before the programme (or a life) began, none far in the future, no text
longer than a person would type, each refused at its field in German before anything is stored."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from cases.forms import IntakeForm, NoteForm
from courses.forms.courses import CourseForm
from ewg.forms import LONG_TEXT, BoundedDateField
from tests.conftest import client_for

APPS = ["agencies", "cases", "courses", "followups", "booklets", "goals", "reports", "privacy"]


def form_classes():
    for app in APPS:
        try:
            package = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)
            ]
        for module in modules:
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_the_scan_finds_the_forms():
    assert {NoteForm, CourseForm, IntakeForm} <= set(form_classes())


def test_every_date_field_is_bounded_and_every_text_field_has_a_length():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if (isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField))
        or (isinstance(field, forms.CharField) and field.max_length is None)
    ]
    assert not unbounded, unbounded


@pytest.mark.parametrize(
    ("occurred_on", "message"),
    [
        ("0001-01-01", "Bitte ein Datum ab dem 1. Januar 2005 angeben."),
        ("2004-12-31", "Bitte ein Datum ab dem 1. Januar 2005 angeben."),
        ("2026-11-26", "Das Datum liegt in der Zukunft."),  # the day after the tests' today
    ],
)
def test_a_note_dated_before_the_programme_or_in_the_future_is_refused_at_its_field(occurred_on, message):
    form = NoteForm({"kind": "conversation", "occurred_on": occurred_on, "text": "Gespräch"})
    assert form.errors == {"occurred_on": [message]}


def test_a_birth_date_may_lie_before_the_programme_but_not_before_1900():
    data = {"given_names": "Amal", "family_name": "Haddad", "gender": "female", "kind": "counselling"}
    assert "birth_date" not in IntakeForm({**data, "birth_date": "1950-03-01"}).errors
    assert IntakeForm({**data, "birth_date": "1899-12-31"}).errors["birth_date"] == [
        "Bitte ein Datum ab dem 1. Januar 1900 angeben."
    ]


def test_a_course_may_be_planned_ahead_but_not_decades_ahead():
    data = {"title": "Kurs", "kind": "general", "weekdays": ["1"], "place": "VHS", "capacity": "20"}
    assert "starts_on" not in CourseForm({**data, "starts_on": "2027-09-01", "ends_on": "2028-06-30"}).errors
    refused = CourseForm({**data, "starts_on": "2099-09-01", "ends_on": "2100-06-30"}).errors
    assert refused["starts_on"] == ["Das Datum liegt mehr als 5 Jahre in der Zukunft."]


@pytest.mark.django_db
def test_a_note_of_a_million_characters_is_refused_and_nothing_is_stored(personas, make_case):
    case = make_case()
    before = case.notes.count()
    answer = client_for(personas.beratung).post(
        reverse("cases:case_notes", args=[case.pk]),
        {"kind": "conversation", "occurred_on": "2026-11-20", "text": "x" * 1_000_000},
    )
    assert answer.status_code in (200, 400)
    assert f"höchstens {LONG_TEXT} Zeichen" in answer.content.decode()
    assert case.notes.count() == before
