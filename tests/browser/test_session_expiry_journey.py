"""The end of the session in a real browser (WCAG 2.1 SC 2.2.1 Timing Adjustable): a caseworker typing a note is
warned before the session ends and extends it in place; when it does end, the page goes to the sign-in page, which
says why, and after signing in the typed note is offered back and restored. The note lies in the browser's storage
only encrypted, and stays there until the server says it was saved. Near the absolute lifetime the warning says that
the session cannot be extended. The page's clock is driven by the test; the server's session is ended in its table,
as the idle timeout leaves it."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from agencies.demo import DEMO_PASSWORD
from agencies.sessions import SIGNED_IN_AT
from cases.models import CaseNote
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Gespräch über die Wohnungssuche in Rheine; nächster Termin beim Jobcenter am Montag."
EXPIRED = "Ihre Sitzung ist abgelaufen, weil Sie 30 Minuten nicht aktiv waren. Bitte melden Sie sich erneut an."
WARNING = "Ihre Sitzung läuft bald ab"
DRAFTS = "() => Object.keys(localStorage).filter(name => name.startsWith('ewg-draft:')).length"
ACTIVITY = "() => localStorage.getItem('ewg-session-activity')"


def server_session(page) -> Session:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return Session.objects.get(session_key=cookie["value"])


def run_out_on_the_server(page) -> None:
    """The server's session ends as the idle timeout ends it: its time is up, its row stays."""
    Session.objects.filter(pk=server_session(page).pk).update(expire_date=timezone.now() - timedelta(seconds=1))


def signed_in_ago(page, seconds: int) -> None:
    """The server's session as if it had been signed in that long ago, and kept busy since."""
    row = server_session(page)
    data = row.get_decoded()
    data[SIGNED_IN_AT] = timezone.now().timestamp() - seconds
    Session.objects.save(row.session_key, data, row.expire_date)


def type_note(page, case) -> None:
    page.goto(f"{page.base_url}/cases/{case.pk}/notes/")
    page.get_by_label("Eintrag").fill(NOTE)
    page.wait_for_function(f"() => ({DRAFTS})() === 1")  # kept in the browser as it is typed


def assert_nothing_readable_stored(page) -> None:
    stored = page.evaluate("() => JSON.stringify(Object.entries(localStorage))")
    assert "ewg-draft:" in stored
    for word in ("Wohnungssuche", "Jobcenter", "Montag", str(page.url)):
        assert word not in stored


def sign_in_again(page) -> None:
    page.get_by_label("Benutzername").fill("beratung")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def restore_and_save(page, case) -> None:
    offer = page.get_by_test_id("draft-offer")
    expect(offer).to_contain_text("Es gibt einen nicht gespeicherten Text vom")
    expect(offer).to_contain_text("Eintrag")
    expect(page.get_by_label("Eintrag")).to_have_value("")
    assert_accessible(page)
    offer.get_by_role("button", name="Text wiederherstellen").click()
    expect(page.get_by_label("Eintrag")).to_have_value(NOTE)
    expect(page.get_by_label("Eintrag")).to_be_focused()
    expect(offer).to_have_count(0)
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_role("status")).to_contain_text("gespeichert")
    assert CaseNote.objects.filter(case=case, text=NOTE).count() == 1
    page.wait_for_function(f"() => ({DRAFTS})() === 0")  # saved: the draft is gone


def test_the_warning_extends_the_session_and_the_end_keeps_the_note(page, personas, make_case):
    case = make_case("beratung", family_name="Haddad")
    page.clock.install()
    sign_in(page, "beratung")
    type_note(page, case)

    page.clock.fast_forward("28:01")  # two minutes before the end
    warning = page.get_by_role("alertdialog", name=WARNING)
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("aria-modal", "true")
    expect(warning).to_contain_text(re.compile(r"Verbleibende Zeit: 1:[0-5]\d Minuten"))
    extend = warning.get_by_role("button", name="Sitzung verlängern")
    expect(extend).to_be_focused()
    assert_accessible(page)
    ends = server_session(page).expire_date
    page.keyboard.press("Enter")  # operable by keyboard
    expect(warning).to_be_hidden()
    expect(page.get_by_label("Eintrag")).to_be_focused()  # back where the user was typing
    assert server_session(page).expire_date > ends
    expect(page.get_by_label("Eintrag")).to_have_value(NOTE)  # the page stayed

    page.clock.fast_forward("28:01")
    expect(warning).to_be_visible()
    run_out_on_the_server(page)
    page.clock.fast_forward("02:05")  # past the end
    expect(page).to_have_url(re.compile(rf"/auth/login/\?next=%2Fcases%2F{case.pk}%2Fnotes%2F$"))
    expect(page.get_by_test_id("session-expired")).to_contain_text(EXPIRED)
    assert_accessible(page)
    assert_nothing_readable_stored(page)

    sign_in_again(page)
    expect(page).to_have_url(f"{page.base_url}/cases/{case.pk}/notes/")
    restore_and_save(page, case)


