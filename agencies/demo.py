"""Demo data of the source document's project in Rheine. Later apps add their part through `register`.

Every seeder is idempotent: it creates what is missing and leaves what exists alone, so a second run changes
nothing (not even history rows).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from agencies.models import Agency, AgencyKind, BenefitSystem, Membership, Role, User

DEMO_PASSWORD = "rheine-demo"  # noqa: S105 - public demo accounts only; seed_demo refuses production
MAIL_DOMAIN = "rheine.example"

_seeders: list[tuple[int, str, Callable[[], None]]] = []


def register(name: str, seeder: Callable[[], None], *, order: int) -> None:
    if all(existing != name for _, existing, _ in _seeders):
        _seeders.append((order, name, seeder))
        _seeders.sort(key=lambda entry: entry[0])


@dataclass(frozen=True)
class DemoAgency:
    short_name: str
    name: str
    kind: str
    parent: str | None = None
    benefit_systems: tuple[str, ...] = ()
    issues_entitlements: bool = False
    runs_courses: bool = False


AGENCIES = [
    DemoAgency("stadt-rheine", "Stadt Rheine", AgencyKind.MUNICIPALITY),
    DemoAgency(
        "fb-soziales",
        "Fachbereich Soziales, Migration und Integration",
        AgencyKind.DEPARTMENT,
        "stadt-rheine",
    ),
    DemoAgency(
        "team-beratung",
        "Team Beratung und Begleitung von Zuwanderern",
        AgencyKind.COUNSELLING_TEAM,
        "fb-soziales",
        (BenefitSystem.ASYLBLG, BenefitSystem.SGB_II, BenefitSystem.SGB_XII, BenefitSystem.NONE),
    ),
    DemoAgency(
        "team-asyl",
        "Team Asylbewerberleistungsgewährung",
        AgencyKind.ASYLUM_BENEFITS_OFFICE,
        "fb-soziales",
        (BenefitSystem.ASYLBLG,),
        issues_entitlements=True,
    ),
    DemoAgency(
        "team-sgb2",
        "Team Jobcenter – passive Leistungsgewährung",
        AgencyKind.BENEFITS_OFFICE,
        "fb-soziales",
        (BenefitSystem.SGB_II,),
    ),
    DemoAgency("abh", "Ausländerbehörde", AgencyKind.FOREIGNERS_AUTHORITY, "fb-soziales", issues_entitlements=True),
    DemoAgency(
        "vhs",
        "Volkshochschule der Stadt Rheine",
        AgencyKind.COURSE_PROVIDER,
        "stadt-rheine",
        runs_courses=True,
    ),
    DemoAgency(
        "sprachinstitut",
        "Sprachinstitut Emsland-Münsterland gGmbH",
        AgencyKind.COURSE_PROVIDER,
        runs_courses=True,
    ),
    DemoAgency("arbeitsagentur", "Agentur für Arbeit Rheine", AgencyKind.EMPLOYMENT_AGENCY, None, ("sgb3",)),
    DemoAgency(
        "jobcenter",
        "jobcenter Kreis Steinfurt AöR – Regionalbereich Rheine",
        AgencyKind.JOBCENTER,
        None,
        (BenefitSystem.SGB_II,),
        issues_entitlements=True,
    ),
    DemoAgency("caritas", "Fachdienst Migration des Caritasverbandes Rheine", AgencyKind.WELFARE_ORGANISATION),
    DemoAgency("ki-steinfurt", "Kommunales Integrationszentrum Kreis Steinfurt", AgencyKind.INTEGRATION_CENTRE),
    DemoAgency("fluechtlingshilfe", "Flüchtlingshilfe Rheine e.V.", AgencyKind.VOLUNTEER_ASSOCIATION),
    DemoAgency(
        "wirtschaftsfoerderung",
        "Entwicklungs- und Wirtschaftsförderungsgesellschaft für Rheine mbH",
        AgencyKind.ECONOMIC_DEVELOPMENT,
    ),
    DemoAgency("isr", "Institut für Stadt- und Regionalentwicklung (ISR)", AgencyKind.RESEARCH_INSTITUTE),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str | None
    agency: str | None
    superuser: bool = False


ACCOUNTS = [
    DemoAccount("beratung", "Anna", "Becker", Role.CASEWORKER, "team-beratung"),
    DemoAccount("asyl", "Jonas", "Schulte", Role.CASEWORKER, "team-asyl"),
    DemoAccount("abh", "Petra", "Hölscher", Role.CASEWORKER, "abh"),
    DemoAccount("jobcenter", "Murat", "Yılmaz", Role.CASEWORKER, "jobcenter"),
    DemoAccount("vhs", "Sabine", "Krüger", Role.COURSE_STAFF, "vhs"),
    DemoAccount("sprachinstitut", "Jelena", "Petrović", Role.COURSE_STAFF, "sprachinstitut"),
    DemoAccount("ehrenamt", "Gisela", "Brinkmann", Role.VOLUNTEER, "fluechtlingshilfe"),
    DemoAccount("koordination", "Miriam", "Overesch", Role.COORDINATOR, "fb-soziales"),
    DemoAccount("lenkung", "Thomas", "Lammers", Role.STEERING, "stadt-rheine"),
    DemoAccount("jobcenter-admin", "Karin", "Wessels", Role.AGENCY_ADMIN, "jobcenter"),
    DemoAccount("datenschutz", "Stefan", "Mersch", Role.DATA_PROTECTION_OFFICER, "stadt-rheine"),
    DemoAccount("admin", "System", "Administration", None, None, superuser=True),
]


def _seed_agencies() -> None:
    by_short_name = {agency.short_name: agency for agency in Agency.objects.all()}
    for spec in AGENCIES:
        if spec.short_name in by_short_name:
            continue
        agency = Agency(
            short_name=spec.short_name,
            name=spec.name,
            kind=spec.kind,
            parent=by_short_name.get(spec.parent) if spec.parent else None,
            benefit_systems=list(spec.benefit_systems),
            issues_entitlements=spec.issues_entitlements,
            runs_courses=spec.runs_courses,
            alert_email=f"{spec.short_name}@{MAIL_DOMAIN}",
        )
        agency._change_reason = "demo data"
        agency.save()
        by_short_name[spec.short_name] = agency


def _seed_accounts() -> None:
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for spec in ACCOUNTS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@{MAIL_DOMAIN}",
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user._change_reason = "demo data"
            user.save()
        if (
            spec.role
            and not Membership.objects.filter(user=user, agency=agencies[spec.agency], role=spec.role).exists()
        ):
            membership = Membership(user=user, agency=agencies[spec.agency], role=spec.role)
            membership._change_reason = "demo data"
            membership.save()


register("agencies", _seed_agencies, order=0)
register("accounts", _seed_accounts, order=10)


@transaction.atomic
def seed(*, only: set[str] | None = None) -> None:
    """Run the registered seeders in order; `only` names a subset (the test personas need just the accounts)."""
    for _, name, seeder in _seeders:
        if only is None or name in only:
            seeder()
