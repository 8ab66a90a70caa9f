"""The nightly scans on hand-made cases at the edges of their windows, their idempotency, and what they write."""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agencies.models import OutboundEmail
from courses.models import Alert, AttendanceRecord, Entitlement, ScanRun
from courses.models.choices import AlertKind, EntitlementKind
from courses.scans import (
    DEADLINE_SCANS,
    non_attendance_breaches,
    run_scans,
    scan_deadline,
    scan_non_attendance,
)

pytestmark = pytest.mark.django_db
WIDE = {"since": timezone.make_aware(datetime(2026, 1, 1)), "until": timezone.make_aware(datetime(2028, 1, 1))}


def local(day: date, at: time = time(18, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@pytest.fixture
def obliged(personas, make_case, make_course, make_entitlement, make_enrolment):
    """An obliged participant of a VHS course (obligation by the jobcenter, agreement: 3 unexcused days in 28)."""
    case = make_case("beratung", family_name="Rotkehlchen")
    course = make_course(starts_on=date(2026, 9, 7), ends_on=date(2027, 6, 25), weekdays=[1, 2, 3, 4, 5, 6, 7])
    slip = make_entitlement(case.person, issuer="jobcenter")
    return make_enrolment(case.person, course, entitlement=slip)


@pytest.fixture
def mark(personas):
    def mark(enrolment, *days: date, status: str = "unexcused", at: datetime | None = None):
        for day in days:
            AttendanceRecord.objects.create(
                enrolment=enrolment, day=day, status=status, recorded_by=personas.vhs, recorded_at=at or local(day)
            )

    return mark


def days(start: date, *offsets: int) -> list[date]:
    return [start + timedelta(days=offset) for offset in offsets]


def test_three_unexcused_days_in_28_are_allowed(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2))
    assert scan_non_attendance(**WIDE) == 0
    assert not Alert.objects.exists()


def test_the_fourth_unexcused_day_raises_an_alert_to_the_obliging_agency(obliged, mark, personas):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 27))
    assert scan_non_attendance(**WIDE) == 1
    alert = Alert.objects.get()
    assert (alert.kind, alert.enrolment) == (AlertKind.NON_ATTENDANCE, obliged)
    assert alert.agency == personas.agency("jobcenter")
    assert (alert.window_start, alert.window_end, alert.finding) == (date(2026, 11, 2), date(2026, 11, 29), 4)
    assert alert.history.get().history_change_reason == "nightly scan"


def test_four_days_that_fit_no_window_of_28_days_raise_nothing(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 28))  # day 0 and day 28 are 29 days apart
    assert scan_non_attendance(**WIDE) == 0


def test_excused_days_are_not_counted(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2))
    mark(obliged, *days(date(2026, 11, 2), 3, 4, 5), status="excused")
    mark(obliged, *days(date(2026, 11, 2), 6, 7), status="present")
    assert scan_non_attendance(**WIDE) == 0


def test_a_participant_without_obligation_raises_nothing(personas, make_case, make_course, make_enrolment, mark):
    case = make_case("beratung", family_name="Zilpzalp")
    enrolment = make_enrolment(case.person, make_course(weekdays=[1, 2, 3, 4, 5, 6, 7]))  # no slip, no agreement
    mark(enrolment, *days(date(2026, 11, 2), 0, 1, 2, 3, 4))
    assert scan_non_attendance(**WIDE) == 0


def test_window_across_the_year_end(obliged, mark):
    mark(obliged, date(2026, 12, 29), date(2026, 12, 30), date(2027, 1, 4), date(2027, 1, 5))
    assert scan_non_attendance(**WIDE) == 1
    alert = Alert.objects.get()
    assert (alert.window_start, alert.window_end) == (date(2026, 12, 9), date(2027, 1, 5))  # ends on the 4th day


def test_days_across_the_dst_switch_are_counted_by_calendar_day(obliged, mark):
    # The clocks go back on 25.10.2026: that day has 25 hours; recorded late in the evening, local time.
    mark(obliged, *days(date(2026, 10, 23), 0, 1, 2, 3), at=None)
    evening = {"since": local(date(2026, 10, 25), time(0, 0)), "until": local(date(2026, 10, 26), time(0, 0))}
    AttendanceRecord.objects.filter(day=date(2026, 10, 25)).update(recorded_at=local(date(2026, 10, 25), time(23, 30)))
    AttendanceRecord.objects.exclude(day=date(2026, 10, 25)).update(recorded_at=local(date(2026, 10, 20)))
    assert scan_non_attendance(**evening) == 1  # the day's window holds the 23:30 entry of the 25-hour day
    alert = Alert.objects.get()
    assert (alert.window_start, alert.window_end, alert.finding) == (date(2026, 9, 29), date(2026, 10, 26), 4)


