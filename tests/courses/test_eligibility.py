"""courses.eligibility without the database: § 44 Abs. 1/2 AufenthG (entitlement), § 44a Abs. 1 AufenthG (who may
oblige) and § 5a IntV (the jobcenter's admission), by examples at the boundaries and by properties against the rules
written out in plain Python."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from agencies.models import AgencyKind, BenefitSystem
from cases.models.choices import TITLES_OF_KIND, ResidenceKind
from courses.eligibility import (
    Title,
    cooperation_plan_refusal,
    entitlement_on,
    obligation_refusal,
    status_on,
)

PERMIT = ResidenceKind.RESIDENCE_PERMIT
SETTLEMENT = ResidenceKind.SETTLEMENT_PERMIT
YEAR = timedelta(days=365)


def permit(paragraph: str, granted_on: date, valid_until: date | None = None, kind: str = PERMIT) -> Title:
    return Title(kind=kind, title=paragraph, granted_on=granted_on, valid_until=valid_until)


def two_years(paragraph: str, granted_on: date, kind: str = PERMIT) -> Title:
    return permit(paragraph, granted_on, granted_on + 2 * YEAR, kind)


def no_title_refusal(on: date) -> str:
    """The refusal when no title is of use at all, to tell the more specific refusals apart from it."""
    return entitlement_on([], on).refusal


# § 44 Abs. 1 S. 1: each Buchstabe of Nr. 1 and Nr. 2 entitles.

GRANTED = date(2024, 3, 1)
ON = date(2024, 4, 1)


@pytest.mark.parametrize("paragraph", ["18a", "18b", "18d", "18g", "19c", "21"])
def test_44_abs_1_s_1_nr_1_buchst_a_work_titles_entitle(paragraph):
    title = two_years(paragraph, GRANTED)
    decision = entitlement_on([title], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 1 Buchst. a" in decision.reference
    assert decision.title == title
    assert decision.lapses_on == GRANTED + YEAR


@pytest.mark.parametrize("paragraph", ["28", "30", "32", "36", "36a"])
def test_44_abs_1_s_1_nr_1_buchst_b_family_titles_entitle(paragraph):
    decision = entitlement_on([two_years(paragraph, GRANTED)], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 1 Buchst. b" in decision.reference


@pytest.mark.parametrize("paragraph", ["25_1", "25_2", "25_4a", "25b"])
def test_44_abs_1_s_1_nr_1_buchst_c_humanitarian_titles_entitle(paragraph):
    decision = entitlement_on([two_years(paragraph, GRANTED)], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 1 Buchst. c" in decision.reference


def test_44_abs_1_s_1_nr_1_buchst_d_38a_entitles():
    decision = entitlement_on([two_years("38a", GRANTED)], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 1 Buchst. d" in decision.reference


@pytest.mark.parametrize(
    ("paragraph", "kind"), [("23_2", PERMIT), ("23_4", PERMIT), ("23_2", SETTLEMENT)], ids=["23_2", "23_4", "23_2-ne"]
)
def test_44_abs_1_s_1_nr_2_federal_admission_and_resettlement_entitle(paragraph, kind):
    decision = entitlement_on([permit(paragraph, GRANTED, kind=kind)], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 2" in decision.reference


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("24", PERMIT),
        ("25_5", PERMIT),
        ("104c", PERMIT),
        ("22", PERMIT),
        ("25_3", PERMIT),
        ("16", PERMIT),
        ("other", PERMIT),
        ("9", SETTLEMENT),
        ("26_3", SETTLEMENT),
    ],
)
def test_44_abs_1_a_title_not_listed_does_not_entitle(paragraph, kind):
    decision = entitlement_on([two_years(paragraph, GRANTED, kind)], ON)
    assert not decision.entitled
    assert "§ 44 Abs. 1" in decision.refusal


@pytest.mark.parametrize(
    ("kind", "paragraph"),
    [
        (ResidenceKind.PERMISSION_TO_STAY, "asylg_55"),
        (ResidenceKind.TOLERATION, "60a_2_1"),
        (ResidenceKind.TOLERATION, "60d"),
        (ResidenceKind.EU_FREE_MOVEMENT, "freizuegg"),
        (ResidenceKind.GERMAN, ""),
        # A listed paragraph on the wrong kind: the kind of title decides, not the paragraph alone.
        (ResidenceKind.TOLERATION, "25_2"),
        (ResidenceKind.TOLERATION, "23_2"),
        (ResidenceKind.PERMISSION_TO_STAY, "23_2"),
    ],
)
def test_44_abs_1_a_gestattung_or_duldung_never_entitles(kind, paragraph):
    assert not entitlement_on([two_years(paragraph, GRANTED, kind)], ON).entitled


def test_44_abs_1_a_title_granted_after_the_day_does_not_count():
    title = two_years("25_2", GRANTED)
    assert not entitlement_on([title], GRANTED - timedelta(days=1)).entitled
    assert entitlement_on([title], GRANTED).entitled


# § 44 Abs. 1 S. 1 Nr. 1 "erstmals": only the first residence permit; Nr. 2 any.


def test_44_abs_1_s_1_nr_1_a_permit_that_is_not_the_first_is_refused():
    study = two_years("16", date(2023, 1, 1))
    work = two_years("18b", GRANTED)
    # Passed out of order: "first" means first granted, not first in the list.
    decision = entitlement_on([work, study], ON)
    assert not decision.entitled
    assert "§ 44 Abs. 1 S. 1 Nr. 1" in decision.refusal
    assert decision.refusal != no_title_refusal(ON)
    assert entitlement_on([work], ON).entitled  # the same title alone entitles: the earlier permit is why


def test_44_abs_1_s_1_nr_1_a_settlement_permit_before_does_not_make_the_permit_a_later_one():
    # Only earlier residence permits count; a settlement permit is another kind.
    decision = entitlement_on([permit("9", date(2020, 1, 1), kind=SETTLEMENT), two_years("30", GRANTED)], ON)
    assert decision.entitled, decision.refusal


def test_44_abs_1_s_1_nr_2_23_abs_2_after_an_earlier_permit_still_entitles():
    earlier = two_years("16", date(2023, 1, 1))
    decision = entitlement_on([earlier, permit("23_2", GRANTED)], ON)
    assert decision.entitled, decision.refusal
    assert "Nr. 2" in decision.reference
    assert decision.title.title == "23_2"


# § 44 Abs. 2: the entitlement lapses a year after the grant or when the title ends.


def test_44_abs_2_the_entitlement_lapses_a_year_after_the_grant():
    title = two_years("25_2", date(2024, 1, 10))
    on_last_day = entitlement_on([title], title.granted_on + timedelta(days=365))
    assert on_last_day.entitled, on_last_day.refusal
    assert on_last_day.lapses_on == date(2025, 1, 9)  # 2024 is a leap year: 365 days, not the calendar date
    day_after = entitlement_on([title], title.granted_on + timedelta(days=366))
    assert not day_after.entitled
    assert "§ 44 Abs. 2" in day_after.refusal


def test_44_abs_2_the_entitlement_lapses_when_the_title_ends_before_the_year():
    # A short § 23 Abs. 2 permit that is still a permanent stay (first permit held for years): only the end limits.
    first = permit("16", date(2021, 1, 1), date(2023, 12, 31))
    short = permit("23_2", date(2023, 6, 1), date(2023, 12, 1))
    last_day = entitlement_on([first, short], date(2023, 12, 1))
    assert last_day.entitled, last_day.refusal
    assert last_day.lapses_on == date(2023, 12, 1)
    day_after = entitlement_on([first, short], date(2023, 12, 2))
    assert not day_after.entitled
    assert "§ 44 Abs. 2" in day_after.refusal


# § 44 Abs. 1 S. 2: only a permanent stay.


def test_44_abs_1_s_2_a_permit_of_less_than_a_year_is_not_permanent():
    short = permit("18b", GRANTED, GRANTED + timedelta(days=364))
    decision = entitlement_on([short], ON)
    assert not decision.entitled
    assert "§ 44 Abs. 1 S. 2" in decision.refusal
    year = permit("18b", GRANTED, GRANTED + timedelta(days=365))
    assert entitlement_on([year], ON).entitled


def test_44_abs_1_s_2_a_short_permit_is_permanent_once_the_first_permit_is_held_over_18_months():
    first = permit("16", date(2022, 1, 1), date(2024, 12, 31))
    short = permit("23_4", date(2023, 7, 1), date(2023, 7, 1) + timedelta(days=184))
    at_548 = entitlement_on([first, short], first.granted_on + timedelta(days=548))
    assert not at_548.entitled
    assert "§ 44 Abs. 1 S. 2" in at_548.refusal
    at_549 = entitlement_on([first, short], first.granted_on + timedelta(days=549))
    assert at_549.entitled, at_549.refusal


# The paragraphs are dated: a title is judged by the law on the day it was granted.


@pytest.mark.parametrize(("granted_on", "entitled"), [(date(2023, 11, 17), False), (date(2023, 11, 18), True)])
def test_44_abs_1_s_1_nr_1_a_18g_entitles_only_from_18_november_2023(granted_on, entitled):
    decision = entitlement_on([two_years("18g", granted_on)], granted_on + timedelta(days=10))
    assert decision.entitled is entitled


@pytest.mark.parametrize(("granted_on", "entitled"), [(date(2018, 7, 31), False), (date(2018, 8, 1), True)])
def test_44_abs_1_s_1_nr_1_b_36a_entitles_only_from_1_august_2018(granted_on, entitled):
    decision = entitlement_on([two_years("36a", granted_on)], granted_on + timedelta(days=10))
    assert decision.entitled is entitled


@pytest.mark.parametrize(
    ("paragraph", "since"),
    [
        ("18b", date(2020, 3, 1)),
        ("21", date(2020, 3, 1)),
        ("25b", date(2015, 8, 1)),
        ("38a", date(2007, 8, 28)),
        ("23_4", date(2015, 8, 1)),
    ],
)
def test_44_abs_1_s_1_other_paragraphs_entitle_only_from_the_day_they_were_listed(paragraph, since):
    before = since - timedelta(days=1)
    assert not entitlement_on([two_years(paragraph, before)], before + timedelta(days=10)).entitled
    assert entitlement_on([two_years(paragraph, since)], since + timedelta(days=10)).entitled


def test_44_abs_1_s_1_a_title_granted_under_the_old_law_stays_judged_by_it():
    # § 18g was listed after the grant: the later change does not make the 2023 title entitle.
    assert not entitlement_on([two_years("18g", date(2023, 11, 1))], date(2023, 11, 20)).entitled


# An unrecorded paragraph: the entitlement cannot be decided.


def test_44_abs_1_a_missing_paragraph_asks_to_record_it():
    decision = entitlement_on([two_years("", GRANTED)], ON)
    assert not decision.entitled
    assert "§ 44 Abs. 1" in decision.refusal
    assert str(PERMIT.label) in decision.refusal
    assert decision.refusal != no_title_refusal(ON)


def test_44_abs_1_a_missing_paragraph_on_an_ended_title_is_not_asked_for():
    # Only the title in force on the day matters for recording; an old one gives the general refusal.
    old = permit("", date(2020, 1, 1), date(2021, 1, 1))
    assert entitlement_on([old], ON).refusal == no_title_refusal(ON)


# status_on: the title in force on a day.


def test_status_on_takes_the_latest_granted_of_overlapping_titles():
    older = two_years("25_2", date(2023, 1, 1))
    newer = permit("9", date(2024, 1, 1), kind=SETTLEMENT)
    assert status_on([newer, older], ON) == newer
    assert status_on([newer, older], date(2023, 6, 1)) == older


def test_status_on_counts_the_last_day_of_validity_and_not_the_day_after():
    title = permit("25_2", date(2024, 1, 1), date(2024, 6, 30))
    assert status_on([title], date(2024, 6, 30)) == title
    assert status_on([title], date(2024, 7, 1)) is None
    assert status_on([title], date(2023, 12, 31)) is None


# § 44a Abs. 1 AufenthG: who may oblige whom.

DAY = date(2025, 5, 5)


@pytest.mark.parametrize("kind", [ResidenceKind.EU_FREE_MOVEMENT, ResidenceKind.GERMAN])
@pytest.mark.parametrize(
    "agency", [AgencyKind.FOREIGNERS_AUTHORITY, AgencyKind.JOBCENTER, AgencyKind.ASYLUM_BENEFITS_OFFICE]
)
def test_44a_abs_1_nobody_with_free_movement_or_german_status_can_be_obliged(kind, agency):
    status = Title(kind=kind, title="", granted_on=date(2020, 1, 1))
    system = BenefitSystem.SGB_II if agency == AgencyKind.JOBCENTER else BenefitSystem.ASYLBLG
    refusal = obligation_refusal(status=status, benefit_system=system, obliging_kind=agency, on=DAY)
    assert set(refusal) == {"kind"}
    assert "§ 44a Abs. 1" in refusal["kind"]


def test_44a_abs_1_s_1_nr_2_the_jobcenter_obliges_only_sgb_ii_recipients():
    status = two_years("25_2", date(2024, 1, 1))
    allowed = obligation_refusal(
        status=status, benefit_system=BenefitSystem.SGB_II, obliging_kind=AgencyKind.JOBCENTER, on=DAY
    )
    assert allowed == {}
    refused = obligation_refusal(
        status=status, benefit_system=BenefitSystem.ASYLBLG, obliging_kind=AgencyKind.JOBCENTER, on=DAY
    )
    assert set(refused) == {"obliging_agency"}
    assert "§ 44a Abs. 1 S. 1 Nr. 2" in refused["obliging_agency"]


def test_44a_abs_1_s_1_nr_4_the_asylum_benefits_office_obliges_only_asylblg_recipients():
    status = Title(kind=ResidenceKind.PERMISSION_TO_STAY, title="asylg_55", granted_on=date(2024, 1, 1))
    office = AgencyKind.ASYLUM_BENEFITS_OFFICE
    allowed = obligation_refusal(status=status, benefit_system=BenefitSystem.ASYLBLG, obliging_kind=office, on=DAY)
    assert allowed == {}
    refused = obligation_refusal(status=status, benefit_system=BenefitSystem.SGB_II, obliging_kind=office, on=DAY)
    assert set(refused) == {"obliging_agency"}
    assert "§ 44a Abs. 1 S. 1 Nr. 4" in refused["obliging_agency"]
    assert "§ 5b AsylbLG" in refused["obliging_agency"]


@pytest.mark.parametrize("system", BenefitSystem.values)
@pytest.mark.parametrize("kind", [ResidenceKind.TOLERATION, ResidenceKind.RESIDENCE_PERMIT, None])
def test_44a_abs_1_s_1_nr_1_and_3_the_foreigners_authority_needs_no_benefit_system(system, kind):
    status = None if kind is None else Title(kind=kind, title="", granted_on=date(2024, 1, 1))
    refusal = obligation_refusal(
        status=status, benefit_system=system, obliging_kind=AgencyKind.FOREIGNERS_AUTHORITY, on=DAY
    )
    assert refusal == {}


# § 5a IntV: the jobcenter admits with a Kooperationsplan.

PLAN = date(2025, 3, 1)
ISSUED = date(2025, 4, 1)


def plan_refusal(**changes) -> dict:
    values = {
        "issuer_kind": AgencyKind.JOBCENTER,
        "benefit_system": BenefitSystem.SGB_II,
        "plan_on": PLAN,
        "review_on": PLAN + timedelta(days=90),
        "issued_on": ISSUED,
    } | changes
    return cooperation_plan_refusal(**values)


def test_5a_intv_a_complete_admission_by_the_jobcenter_is_allowed():
    assert plan_refusal() == {}


@pytest.mark.parametrize("issuer", [AgencyKind.FOREIGNERS_AUTHORITY, AgencyKind.ASYLUM_BENEFITS_OFFICE])
def test_5a_intv_only_the_jobcenter_admits(issuer):
    refusal = plan_refusal(issuer_kind=issuer)
    assert set(refusal) == {"kind"}
    assert "§ 5a IntV" in refusal["kind"]


@pytest.mark.parametrize("system", [s for s in BenefitSystem.values if s != BenefitSystem.SGB_II])
def test_5a_intv_only_for_sgb_ii_recipients_on_the_day(system):
    refusal = plan_refusal(benefit_system=system)
    assert set(refusal) == {"kind"}
    assert "§ 5a IntV" in refusal["kind"]


def test_5a_intv_the_plan_date_is_required():
    refusal = plan_refusal(plan_on=None)
    assert set(refusal) == {"cooperation_plan_on"}
    assert "§ 5a IntV" in refusal["cooperation_plan_on"]


def test_5a_intv_the_plan_must_exist_on_the_day_of_admission():
    assert plan_refusal(plan_on=ISSUED, review_on=ISSUED + timedelta(days=30)) == {}
    late = ISSUED + timedelta(days=1)
    refusal = plan_refusal(plan_on=late, review_on=late + timedelta(days=30))
    assert set(refusal) == {"cooperation_plan_on"}


@pytest.mark.parametrize(
    ("review_on", "allowed"),
    [
        (None, False),
        (PLAN - timedelta(days=1), False),
        (PLAN, False),
        (PLAN + timedelta(days=1), True),
        (PLAN + timedelta(days=183), True),
        (PLAN + timedelta(days=184), False),
    ],
)
def test_5a_intv_the_review_falls_after_the_plan_and_within_183_days(review_on, allowed):
    refusal = plan_refusal(review_on=review_on)
    assert (refusal == {}) is allowed
    if not allowed:
        assert set(refusal) == {"cooperation_plan_review_on"}


# Properties: the module against the rules written out here, as the law reads.

# Paragraph -> (item of § 44 Abs. 1 S. 1, the first grant date it entitles).
ENTITLING_SINCE = {
    "18a": ("1a", date(2020, 3, 1)),
    "18b": ("1a", date(2020, 3, 1)),
    "18d": ("1a", date(2020, 3, 1)),
    "19c": ("1a", date(2020, 3, 1)),
    "21": ("1a", date(2020, 3, 1)),
    "18g": ("1a", date(2023, 11, 18)),
    "28": ("1b", date(2005, 1, 1)),
    "30": ("1b", date(2005, 1, 1)),
    "32": ("1b", date(2005, 1, 1)),
    "36": ("1b", date(2005, 1, 1)),
    "36a": ("1b", date(2018, 8, 1)),
    "25_1": ("1c", date(2005, 1, 1)),
    "25_2": ("1c", date(2005, 1, 1)),
    "25_4a": ("1c", date(2005, 1, 1)),
    "25b": ("1c", date(2015, 8, 1)),
    "38a": ("1d", date(2007, 8, 28)),
    "23_2": ("2", date(2005, 1, 1)),
    "23_4": ("2", date(2015, 8, 1)),
}
# Grant dates around every change of the law, which uniform dates would rarely hit.
CHANGES = [date(2015, 8, 1), date(2018, 8, 1), date(2020, 3, 1), date(2023, 11, 18), date(2007, 8, 28)]
NEAR_CHANGES = [change + timedelta(days=shift) for change in CHANGES for shift in (-1, 0)]
FIRST_GRANT, LAST_GRANT = date(2005, 1, 1), date(2026, 12, 31)


def title_entitles(title: Title, titles: list[Title], on: date) -> bool:
    """§ 44 Abs. 1 and 2 AufenthG for one title, stated without the module."""
    if title.granted_on > on or title.kind not in ("aufenthaltserlaubnis", "niederlassungserlaubnis"):
        return False
    if title.title not in ENTITLING_SINCE:
        return False
    item, since = ENTITLING_SINCE[title.title]
    if title.granted_on < since:
        return False
    permits = [t for t in titles if t.kind == "aufenthaltserlaubnis"]
    first_permit = min(permits, key=lambda t: t.granted_on) if permits else None
    if item != "2" and title != first_permit:  # Nr. 1: "erstmals eine Aufenthaltserlaubnis"
        return False
    end = title.granted_on + timedelta(days=365)
    if title.valid_until is not None and title.valid_until < end:
        end = title.valid_until
    if on > end:  # § 44 Abs. 2
        return False
    long_enough = title.valid_until is None or (title.valid_until - title.granted_on).days >= 365
    held_long = first_permit is not None and (on - first_permit.granted_on).days > 548
    return long_enough or held_long  # § 44 Abs. 1 S. 2


@st.composite
def titles(draw) -> Title:
    # Weighted towards permits under listed paragraphs, else an entitlement would seldom come up.
    kind = draw(st.sampled_from([PERMIT, SETTLEMENT]) | st.sampled_from(sorted(ResidenceKind.values)))
    listed = sorted(TITLES_OF_KIND[kind] & ENTITLING_SINCE.keys())
    any_paragraph = st.sampled_from([*sorted(TITLES_OF_KIND[kind]), ""])
    paragraph = draw(st.sampled_from(listed) | st.sampled_from(listed) | any_paragraph if listed else any_paragraph)
    granted_on = draw(st.dates(FIRST_GRANT, LAST_GRANT) | st.sampled_from(NEAR_CHANGES))
    validity = draw(st.none() | st.integers(1, 1500) | st.sampled_from([364, 365, 366]))
    valid_until = None if validity is None else granted_on + timedelta(days=validity)
    return Title(kind=kind, title=paragraph, granted_on=granted_on, valid_until=valid_until)


@st.composite
def histories(draw) -> tuple[list[Title], date]:
    # Distinct grant dates: which of two permits granted on one day is the "first" is not settled by the rules.
    rows = draw(st.lists(titles(), max_size=4, unique_by=lambda t: t.granted_on))
    # Mostly a day shortly after one of the grants, where the rules have something to decide.
    if rows and draw(st.integers(0, 3)):
        anchor = draw(st.sampled_from([t.granted_on for t in rows]))
        offset = draw(st.integers(-30, 400) | st.integers(-30, 900) | st.sampled_from([364, 365, 366, 548, 549]))
        return rows, anchor + timedelta(days=offset)
    return rows, draw(st.dates(date(2004, 6, 1), date(2028, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(history=histories())
# Worlds random search meets rarely: a short Nr. 2 permit on the last day before and the first day after the
# first permit is held over 18 months, and § 18g on the day before it was listed.
@example(
    history=(
        [permit("16", date(2022, 1, 1)), permit("23_2", date(2023, 6, 1), date(2023, 9, 1))],
        date(2022, 1, 1) + timedelta(days=548),
    )
)
@example(
    history=(
        [permit("16", date(2022, 1, 1)), permit("23_2", date(2023, 6, 1), date(2023, 9, 1))],
        date(2022, 1, 1) + timedelta(days=549),
    )
)
@example(history=([permit("18g", date(2023, 11, 17))], date(2023, 12, 1)))
def test_44_abs_1_and_2_entitlement_matches_the_rules(history):
    rows, on = history
    decision = entitlement_on(rows, on)
    expected = any(title_entitles(title, rows, on) for title in rows)
    assert decision.entitled is expected, (rows, on, decision)
    if decision.entitled:
        # The title it names must itself entitle, and lapse by § 44 Abs. 2.
        assert decision.title in rows
        assert title_entitles(decision.title, rows, on)
        end = decision.title.granted_on + timedelta(days=365)
        assert decision.lapses_on == min(end, decision.title.valid_until or end)
        assert decision.refusal == ""
    else:
        assert decision.refusal
        assert decision.title is None


OBLIGING = [AgencyKind.JOBCENTER, AgencyKind.FOREIGNERS_AUTHORITY, AgencyKind.ASYLUM_BENEFITS_OFFICE]


def obligation_keys(status_kind: str | None, system: str, agency: str) -> set[str]:
    """§ 44a Abs. 1 AufenthG, stated without the module: the form field a refusal belongs to."""
    if status_kind in ("eu", "german"):
        return {"kind"}
    if agency == "jobcenter" and system != "sgb2":  # Nr. 2: SGB II recipients
        return {"obliging_agency"}
    if agency == "asylum_benefits_office" and system != "asylblg":  # Nr. 4, § 5b AsylbLG
        return {"obliging_agency"}
    return set()


@settings(max_examples=300, deadline=None)
@given(
    status_kind=st.none() | st.sampled_from(sorted(ResidenceKind.values)),
    system=st.sampled_from(sorted(BenefitSystem.values)),
    agency=st.sampled_from(OBLIGING),
    on=st.dates(FIRST_GRANT, LAST_GRANT),
)
def test_44a_abs_1_obligation_matches_the_rules(status_kind, system, agency, on):
    status = None if status_kind is None else Title(kind=status_kind, title="", granted_on=date(2004, 1, 1))
    refusal = obligation_refusal(status=status, benefit_system=system, obliging_kind=agency, on=on)
    assert set(refusal) == obligation_keys(status_kind, system, agency)
    assert all(isinstance(text, str) and text for text in refusal.values())
