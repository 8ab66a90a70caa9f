"""Account management by agency administrators: scope, writes with history, sessions ended on deactivation."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.models import Membership, OutboundEmail, Role, User
from tests.factories import AgencyFactory, MembershipFactory
from tests.queries import assert_constant_queries, assert_num_queries

pytestmark = pytest.mark.django_db


def membership_of(user, agency):
    return Membership.objects.get(user=user, agency=agency)


def test_admin_lists_own_agency_accounts(personas, login):
    response = login(personas.jobcenter_admin).get(reverse("agencies:account_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Yılmaz" in body  # the jobcenter caseworker
    assert "Becker" not in body  # a caseworker of the city's counselling team


def test_admin_gets_404_for_another_agencys_account(personas, login):
    other = membership_of(personas.beratung, personas.agency("team-beratung"))
    client = login(personas.jobcenter_admin)
    assert client.get(reverse("agencies:account_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("agencies:account_deactivate", args=[other.pk])).status_code == 404
    assert client.post(reverse("agencies:account_detail", args=[other.pk]), {"role": "steering"}).status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert other.role == Role.CASEWORKER


@pytest.mark.parametrize("persona", ["beratung", "jobcenter", "datenschutz", "lenkung", "admin"])
def test_non_admins_get_404_on_account_pages(personas, login, persona):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    client = login(getattr(personas, persona))
    assert client.get(reverse("agencies:account_list")).status_code == 404
    assert client.get(reverse("agencies:account_detail", args=[target.pk])).status_code == 404


def test_create_account_writes_history_and_queues_invitation(personas, create_account):
    response = create_account()
    membership = Membership.objects.get(user__username="ldemir")
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:account_detail", args=[membership.pk])
    assert membership.agency == personas.agency("jobcenter")
    assert not membership.user.has_usable_password()
    assert membership.user.history.get().history_user == personas.jobcenter_admin
    assert membership.history.get().history_user == personas.jobcenter_admin
    invitation = OutboundEmail.objects.get(to="l.demir@jobcenter.example")
    assert invitation.agency == personas.agency("jobcenter")  # its administrators see it if it is not delivered
    assert "ldemir" in invitation.body
    assert "/auth/password/reset/" in invitation.body


def test_create_account_cannot_target_another_agency(personas, create_account):
    response = create_account(agency=personas.agency("abh").pk)
    assert response.status_code == 400
    assert not User.objects.filter(username="ldemir").exists()


def test_create_account_rejects_taken_username_in_german(personas, create_account):
    response = create_account(username="beratung")
    assert response.status_code == 400
    assert "Benutzername ist bereits vergeben" in response.content.decode()
    assert not User.objects.filter(email="l.demir@jobcenter.example").exists()
    assert not OutboundEmail.objects.exists()


def test_change_role_records_actor_and_reason_and_tells_the_holder(personas, login):
    admin = MembershipFactory(agency=personas.agency("vhs"), role=Role.AGENCY_ADMIN).user
    target = membership_of(personas.vhs_lehrkraft, personas.agency("vhs"))
    response = login(admin).post(
        reverse("agencies:account_detail", args=[target.pk]),
        {"role": Role.COURSE_STAFF, "reason": "Übernimmt die Kursplanung"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.COURSE_STAFF
    latest = target.history.latest()
    assert (latest.role, latest.history_user, latest.history_change_reason) == (
        Role.COURSE_STAFF, admin, "Übernimmt die Kursplanung",
    )  # fmt: skip
    mail = OutboundEmail.objects.get(to=personas.vhs_lehrkraft.email)
    assert "Lehrkraft" in mail.body
    assert "Kurspersonal" in mail.body
    assert "Übernimmt die Kursplanung" in mail.body


def test_deactivation_logs_the_user_out_on_the_next_request(personas, login):
    victim = login(personas.jobcenter)
    assert victim.get(reverse("home")).status_code == 200
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))

    response = login(personas.jobcenter_admin).post(reverse("agencies:account_deactivate", args=[target.pk]))

    assert response.status_code == 302
    after = victim.get(reverse("home"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("login"))
    personas.jobcenter.refresh_from_db()
    assert not personas.jobcenter.is_active
    assert target.history.latest().history_user == personas.jobcenter_admin
    assert personas.jobcenter.history.latest().history_user == personas.jobcenter_admin


def test_deactivating_one_of_two_memberships_keeps_the_account_but_ends_sessions(personas, login):
    MembershipFactory(user=personas.jobcenter, agency=personas.agency("caritas"), role=Role.CASEWORKER)
    victim = login(personas.jobcenter)
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    login(personas.jobcenter_admin).post(reverse("agencies:account_deactivate", args=[target.pk]))
    personas.jobcenter.refresh_from_db()
    assert personas.jobcenter.is_active
    assert victim.get(reverse("home")).status_code == 302


def test_admin_cannot_deactivate_themselves(personas, login):
    own = membership_of(personas.jobcenter_admin, personas.agency("jobcenter"))
    client = login(personas.jobcenter_admin)
    response = client.post(reverse("agencies:account_deactivate", args=[own.pk]), follow=True)
    own.refresh_from_db()
    assert own.is_active
    assert "eigenes Benutzerkonto nicht deaktivieren" in response.content.decode()


def test_deactivate_twice_is_refused_and_reactivate_restores(personas, login):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    client = login(personas.jobcenter_admin)
    client.post(reverse("agencies:account_deactivate", args=[target.pk]))
    response = client.post(reverse("agencies:account_deactivate", args=[target.pk]), follow=True)
    assert "bereits deaktiviert" in response.content.decode()
    assert target.history.count() == 2  # created, deactivated: the refused second attempt wrote nothing

    client.post(reverse("agencies:account_reactivate", args=[target.pk]))
    target.refresh_from_db()
    personas.jobcenter.refresh_from_db()
    assert target.is_active
    assert personas.jobcenter.is_active
    assert login(personas.jobcenter).get(reverse("home")).status_code == 200


def test_search_partial_for_htmx(personas, login):
    client = login(personas.jobcenter_admin)
    response = client.get(reverse("agencies:account_list"), {"q": "murat"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Yılmaz" in body
    assert "Wessels" not in body  # the admin herself does not match
    response = client.get(reverse("agencies:account_list"), {"q": "Becker"}, headers={"HX-Request": "true"})
    assert "Yılmaz" not in response.content.decode()  # another agency's caseworker is not found either


def test_the_search_announces_the_number_found_and_the_rows_are_no_live_region(personas, login):
    """WCAG 4.1.3: a short status text, sent out of band with the rows, is what screen readers hear after a search."""
    client = login(personas.jobcenter_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("agencies:account_list")).content.decode()
    assert '<p id="account-count" class="kern-sr-only" role="status"></p>' in page
    assert "aria-live" not in page
    status = re.compile(r'<p id="account-count" hx-swap-oob="innerHTML">(.*?)</p>', re.S)
    found = client.get(reverse("agencies:account_list"), {"q": "murat"}, headers={"HX-Request": "true"})
    assert status.findall(found.content.decode()) == ["1 account found"]
    nothing = client.get(reverse("agencies:account_list"), {"q": "zaunkönig"}, headers={"HX-Request": "true"})
    assert status.findall(nothing.content.decode()) == ["No accounts found"]


# session, user, memberships, managed agencies, page count, page rows, undelivered e-mails (navigation: none at all),
# session save (3: sliding expiry)
ACCOUNT_LIST_QUERIES = 10
# session, user, memberships, managed agencies, the account, undelivered e-mails (none at all), session save (3)
ACCOUNT_DETAIL_QUERIES = 9


def test_account_list_runs_the_same_queries_for_1_and_20_accounts(login):
    agency = AgencyFactory()
    admin = MembershipFactory(agency=agency, role=Role.AGENCY_ADMIN).user
    client = login(admin)

    def page():
        response = client.get(reverse("agencies:account_list"))
        assert response.status_code == 200
        return response

    assert len(page().context["page"].object_list) == 1
    queries = assert_constant_queries(page, lambda: MembershipFactory.create_batch(19, agency=agency))
    assert len(page().context["page"].object_list) == 20
    assert queries == ACCOUNT_LIST_QUERIES


def test_account_detail_runs_a_fixed_number_of_queries(personas, login):
    target = membership_of(personas.jobcenter, personas.agency("jobcenter"))
    client = login(personas.jobcenter_admin)
    client.get(reverse("home"))
    with assert_num_queries(ACCOUNT_DETAIL_QUERIES):
        assert client.get(reverse("agencies:account_detail", args=[target.pk])).status_code == 200


def test_the_account_services_check_the_administrator_themselves(personas):
    """The services refuse what the pages never offer: another agency's account, or a caller who is no admin."""
    from django.core.exceptions import ValidationError

    from agencies import services as account_services

    admin = {"actor": personas.jobcenter_admin, "acting": personas.membership("jobcenter-admin")}
    foreign = personas.membership("beratung")  # the city's counselling team, not the jobcenter
    with pytest.raises(ValidationError):
        account_services.membership_deactivate(**admin, membership=foreign)
    with pytest.raises(ValidationError):
        account_services.membership_change_role(**admin, membership=foreign, role="coordinator", reason="x")
    with pytest.raises(ValidationError):
        account_services.account_create(
            actor=personas.beratung, acting=personas.membership("beratung"), agency=personas.agency("team-beratung"),
            username="neu", first_name="Neu", last_name="Konto", email="neu@example.org", role="caseworker",
        )  # fmt: skip
    foreign.refresh_from_db()
    assert (foreign.is_active, foreign.role) == (True, "caseworker")


def test_an_address_known_only_to_another_agency_is_not_revealed(personas, login):
    """The form answers as for any new address: an administrator learns nothing of other agencies' accounts."""
    client = login(personas.jobcenter_admin)
    form = {"first_name": "Anna", "last_name": "Becker", "email": personas.beratung.email, "username": "abecker",
            "agency": personas.agency("jobcenter").pk, "role": Role.CASEWORKER}  # fmt: skip
    assert client.post(reverse("agencies:account_create"), form).status_code == 302
    assert User.objects.filter(email=personas.beratung.email).count() == 2
    own = dict(form, username="yilmaz2", email=personas.jobcenter.email.upper())
    refused = client.post(reverse("agencies:account_create"), own)
    assert refused.status_code == 400
    assert "Ein Konto Ihrer Stelle hat diese E-Mail-Adresse bereits" in refused.content.decode()
