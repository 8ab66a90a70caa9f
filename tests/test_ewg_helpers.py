"""The shared helpers in `ewg/`, and that each of them stays the only copy."""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from openpyxl.styles import Font

from agencies.models import Agency
from cases.models import Person
from ewg.charts import coordinate, number_text, render_chart
from ewg.lookups import first_or_404
from ewg.pagination import KeysetPage, keyset_page, older_page
from ewg.refusals import add_refusal, report_form_errors, run_and_report, submit
from ewg.spreadsheets import protect, text_cell, unprotect
from goals.charts import line_chart

ROOT = Path(__file__).resolve().parent.parent
APPS = ("agencies", "cases", "courses", "followups", "booklets", "goals", "reports", "ewg")


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, path.read_text(encoding="utf-8")


def _defined_in(pattern: str) -> list[str]:
    """The modules (relative paths) whose source matches `pattern`."""
    return sorted(str(path.relative_to(ROOT)) for path, text in _sources() if re.search(pattern, text, re.MULTILINE))


# --- a service's refusal ---


class PlaceForm(forms.Form):
    name = forms.CharField(label="Name")
    day = forms.DateField(label="Day", required=False)
    fixed = forms.CharField(label="Fixed", required=False, disabled=True)


def _form(**data) -> PlaceForm:
    form = PlaceForm({"name": "A", **data})
    assert form.is_valid()
    return form


def test_a_field_error_lands_at_its_field():
    form = _form()
    add_refusal(form, ValidationError({"day": "Not on a Sunday.", "name": ["Taken.", "Too short."]}))
    assert form.errors == {"day": ["Not on a Sunday."], "name": ["Taken.", "Too short."]}
    assert "name" not in form.cleaned_data


def test_a_refusal_without_a_field_is_shown_above_the_form():
    form = _form()
    add_refusal(form, ValidationError("Closed cases take no notes."))
    assert form.non_field_errors() == ["Closed cases take no notes."]
    assert list(form.errors) == ["__all__"]


def test_a_list_refusal_is_shown_above_the_form():
    form = _form()
    add_refusal(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]


def test_errors_on_fields_the_form_lacks_or_does_not_let_change_go_above_the_form():
    form = _form()
    error = ValidationError({"person": "Unknown person.", "fixed": "Adopted.", "__all__": "Overlaps."})
    add_refusal(form, error)
    assert list(form.errors) == ["__all__"]
    assert sorted(form.non_field_errors()) == ["Adopted.", "Overlaps.", "Unknown person."]


def test_the_codes_and_parameters_of_a_refusal_survive():
    form = _form()
    add_refusal(form, ValidationError({"day": ValidationError("Before %(day)s.", code="early", params={"day": 3})}))
    (error,) = form.errors.as_data()["day"]
    assert error.code == "early"
    assert form.errors["day"] == ["Before 3."]


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = object()
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(request)]


def test_run_and_report_says_success_or_the_refusal():
    request = _request()
    assert run_and_report(request, lambda: None, "Saved.") is True

    def refuse():
        raise ValidationError({"day": "Not on a Sunday.", "name": "Taken."})

    assert run_and_report(request, refuse, "Saved.") is False
    assert _messages(request) == [("success", "Saved."), ("error", "Not on a Sunday. Taken.")]


def test_submit_calls_the_service_with_actor_arguments_and_data():
    request = _request()
    calls = []
    ok = submit(request, PlaceForm({"name": "B"}), lambda **kw: calls.append(kw), "Done.", case=7)
    assert ok is True
    assert calls == [{"actor": request.user, "case": 7, "name": "B", "day": None, "fixed": ""}]
    assert _messages(request) == [("success", "Done.")]


def test_submit_reports_an_invalid_form_with_labels_and_calls_nothing():
    request = _request()
    calls = []
    with translation.override("en"):
        ok = submit(request, PlaceForm({"day": "soon"}), lambda **kw: calls.append(kw), "Done.")
    assert ok is False
    assert calls == []
    assert _messages(request) == [
        ("error", "Name: This field is required."),
        ("error", "Day: Enter a valid date."),
    ]