def test_only_the_new_window_is_read(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))  # recorded on their own days, 18:00
    window = {"since": local(date(2026, 11, 6), time(0, 0)), "until": local(date(2026, 11, 7), time(0, 0))}
    assert scan_non_attendance(**window) == 0  # nothing was recorded on 06.11.
    assert not Alert.objects.exists()


def test_a_late_entry_completes_a_later_window(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 5, 6, 7))
    first = {"since": local(date(2026, 11, 1), time(0, 0)), "until": local(date(2026, 11, 10), time(0, 0))}
    assert scan_non_attendance(**first) == 0
    # Monday's absence is entered a week later: the window 02.11.–29.11. now holds four unexcused days.
    mark(obliged, date(2026, 11, 2), at=local(date(2026, 11, 10), time(9, 0)))
    late = {"since": first["until"], "until": local(date(2026, 11, 11), time(0, 0))}
    assert scan_non_attendance(**late) == 1
    assert Alert.objects.get().finding == 4


def test_run_twice_raises_once_and_an_ongoing_breach_is_not_raised_again(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert scan_non_attendance(**WIDE) == 1
    assert scan_non_attendance(**WIDE) == 0
    mark(obliged, *days(date(2026, 11, 2), 4, 5))  # still absent: the same episode, no second alert
    assert scan_non_attendance(**WIDE) == 0
    assert Alert.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_a_new_breach_after_the_window_raises_again(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert scan_non_attendance(**WIDE) == 1
    mark(obliged, *days(date(2026, 12, 14), 0, 1, 2, 3))  # window 14.12.–10.01. does not overlap 02.11.–29.11.
    assert scan_non_attendance(**WIDE) == 1
    assert Alert.objects.count() == 2


def test_the_bare_select_finds_what_the_scan_raises(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert [row[0] for row in non_attendance_breaches(**WIDE)] == [obliged.pk]
    assert scan_non_attendance(**WIDE) == 1
    assert non_attendance_breaches(**WIDE) == []  # covered by the alert now


def test_the_alert_mail_names_nobody_and_links_into_the_app(obliged, mark, settings):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    scan_non_attendance(**WIDE)
    email = OutboundEmail.objects.get()
    alert = Alert.objects.get()
    assert email.to == "jobcenter@rheine.example"
    assert email.agency == alert.agency  # the addressed agency's administrators see it if it is not delivered
    assert f"{settings.SITE_URL}/cases/alerts/{alert.pk}/" in email.body
    person = obliged.person
    for secret in (person.family_name, person.given_names, obliged.course.title):
        assert secret not in email.body
        assert secret not in email.subject


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_raise_one_alert(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=10)
            results.append(scan_non_attendance(**WIDE))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert Alert.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def scan_of(kind: str):
    return next(scan for scan in DEADLINE_SCANS if scan.kind == kind)


def test_no_course_within_8_weeks_goes_to_the_issuing_agency(personas, make_case, make_entitlement):
    person = make_case("beratung", family_name="Grauammer").person
    slip = make_entitlement(person, kind=EntitlementKind.ENTITLEMENT, issuer="abh", issued_on=date(2026, 9, 1))
    deadline = date(2026, 9, 1) + timedelta(days=56)
    scan = scan_of(AlertKind.NO_COURSE)
    assert scan_deadline(scan, day_from=deadline - timedelta(days=3), day_to=deadline - timedelta(days=1)) == 0
    assert scan_deadline(scan, day_from=deadline, day_to=deadline) == 1
    assert scan_deadline(scan, day_from=deadline, day_to=deadline) == 0
    alert = Alert.objects.get()
    assert (alert.entitlement, alert.agency, alert.window_end) == (slip, personas.agency("abh"), deadline)


def test_a_course_started_in_time_raises_nothing(personas, make_case, make_entitlement, make_course, make_enrolment):
    person = make_case("beratung", family_name="Goldammer").person
    slip = make_entitlement(person, issued_on=date(2026, 9, 1))
    make_enrolment(person, make_course(starts_on=date(2026, 10, 26)), entitlement=slip)  # day 55
    deadline = date(2026, 9, 1) + timedelta(days=56)
    assert scan_deadline(scan_of(AlertKind.NO_COURSE), day_from=deadline, day_to=deadline) == 0


def test_registered_but_not_started_within_6_weeks(personas, make_case, make_entitlement, make_course, make_enrolment):
    person = make_case("beratung", family_name="Heckenbraunelle").person
    slip = make_entitlement(person, issuer="jobcenter")
    enrolment = make_enrolment(
        person, make_course(starts_on=date(2027, 1, 11)), entitlement=slip, status="registered",
        registered_on=date(2026, 10, 1), started_on=None,
    )  # fmt: skip
    deadline = date(2026, 10, 1) + timedelta(days=42)
    assert scan_deadline(scan_of(AlertKind.NOT_STARTED), day_from=deadline, day_to=deadline) == 1
    alert = Alert.objects.get()
    assert (alert.enrolment, alert.agency) == (enrolment, personas.agency("jobcenter"))


def test_an_unused_slip_expiring_in_30_days(personas, make_case, make_entitlement):
    person = make_case("beratung", family_name="Bergfink").person
    unused = make_entitlement(person, kind=EntitlementKind.ENTITLEMENT, issuer="abh", valid_until=date(2027, 1, 31))
    withdrawn = make_entitlement(person, issuer="abh", valid_until=date(2027, 1, 31), status="withdrawn")
    scan = scan_of(AlertKind.SLIP_EXPIRING)
    assert scan_deadline(scan, day_from=date(2027, 1, 1), day_to=date(2027, 1, 1)) == 1
    assert Alert.objects.get().entitlement == unused
    assert not withdrawn.alerts.exists()


def test_run_scans_continues_where_the_last_run_ended_and_expires_slips(obliged, mark, make_entitlement):
    slip = make_entitlement(obliged.person, issued_on=date(2025, 1, 10), valid_until=date(2026, 1, 9))
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3), at=local(date(2026, 11, 23), time(20, 0)))
    now = local(date(2026, 11, 24), time(1, 30))
    ScanRun.objects.create(
        kind=AlertKind.NON_ATTENDANCE, window_start=now - timedelta(days=2), window_end=now - timedelta(days=1)
    )
    raised = run_scans(now=now)
    assert raised[AlertKind.NON_ATTENDANCE] == 1
    assert raised["expired_slips"] == 1
    slip.refresh_from_db()
    assert slip.status == "expired"
    assert slip.history.first().history_change_reason == "nightly scan"
    latest = ScanRun.objects.filter(kind=AlertKind.NON_ATTENDANCE).latest("window_end")
    assert (latest.window_start, latest.window_end) == (now - timedelta(days=1, hours=1), now)  # an hour of overlap
    assert run_scans(now=now + timedelta(hours=1))[AlertKind.NON_ATTENDANCE] == 0


def test_the_management_command_runs_every_scan(obliged, mark, capsys):
    mark(obliged, *days(timezone.localdate(), -3, -2, -1, 0), at=timezone.now() - timedelta(hours=1))
    call_command("run_scans")
    out = capsys.readouterr().out
    assert "non_attendance: 1" in out
    assert Entitlement.objects.count() == 1


def test_one_mail_per_agency_and_kind_however_many_alerts(
    obliged, mark, personas, make_case, make_course, make_entitlement, make_enrolment, settings
):
    other = make_case("beratung", family_name="Neuntoeter").person
    second = make_enrolment(other, obliged.course, entitlement=make_entitlement(other, issuer="jobcenter"))
    for enrolment in (obliged, second):
        mark(enrolment, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert scan_non_attendance(**WIDE) == 2
    email = OutboundEmail.objects.get()
    assert email.to == "jobcenter@rheine.example"
    assert f"{settings.SITE_URL}/cases/alerts/?state=new" in email.body
    assert [alert.history.count() for alert in Alert.objects.all()] == [1, 1]


def test_separate_breaches_in_one_batch_are_each_raised(obliged, mark):
    # A provider imports two months at once: two breaches, far apart, both recorded in the same window.
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3), at=local(date(2027, 1, 20)))
    mark(obliged, *days(date(2027, 1, 11), 0, 1, 2, 3), at=local(date(2027, 1, 20)))
    assert scan_non_attendance(**WIDE) == 2
    assert OutboundEmail.objects.count() == 1  # one e-mail for the agency and kind


