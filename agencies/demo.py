"""Demo data of the source document's project in Rheine. Later apps add their part through `register`.

Every seeder is idempotent: it creates what is missing and leaves what exists alone, so a second run changes
nothing (not even history rows).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from agencies.models import Agency, AgencyKind, BenefitSystem, Membership, Role, User
from agencies.second_factor import default_due_on

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

# How people reach the agencies (printed in the companion booklet). Street addresses as in the source report's city;
# the phone numbers are made up (555 is no assigned prefix in Rheine), the e-mail domain is reserved for examples.
RATHAUS = "Klosterstraße 14\n48431 Rheine"
CONTACTS = {
    "team-beratung": (RATHAUS, "05971 555-310", "Mo–Fr 8:30–12:00 Uhr, Do 14:00–17:00 Uhr"),
    "team-asyl": (RATHAUS, "05971 555-320", "Mo, Di, Do 8:30–12:00 Uhr"),
    "team-sgb2": (RATHAUS, "05971 555-330", "Mo–Fr 8:30–12:00 Uhr"),
    "abh": (RATHAUS, "05971 555-340", "Mo, Di, Fr 8:00–12:00 Uhr, Do 14:00–18:00 Uhr"),
    "vhs": ("Matthiasstraße 37\n48431 Rheine", "05971 555-400", "Mo–Do 9:00–16:00 Uhr, Fr 9:00–12:00 Uhr"),
    "sprachinstitut": ("Emsstraße 8\n48431 Rheine", "05971 555-410", "Mo–Fr 9:00–15:00 Uhr"),
    "arbeitsagentur": ("Dutumer Straße 5\n48431 Rheine", "0800 555 0100", "nach Terminvereinbarung"),
    "jobcenter": ("Humboldtplatz 8\n48429 Rheine", "05971 555-500", "Mo–Fr 8:00–12:30 Uhr"),
    "caritas": ("Lingener Straße 11\n48429 Rheine", "05971 555-600", "Di und Do 9:00–12:00 Uhr"),
    "fluechtlingshilfe": ("Bühnertstraße 2\n48431 Rheine", "05971 555-700", "Mi 15:00–18:00 Uhr (Café International)"),
}


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
    DemoAccount("vhs-lehrkraft", "Tobias", "Brüning", Role.TEACHER, "vhs"),
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
        if spec.short_name in CONTACTS:
            agency.address, agency.phone, agency.office_hours = CONTACTS[spec.short_name]
            agency.contact_email = f"kontakt.{spec.short_name}@{MAIL_DOMAIN}"
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
                second_factor_due_on=default_due_on(),
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