def test_report_form_errors_leaves_errors_above_the_form_without_a_label():
    request = _request()
    form = _form()
    form.add_error(None, "Overlaps.")
    report_form_errors(request, form)
    assert _messages(request) == [("error", "Overlaps.")]


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\s*def \w+\(\s*\w*form\w*\s*,\s*\w*error\w*\s*[:,)]",  # (form, error): a refusal-on-form helper
        r"^\s*def (submit|run_and_report|report_form_errors)\(",
        r"for \w+, \w+ in \w+\.(message_dict|error_dict)\.items\(\)",  # the loop written out again
    ],
)
def test_only_ewg_puts_a_refusal_on_a_form(pattern):
    assert set(_defined_in(pattern)) <= {"ewg/refusals.py"}


# --- one object or 404 ---


@pytest.mark.django_db
def test_first_or_404_gives_the_first_row_of_the_queryset_it_is_given():
    first = Agency.objects.create(name="Erste Stelle", short_name="erste")
    Agency.objects.create(name="Zweite Stelle", short_name="zweite")
    assert first_or_404(Agency.objects.filter(short_name__in=["erste", "zweite"]).order_by("pk")) == first


@pytest.mark.django_db
def test_first_or_404_answers_404_for_an_empty_queryset():
    Agency.objects.create(name="Fremde Stelle", short_name="fremd")
    with pytest.raises(Http404):
        first_or_404(Agency.objects.none())
    with pytest.raises(Http404):
        first_or_404(Agency.objects.filter(short_name="fremd", is_active=False))


def test_no_view_or_selector_writes_first_or_404_out_again():
    pattern = r"^(\s+)(\w+) = .*\.first\(\)\n\1if \2 is None:\n\1    raise Http404"
    assert set(_defined_in(pattern)) <= {"ewg/lookups.py"}


# --- keyset pages ---


def _walk(first_page, next_page) -> list:
    pages = [first_page]
    while pages[-1].next_cursor:
        pages.append(next_page(pages[-1].next_cursor))
        assert len(pages) < 10
    assert [page.is_first for page in pages] == [True] + [False] * (len(pages) - 1)
    assert all(len(page.rows) == 2 for page in pages[:-1])
    return [row for page in pages for row in page.rows]


@pytest.fixture
def arrivals(db) -> list[Person]:
    days = [date(2024, 3, 1), date(2024, 1, 5), date(2024, 3, 1), date(2024, 2, 9), date(2024, 3, 1)]
    return [Person.objects.create(given_names="A", family_name=f"P{i}", arrival_date=day) for i, day in enumerate(days)]


@pytest.mark.parametrize("newest_first", [True, False])
def test_keyset_pages_walk_every_row_once_in_order_with_ties_on_the_date(arrivals, newest_first):
    persons = Person.objects.filter(pk__in=[person.pk for person in arrivals])
    expected = sorted(arrivals, key=lambda person: (person.arrival_date, person.pk), reverse=newest_first)

    def page(cursor):
        return keyset_page(persons, cursor, by="arrival_date", newest_first=newest_first, size=2)

    assert _walk(page(None), page) == expected
    assert page(f"{expected[1].arrival_date.isoformat()}_{expected[1].pk}").rows == expected[2:4]


def test_a_cursor_that_is_no_cursor_gives_the_first_page(arrivals):
    persons = Person.objects.filter(pk__in=[person.pk for person in arrivals])
    for cursor in ("", "yesterday_3", "2024-03-01_x", "2024-03-01"):
        page = keyset_page(persons, cursor, by="arrival_date", newest_first=True, size=2)
        assert page.is_first
        assert page.rows == keyset_page(persons, None, by="arrival_date", newest_first=True, size=2).rows


def test_a_page_that_holds_everything_has_no_next(arrivals):
    page = keyset_page(Person.objects.all(), None, by="arrival_date", newest_first=True, size=5)
    assert len(page.rows) == 5
    assert page.next_cursor is None


