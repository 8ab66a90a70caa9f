"""The layout checks of every browser test (tests/browser/layout_checks.py) on small pages: each catches the bad page
and passes the good one. The pages carry KERN UX and our stylesheet, so the faults are the ones the product had."""

from pathlib import Path

import pytest

from tests.browser.conftest import open_context
from tests.browser.layout_checks import NARROW, assert_fits, assert_layout, layout_problems

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
STYLESHEETS = [STATIC / "vendor" / "kern" / "kern.min.css", STATIC / "css" / "app.css"]


@pytest.fixture(scope="module")
def bare_page(browser):
    """One page for all the small documents: no server, no database."""
    context = open_context(browser, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def show(page, body: str) -> list[str]:
    page.set_content(f"<!DOCTYPE html><html lang='de'><head><title>t</title></head><body>{body}</body></html>")
    for stylesheet in STYLESHEETS:
        page.add_style_tag(path=stylesheet)
    return layout_problems(page)


# (a) Interactive elements do not overlap, and their labels stay inside their boxes.

BOX = "position:absolute;top:{top}px;left:{left}px;width:60px;height:40px"


def two_buttons(second_left: int, second_top: int = 10) -> str:
    return (
        f"<button style='{BOX.format(top=10, left=10)}'>Eins</button>"
        f"<button style='{BOX.format(top=second_top, left=second_left)}'>Zwei</button>"
    )


def test_overlapping_buttons_are_caught(bare_page):
    problems = show(bare_page, two_buttons(second_left=40))
    assert any(p.startswith("overlap:") and '"Eins"' in p and '"Zwei"' in p for p in problems), problems


@pytest.mark.parametrize("second_left", [70, 71, 200], ids=["touching", "one pixel apart", "apart"])
def test_buttons_side_by_side_pass(bare_page, second_left):
    assert show(bare_page, two_buttons(second_left)) == []


def test_boxes_sharing_a_pixel_of_rounding_pass(bare_page):
    assert show(bare_page, two_buttons(second_left=69)) == []  # within the 1 px tolerance


def test_nested_hidden_and_skip_link_are_ignored(bare_page):
    body = (
        f"<a class='skip-link' href='#main'>Zum Inhalt</a><a href='#x' style='{BOX.format(top=-40, left=10)}'>x</a>"
        "<details><summary><a href='#y'>Mehr</a></summary></details>"
        f"<button style='{BOX.format(top=200, left=10)}'>sichtbar</button>"
        f"<button style='{BOX.format(top=200, left=10)};visibility:hidden'>versteckt</button>"
        f"<button style='{BOX.format(top=200, left=10)};opacity:0'>durchsichtig</button>"
    )
    assert show(bare_page, body) == []


def test_what_a_scroll_region_hides_does_not_overlap(bare_page):
    region = (
        "<div role='region' aria-label='Liste' tabindex='0' style='position:relative;overflow:auto;height:50px'>"
        f"<div style='height:300px'><button style='{BOX.format(top=200, left=10)}'>weiter unten</button></div></div>"
        f"<button style='{BOX.format(top=210, left=20)}'>darunter</button>"
    )
    assert show(bare_page, region) == []  # the first button lies below the region's window
    visible = region.replace("top:200px", "top:0px").replace("top:210px", "top:10px")
    assert any(p.startswith("overlap:") and "weiter unten" in p for p in show(bare_page, visible))


# The case overview before the fix: KERN draws an x-small button that holds screen-reader-only text as an icon
# button 32 px wide, and the visible label spills over the text beside it.
STEP = "<p>Bewerbungsmappe (fällig am 05.03.2026) {button}</p>"
ICON_BUTTON = (
    "<a class='kern-btn kern-btn--tertiary kern-btn--x-small' href='#done'><span class='kern-label'>"
    "Als erledigt markieren</span><span class='kern-sr-only'>: Bewerbungsmappe</span></a>"
)
LABELLED_BUTTON = (
    "<a class='kern-btn kern-btn--tertiary kern-btn--x-small' href='#done' aria-label='Als erledigt markieren: "
    "Bewerbungsmappe'><span class='kern-label'>Als erledigt markieren</span></a>"
)


def test_a_label_spilling_out_of_its_button_is_caught(bare_page):
    problems = show(bare_page, STEP.format(button=ICON_BUTTON))
    assert any(p.startswith('label: the text "Als erledigt markieren" spills out of') for p in problems), problems


def test_a_label_that_fits_its_button_passes(bare_page):
    assert show(bare_page, STEP.format(button=LABELLED_BUTTON)) == []


def test_a_label_cut_off_by_its_button_is_caught(bare_page):
    button = "<button style='width:40px;overflow:hidden;white-space:nowrap'>Verlässt die Gruppe</button>"
    assert any("is cut off by" in p for p in show(bare_page, button))


# (b) Numbers stand under a header aligned like them.


def table(header_class: str = "", cell_class: str = "", cells=("1.234", "17")) -> str:
    rows = "".join(
        f"<tr class='kern-table__row'><th scope='row' class='kern-table__cell'>Zeile {n}</th>"
        f"<td class='kern-table__cell {cell_class}'>{value}</td><td class='kern-table__cell'>Text</td></tr>"
        for n, value in enumerate(cells)
    )
    return (
        "<table class='kern-table'><caption>Zahlen</caption><thead><tr class='kern-table__row'>"
        "<th scope='col' class='kern-table__header'>Kategorie</th>"
        f"<th scope='col' class='kern-table__header {header_class}'>Anzahl</th>"
        f"<th scope='col' class='kern-table__header'>Bemerkung</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def test_right_aligned_numbers_under_a_left_aligned_header_are_caught(bare_page):
    problems = show(bare_page, table(cell_class="app-number"))
    assert problems == ['table "Zahlen": the header "Anzahl" is aligned left, its numbers right ("1.234")']


def test_numbers_under_a_header_aligned_the_same_way_pass(bare_page):
    assert show(bare_page, table(header_class="app-number", cell_class="app-number", cells=("1.234", "–"))) == []


def test_a_column_of_numbers_is_numeric_by_its_content_too(bare_page):
    problems = show(bare_page, table(header_class="app-number", cells=("12,5 %", "–", "3")))
    assert problems == ['table "Zahlen": the header "Anzahl" is aligned right, its numbers left ("12,5 %")']
    assert show(bare_page, table(header_class="app-number", cells=("25.11.2026", "Text"))) == []  # not numbers


# (c) At 320 px the page reflows; only a focusable, named region scrolls sideways.

WIDE_TABLE = (
    "<table class='kern-table'><caption id='cap' class='kern-sr-only'>Freigaben</caption><thead><tr>"
    + "".join(f"<th class='kern-table__header'>Spalte {n}</th>" for n in range(8))
    + "<th class='kern-table__header'><span class='kern-sr-only'>Aktion</span></th></tr></thead></table>"
)


def test_a_page_wider_than_320_px_is_caught_and_the_viewport_restored(bare_page):
    problems = show(bare_page, "<p style='width:500px'>Eine Zeile, die nicht umbricht.</p>")
    assert any(p.startswith(f"at {NARROW} px: reflow: at 320 px the page scrolls sideways") for p in problems)
    assert bare_page.viewport_size == {"width": 1280, "height": 900}


def test_a_wide_table_in_a_named_focusable_region_passes(bare_page):
    region = f"<div class='app-table-scroll' role='region' aria-labelledby='cap' tabindex='0'>{WIDE_TABLE}</div>"
    assert show(bare_page, region) == []


def test_a_scroll_region_the_keyboard_cannot_reach_is_caught(bare_page):
    problems = show(bare_page, f"<div class='kern-table-responsive'>{WIDE_TABLE}</div>")
    assert any("scrolls sideways but is not focusable" in p for p in problems), problems


def test_screen_reader_text_escaping_a_scroll_region_is_caught(bare_page):
    # KERN's own wrapper, focusable and named: the hidden column header is positioned against the page, not the
    # region, and widens the page (the consent-and-sharing page of a case before the fix).
    region = f"<div class='kern-table-responsive' role='region' aria-labelledby='cap' tabindex='0'>{WIDE_TABLE}</div>"
    problems = show(bare_page, region)
    assert any("page scrolls sideways" in p and "kern-sr-only" in p for p in problems), problems


def test_a_table_that_must_fit_a_laptop_screen(bare_page):
    region = "<div id='matrix' class='app-table-scroll' role='region' aria-label='Matrix' tabindex='0'>{table}</div>"
    show(bare_page, region.format(table="<div style='width:1400px'>Zielmatrix</div>"))
    with pytest.raises(AssertionError, match="scrolls sideways at 1366 px"):
        assert_fits(bare_page, bare_page.locator("#matrix"), width=1366)
    show(bare_page, region.format(table="<div style='width:1200px'>Zielmatrix</div>"))
    assert_fits(bare_page, bare_page.locator("#matrix"), width=1366)
    assert bare_page.viewport_size == {"width": 1280, "height": 900}


def test_assert_layout_names_the_page_and_every_problem(bare_page):
    show(bare_page, two_buttons(second_left=60))
    with pytest.raises(AssertionError, match=r"layout problems on about:blank:\noverlap: "):
        assert_layout(bare_page)
