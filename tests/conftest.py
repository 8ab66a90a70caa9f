"""Shared fixtures. Personas are the demo accounts of `seed_demo`, so tests, demo and README speak of the same
people: `beratung`, `jobcenter`, `jobcenter_admin`, ... (hyphens become underscores).

The clock of the test process stands at FROZEN_NOW when the run starts and runs on from there, so "today" is the
same day in every run, far from midnight and from the end of a month or a year: dates written into the tests (a
course from September to June, a slip valid for a year) keep their meaning, and a test compares its own "today"
with the product's without the day changing in between. Tests with a second process of the product (a Celery
worker, `make run`) run on the real clock, which that process has too.

The personas are seeded once per run, into the test database right after it is created; every test that uses the
database runs in a transaction on top of them that is rolled back, so what a test changes is gone for the next one.
Tests on a transactional database (live server, worker, concurrency) empty all tables when they end; the personas
are seeded again right after such a test, so every test starts from the same database whatever ran before it.
"""

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection, connections, transaction
from django.test import Client

from agencies import demo
from agencies.models import Agency, Membership, User
from tests.celery_worker import worker  # noqa: F401 - a fixture for the tests that need a real worker

# The migrations that seed the course law, the retention schedule, the obstacle catalogue and the report template,
# re-run after a transactional test's flush.
_course_rules = [
    importlib.import_module("cases.migrations.0003_obstacle_catalogue").create,
    importlib.import_module("courses.migrations.0003_course_type_rules").seed_rules,
    importlib.import_module("courses.migrations.0006_second_script_course").seed_rule,
    importlib.import_module("privacy.migrations.0002_retention_schedule").seed,
    importlib.import_module("reports.migrations.0004_template_outline").seed,
]
PERSONA_SEEDERS = {"agencies", "accounts"}
PERSONA_USERNAMES = frozenset(account.username for account in demo.ACCOUNTS)
PERSONA_AGENCIES = frozenset(agency.short_name for agency in demo.AGENCIES)

FROZEN_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday morning
_clock = time_machine.travel(FROZEN_NOW, tick=True)
REAL_CLOCK_MARKERS = ("worker", "embedded")  # a second process of the product, on the machine's clock


def pytest_configure(config):
    _clock.start()  # before the test modules are imported: a module's `TODAY = timezone.localdate()` is frozen too


def pytest_unconfigure(config):
    _clock.stop()


@pytest.fixture(autouse=True)
def _real_clock_beside_other_processes(request):
    if not any(request.node.get_closest_marker(name) for name in REAL_CLOCK_MARKERS):
        yield
        return
    _clock.stop()
    try:
        yield
    finally:
        _clock.start()


@dataclass
class Personas:
    users: dict[str, User]
    agencies: dict[str, Agency]

    def __getattr__(self, name: str) -> User:
        try:
            return self.users[name.replace("_", "-")]
        except KeyError:
            raise AttributeError(name) from None

    def agency(self, short_name: str) -> Agency:
        return self.agencies[short_name]

    def membership(self, username: str) -> Membership:
        """The demo account's one membership (the role it acts in)."""
        return Membership.objects.select_related("agency").get(user=self.users[username])


def personas_present() -> bool:
    users = User.objects.filter(username__in=PERSONA_USERNAMES).count()
    agencies = Agency.objects.filter(short_name__in=PERSONA_AGENCIES).count()
    return users == len(PERSONA_USERNAMES) and agencies == len(PERSONA_AGENCIES)


# The personas sign in without a second factor throughout the run, on the frozen clock and on the real one; the
# tests of the second factor set their own deadlines and devices.
PERSONAS_SECOND_FACTOR_DUE = date(2099, 12, 31)


def seed_personas() -> None:
    """The personas, and the rows the migrations seed (a transactional test's flush removes those too)."""
    for seed in _course_rules:
        seed(apps, None)
    demo.seed(only=PERSONA_SEEDERS)
    User.objects.filter(username__in=PERSONA_USERNAMES).update(second_factor_due_on=PERSONAS_SECOND_FACTOR_DUE)


_database = {"blocker": None}  # the run's test database while it exists: how to reach it between tests


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the personas committed in it."""
    with django_db_blocker.unblock():
        seed_personas()
    _database["blocker"] = django_db_blocker
    yield
    _database["blocker"] = None  # the database is dropped next; nothing may be seeded into another one


def empties_the_database(item: pytest.Item) -> bool:
    """A test on a transactional database, which Django empties (flushes) when the test ends."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        if transactional or marker.kwargs.get("reset_sequences"):
            return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test and its fixtures are torn down: seed the personas again if the flush took them."""
    try:
        return (yield)
    finally:
        blocker = _database["blocker"]
        if blocker is not None and nextitem is not None and empties_the_database(item):
            with blocker.unblock():
                if not personas_present():
                    seed_personas()
                # As after any transactional test, the next test gets a new connection. And while Playwright's
                # sync API runs, Django keeps connections per asyncio context: one left open here would be out of
                # reach when the test database is dropped, and keep it from being dropped.
                connections.close_all()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around the tests of a module, rolled back after its last test: a module-scoped fixture that
    requests it builds a costly world (the whole demo) once, each test runs in a savepoint inside it and sees that
    world as it was built, and the next module does not see it. Only for modules whose tests all use it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def personas(db) -> Personas:
    """Fetched anew for each test, so a change a test makes to a persona's object does not reach the next test."""
    if not personas_present():  # emptied in this test's own setup (a fixture flushing the database)
        seed_personas()
    return Personas(
        users={user.username: user for user in User.objects.all()},
        agencies={agency.short_name: agency for agency in Agency.objects.all()},
    )


@pytest.fixture
def without_personas(db) -> None:
    """The test starts without the personas, as the migrations leave the database: for the tests of seeding them.
    The tables of the agencies app are emptied in the test's transaction, so they are back after the test."""
    tables = [model._meta.db_table for model in apps.get_app_config("agencies").get_models(include_auto_created=True)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(map(connection.ops.quote_name, tables))} CASCADE")


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def login():
    """login(user) -> a test client signed in as that user (None: anonymous)."""
    return client_for


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _german(settings):
    settings.LANGUAGE_CODE = "de"
