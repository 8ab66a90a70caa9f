"""Demo: two persons of the counselling team consent to a companion booklet."""

from datetime import timedelta

from django.db import transaction

from agencies.models import Membership
from booklets.sections import BOOKLET_PURPOSE
from cases.demo import ANCHOR
from cases.models import Case, Consent
from cases.models.choices import ConsentUse, DataCategory
from cases.services.sharing import consent_record

M, N, C = DataCategory.MASTER_DATA, DataCategory.NOTES, DataCategory.COURSES
# Family name, categories, days before ANCHOR. Mariam Rahimi keeps her courses out of it, so the booklet page shows
# why that section cannot be chosen.
BOOKLET_CONSENTS = [("Haddad", [M, N, C], 30), ("Rahimi", [M, N], 20)]
BOOKLET_FORM = "Einwilligung Begleitheft EWG Rheine, Fassung 2019"


@transaction.atomic
def seed_booklet_consents() -> None:
    """Once: a second run finds the consents and stops."""
    if Consent.objects.filter(use=ConsentUse.BOOKLET).exists():
        return
    membership = Membership.objects.select_related("user", "agency").get(user__username="beratung")
    for family, categories, given_days in BOOKLET_CONSENTS:
        case = (
            Case.objects.select_related("person")
            .filter(person__family_name=family, lead_agency=membership.agency)
            .latest("pk")
        )
        consent_record(
            actor=membership.user, membership=membership, person=case.person, receiving_agency=membership.agency,
            purpose=BOOKLET_PURPOSE, categories=categories,
            given_on=max(ANCHOR - timedelta(days=given_days), case.opened_on), form_version=BOOKLET_FORM,
            use=ConsentUse.BOOKLET,
        )  # fmt: skip
