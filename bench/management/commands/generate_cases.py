"""Load a large, realistic, synthetic set of persons and cases for load tests and measurements.

    manage.py generate_cases --persons 182000 [--seed 2018] [--batch 5000]

Deterministic: the same seed gives the same persons (names, birth dates, ...) in the same order, whatever the
database held before; names and birth dates come from their own `random.Random(seed)`, everything else from a second
generator, so that dates counted from today cannot shift the names.

Loaded in bulk (`bulk_create`, one transaction per batch of persons, `synchronous_commit=off`): no model `save()`,
no signals, and deliberately NO history rows (django-simple-history writes them in `post_save`, which `bulk_create`
does not send). The generated data therefore has no change protocol; the demo data loaded first has. Refused in
production. Loads the demo agencies and accounts first (`agencies.demo.seed()`), and adds a few counselling teams of
neighbouring towns and one generated caseworker account (without a usable password) for each agency that leads
cases without a demo caseworker.

Ratios: about 1.1 cases per person; 85 % counselling, 10 % arrival counselling, 5 % case management; 30 % closed;
opened 2015 up to today; 2 to 3 notes per case; about one benefit period and one residence status per person;
about 3 % of cases shared with the jobcenter and 0.5 % with the volunteer association on the person's consent
(some consents without case notes), and about 1 % with a share ended by a revoked consent.
"""

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agencies import demo
from agencies.models import Agency, AgencyKind, Membership, Role, User
from bench import names as perf
from cases.models import (
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    Consent,
    Obstacle,
    Person,
    ResidenceStatus,
    SupportPlan,
)
from cases.models.choices import ActionField, CaseKind, CasePhase, CaseStatus, DataCategory
from cases.names import search_names

START = date(2015, 1, 1)

# Counselling teams of neighbouring towns in a district-wide deployment (generated, like their caseworkers).
EXTRA_TEAMS = [
    ("gen-team-emsdetten", "Team Integration der Stadt Emsdetten"),
    ("gen-team-greven", "Integrationsberatung der Stadt Greven"),
    ("gen-team-ibbenbueren", "Team Migration der Stadt Ibbenbüren"),
    ("gen-mbe-diakonie", "Migrationsberatung für Erwachsene der Diakonie"),
]
DEMO_CASEWORKERS = {"team-beratung": "beratung", "team-asyl": "asyl", "abh": "abh", "jobcenter": "jobcenter"}
GENERATED_CASEWORKERS = {"team-sgb2": "gen-team-sgb2", "caritas": "gen-caritas"}
VOLUNTEERS = "fluechtlingshilfe"

_EXTRA = [short_name for short_name, _name in EXTRA_TEAMS]
LEAD_WEIGHTS = {
    CaseKind.COUNSELLING: {
        "team-beratung": 20, "jobcenter": 24, "team-asyl": 12, "team-sgb2": 8, "abh": 12, "caritas": 12,
        **dict.fromkeys(_EXTRA, 3),
    },
    CaseKind.CASE_MANAGEMENT: {"team-beratung": 50, "caritas": 20, **dict.fromkeys(_EXTRA, 7.5)},
    CaseKind.ARRIVAL: {"team-beratung": 40, "caritas": 30, **dict.fromkeys(_EXTRA, 7.5)},
}  # fmt: skip