@pytest.mark.django_db
def test_older_pages_walk_newest_first_by_id():
    agencies = [Agency.objects.create(name=f"Stelle {i}", short_name=f"stelle-{i}") for i in range(5)]
    queryset = Agency.objects.filter(pk__in=[agency.pk for agency in agencies])
    rows = _walk(older_page(queryset, None, size=2), lambda before: older_page(queryset, before, size=2))
    assert rows == sorted(agencies, key=lambda agency: agency.pk, reverse=True)
    assert older_page(queryset, "-1", size=2).is_first


def test_the_pager_links_the_first_and_the_next_page():
    with translation.override("en"):
        middle = render_to_string(
            "includes/pager.html", {"page": KeysetPage([], "2024-03-01_7", is_first=False), "query": "kind=x"}
        )
        older = render_to_string(
            "includes/pager.html",
            {"page": KeysetPage([], "41", is_first=True), "query": "", "cursor": "before", "next_label": "Older"},
        )
        alone = render_to_string("includes/pager.html", {"page": KeysetPage([], None, is_first=True), "query": ""})
    assert '<a class="kern-link" href="?kind=x">First page</a>' in middle
    assert '<a class="kern-link" href="?kind=x&amp;after=2024-03-01_7">Next page</a>' in middle
    assert '<a class="kern-link" href="?before=41">Older</a>' in older
    assert "First page" not in older
    assert "<nav" not in alone


def test_only_ewg_pages_by_key_and_only_the_include_draws_a_pager():
    assert set(_defined_in(r"\.partition\(\"_\"\)|(pk|id)__lt=int\(")) <= {"ewg/pagination.py"}
    pagers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "next_cursor" in path.read_text(encoding="utf-8") or "next_before" in path.read_text(encoding="utf-8")
    ]
    assert pagers == ["templates/includes/pager.html"]


# --- chart scaffolding ---


def test_coordinates_keep_a_decimal_point_and_labels_follow_the_language():
    with translation.override("de"):
        assert coordinate(12.345) == "12.3"
        assert coordinate(7) == "7.0"
        assert number_text(Decimal("20.00"), "%") == "20 %"
        assert number_text(Decimal("2.5"), "Tage") == "2,5 Tage"
        assert number_text(12.5) == "12,5"
        assert number_text(40.0, "%") == "40 %"
    with translation.override("en"):
        assert number_text(Decimal("2.5")) == "2.5"


def test_a_chart_with_nothing_to_draw_renders_as_nothing():
    assert render_chart("goals/_chart.svg", None) == ""
    with translation.override("de"):
        svg = render_chart("goals/_chart.svg", line_chart(points=[(date(2025, 1, 1), Decimal("1.5"))], unit="%"))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "1,5 %" in svg  # the label in German, the coordinates with a point
    assert re.search(r'cx="\d+\.\d"', svg)


def test_only_ewg_holds_the_chart_scaffolding():
    assert set(_defined_in(r"^class Tick\b|^def \w*coordinate\(|render_to_string\([^)]*\.svg")) <= {"ewg/charts.py"}


# --- spreadsheet cells ---


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+49 170", "-1", "@cmd", "\tx", "\rx"])
def test_a_csv_cell_that_looks_like_a_formula_gets_a_quote_and_reads_back_unchanged(text):
    assert protect(text) == "'" + text
    assert unprotect(protect(text)) == text


def test_other_csv_cells_stay_as_they_are():
    assert protect("Öztürk") == "Öztürk"
    assert protect(None) == ""
    assert protect(12) == "12"
    assert unprotect("'quoted") == "'quoted"  # a quote before anything but a formula start is the person's own


def test_an_xlsx_text_cell_holds_a_formula_as_text_without_control_characters():
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    text_cell(book.active, 1, 1, "=1+1").font = Font(bold=True)
    text_cell(book.active, 2, 1, "Zeile\x01eins\x1f")
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].font.bold) == ("=1+1", "s", True)
    assert sheet["A2"].value == "Zeileeins"


def test_only_ewg_writes_spreadsheet_cells():
    pattern = r"ILLEGAL_CHARACTERS_RE|FORMULA_STARTS = |^def (un)?protect\(|data_type = \"s\""
    assert set(_defined_in(pattern)) <= {"ewg/spreadsheets.py"}