def test_a_note_sent_into_the_expired_session_is_offered_after_signing_in(page, personas, make_case):
    case = make_case("beratung", family_name="Haddad")
    sign_in(page, "beratung")
    type_note(page, case)
    run_out_on_the_server(page)

    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page).to_have_url(re.compile(rf"/auth/login/\?next=/cases/{case.pk}/notes/$"))
    expect(page.get_by_test_id("session-expired")).to_contain_text(EXPIRED)
    assert_accessible(page)
    assert not CaseNote.objects.filter(case=case, text=NOTE).exists()
    assert page.evaluate(DRAFTS) == 1  # sending it did not remove the draft
    assert_nothing_readable_stored(page)

    sign_in_again(page)
    expect(page).to_have_url(f"{page.base_url}/cases/{case.pk}/notes/")
    restore_and_save(page, case)


def test_a_busy_tab_keeps_the_other_from_warning(page, personas, make_case):
    case = make_case("beratung", family_name="Haddad")
    page.clock.install()
    sign_in(page, "beratung")
    page.goto(f"{page.base_url}/cases/{case.pk}/notes/")
    page.clock.fast_forward("20:00")
    other = page.context.new_page()
    other.goto(f"{page.base_url}/cases/")  # the session runs 30 minutes from here, in both tabs
    page.clock.fast_forward("09:00")  # 29 minutes after this tab's last request
    expect(other.get_by_role("heading", level=1, name="Fälle")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)

    page.clock.fast_forward("20:00")  # 29 minutes after the other tab's request
    expect(page.get_by_role("alertdialog", name=WARNING)).to_be_visible()
    expect(other.get_by_role("alertdialog", name=WARNING)).to_be_visible()
    other.get_by_role("button", name="Sitzung verlängern").click()  # extending in one tab
    expect(other.get_by_role("alertdialog")).to_have_count(0)
    expect(page.get_by_role("alertdialog")).to_have_count(0)  # closes the warning in the other


def test_a_note_whose_sending_failed_stays_and_is_offered_on_the_way_back(page, personas, make_case):
    """A proxy's error page carries no word of the server that the note was saved (nor any script of ours): the
    draft stays, and the form page the user goes back to offers it."""
    case = make_case("beratung", family_name="Haddad")
    sign_in(page, "beratung")
    type_note(page, case)
    notes = f"{page.base_url}/cases/{case.pk}/notes/"

    def bad_gateway(route):
        if route.request.method == "POST":
            route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")
        else:
            route.continue_()

    page.route(notes, bad_gateway)
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_role("heading", name="502 Bad Gateway")).to_be_visible()
    page.unroute(notes)
    page.go_back()  # the form page again, without errors: no reason to think the note was saved
    expect(page).to_have_url(notes)
    expect(page.get_by_label("Eintrag")).to_be_visible()
    assert page.evaluate(DRAFTS) == 1
    page.goto(notes)  # opened afresh, with an empty field
    restore_and_save(page, case)  # saved now: the page after it says so, and the draft goes


def test_an_htmx_request_sent_to_sign_in_is_no_activity(page, personas, make_case):
    """The answer that sends an htmx request of an ended session to the sign-in page renews nothing: it must not
    postpone the end in the other tabs."""
    make_case("beratung", family_name="Haddad")
    page.clock.install()
    sign_in(page, "beratung")
    page.goto(f"{page.base_url}/cases/")
    last_activity = page.evaluate(ACTIVITY)
    assert last_activity
    page.clock.fast_forward("05:00")
    run_out_on_the_server(page)
    page.get_by_role("button", name="Suchen").click()  # the search is sent by htmx
    expect(page).to_have_url(re.compile(r"/auth/login/\?next="))
    expect(page.get_by_test_id("session-expired")).to_contain_text(EXPIRED)
    assert page.evaluate(ACTIVITY) == last_activity


def test_near_the_absolute_lifetime_the_warning_cannot_extend_and_asks_to_save(page, personas, make_case):
    case = make_case("beratung", family_name="Haddad")
    page.clock.install()
    sign_in(page, "beratung")
    signed_in_ago(page, settings.SESSION_ABSOLUTE_SECONDS - 5 * 60)  # five minutes left, far less than idle
    type_note(page, case)

    page.clock.fast_forward("03:01")  # two minutes before the absolute end
    warning = page.get_by_role("alertdialog", name=WARNING)
    expect(warning).to_be_visible()
    expect(warning.get_by_role("button", name="Sitzung verlängern")).to_have_count(0)
    expect(warning.locator("[data-final]").first).to_be_visible()
    expect(warning.locator("[data-extendable]")).to_have_count(0)
    expect(warning).to_contain_text(re.compile(r"1:[0-5]\d"))
    keep_working = warning.locator("[data-continue]")
    expect(keep_working).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    expect(page.get_by_label("Eintrag")).to_be_focused()  # back to the note, to save it
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_role("status")).to_contain_text("gespeichert")
    assert CaseNote.objects.filter(case=case, text=NOTE).count() == 1
