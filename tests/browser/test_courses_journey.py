"""The statutory flow in two browsers: the VHS marks an obliged participant unexcused on four days in the attendance
grid, the nightly scans run, and the jobcenter finds the alert in its inbox, acknowledges and resolves it with a note.
axe-core checks every page on the way."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Alert, AttendanceRecord
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Gespräch geführt; Hemmnis Kinderbetreuung geklärt"


def test_course_staff_record_absences_and_the_obliging_agency_resolves_the_alert(
    page, personas, make_case, make_course, make_entitlement, make_enrolment
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)  # last week: every day of it lies in the past
    person = make_case("beratung", family_name="Rotkehlchen", given_names="Amal").person
    course = make_course(title="Integrationskurs 2026/III", starts_on=monday - timedelta(days=21),
                         ends_on=monday + timedelta(days=200), weekdays=[1, 2, 3, 4, 5])  # fmt: skip
    make_enrolment(person, course, entitlement=make_entitlement(person, issuer="jobcenter"),
                   registered_on=course.starts_on - timedelta(days=14))  # fmt: skip

    sign_in(page, "vhs")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kurse").click()
    page.get_by_role("link", name="Integrationskurs 2026/III").click()
    assert_accessible(page)
    page.get_by_role("link", name="Anwesenheit", exact=True).click()
    page.get_by_role("link", name="Vorherige Woche").click()
    expect(page.get_by_role("columnheader").nth(1)).to_contain_text(monday.strftime("%d.%m."))
    assert_accessible(page)

    for offset in range(4):  # Monday to Thursday, by keyboard-reachable native selects, each saved at once
        day = monday + timedelta(days=offset)
        cell = page.get_by_label(f"Amal Rotkehlchen, {('Mo', 'Di', 'Mi', 'Do')[offset]} {day:%d.%m.%Y}")
        cell.focus()
        cell.select_option(label="unentschuldigt")
        expect(page.locator(f"#{cell.get_attribute('id').removesuffix('-select')}")).to_contain_text("gespeichert")
    assert AttendanceRecord.objects.filter(status="unexcused").count() == 4
    assert_accessible(page)

    call_command("run_scans")
    alert = Alert.objects.get()
    assert alert.agency == personas.agency("jobcenter")

    page.context.clear_cookies()
    sign_in(page, "jobcenter")
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation.get_by_role("link", name="Meldungen")).to_contain_text("1")
    navigation.get_by_role("link", name="Meldungen").click()
    assert_accessible(page)
    page.get_by_role("row", name="Rotkehlchen").get_by_role("link").click()
    expect(page.get_by_role("cell", name="4", exact=True)).to_be_visible()  # four unexcused days in the summary
    assert_accessible(page)
    page.get_by_role("button", name="Zur Kenntnis nehmen").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.get_by_label("Wie wurde die Meldung erledigt?").fill(NOTE)
    page.get_by_role("button", name="Erledigen").click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    assert_accessible(page)
    alert.refresh_from_db()
    assert (alert.resolved_by, alert.resolution_note) == (personas.jobcenter, NOTE)
    expect(navigation.get_by_role("link", name="Meldungen")).not_to_contain_text("1")
