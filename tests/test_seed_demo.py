import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers import serialize

from agencies.demo import ACCOUNTS
from agencies.models import Membership, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_personas")]


def snapshot() -> dict[str, str]:
    """Every row of every model of the project, history tables included."""
    return {
        model._meta.label: serialize("json", model.objects.order_by("pk"))
        for model in apps.get_models()
        if model._meta.app_label in {"agencies"}
    }


def test_seed_demo_twice_gives_the_same_database():
    call_command("seed_demo", stdout=None)
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert User.objects.count() == len(ACCOUNTS)


def test_every_demo_account_but_the_superuser_has_its_membership():
    call_command("seed_demo")
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password("rheine-demo")
        if account.superuser:
            assert user.is_superuser
        else:
            membership = Membership.objects.get(user=user)
            assert (membership.role, membership.agency.short_name) == (account.role, account.agency)


def test_seed_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()
