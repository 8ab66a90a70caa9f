"""Shared fixtures. Personas are the demo accounts of `seed_demo`, so tests, demo and README speak of the same
people: `beratung`, `jobcenter`, `jobcenter_admin`, ... (hyphens become underscores)."""

from dataclasses import dataclass

import pytest
from django.test import Client

from agencies import demo
from agencies.models import Agency, Membership, User
from tests.celery_worker import worker  # noqa: F401 - a fixture for the tests that need a real worker


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


@pytest.fixture
def personas(db) -> Personas:
    demo.seed(only={"agencies", "accounts"})
    return Personas(
        users={user.username: user for user in User.objects.all()},
        agencies={agency.short_name: agency for agency in Agency.objects.all()},
    )


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
