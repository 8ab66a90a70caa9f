"""The nightly computation of the dashboard's cells, on hand-made data: what is counted where, the slip outcomes at the
8-weeks edge, the alert states, distinct persons at the totals, the hidden flags, and the runs that are kept."""

from datetime import date, datetime, timedelta
from itertools import count
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases.models import Case
from cases.services.cases import case_close
from courses.models import Alert
from reports.aggregation import RUNS_KEPT, figures_compute, latest_run
from reports.models import FigureCell, FigureRun

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)  # 56 days before: 29.09.2026


@pytest.fixture
def make(make_case, make_course, make_entitlement, make_enrolment):
    """make.person(), make.course(...), make.slip(person, ...), make.enrol(person, course, ...), make.case(...)."""
    numbers = count(1)
    return SimpleNamespace(
        person=lambda: make_case("beratung", family_name=f"Testperson {next(numbers)}").person,
        course=make_course,
        slip=make_entitlement,
        enrol=make_enrolment,
        case=make_case,
    )


def cells(run: FigureRun, figure: str) -> dict[tuple, FigureCell]:
    return {(cell.period, cell.agency_id, cell.key): cell for cell in run.cells.filter(figure=figure)}


def test_slips_are_counted_by_period_agency_and_outcome(personas, make):
    course = make.course(starts_on=date(2026, 9, 14))
    for _number in range(6):  # 49 days from slip to start
        somebody = make.person()
        make.enrol(somebody, course, entitlement=make.slip(somebody, issued_on=date(2026, 7, 27)))
    make.slip(make.person(), issued_on=date(2026, 7, 20), status="withdrawn")  # not counted

    run = figures_compute(today=TODAY)

    slips = cells(run, "slips")
    jobcenter = personas.agency("jobcenter").pk
    for period in ("2026", "2026-Q3", "2026-07"):
        for agency in (jobcenter, None):
            for key in ("", "in_time"):
                cell = slips[(period, agency, key)]
                assert (cell.persons, cell.count, cell.hidden) == (6, 6, False), (period, agency, key)
    assert slips[("2026-07", jobcenter, "")].value == pytest.approx(49)  # the median of days to start
    assert not any(period == "2026-08" or key in {"late", "waiting", "overdue"} for period, _a, key in slips)
    # The same six enrolments, by provider and course kind, registered in August.
    enrolments = cells(run, "enrolments")
    assert enrolments[("2026-08", personas.agency("vhs").pk, "general")].count == 6
    # Every case of the fixture is opened by the counselling team on 2 March.
    kinds = cells(run, "case_kinds")
    assert kinds[("2026-Q1", personas.agency("team-beratung").pk, "counselling")].count == 7


def test_slip_outcomes_at_the_eight_weeks_edge(personas, make):
    course = make.course(starts_on=date(2026, 9, 14))
    outcomes = {}
    for key, issued_on, starts in (
        ("in_time", date(2026, 7, 20), True),  # 56 days to the start: still in time
        ("late", date(2026, 7, 19), True),  # 57 days
        ("waiting", date(2026, 9, 30), False),  # 55 days ago: the 8 weeks are not over
        ("overdue", date(2026, 9, 29), False),  # 56 days ago without a start
    ):
        somebody = make.person()
        slip = make.slip(somebody, issued_on=issued_on)
        if starts:
            make.enrol(somebody, course, entitlement=slip)
        outcomes[key] = issued_on

    slips = cells(figures_compute(today=TODAY), "slips")

    for key, issued_on in outcomes.items():
        month = f"{issued_on:%Y-%m}"
        assert {k for (period, agency, k) in slips if period == month and agency is None and k} == (
            {"in_time", "late"} if month == "2026-07" else {"waiting", "overdue"}
        )
        assert slips[(month, None, key)].count == 1, key
    assert slips[("2026", None, "")].value == pytest.approx(56.5)  # median of 56 and 57; the others did not start


def test_a_voluntary_course_is_no_start_and_a_start_before_the_slip_does_not_count(make):
    somebody, earlier = make.person(), make.person()
    make.enrol(somebody, make.course(kind="basic", starts_on=date(2026, 8, 3)), registered_on=date(2026, 7, 28))
    make.slip(somebody, issued_on=date(2026, 7, 27))
    make.enrol(earlier, make.course(starts_on=date(2026, 6, 1), title="Frühkurs"), registered_on=date(2026, 5, 4))
    make.slip(earlier, issued_on=date(2026, 7, 27))

    slips = cells(figures_compute(today=TODAY), "slips")

    assert slips[("2026-07", None, "overdue")].count == 2
    assert ("2026-07", None, "in_time") not in slips


def test_alerts_by_state_and_obliging_agency(personas, make):
    course = make.course()
    # 23:30 in Berlin on 31 August is 31 August there, though 21:30 UTC: the period follows the local day.
    raised = timezone.make_aware(datetime(2026, 8, 31, 23, 30))
    for number, state in enumerate(("open", "acknowledged", "resolved", "resolved")):
        somebody = make.person()
        enrolment = make.enrol(somebody, course, entitlement=make.slip(somebody, issuer="abh"))
        Alert.objects.create(
            kind="non_attendance", enrolment=enrolment, window_start=date(2026, 8, 3), window_end=date(2026, 8, 31),
            agency=personas.agency("abh"), raised_at=raised + timedelta(minutes=number),
            acknowledged_at=raised + timedelta(hours=2) if state != "open" else None,
            resolved_at=raised + timedelta(hours=4 + 2 * number) if state == "resolved" else None,
        )  # fmt: skip

    alerts = cells(figures_compute(today=TODAY), "alerts")

    abh = personas.agency("abh").pk
    assert {key: alerts[("2026-08", abh, key)].count for key in ("open", "acknowledged", "resolved", "")} == {
        "open": 1, "acknowledged": 1, "resolved": 2, "": 4
    }  # fmt: skip
    assert ("2026-09", abh, "") not in alerts
    # Median hours to resolution of the two resolved: (8h - 2min) and (10h - 3min).
    assert alerts[("2026-Q3", abh, "")].value == pytest.approx(9 - 2.5 / 60)
    assert all(cell.hidden for cell in alerts.values())  # four persons at most, everywhere


