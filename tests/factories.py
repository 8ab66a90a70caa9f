"""factory_boy factories for the agencies app; personas (conftest.py) are built from the demo data instead."""

from datetime import date

import factory
from django.conf import settings
from django.utils import timezone

from agencies.models import Agency, AgencyKind, Membership, OutboundEmail, Role, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Behörde {n}")
    short_name = factory.Sequence(lambda n: f"agency-{n}")
    kind = AgencyKind.WELFARE_ORGANISATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("rheine-demo")
    second_factor_due_on = date(2099, 12, 31)  # signs in without one; the tests of the second factor set their own


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CASEWORKER


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A pending e-mail; `abandoned=True`: one given up after its last attempt."""

    class Meta:
        model = OutboundEmail

    to = factory.Sequence(lambda n: f"empfaenger{n}@example.org")
    subject = "Ihr Benutzerkonto für Einwanderung gestalten"
    body = "Bitte wählen Sie ein Passwort: https://ewg.example/auth/password/reset/geheim/"
    agency = factory.SubFactory(AgencyFactory)
    available_at = factory.LazyFunction(timezone.now)

    class Params:
        abandoned = factory.Trait(
            attempts=factory.LazyFunction(lambda: settings.OUTBOX_MAX_ATTEMPTS),
            abandoned_at=factory.LazyFunction(timezone.now),
            last_error="(550, b'5.1.1 Mailbox unavailable')",
        )