# Fields of action by the lead agency's kind: the chance of each.
FIELD_CHANCES = {
    AgencyKind.JOBCENTER: {"work": 0.9, "language": 0.6, "family": 0.1},
    AgencyKind.FOREIGNERS_AUTHORITY: {"residence": 0.9, "language": 0.3},
    AgencyKind.ASYLUM_BENEFITS_OFFICE: {"residence": 0.6, "housing": 0.5, "language": 0.4, "health": 0.1},
    AgencyKind.BENEFITS_OFFICE: {"work": 0.5, "housing": 0.4, "residence": 0.3},
    None: {
        "language": 0.45, "work": 0.3, "education": 0.2, "housing": 0.3, "health": 0.12, "family": 0.3,
        "participation": 0.2, "residence": 0.2,
    },
}  # fmt: skip
NOTE_POOLS = {
    AgencyKind.JOBCENTER: "jobcenter",
    AgencyKind.FOREIGNERS_AUTHORITY: "foreigners_authority",
    AgencyKind.ASYLUM_BENEFITS_OFFICE: "asylum_benefits_office",
    AgencyKind.BENEFITS_OFFICE: "benefits_office",
    AgencyKind.WELFARE_ORGANISATION: "welfare_organisation",
}
OPEN_PHASES = [CasePhase.INTAKE, CasePhase.ASSESSMENT, CasePhase.PLANNING, CasePhase.MONITORING, CasePhase.EVALUATION]
CONSENT_CATEGORIES = {
    "jobcenter": [
        [DataCategory.MASTER_DATA, DataCategory.COURSES, DataCategory.NOTES],
        [DataCategory.MASTER_DATA, DataCategory.COURSES],
        [DataCategory.MASTER_DATA, DataCategory.BENEFITS, DataCategory.COURSES],
        [DataCategory.MASTER_DATA, DataCategory.RESIDENCE, DataCategory.COURSES, DataCategory.NOTES],
    ],
    VOLUNTEERS: [
        [DataCategory.MASTER_DATA, DataCategory.COURSES],
        [DataCategory.MASTER_DATA, DataCategory.COURSES, DataCategory.NOTES],
    ],
}
SHARE_JOBCENTER, SHARE_VOLUNTEERS, SHARE_REVOKED = 0.037, 0.005, 0.01  # the jobcenter's own cases are not shared


@dataclass
class Lead:
    agency: Agency
    caseworker: User


