"""No share outlives its consent (§ 67b SGB X): granting a share on a consent and revoking that consent are serialised
on the consent row, and visibility ignores a share whose consent is revoked, however its row came about."""

import importlib
import threading
import time
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from cases.models import CaseShare, Consent
from cases.models.choices import DataCategory
from cases.services.sharing import case_share_grant, consent_record, consent_revoke

M, C = DataCategory.MASTER_DATA, DataCategory.COURSES


def _consent(personas, case):
    return consent_record(
        actor=personas.beratung, membership=personas.membership("beratung"), person=case.person,
        receiving_agency=personas.agency("vhs"), purpose="Anmeldung im Integrationskurs", categories=[M, C],
        given_on=date(2026, 3, 2), form_version="Einwilligung EWG v1",
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_share_granted_while_the_consent_is_revoked_is_refused(personas, make_case):
    """The revocation commits one second after it ran; the grant, started meanwhile, must wait and then refuse."""
    case = make_case("beratung", family_name="Pirol")
    consent = _consent(personas, case)
    revoked, outcome = threading.Event(), {}

    def revoke():
        try:
            with transaction.atomic():
                consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
                revoked.set()
                time.sleep(1)  # a slow commit: the grant runs inside this window
        finally:
            connection.close()  # this thread's own connection

    def grant():
        try:
            revoked.wait(timeout=10)
            case_share_grant(actor=personas.beratung, membership=personas.membership("beratung"), case=case,
                             agency=personas.agency("vhs"), categories=[M], consent=consent)  # fmt: skip
            outcome["granted"] = True
        except ValidationError as error:
            outcome["refused"] = " ".join(error.messages)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=revoke), threading.Thread(target=grant)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == {"refused": "Die Einwilligung wurde widerrufen."}
    assert not CaseShare.objects.filter(case=case, revoked_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_share_row_on_a_revoked_consent_grants_nothing(personas, login, make_case):
    case = make_case("beratung", family_name="Pirol")
    consent = _consent(personas, case)
    case_share_grant(actor=personas.beratung, membership=personas.membership("beratung"), case=case,
                     agency=personas.agency("vhs"), categories=[M], consent=consent)  # fmt: skip
    client = login(personas.vhs)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    Consent.objects.filter(pk=consent.pk).update(revoked_on=date(2026, 4, 1))  # as if written in a race
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert "Pirol" not in client.get(reverse("cases:case_list")).content.decode()


@pytest.mark.django_db
def test_the_migration_ends_shares_that_outlived_their_consent(personas, make_case):
    case = make_case("beratung", family_name="Pirol")
    consent = _consent(personas, case)
    share = case_share_grant(actor=personas.beratung, membership=personas.membership("beratung"), case=case,
                             agency=personas.agency("vhs"), categories=[M], consent=consent)  # fmt: skip
    Consent.objects.filter(pk=consent.pk).update(revoked_on=date(2026, 4, 1))
    migration = importlib.import_module("cases.migrations.0010_end_shares_of_revoked_consents")
    migration.end_shares_of_revoked_consents(apps, None)
    share.refresh_from_db()
    assert share.revoked_at is not None
    latest = share.history.latest("history_id")
    assert (latest.history_type, latest.history_change_reason) == ("~", migration.REASON)
