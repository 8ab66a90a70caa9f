"""The attendance grid saves a cell when its value is committed (WCAG 3.2.2 On Input): arrowing through a closed
select saves nothing, Enter or leaving the select saves once, a pick with the pointer saves at once; every save of a
recorded day writes one AttendanceCorrection, the grid's audit trail. And the select shows its whole text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import AttendanceCorrection, AttendanceRecord
from courses.services.attendance import attendance_set
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAUSE_MS = 600  # longer than the 400 ms debounce the grid had: a save held back only by a delay would show


@pytest.fixture
def grid(page, personas, make_case, make_course, make_enrolment):
    """Last week's grid of a course with one participant, present on Monday to Wednesday as recorded so far."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    person = make_case("beratung", family_name="Rotkehlchen", given_names="Amal").person
    course = make_course(starts_on=monday - timedelta(days=21), ends_on=monday + timedelta(days=200))
    enrolment = make_enrolment(person, course, registered_on=course.starts_on - timedelta(days=14))
    for offset in range(3):
        attendance_set(actor=personas.vhs, membership=personas.membership("vhs"), enrolment=enrolment,
                       day=monday + timedelta(days=offset), status="present")  # fmt: skip
    sign_in(page, "vhs")
    year, week, _weekday = monday.isocalendar()
    page.goto(f"{page.base_url}{reverse('courses:attendance_grid', args=[course.pk])}?week={year}-W{week:02d}")
    expect(page.get_by_role("columnheader").nth(1)).to_contain_text(monday.strftime("%d.%m."))
    return enrolment, monday


def cell_saves(page) -> list[str]:
    """The bodies of the cell saves the page sends from now on."""
    saves = []
    page.on("request", lambda request: request.method == "POST" and "/attendance/cell/" in request.url
            and saves.append(request.post_data))  # fmt: skip
    return saves


def select_of(page, enrolment, day):
    return page.locator(f"#att-{enrolment.pk}-{day:%Y%m%d}-select")


def cell_of(page, enrolment, day):
    return page.locator(f"#att-{enrolment.pk}-{day:%Y%m%d}")


def corrections(enrolment, day) -> list[tuple[str, str]]:
    rows = AttendanceCorrection.objects.filter(record__enrolment=enrolment, record__day=day).order_by("pk")
    return list(rows.values_list("old_status", "new_status"))


def test_arrow_keys_save_nothing_until_the_focus_leaves_or_enter_is_pressed(page, grid):
    enrolment, monday = grid
    saves = cell_saves(page)

    select = select_of(page, enrolment, monday)
    select.focus()
    page.keyboard.press("ArrowDown")  # anwesend -> entschuldigt
    page.wait_for_timeout(PAUSE_MS)
    page.keyboard.press("ArrowDown")  # -> unentschuldigt
    page.wait_for_timeout(PAUSE_MS)
    expect(select).to_have_value("unexcused")
    assert saves == []
    assert corrections(enrolment, monday) == []

    page.keyboard.press("Tab")  # leaving the select commits the value it shows
    expect(cell_of(page, enrolment, monday)).to_contain_text("gespeichert")
    page.wait_for_timeout(PAUSE_MS)
    assert len(saves) == 1
    assert corrections(enrolment, monday) == [("present", "unexcused")]
    assert AttendanceRecord.objects.get(enrolment=enrolment, day=monday).status == "unexcused"

    tuesday = monday + timedelta(days=1)
    select = select_of(page, enrolment, tuesday)
    select.focus()
    page.keyboard.press("ArrowDown")  # anwesend -> entschuldigt
    page.wait_for_timeout(PAUSE_MS)
    assert len(saves) == 1
    page.keyboard.press("Enter")  # Enter commits, and the select keeps the focus
    expect(cell_of(page, enrolment, tuesday)).to_contain_text("gespeichert")
    expect(select_of(page, enrolment, tuesday)).to_be_focused()
    page.keyboard.press("Tab")  # leaving it afterwards saves nothing more
    page.wait_for_timeout(PAUSE_MS)
    assert len(saves) == 2
    assert corrections(enrolment, tuesday) == [("present", "excused")]
    assert_accessible(page)


def test_a_pick_with_the_pointer_saves_at_once(page, grid):
    enrolment, monday = grid
    wednesday = monday + timedelta(days=2)
    saves = cell_saves(page)

    select = select_of(page, enrolment, wednesday)
    select.focus()
    page.keyboard.press("ArrowDown")  # browsing by keys first: nothing saved yet
    page.wait_for_timeout(PAUSE_MS)
    assert saves == []
    select.click()  # then the pointer opens the list and picks an option
    select.select_option(label="unentschuldigt")
    expect(cell_of(page, enrolment, wednesday)).to_contain_text("gespeichert")  # without leaving the select
    page.wait_for_timeout(PAUSE_MS)
    assert len(saves) == 1
    assert corrections(enrolment, wednesday) == [("present", "unexcused")]


def test_the_select_of_a_cell_shows_the_whole_text_of_every_option(page, grid):
    enrolment, monday = grid
    thursday = monday + timedelta(days=3)  # not recorded yet: its select offers "–" too
    for day in (monday, thursday):
        select = select_of(page, enrolment, day)
        fit = select.evaluate(
            """async (select) => {
                await document.fonts.ready;
                const style = getComputedStyle(select);
                const inner = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                const context = document.createElement("canvas").getContext("2d");
                context.font = style.font;
                return {inner, texts: [...select.options].map(o => [o.text, context.measureText(o.text).width])};
            }"""
        )
        too_wide = [(text, round(width)) for text, width in fit["texts"] if width > fit["inner"]]
        assert len(fit["texts"]) >= 3  # the three statuses, and "–" where nothing is recorded
        assert not too_wide, f"cut off in a select {round(fit['inner'])} px wide: {too_wide}"


def test_a_value_picked_while_the_save_is_on_its_way_is_saved_after_it(page, grid):
    """The answer to the first save replaces the cell; the second value must not be dropped with the old select."""
    enrolment, monday = grid
    saves, held = cell_saves(page), []
    # The first save waits until the test lets it through; later ones go at once.
    page.route("**/attendance/cell/**", lambda route: route.continue_() if held else held.append(route))

    select = select_of(page, enrolment, monday)
    select.select_option(label="entschuldigt")
    page.wait_for_timeout(300)
    assert len(held) == 1
    select.select_option(label="unentschuldigt")  # chosen before the first answer is in
    page.wait_for_timeout(300)
    assert len(saves) == 1
    held[0].continue_()
    expect(select_of(page, enrolment, monday)).to_have_value("unexcused")
    expect(cell_of(page, enrolment, monday)).to_contain_text("gespeichert")
    page.wait_for_timeout(PAUSE_MS)
    assert len(saves) == 2
    assert corrections(enrolment, monday) == [("present", "excused"), ("excused", "unexcused")]
