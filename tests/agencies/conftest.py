import pytest
from django.urls import reverse

from agencies.models import Role
from tests.smtp_server import smtp_server  # noqa: F401 - a fixture for the tests of mail delivery


@pytest.fixture
def account_form(personas):
    """The form data of a new jobcenter caseworker, as the agency admin enters it."""
    return {
        "first_name": "Leyla",
        "last_name": "Demir",
        "email": "l.demir@jobcenter.example",
        "username": "ldemir",
        "agency": personas.agency("jobcenter").pk,
        "role": Role.CASEWORKER,
    }


@pytest.fixture
def create_account(personas, login, account_form):
    """create_account(**changes) -> the response of the jobcenter admin submitting the new-account form."""

    def create(**changes):
        return login(personas.jobcenter_admin).post(reverse("agencies:account_create"), {**account_form, **changes})

    return create
