"""Who may take part in an integration course, decided from the person's dated residence titles and benefits.

Pure functions over plain values, so that the services and a property test judge the same rules: the entitlement
of § 44 Abs. 1 and 2 AufenthG, the jobcenter's own admission under § 5a IntV, and who may oblige under § 44a Abs. 1
AufenthG. The paragraphs that entitle are dated rows: a title is judged by the law in force on the day it was granted.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.models import AgencyKind, BenefitSystem
from cases.models.choices import ResidenceKind, ResidenceTitle

ENTITLEMENT_WINDOW = timedelta(days=365)  # § 44 Abs. 2 S. 1: the entitlement lapses a year after the grant
PERMANENT_VALIDITY = timedelta(days=365)  # § 44 Abs. 1 S. 2: a permit of at least one year …
PERMANENT_HOLDING = timedelta(days=548)  # … or a permit held for over 18 months
PLAN_REVIEW = timedelta(days=183)  # § 15 Abs. 3 SGB II: a Kooperationsplan is reviewed within six months


@dataclass(frozen=True)
class EntitlingTitles:
    """Titles of one item of § 44 Abs. 1 S. 1 AufenthG, as the item read from `valid_from` to `valid_to`."""

    reference: str
    titles: frozenset[str]
    first_permit_only: bool  # Nr. 1: "erstmals eine Aufenthaltserlaubnis"; Nr. 2 any title under § 23 Abs. 2/4
    valid_from: date
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def _titles(*values: str) -> frozenset[str]:
    return frozenset(ResidenceTitle(value).value for value in values)


NR_1_A = "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. a AufenthG"
NR_1_B = "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG"
NR_1_C = "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. c AufenthG"
NR_1_D = "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. d AufenthG"
NR_2 = "§ 44 Abs. 1 S. 1 Nr. 2 AufenthG"
ENTITLING_TITLES = (
    # Work: the numbering of the Fachkräfteeinwanderungsgesetz (1 Mar 2020); § 18g (EU Blue Card) since 18 Nov 2023.
    EntitlingTitles(NR_1_A, _titles("18a", "18b", "18d", "19c", "21"), True, date(2020, 3, 1), date(2023, 11, 17)),
    EntitlingTitles(NR_1_A, _titles("18a", "18b", "18d", "18g", "19c", "21"), True, date(2023, 11, 18)),
    # Family: § 36a since 1 Aug 2018.
    EntitlingTitles(NR_1_B, _titles("28", "30", "32", "36"), True, date(2005, 1, 1), date(2018, 7, 31)),
    EntitlingTitles(NR_1_B, _titles("28", "30", "32", "36", "36a"), True, date(2018, 8, 1)),
    # Humanitarian: § 25b since 1 Aug 2015.
    EntitlingTitles(NR_1_C, _titles("25_1", "25_2", "25_4a"), True, date(2005, 1, 1), date(2015, 7, 31)),
    EntitlingTitles(NR_1_C, _titles("25_1", "25_2", "25_4a", "25b"), True, date(2015, 8, 1)),
    EntitlingTitles(NR_1_D, _titles("38a"), True, date(2007, 8, 28)),
    # § 23 Abs. 4 (resettlement) since 1 Aug 2015.
    EntitlingTitles(NR_2, _titles("23_2"), False, date(2005, 1, 1), date(2015, 7, 31)),
    EntitlingTitles(NR_2, _titles("23_2", "23_4"), False, date(2015, 8, 1)),
)
TITLE_KINDS = (ResidenceKind.RESIDENCE_PERMIT, ResidenceKind.SETTLEMENT_PERMIT)
NO_OBLIGATION_KINDS = (ResidenceKind.EU_FREE_MOVEMENT, ResidenceKind.GERMAN)


@dataclass(frozen=True)
class Title:
    """A residence status as the rules need it."""

    kind: str
    title: str
    granted_on: date
    valid_until: date | None = None

    def valid_on(self, on: date) -> bool:
        return self.granted_on <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class Decision:
    """Entitled (with the reference and the title it follows from, and when it lapses), or a refusal saying why."""

    reference: str = ""
    title: Title | None = None
    lapses_on: date | None = None
    refusal: str = ""

    @property
    def entitled(self) -> bool:
        return not self.refusal


def _entitling_rule(title: Title) -> EntitlingTitles | None:
    return next(
        (rule for rule in ENTITLING_TITLES if title.title in rule.titles and rule.in_force(title.granted_on)), None
    )


def _label(title: Title) -> str:
    return ResidenceTitle(title.title).label if title.title else ResidenceKind(title.kind).label


def _day(on: date) -> str:
    return date_format(on, "SHORT_DATE_FORMAT")


def _permanent(title: Title, first_permit: Title | None, on: date) -> bool:
    """§ 44 Abs. 1 S. 2: a permit of at least one year, or residence permits held for over 18 months."""
    if title.valid_until is None or title.valid_until - title.granted_on >= PERMANENT_VALIDITY:
        return True
    return first_permit is not None and on - first_permit.granted_on > PERMANENT_HOLDING


def entitlement_on(titles: list[Title], on: date) -> Decision:
    """The entitlement of § 44 Abs. 1 AufenthG on `on`, from every title the person was granted."""
    ordered = sorted(titles, key=lambda t: t.granted_on)
    permits = [t for t in ordered if t.kind == ResidenceKind.RESIDENCE_PERMIT]
    first_permit = permits[0] if permits else None
    refusal = ""
    for title in ordered:
        if title.kind not in TITLE_KINDS or title.granted_on > on:
            continue
        rule = _entitling_rule(title)
        if rule is None:
            if not title.title and title.valid_on(on):
                refusal = _(
                    "The paragraph of the person's %(kind)s is not recorded; the entitlement of § 44 Abs. 1 AufenthG "
                    "follows from it. Record it on the case first."
                ) % {"kind": ResidenceKind(title.kind).label}
            continue
        # Permits granted on the same day as the first one count as first: the order of entry decides nothing.
        if rule.first_permit_only and (
            title.kind != ResidenceKind.RESIDENCE_PERMIT or title.granted_on != first_permit.granted_on
        ):
            refusal = _(
                "The title under %(title)s is not the person's first residence permit: it gives no entitlement "
                "(§ 44 Abs. 1 S. 1 Nr. 1 AufenthG)."
            ) % {"title": _label(title)}
            continue
        lapses_on = title.granted_on + ENTITLEMENT_WINDOW
        if title.valid_until is not None:
            lapses_on = min(lapses_on, title.valid_until)
        if on > lapses_on:
            refusal = _(
                "The entitlement from the title under %(title)s, granted on %(granted)s, lapsed on %(lapsed)s "
                "(§ 44 Abs. 2 S. 1 AufenthG)."
            ) % {"title": _label(title), "granted": _day(title.granted_on), "lapsed": _day(lapses_on)}
            continue
        if not _permanent(title, first_permit, on):
            refusal = _(
                "The title under %(title)s is valid for less than a year: the stay is not permanent "
                "(§ 44 Abs. 1 S. 2 AufenthG)."
            ) % {"title": _label(title)}
            continue
        return Decision(reference=rule.reference, title=title, lapses_on=lapses_on)
    return Decision(
        refusal=refusal
        or _("On %(date)s the person holds no residence title that entitles to a course (§ 44 Abs. 1 AufenthG).")
        % {"date": _day(on)}
    )


def status_on(titles: list[Title], on: date) -> Title | None:
    """The title valid on `on`, the latest granted if several overlap."""
    valid = [t for t in titles if t.valid_on(on)]
    return max(valid, key=lambda t: t.granted_on) if valid else None


# § 44a Abs. 1 S. 1 AufenthG: who obliges whom. The foreigners' authority (Nr. 1, 3) needs no benefit system.
OBLIGATION_NEEDS = {
    AgencyKind.JOBCENTER: (BenefitSystem.SGB_II, "§ 44a Abs. 1 S. 1 Nr. 2 AufenthG"),
    AgencyKind.ASYLUM_BENEFITS_OFFICE: (BenefitSystem.ASYLBLG, "§ 44a Abs. 1 S. 1 Nr. 4 AufenthG, § 5b AsylbLG"),
}


def obligation_refusal(*, status: Title | None, benefit_system: str, obliging_kind: str, on: date) -> dict:
    """An empty dict if the authority may oblige the person on `on`, else the refusal per form field."""
    if status is not None and status.kind in NO_OBLIGATION_KINDS:
        return {
            "kind": _(
                "A person with %(status)s cannot be obliged to attend: § 44a Abs. 1 AufenthG applies to foreigners "
                "only. Issue an entitlement or admission instead."
            )
            % {"status": ResidenceKind(status.kind).label}
        }
    needed = OBLIGATION_NEEDS.get(obliging_kind)
    if needed is not None and benefit_system != needed[0]:
        return {
            "obliging_agency": _(
                "%(agency)s obliges only a person receiving %(needed)s benefits on the day of the obligation "
                "(%(reference)s); on %(date)s the person receives: %(system)s."
            )
            % {
                "agency": AgencyKind(obliging_kind).label,
                "needed": BenefitSystem(needed[0]).label,
                "reference": needed[1],
                "date": _day(on),
                "system": BenefitSystem(benefit_system).label,
            }
        }
    return {}


def cooperation_plan_refusal(
    *, issuer_kind: str, benefit_system: str, plan_on: date | None, review_on: date | None, issued_on: date
) -> dict:
    """§ 5a IntV: the jobcenter admits a recipient of citizens' benefit whose Kooperationsplan (§ 15 SGB II)
    includes the course; the plan is reviewed within six months."""
    if issuer_kind != AgencyKind.JOBCENTER:
        return {"kind": _("Only the jobcenter admits a person under § 5a IntV.")}
    if benefit_system != BenefitSystem.SGB_II:
        return {
            "kind": _(
                "The jobcenter admits under § 5a IntV only a person receiving citizens' benefit (SGB II) on the day "
                "of admission; on %(date)s the person receives: %(system)s."
            )
            % {"date": _day(issued_on), "system": BenefitSystem(benefit_system).label}
        }
    if plan_on is None:
        return {
            "cooperation_plan_on": _("Enter the date of the Kooperationsplan that includes the course (§ 5a IntV).")
        }
    if plan_on > issued_on:
        return {"cooperation_plan_on": _("The Kooperationsplan must exist on the day of admission (§ 5a IntV).")}
    if review_on is None or not plan_on < review_on <= plan_on + PLAN_REVIEW:
        return {
            "cooperation_plan_review_on": _(
                "Enter the plan's review date, within six months of the plan (§ 15 Abs. 3 SGB II)."
            )
        }
    return {}