def test_a_fresh_breach_right_after_an_alert_is_raised(obliged, mark):
    mark(obliged, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert scan_non_attendance(**WIDE) == 1  # window ends 05.11.
    mark(obliged, *days(date(2026, 11, 6), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), status="present")
    mark(obliged, *days(date(2026, 11, 20), 0, 1, 2))
    assert scan_non_attendance(**WIDE) == 0  # three new days after the alert: within the agreement
    mark(obliged, date(2026, 11, 23))
    assert scan_non_attendance(**WIDE) == 1  # four new days: a new breach, though its 28 days overlap the first
    assert Alert.objects.order_by("pk").last().window_start == date(2026, 11, 6)


def test_a_course_started_before_the_slip_does_not_count(
    personas, make_case, make_entitlement, make_course, make_enrolment
):
    person = make_case("beratung", family_name="Ortolan").person
    make_enrolment(
        person, make_course(starts_on=date(2025, 3, 3), ends_on=date(2025, 12, 19)), registered_on=date(2025, 2, 1)
    )
    make_entitlement(person, issued_on=date(2026, 9, 1))
    deadline = date(2026, 9, 1) + timedelta(days=56)
    assert scan_deadline(scan_of(AlertKind.NO_COURSE), day_from=deadline, day_to=deadline) == 1


# § 8 Abs. 3 and § 7 Abs. 2 IntV: what the obliging authority learns besides missed days


def ended(enrolment, status: str, on: date, **results):
    type(enrolment).objects.filter(pk=enrolment.pk).update(status=status, ended_on=on, **results)


def test_8_3_intv_an_obliged_participant_who_drops_out_is_reported(obliged, personas, make_case, make_enrolment):
    ended(obliged, "dropped", date(2026, 11, 20))
    free = make_enrolment(make_case("beratung", family_name="Zilpzalp").person, obliged.course)  # no obligation
    ended(free, "dropped", date(2026, 11, 20))
    scan = scan_of(AlertKind.DROPPED_OUT)
    assert scan_deadline(scan, day_from=date(2026, 11, 19), day_to=date(2026, 11, 19)) == 0
    assert scan_deadline(scan, day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == 1
    assert scan_deadline(scan, day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == 0  # once
    alert = Alert.objects.get()
    assert (alert.enrolment, alert.agency) == (obliged, personas.agency("jobcenter"))


def test_8_3_and_14_6_intv_completing_without_a_final_test_is_reported(
    obliged, make_case, make_entitlement, make_enrolment
):
    ended(obliged, "completed", date(2026, 11, 20))
    person = make_case("beratung", family_name="Wacholderdrossel").person
    tested = make_enrolment(person, obliged.course, entitlement=make_entitlement(person))
    ended(tested, "completed", date(2026, 11, 20), dtz_level="a2")
    scan = scan_of(AlertKind.NO_FINAL_TEST)
    assert scan_deadline(scan, day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == 1
    assert Alert.objects.get().enrolment == obliged


def test_7_2_intv_the_obliging_authority_learns_of_the_registration(obliged, personas):
    scan = scan_of(AlertKind.REGISTERED)
    day = obliged.registered_on
    assert scan_deadline(scan, day_from=day, day_to=day) == 1
    alert = Alert.objects.get()
    assert (alert.kind, alert.enrolment, alert.agency) == (AlertKind.REGISTERED, obliged, personas.agency("jobcenter"))
    mail = OutboundEmail.objects.get()
    assert "§ 7 Abs. 2 IntV" in mail.subject


@pytest.fixture
def cooperation_plan(personas, make_case, make_entitlement, make_enrolment, obliged):
    """A participant admitted by the jobcenter under § 5a IntV (Kooperationsplan), in the same course."""
    person = make_case("beratung", family_name="Goldammer").person
    slip = make_entitlement(
        person, kind=EntitlementKind.COOPERATION_PLAN, legal_basis="§ 5a IntV i. V. m. § 15 SGB II",
        cooperation_plan_on=date(2026, 7, 20), cooperation_plan_review_on=date(2027, 1, 15),
    )  # fmt: skip
    return make_enrolment(person, obliged.course, entitlement=slip)


def test_8_3_intv_a_5a_participant_who_drops_out_is_reported_to_the_jobcenter(cooperation_plan, personas):
    """Since 1 July 2023 § 8 Abs. 3 IntV covers a course that is part of a Kooperationsplan (§ 5a IntV)."""
    ended(cooperation_plan, "dropped", date(2026, 11, 20))
    assert scan_deadline(scan_of(AlertKind.DROPPED_OUT), day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == 1
    alert = Alert.objects.get()
    assert (alert.enrolment, alert.agency) == (cooperation_plan, personas.agency("jobcenter"))


def test_8_3_intv_a_5a_participant_without_a_final_test_is_reported(cooperation_plan, personas):
    ended(cooperation_plan, "completed", date(2026, 11, 20))
    assert scan_deadline(scan_of(AlertKind.NO_FINAL_TEST), day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == 1
    assert Alert.objects.get().agency == personas.agency("jobcenter")


def test_8_3_intv_a_5a_participants_missed_days_reach_the_jobcenter(cooperation_plan, mark, personas):
    mark(cooperation_plan, *days(date(2026, 11, 2), 0, 1, 2, 3))
    assert scan_non_attendance(**WIDE) == 1
    alert = Alert.objects.get()
    assert (alert.enrolment, alert.agency) == (cooperation_plan, personas.agency("jobcenter"))


def test_7_2_intv_the_registration_notice_is_for_obligations_only(cooperation_plan, obliged):
    """§ 7 Abs. 2 IntV binds the obliged person; a § 5a admission brings no registration notice."""
    day = cooperation_plan.registered_on
    assert scan_deadline(scan_of(AlertKind.REGISTERED), day_from=day, day_to=day) == 1
    assert Alert.objects.get().enrolment == obliged
