"""Sign-in, failed-login limits, password reset through the outbox, idle timeout, language choice."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.demo import DEMO_PASSWORD
from agencies.models import OutboundEmail

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_demo_account_signs_in_and_sees_its_agency(personas):
    client = Client()
    response = sign_in(client, "beratung", DEMO_PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Team Beratung und Begleitung von Zuwanderern" in home.content.decode()


def test_wrong_password_is_refused_with_a_message(personas):
    response = sign_in(Client(), "beratung", "falsch")
    assert response.status_code == 200
    assert "Benutzername oder Passwort" in response.content.decode()


def test_repeated_failures_lock_the_account_for_this_address(personas):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "beratung", "falsch")
    locked = sign_in(client, "beratung", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "quarter of an hour" in locked.content.decode() or "Viertelstunde" in locked.content.decode()
    # Another account from the same address is not affected.
    assert sign_in(Client(), "asyl", DEMO_PASSWORD).status_code == 302


def test_password_reset_mail_goes_through_the_outbox(personas, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": "beratung@rheine.example"})
    assert response.status_code == 302
    queued = OutboundEmail.objects.get(to="beratung@rheine.example")
    assert queued.agency == personas.agency("team-beratung")  # the account's agency
    queued.refresh_from_db()
    assert queued.sent_at is not None  # relayed after commit (tasks run in-process in tests)
    assert [m.to for m in mailoutbox] == [["beratung@rheine.example"]]
    assert "/auth/password/reset/" in mailoutbox[0].body


def test_password_reset_for_unknown_address_reveals_nothing(personas):
    response = Client().post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert not OutboundEmail.objects.exists()


def test_sessions_expire_when_idle(personas, login):
    client = login(personas.beratung)
    response = client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the expiry slides with each request
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""  # and ends with the browser


def test_logout_requires_post(personas, login):
    client = login(personas.beratung)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_german_first_even_for_english_browsers(personas, login):
    client = login(personas.beratung)
    response = client.get(reverse("home"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "de"
    assert 'lang="de"' in response.content.decode()


def test_switch_to_english(personas, login):
    client = login(personas.beratung)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page["Content-Language"] == "en"
    assert "Sign out" in page.content.decode()


def test_membership_switch_only_to_own_memberships(personas, login):
    from agencies.models import Membership, Role
    from tests.factories import MembershipFactory

    second = MembershipFactory(user=personas.beratung, agency=personas.agency("caritas"), role=Role.VOLUNTEER)
    foreign = Membership.objects.get(user=personas.jobcenter)
    client = login(personas.beratung)
    assert client.post(reverse("agencies:membership_switch"), {"membership": foreign.pk}).status_code == 404
    response = client.post(reverse("agencies:membership_switch"), {"membership": second.pk, "next": "/"})
    assert response.status_code == 302
    assert "Fachdienst Migration des Caritasverbandes Rheine" in client.get(reverse("home")).content.decode()


def test_navigation_shows_only_what_the_role_may_use(personas, login):
    accounts = reverse("agencies:account_list")
    assert accounts in login(personas.jobcenter_admin).get(reverse("home")).content.decode()
    assert accounts not in login(personas.jobcenter).get(reverse("home")).content.decode()
    assert reverse("admin:index") in login(personas.admin).get(reverse("home")).content.decode()
    assert reverse("admin:index") not in login(personas.jobcenter_admin).get(reverse("home")).content.decode()


def test_invited_colleague_chooses_a_password_and_signs_in(create_account):
    create_account()
    link = next(line for line in OutboundEmail.objects.get().body.splitlines() if "/auth/password/reset/" in line)
    client = Client()
    form_url = client.get(link.removeprefix(settings.SITE_URL)).url  # Django hides the token behind a redirect
    new_password = "Integrationskurs-2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert sign_in(Client(), "ldemir", new_password).status_code == 302


def test_expired_invitation_can_be_replaced_through_password_reset(create_account):
    create_account()
    Client().post(reverse("password_reset"), {"email": "L.Demir@jobcenter.example"})
    assert OutboundEmail.objects.filter(to="l.demir@jobcenter.example").count() == 2


def test_deactivated_accounts_get_no_reset_mail(personas):
    personas.abh.is_active = False
    personas.abh.save()
    Client().post(reverse("password_reset"), {"email": "abh@rheine.example"})
    assert not OutboundEmail.objects.exists()


def test_behind_a_proxy_the_lockout_follows_the_client_not_the_proxy(personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(headers={"X-Forwarded-For": "203.0.113.7"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "beratung", "falsch")
    assert sign_in(attacker, "beratung", DEMO_PASSWORD).status_code == 429
    # The colleague behind the same proxy, from another address, still signs in.
    colleague = Client(headers={"X-Forwarded-For": "198.51.100.23"})
    assert sign_in(colleague, "beratung", DEMO_PASSWORD).status_code == 302
    # A forged extra hop in front does not move the attacker to a fresh address.
    forged = Client(headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    assert sign_in(forged, "beratung", DEMO_PASSWORD).status_code == 429


def test_password_spraying_from_one_address_is_stopped_across_user_names(personas, settings):
    """One password tried for many names never reaches the per-name limit; the per-address limit stops it."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    names = [f"mitarbeiter{number}" for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)]
    for name in names:
        assert sign_in(Client(), name, "Sommer2026!").status_code == 200
    sprayed = sign_in(Client(), "beratung", DEMO_PASSWORD)  # even the right password, from this address
    assert sprayed.status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.1.2.3"), "beratung", DEMO_PASSWORD).status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_active(personas, settings, time_machine):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    time_machine.move_to(timezone.now())
    client = Client()
    assert sign_in(client, "beratung", DEMO_PASSWORD).status_code == 302
    for _ in range(3):  # a click every 20 minutes: the idle timeout never runs out
        time_machine.shift(timedelta(minutes=19))
        assert client.get(reverse("home")).status_code == 200
    time_machine.shift(timedelta(minutes=5))
    answer = client.get(reverse("home"), follow=True)
    assert answer.redirect_chain[-1][0].startswith(reverse("login"))
    assert "nach 1 Stunde abgemeldet" in answer.content.decode()