class Command(BaseCommand):
    help = (
        "Generates N synthetic persons with about 1.1 cases each, in bulk and without history rows (not in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="number of persons to create")
        parser.add_argument("--seed", type=int, default=2018, help="random seed (same seed, same persons)")
        parser.add_argument("--batch", type=int, default=5000, help="persons per transaction")

    def handle(self, *args, persons: int, seed: int, batch: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Synthetic cases must not be loaded into a production system.")
        if persons < 1 or batch < 1:
            raise CommandError("--persons and --batch must be positive.")
        demo.seed()
        self.today = timezone.localdate()
        self.leads = self._leads()
        self.volunteers = Agency.objects.get(short_name=VOLUNTEERS)
        self.obstacle_ids = list(Obstacle.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
        self.choosers = {
            kind: perf.Weighted(list(weights), list(weights.values())) for kind, weights in LEAD_WEIGHTS.items()
        }
        self.drawer = perf.NameDrawer()
        names_rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.rng = random.Random(seed + 1_000_003)  # noqa: S311

        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        started = time.monotonic()
        totals = dict.fromkeys(["persons", "cases", "rows"], 0)
        try:
            for offset in range(0, persons, batch):
                drafts = [self.drawer.draw(names_rng) for _ in range(min(batch, persons - offset))]
                with transaction.atomic():
                    counts = self._load(drafts)
                for key in totals:
                    totals[key] += counts[key]
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"{totals['persons']:>9,}/{persons:,} persons  {totals['cases']:>9,} cases  "
                    f"{totals['rows']:>10,} rows  {totals['rows'] / elapsed:>8,.0f} rows/s  {elapsed:6.1f} s"
                )
                self.stdout.flush()
            self._analyze()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {totals['persons']:,} persons, {totals['cases']:,} cases, {totals['rows']:,} rows "
                f"in {elapsed:.1f} s ({totals['rows'] / elapsed:,.0f} rows/s, "
                f"{totals['cases'] / elapsed:,.0f} cases/s)."
            )
        )

    # --- Agencies and caseworkers ---------------------------------------------------------------------------------

    def _leads(self) -> dict[str, Lead]:
        """The agencies that lead cases and, for each, the caseworker who manages its cases and writes its notes."""
        existing = set(Agency.objects.values_list("short_name", flat=True))
        Agency.objects.bulk_create(
            [
                Agency(
                    short_name=short_name,
                    name=name,
                    kind=AgencyKind.COUNSELLING_TEAM,
                    benefit_systems=["asylblg", "sgb2", "sgb12", "none"],
                    alert_email=f"{short_name}@{demo.MAIL_DOMAIN}",
                )
                for short_name, name in EXTRA_TEAMS
                if short_name not in existing
            ]
        )
        agencies = {agency.short_name: agency for agency in Agency.objects.all()}
        usernames = {**DEMO_CASEWORKERS, **GENERATED_CASEWORKERS, **{name: name for name in _EXTRA}}
        present = set(User.objects.filter(username__in=usernames.values()).values_list("username", flat=True))
        User.objects.bulk_create(
            [
                User(
                    username=username,
                    first_name="Fallbearbeitung",
                    last_name=agencies[short_name].name[:150],
                    email=f"{username}@{demo.MAIL_DOMAIN}",
                    password=make_password(None),
                )
                for short_name, username in usernames.items()
                if username not in present
            ]
        )
        users = {user.username: user for user in User.objects.filter(username__in=usernames.values())}
        members = set(Membership.objects.filter(role=Role.CASEWORKER).values_list("user_id", "agency_id"))
        Membership.objects.bulk_create(
            [
                Membership(user=users[username], agency=agencies[short_name], role=Role.CASEWORKER)
                for short_name, username in usernames.items()
                if (users[username].pk, agencies[short_name].pk) not in members
            ]
        )
        return {short_name: Lead(agencies[short_name], users[username]) for short_name, username in usernames.items()}

    # --- One batch ------------------------------------------------------------------------------------------------

    def _load(self, drafts: list[perf.PersonDraft]) -> dict[str, int]:
        rng = self.rng
        persons, plans = [], []
        for draft in drafts:
            person, plan = self._person(draft)
            persons.append(person)
            plans.append(plan)
        Person.objects.bulk_create(persons, batch_size=2000)

        cases, case_plans = [], []
        residences, benefits = [], []
        for person, plan in zip(persons, plans, strict=True):
            residences += self._residences(person, plan)
            benefits += self._benefits(person, plan)
            number = 1 + (rng.random() < 0.095) + (rng.random() < 0.005)
            for _ in range(number):
                case, extra = self._case(person, plan)
                cases.append(case)
                case_plans.append(extra)
        Case.objects.bulk_create(cases, batch_size=2000)

        notes, support_plans, obstacle_links, consents, shares = [], [], [], [], []
        Through = Case.obstacles.through
        for case, extra in zip(cases, case_plans, strict=True):
            notes += self._notes(case, extra)
            if case.kind == CaseKind.CASE_MANAGEMENT:
                support_plans.append(SupportPlan(case=case))
            obstacle_links += [Through(case_id=case.pk, obstacle_id=pk) for pk in extra["obstacles"]]
            consents_shares = self._shares(case, extra)
            for consent, share in consents_shares:
                consents.append(consent)
                shares.append(share)
        ResidenceStatus.objects.bulk_create(residences, batch_size=2000)
        BenefitPeriod.objects.bulk_create(benefits, batch_size=2000)
        CaseNote.objects.bulk_create(notes, batch_size=2000)
        SupportPlan.objects.bulk_create(support_plans, batch_size=2000)
        Through.objects.bulk_create(obstacle_links, batch_size=2000)
        Consent.objects.bulk_create(consents, batch_size=2000)
        for share in shares:
            share.consent_id = share.consent.pk
        CaseShare.objects.bulk_create(shares, batch_size=2000)
        rows = sum(
            map(len, (persons, cases, residences, benefits, notes, support_plans, obstacle_links, consents, shares))
        )
        return {"persons": len(persons), "cases": len(cases), "rows": rows}

    def _person(self, draft: perf.PersonDraft) -> tuple[Person, dict]:
        rng, today = self.rng, self.today
        group = self.drawer.group(draft.group)
        earliest, latest = group.arrival
        arrival = perf.day_between(rng, earliest, min(latest, today))
        if draft.group == "arabic" and rng.random() < 0.45:  # the autumn of 2015 and the winter after
            arrival = perf.day_between(rng, date(2015, 8, 1), date(2016, 3, 31))
        arrival = max(arrival, draft.birth_date)
        nationality = self._weighted(group.key, "nationalities").draw(rng)
        languages = [group.languages[0]] + [lang for lang in group.languages[1:] if rng.random() < 0.3]
        if rng.random() < 0.35 and "Deutsch" not in languages:
            languages.append("Deutsch")
        district = perf.DISTRICTS[int(rng.random() * len(perf.DISTRICTS))]
        street = perf.STREETS[int(rng.random() * len(perf.STREETS))]
        house = 1 + int(rng.random() * 120)
        phone = (
            f"+49 15{int(rng.random() * 10)} {int(rng.random() * 90_000_000) + 10_000_000}"
            if rng.random() < 0.7
            else ""
        )
        email = ""
        if rng.random() < 0.25:
            local = f"{perf.plain(draft.given_names.split()[0])}.{perf.plain(draft.family_name)}".lower()
            local = "".join(char for char in local if char.isalnum() or char == ".")
            email = f"{local}{int(rng.random() * 100)}@example.org"
        residence = self._weighted(group.key, "residence").draw(rng)
        person = Person(
            given_names=draft.given_names,
            family_name=draft.family_name,
            aliases=draft.aliases,
            birth_date=draft.birth_date,
            gender=draft.gender,
            nationality=nationality,
            languages=languages,
            phone=phone,
            email=email,
            address=f"{street} {house}, 48431 Rheine",
            district=district,
            arrival_date=arrival,
            search_names=search_names(
                given_names=draft.given_names, family_name=draft.family_name, aliases=draft.aliases
            ),
        )
        return person, {"group": draft.group, "arrival": arrival, "residence": residence, "birth": draft.birth_date}

    def _weighted(self, group: str, attribute: str) -> perf.Weighted:
        cache = self.__dict__.setdefault("_weighted_cache", {})
        if (group, attribute) not in cache:
            items, weights = zip(*getattr(self.drawer.group(group), attribute), strict=True)
            cache[group, attribute] = perf.Weighted(items, list(weights))
        return cache[group, attribute]

    def _residences(self, person: Person, plan: dict) -> list[ResidenceStatus]:
        rng, today = self.rng, self.today
        kind, arrival = plan["residence"], plan["arrival"]

        def status(kind: str, valid_from: date, valid_until: date | None) -> ResidenceStatus:
            bases = perf.LEGAL_BASES[kind]
            basis = "24" if plan["group"] == "ukrainian" and kind == "aufenthaltserlaubnis" else None
            return ResidenceStatus(
                person=person, kind=kind, title=basis or bases[int(rng.random() * len(bases))],
                valid_from=valid_from, valid_until=valid_until,
            )  # fmt: skip

        def until(kind: str) -> date | None:
            days = {"aufenthaltserlaubnis": (30, 900), "gestattung": (30, 180), "duldung": (14, 180)}.get(kind)
            draw = rng.random()
            return today + timedelta(days=days[0] + int(draw * (days[1] - days[0]))) if days else None

        roll = rng.random()
        if roll < 0.04:
            return []
        if kind in ("aufenthaltserlaubnis", "niederlassungserlaubnis") and roll < 0.16 and plan["group"] != "ukrainian":
            # Asylum first, then the title: two rows, the first ended the day before the second.
            second = perf.day_between(rng, arrival + timedelta(days=200), arrival + timedelta(days=800))
            if second <= today:
                return [status("gestattung", arrival, second - timedelta(days=1)), status(kind, second, until(kind))]
        return [status(kind, arrival, until(kind))]

    def _benefits(self, person: Person, plan: dict) -> list[BenefitPeriod]:
        rng, today = self.rng, self.today
        group, arrival, residence = plan["group"], plan["arrival"], plan["residence"]
        age = (today - plan["birth"]).days / 365.25
        roll, system_roll, end_roll = rng.random(), rng.random(), rng.random()
        if roll < 0.05:
            return []
        if group == "ukrainian":
            system = "sgb12" if age >= 65 else "sgb2"
            if arrival < date(2022, 6, 1):  # Rechtskreiswechsel of refugees from Ukraine on 1 June 2022
                return [
                    BenefitPeriod(person=person, system="asylblg", valid_from=arrival, valid_until=date(2022, 5, 31)),
                    BenefitPeriod(person=person, system=system, valid_from=date(2022, 6, 1)),
                ]
        elif residence in ("gestattung", "duldung"):
            system = "asylblg"
        elif residence == "eu":
            system = "none" if system_roll < 0.5 else "sgb2" if system_roll < 0.8 else "sgb3"
        elif age >= 65:
            system = "sgb12"
        elif group in ("turkish", "german"):
            system = "sgb2" if system_roll < 0.45 else "none" if system_roll < 0.8 else "sgb3"
        else:
            system = "sgb2" if system_roll < 0.75 else "none" if system_roll < 0.95 else "sgb3"
        start = max(arrival, START - timedelta(days=365))
        if system in ("sgb2", "sgb12") and group in ("arabic", "dari", "tigrinya") and roll > 0.87:
            change = perf.day_between(rng, start + timedelta(days=250), start + timedelta(days=700))
            if change <= today:
                return [
                    BenefitPeriod(person=person, system="asylblg", valid_from=start, valid_until=change - timedelta(1)),
                    BenefitPeriod(person=person, system=system, valid_from=change),
                ]
        ended = start + timedelta(days=365 + int(end_roll * 1500))
        valid_until = ended if end_roll < 0.2 and ended < today else None
        return [BenefitPeriod(person=person, system=system, valid_from=start, valid_until=valid_until)]

    def _case(self, person: Person, plan: dict) -> tuple[Case, dict]:
        rng, today = self.rng, self.today
        kind_roll = rng.random()
        kind = (
            CaseKind.CASE_MANAGEMENT
            if kind_roll < 0.05
            else CaseKind.ARRIVAL
            if kind_roll < 0.15
            else CaseKind.COUNSELLING
        )
        lead = self.leads[self.choosers[kind].draw(rng)]
        opened = perf.day_between(rng, max(START, plan["arrival"]), today)
        closed_roll, duration_roll, manager_roll, phase_roll = rng.random(), rng.random(), rng.random(), rng.random()
        closed_on = None
        if closed_roll < 0.3:
            closed_on = min(opened + timedelta(days=int(14 + duration_roll * 900)), today)
        phase = ""
        if kind == CaseKind.CASE_MANAGEMENT:
            phase = CasePhase.CLOSURE if closed_on else OPEN_PHASES[int(phase_roll * len(OPEN_PHASES))]
        chances = FIELD_CHANCES.get(lead.agency.kind, FIELD_CHANCES[None])
        chosen = {name for name, chance in chances.items() if rng.random() < chance}
        if kind == CaseKind.ARRIVAL:
            chosen |= {"participation", "language"}
        action_fields = [value for value in ActionField.values if value in chosen] or [next(iter(chances))]
        obstacles = []
        if self.obstacle_ids and (kind == CaseKind.CASE_MANAGEMENT or rng.random() < 0.08):
            count = 1 + int(rng.random() * (3 if kind == CaseKind.CASE_MANAGEMENT else 1))
            obstacles = sorted({self.obstacle_ids[int(rng.random() * len(self.obstacle_ids))] for _ in range(count)})
        case = Case(
            person=person,
            lead_agency=lead.agency,
            case_manager=lead.caseworker if manager_roll < 0.9 else None,
            kind=kind,
            status=CaseStatus.CLOSED if closed_on else CaseStatus.OPEN,
            phase=phase,
            opened_on=opened,
            closed_on=closed_on,
            action_fields=action_fields,
        )
        return case, {"lead": lead, "obstacles": obstacles, "district": person.district}

    def _notes(self, case: Case, extra: dict) -> list[CaseNote]:
        rng = self.rng
        lead: Lead = extra["lead"]
        if case.kind == CaseKind.COUNSELLING:
            pool = perf.NOTE_TEXTS[NOTE_POOLS.get(lead.agency.kind, "counselling")]
        else:
            pool = perf.NOTE_TEXTS[case.kind]
        last = case.closed_on or min(self.today, case.opened_on + timedelta(days=540))
        number = 2 + (rng.random() < 0.5)
        notes = []
        for index in range(number):
            kind, text = pool[int(rng.random() * len(pool))]
            occurred = case.opened_on if index == 0 else perf.day_between(rng, case.opened_on, last)
            if case.closed_on and index == number - 1:
                kind, text, occurred = "conversation", perf.CLOSING_TEXTS[int(rng.random() * 4)], case.closed_on
            notes.append(
                CaseNote(
                    case=case,
                    kind=kind,
                    occurred_on=occurred,
                    author=lead.caseworker,
                    agency=lead.agency,
                    text=text.format(district=extra["district"]),
                )
            )
        return notes

    def _shares(self, case: Case, extra: dict) -> list[tuple[Consent, CaseShare]]:
        rng, today = self.rng, self.today
        lead: Lead = extra["lead"]
        roll, category_roll, revoke_roll = rng.random(), rng.random(), rng.random()
        jobcenter = self.leads["jobcenter"].agency
        if roll < SHARE_JOBCENTER:
            receiving, revoked = jobcenter, False
        elif roll < SHARE_JOBCENTER + SHARE_VOLUNTEERS:
            receiving, revoked = self.volunteers, False
        elif roll < SHARE_JOBCENTER + SHARE_VOLUNTEERS + SHARE_REVOKED:
            receiving, revoked = (jobcenter if revoke_roll < 0.8 else self.volunteers), True
        else:
            return []
        if receiving.pk == case.lead_agency_id:
            return []
        key = "jobcenter" if receiving == jobcenter else VOLUNTEERS
        options = CONSENT_CATEGORIES[key]
        categories = list(options[int(category_roll * len(options))])
        given_on = perf.day_between(rng, case.opened_on, min(today, case.opened_on + timedelta(days=120)))
        revoked_on = perf.day_between(rng, given_on, today) if revoked else None
        consent = Consent(
            person_id=case.person_id, receiving_agency=receiving, purpose=perf.PURPOSES[key],
            categories=categories, given_on=given_on, form_version=perf.CONSENT_FORM, recorded_by=lead.caseworker,
            recording_agency=lead.agency, revoked_on=revoked_on,
        )  # fmt: skip
        share = CaseShare(
            case=case, agency=receiving, consent=consent, statute="", categories=categories, granted_by=lead.caseworker,
            revoked_at=datetime.combine(revoked_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
            if revoked_on else None,
        )  # fmt: skip
        return [(consent, share)]

    def _analyze(self) -> None:
        tables = [
            model._meta.db_table
            for model in (Person, Case, CaseNote, CaseShare, Consent, BenefitPeriod, ResidenceStatus, SupportPlan)
        ] + [Case.obstacles.through._meta.db_table]
        started = time.monotonic()
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # in a test's transaction: VACUUM cannot run there
                cursor.execute(f"ANALYZE {', '.join(tables)}")
                cursor.execute(
                    "SELECT gin_clean_pending_list(to_regclass(%s)) WHERE to_regclass(%s) IS NOT NULL",
                    ["person_search_names_trgm", "person_search_names_trgm"],
                )
            else:  # also sets the visibility map (index-only scans) and empties the trigram index's pending list
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        self.stdout.write(f"ANALYZE done in {time.monotonic() - started:.1f} s")