def test_totals_count_distinct_persons(personas, make):
    """One person with slips of two agencies counts once in the total, with both slips."""
    twice = make.person()
    make.slip(twice, issued_on=date(2026, 7, 1))
    make.slip(twice, issued_on=date(2026, 8, 1), issuer="abh")

    slips = cells(figures_compute(today=TODAY), "slips")

    jobcenter, abh = personas.agency("jobcenter").pk, personas.agency("abh").pk
    assert (slips[("2026", jobcenter, "")].persons, slips[("2026", abh, "")].persons) == (1, 1)
    assert (slips[("2026", None, "")].persons, slips[("2026", None, "")].count) == (1, 2)
    assert (slips[("2026-Q3", None, "overdue")].persons, slips[("2026-Q3", None, "overdue")].count) == (1, 2)


def test_small_cells_and_their_complements_are_flagged_hidden(personas, make):
    """Six in time at the jobcenter and two at the ABH: the ABH's two are hidden, and so the jobcenter's six, which
    the total of eight would give away; the jobcenter's total then equals its hidden in-time cell and goes too."""
    course = make.course(starts_on=date(2026, 9, 14))
    for issuer, number in (("jobcenter", 6), ("abh", 2)):
        for _number in range(number):
            somebody = make.person()
            make.enrol(somebody, course, entitlement=make.slip(somebody, issuer=issuer, issued_on=date(2026, 7, 27)))

    slips = cells(figures_compute(today=TODAY), "slips")

    jobcenter, abh = personas.agency("jobcenter").pk, personas.agency("abh").pk
    for period in ("2026", "2026-Q3", "2026-07"):
        assert slips[(period, abh, "in_time")].hidden, period
        assert slips[(period, jobcenter, "in_time")].hidden, period
        assert slips[(period, jobcenter, "")].hidden, period
        assert not slips[(period, None, "in_time")].hidden, period
        assert not slips[(period, None, "")].hidden, period
        assert slips[(period, None, "")].persons == 8
    # The numbers stay in the run (the dashboard never reads them from a hidden cell).
    assert slips[("2026", abh, "in_time")].persons == 2


def test_only_the_latest_runs_are_kept(personas):
    runs = [figures_compute(today=TODAY, requested_by=personas.koordination) for _number in range(RUNS_KEPT + 2)]

    kept = FigureRun.objects.order_by("pk")
    assert list(kept) == runs[-RUNS_KEPT:]
    assert latest_run() == runs[-1]
    assert runs[-1].requested_by == personas.koordination
    assert runs[-1].finished_at is not None
    assert not FigureCell.objects.exclude(run__in=kept).exists()


def test_a_run_that_has_not_finished_is_never_the_latest(personas):
    finished = figures_compute(today=TODAY)
    FigureRun.objects.create(today=TODAY)  # still computing, or failed
    assert latest_run() == finished


def test_figures_of_the_same_cases_hide_their_totals_alike(personas, make):
    """Cases opened by kind, by status and by benefit system count the same cases: a total hidden in one figure but
    shown in another would give away what the first one hides. Here the counselling team's nine cases are all of one
    kind, hidden with the asylum team's two of that kind, and so the team's total with them; by status they are five
    open and four closed, where the total could stay shown: 9, and the kind's total of 11 would give the two away."""
    beratung = [make.person() for _number in range(9)]
    for case in Case.objects.filter(person__in=beratung)[:4]:
        case_close(
            actor=personas.beratung, membership=personas.membership("beratung"), case=case, closed_on=date(2026, 3, 9)
        )
    for number in range(7):
        make.case("asyl", family_name=f"Asyl {number}", kind="arrival" if number < 5 else "counselling")

    run = figures_compute(today=TODAY)

    team = personas.agency("team-beratung").pk
    kinds, statuses, benefits = cells(run, "case_kinds"), cells(run, "case_statuses"), cells(run, "case_benefits")
    assert kinds[("2026-03", team, "counselling")].hidden  # the premise: the kind is hidden with the asylum team's
    for period in ("2026", "2026-Q1", "2026-03"):
        for agency in (team, personas.agency("team-asyl").pk, None):
            flags = {figure[(period, agency, "")].hidden for figure in (kinds, statuses, benefits)}
            assert len(flags) == 1, (period, agency, flags)
    assert kinds[("2026-03", team, "")].hidden
    assert statuses[("2026-03", team, "")].hidden


def test_case_management_phases_are_hidden_like_the_kind(personas, make):
    """The phases' total is the kind "case management" of the cases by kind: hidden in one, hidden in the other.
    Here the counselling team's three counselling cases hide its six of case management as a second cell."""
    for number in range(6):
        make.case("beratung", family_name=f"CM {number}", kind="case_management")
        make.case("asyl", family_name=f"CM Asyl {number}", kind="case_management")
    for _number in range(3):
        make.person()

    run = figures_compute(today=TODAY)

    kinds, phases = cells(run, "case_kinds"), cells(run, "case_phases")
    assert kinds[("2026-03", personas.agency("team-beratung").pk, "case_management")].hidden  # the premise
    for (period, agency, key), cell in phases.items():
        if key == "":
            assert cell.hidden == kinds[(period, agency, "case_management")].hidden, (period, agency)
            assert cell.count == kinds[(period, agency, "case_management")].count
