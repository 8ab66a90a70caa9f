"""Abandoned e-mail is shown to the administrators of the agency it concerns, who may send it again; nobody else."""

import pytest
from django.core import mail
from django.urls import reverse

from agencies.models import OutboundEmail, Role
from tests.factories import AgencyFactory, MembershipFactory, OutboundEmailFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def abandoned(personas):
    """An invitation to a new jobcenter colleague, given up after its last attempt."""
    return OutboundEmailFactory(agency=personas.agency("jobcenter"), to="l.demir@jobcenter.example", abandoned=True)


def test_the_administrator_sees_the_abandoned_mail_of_the_agency_without_its_body(personas, login, abandoned):
    OutboundEmailFactory(agency=personas.agency("jobcenter"), to="pending@jobcenter.example")  # still being tried
    OutboundEmailFactory(agency=personas.agency("abh"), to="abh@rheine.example", abandoned=True)  # another agency's
    response = login(personas.jobcenter_admin).get(reverse("agencies:undelivered_emails"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "l.demir@jobcenter.example" in body
    assert abandoned.subject in body
    assert "Mailbox unavailable" in body  # the last error
    assert "Erneut senden" in body
    assert "/auth/password/reset/" not in body  # the body may hold a password-reset link: never shown
    assert "pending@jobcenter.example" not in body
    assert "abh@rheine.example" not in body


def test_the_navigation_counts_the_abandoned_mail(personas, login, abandoned):
    body = login(personas.jobcenter_admin).get(reverse("home")).content.decode()
    assert "Nicht zugestellte E-Mails</a> (1 offen)" in body  # the start page


def test_sending_again_starts_a_new_round_with_the_same_message_id_and_is_recorded(
    personas, login, abandoned, django_capture_on_commit_callbacks
):
    client = login(personas.jobcenter_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agencies:undelivered_email_resend", args=[abandoned.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:undelivered_emails")
    abandoned.refresh_from_db()
    assert abandoned.abandoned_at is None
    assert abandoned.sent_at is not None  # relayed after commit (tasks run in-process in tests)
    assert abandoned.attempts == 1  # a fresh round
    [sent] = mail.outbox
    assert sent.message()["Message-ID"] == abandoned.message_id
    resent = abandoned.history.filter(history_change_reason="sent again").get()
    assert resent.history_user == personas.jobcenter_admin
    assert (resent.attempts, resent.abandoned_at) == (0, None)
    assert "wird erneut gesendet" in client.get(response["Location"]).content.decode()


def test_another_agencys_administrator_gets_404_and_changes_nothing(personas, login, abandoned):
    outsider = MembershipFactory(agency=personas.agency("caritas"), role=Role.AGENCY_ADMIN).user
    client = login(outsider)
    assert "l.demir@jobcenter.example" not in client.get(reverse("agencies:undelivered_emails")).content.decode()
    assert client.post(reverse("agencies:undelivered_email_resend", args=[abandoned.pk])).status_code == 404
    abandoned.refresh_from_db()
    assert abandoned.abandoned_at is not None
    assert not abandoned.history.filter(history_change_reason="sent again").exists()


@pytest.mark.parametrize("state", ["pending", "sent"])
def test_mail_that_is_not_abandoned_cannot_be_sent_again(personas, login, state):
    email = OutboundEmailFactory(agency=personas.agency("jobcenter"))
    if state == "sent":
        OutboundEmail.objects.filter(pk=email.pk).update(sent_at=email.available_at, attempts=1)
    response = login(personas.jobcenter_admin).post(reverse("agencies:undelivered_email_resend", args=[email.pk]))
    assert response.status_code == 404


def test_the_service_refuses_another_agencys_mail(personas, abandoned):
    from django.core.exceptions import ValidationError

    from agencies.outbox import email_resend

    with pytest.raises(ValidationError):
        email_resend(actor=personas.beratung, acting=personas.membership("beratung"), email=abandoned)
    abandoned.refresh_from_db()
    assert abandoned.abandoned_at is not None


# session, user, memberships, managed agencies, undelivered e-mails (navigation: any at all, then the count), page
# count, page rows, session save (3: sliding expiry)
UNDELIVERED_LIST_QUERIES = 11


def test_the_list_runs_the_same_queries_for_1_and_20_mails(login):
    agency = AgencyFactory()
    client = login(MembershipFactory(agency=agency, role=Role.AGENCY_ADMIN).user)
    OutboundEmailFactory(agency=agency, abandoned=True)

    def page():
        response = client.get(reverse("agencies:undelivered_emails"))
        assert response.status_code == 200
        return response

    queries = assert_constant_queries(
        page, lambda: OutboundEmailFactory.create_batch(19, agency=agency, abandoned=True)
    )
    assert len(page().context["page"].object_list) == 20
    assert queries == UNDELIVERED_LIST_QUERIES


def test_the_system_administration_sends_mail_of_no_agency_again(personas, login):
    """A superuser's own password reset concerns no agency: the system administration sends it again."""
    email = OutboundEmailFactory(agency=None, abandoned=True)
    client = login(personas.admin)
    changelist = reverse("admin:agencies_outboundemail_changelist")
    listed = client.get(changelist, {"state": "abandoned"}).content.decode()
    assert email.to in listed
    assert (
        "/auth/password/reset/"
        not in client.get(reverse("admin:agencies_outboundemail_change", args=[email.pk])).content.decode()
    )
    response = client.post(changelist, {"action": "send_again", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.abandoned_at, email.attempts) == (None, 0)
    assert email.history.filter(history_change_reason="sent again").get().history_user == personas.admin