def test_an_account_holds_at_most_a_few_sessions_and_the_oldest_ends(personas, settings):
    clients = [Client() for _ in range(settings.SESSION_MAX_PER_USER + 1)]
    for client in clients:
        assert sign_in(client, "beratung", DEMO_PASSWORD).status_code == 302
    assert clients[0].get(reverse("home")).status_code == 302  # the oldest was signed out
    assert all(client.get(reverse("home")).status_code == 200 for client in clients[1:])


def test_reset_mails_to_one_address_are_limited_per_hour(personas):
    for _ in range(settings.PASSWORD_RESET_MAILS_PER_HOUR + 2):
        response = Client().post(reverse("password_reset"), {"email": "beratung@rheine.example"})
        assert response["Location"] == reverse("password_reset_done")  # the same answer every time
    assert OutboundEmail.objects.filter(to="beratung@rheine.example").count() == settings.PASSWORD_RESET_MAILS_PER_HOUR


def test_a_sent_reset_link_does_not_stay_in_the_outbox(personas, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": "beratung@rheine.example"})
    assert "/auth/password/reset/" in mailoutbox[0].body  # the mail carried the link
    queued = OutboundEmail.objects.get(to="beratung@rheine.example")
    assert queued.sent_at is not None
    assert "/auth/password/reset/" not in queued.body


def test_signing_out_clears_what_the_browser_kept(personas, login):
    response = login(personas.beratung).post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_guessing_the_current_password_at_its_change_is_paused_like_sign_in(personas):
    """Django's own form asks the user object and so passes every sign-in limit; ours goes through the backends."""
    client = Client()
    client.post(reverse("login"), {"username": "beratung", "password": DEMO_PASSWORD})
    new = "Neues-Passwort-2026!"
    change = {"old_password": "falsch", "new_password1": new, "new_password2": new}
    answers = [client.post(reverse("password_change"), change).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form with its error, then the pause
    right = client.post(reverse("password_change"), {**change, "old_password": DEMO_PASSWORD})
    assert right.status_code == 429  # paused: even the right password changes nothing now
    assert Client().post(reverse("login"), {"username": "beratung", "password": DEMO_PASSWORD}).status_code == 429


def test_a_reset_link_names_the_products_own_address(personas, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://ewg.rheine.example"
    Client(HTTP_HOST="localhost").post(reverse("password_reset"), {"email": "beratung@rheine.example"})
    body = OutboundEmail.objects.get(to="beratung@rheine.example").body
    assert "https://ewg.rheine.example/auth/password/reset/" in body
    assert "localhost" not in body
