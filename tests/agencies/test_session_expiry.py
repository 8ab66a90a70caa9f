"""The end of the session, told to the user (WCAG 2.1 SC 2.2.1): the page's data for the warning (the idle timeout
and the absolute lifetime), extending the session in place, the sign-in page's message after a session ran out (also
for a form sent into it), the nightly deletion of sessions that ran out, and the key of the drafts kept in the browser,
given to the signed-in account only."""

import re
from base64 import b64decode
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.demo import DEMO_PASSWORD
from agencies.models import SignedInSession, User
from agencies.sessions import SIGNED_IN_AT
from agencies.tasks import sessions_expire_nightly
from tests.agencies.test_second_factor import RECOVERY_CODES, enrolled, signed_in_with_password

pytestmark = pytest.mark.django_db

EXPIRED = "Ihre Sitzung ist abgelaufen, weil Sie 30 Minuten nicht aktiv waren. Bitte melden Sie sich erneut an."
DRAFT_KEY = re.compile(r'<meta name="ewg-draft-key" content="([A-Za-z0-9+/=]+)">')
LIFETIME = re.compile(r'<meta name="ewg-session-lifetime-seconds" content="(\d+)">')


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(timezone.now())
    return time_machine


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def run_out(client: Client, clock) -> None:
    """Nothing reaches the server for longer than the idle timeout."""
    clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))


def draft_key_of(client: Client, url: str = "/") -> str | None:
    match = DRAFT_KEY.search(client.get(url).content.decode())
    return match.group(1) if match else None


# Extending the session in place


def test_extending_needs_a_signed_in_session(personas, login):
    anonymous = login(None).post(reverse("session_extend"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert login(personas.beratung).get(reverse("session_extend")).status_code == 405  # a change: POST only


def test_extending_moves_the_end_of_the_session(personas, clock):
    client = signed_in_with_password("beratung")
    ends = session_row(client).expire_date
    clock.shift(timedelta(minutes=28))
    response = client.post(reverse("session_extend"))
    assert response.status_code == 200
    assert response.json() == {"expires_in": settings.SESSION_COOKIE_AGE}
    assert timedelta(minutes=28) <= session_row(client).expire_date - ends < timedelta(minutes=29)
    clock.shift(timedelta(minutes=28))  # 56 minutes after signing in, 28 after extending
    assert client.get(reverse("home")).status_code == 200


def signed_in_long_ago(client: Client, seconds: int) -> None:
    """The client's session as if it had been signed in `seconds` ago, and kept busy since."""
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp() - seconds
    session.save()


def lifetime_on_page(client: Client) -> int:
    return int(LIFETIME.search(client.get(reverse("home")).content.decode()).group(1))


def test_the_page_and_the_extension_tell_the_absolute_end_when_it_comes_before_the_idle_one(personas, clock):
    client = signed_in_with_password("beratung")
    assert settings.SESSION_ABSOLUTE_SECONDS - 2 <= lifetime_on_page(client) <= settings.SESSION_ABSOLUTE_SECONDS
    assert client.post(reverse("session_extend")).json() == {"expires_in": settings.SESSION_COOKIE_AGE}
    signed_in_long_ago(client, settings.SESSION_ABSOLUTE_SECONDS - 10 * 60)  # ten minutes left, fewer than idle
    assert 598 <= lifetime_on_page(client) <= 600
    assert 598 <= client.post(reverse("session_extend")).json()["expires_in"] <= 600
    clock.shift(timedelta(minutes=10, seconds=1))
    answer = client.post(reverse("session_extend"))
    assert answer.status_code == 302  # past the absolute lifetime: signed out, not extended
    assert answer["Location"].startswith(reverse("login"))


def test_at_the_absolute_end_the_page_goes_to_the_sign_in_page_with_its_own_next(personas):
    client = signed_in_with_password("beratung")
    signed_in_long_ago(client, settings.SESSION_ABSOLUTE_SECONDS + 1)
    sign_in_page = client.get(reverse("login"), {"next": "/cases/"})  # where the page's timer goes at the end
    assert sign_in_page.status_code == 200
    assert "nach 10 Stunden abgemeldet" in sign_in_page.content.decode()
    assert '<input type="hidden" name="next" value="/cases/">' in sign_in_page.content.decode()
    assert client.get(reverse("home")).status_code == 302  # signed out


def test_extending_is_refused_without_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.beratung)
    assert client.post(reverse("session_extend")).status_code == 403
    token = re.search(r'<meta name="ewg-csrf-token" content="([^"]+)">', client.get(reverse("home")).content.decode())
    assert client.post(reverse("session_extend"), HTTP_X_CSRFTOKEN=token.group(1)).status_code == 200


def test_the_warning_data_is_on_signed_in_pages_only(personas, login):
    page = login(personas.beratung).get(reverse("home")).content.decode()
    assert f'<meta name="ewg-session-idle-seconds" content="{settings.SESSION_COOKIE_AGE}">' in page
    assert '<meta name="ewg-session-warning-seconds" content="120">' in page
    assert f'<meta name="ewg-session-extend-url" content="{reverse("session_extend")}">' in page
    assert 'id="session-expiry-warning"' in page
    assert "js/session-expiry.js" in page
    assert "js/drafts.js" in page
    sign_in_page = login(None).get(reverse("login")).content.decode()
    assert "ewg-session-idle-seconds" not in sign_in_page
    assert "session-expiry-warning" not in sign_in_page


# The sign-in page after the session ran out


def test_the_sign_in_page_says_the_session_ran_out(personas, clock):
    client = signed_in_with_password("beratung")
    run_out(client, clock)
    response = client.get(reverse("cases:case_list"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={reverse('cases:case_list')}"
    assert EXPIRED in response.content.decode()
    # The page's script goes straight to the sign-in page at the end: the same message.
    client = signed_in_with_password("beratung")
    run_out(client, clock)
    assert EXPIRED in client.get(reverse("login"), {"next": "/cases/"}).content.decode()


def test_the_message_names_the_configured_idle_time(personas, clock, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    client = signed_in_with_password("beratung")
    run_out(client, clock)
    assert "weil Sie 10 Minuten nicht aktiv waren" in client.get(reverse("login")).content.decode()


def test_a_form_sent_into_an_expired_session_leads_to_the_sign_in_page_and_back(personas, clock):
    client = signed_in_with_password("beratung")
    membership = personas.membership("beratung")
    run_out(client, clock)
    page = "/cases/?q=haddad"
    response = client.post(
        reverse("agencies:membership_switch"), {"membership": membership.pk}, HTTP_REFERER=f"http://testserver{page}"
    )
    # Back to the page the form was on (its own address takes POST only), where the kept draft is offered.
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/cases/%3Fq%3Dhaddad"
    assert EXPIRED in client.get(response["Location"]).content.decode()
    signed_in = client.post(reverse("login"), {"username": "beratung", "password": DEMO_PASSWORD, "next": page})
    assert signed_in["Location"] == page
    assert client.get(page).status_code == 200
    assert "session_expired" not in client.session  # signed in again: the note is gone


def test_an_htmx_request_into_an_expired_session_takes_the_whole_page_to_sign_in(personas, clock):
    client = signed_in_with_password("beratung")
    run_out(client, clock)
    response = client.get(
        reverse("cases:case_list"),
        {"q": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/cases/",
    )
    assert response["HX-Redirect"] == f"{reverse('login')}?next=%2Fcases%2F"
    assert EXPIRED in client.get(response["HX-Redirect"]).content.decode()


def test_the_message_only_when_a_signed_in_session_ran_out(personas, clock, settings):
    assert EXPIRED not in Client().get(reverse("login")).content.decode()  # a first visit
    client = signed_in_with_password("beratung")
    client.post(reverse("logout"))
    assert EXPIRED not in client.get(reverse("login")).content.decode()  # signed out
    oldest = signed_in_with_password("beratung")
    for _ in range(settings.SESSION_MAX_PER_USER):
        signed_in_with_password("beratung")
    assert EXPIRED not in oldest.get(reverse("home"), follow=True).content.decode()  # ended, not run out
    anonymous = Client()
    anonymous.post(reverse("login"), {"username": "beratung", "password": "falsch"})
    session = anonymous.session
    session["something"] = "kept for the sign-in page"
    session.save()
    run_out(anonymous, clock)
    assert EXPIRED not in anonymous.get(reverse("login")).content.decode()  # nobody had signed in
    signed_in = signed_in_with_password("beratung")
    run_out(signed_in, clock)
    assert EXPIRED in signed_in.get(reverse("login")).content.decode()  # the one case that says so


def test_the_message_needs_nothing_of_what_the_session_held(personas, clock):
    """Whether a session was signed in is told by its sign-in record, not by reading the row that ran out."""
    client = signed_in_with_password("beratung")
    run_out(client, clock)
    row = session_row(client)
    Session.objects.filter(pk=row.pk).update(session_data=Session.objects.encode({}))
    assert EXPIRED in client.get(reverse("home"), follow=True).content.decode()


def test_a_session_keeps_its_sign_in_record_past_the_second_factor(personas, clock, settings):
    """The second factor gives the session a new key: the message after it ran out and the limit of sessions per
    account still count it."""
    enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    assert client.post(reverse("second_factor_verify"), {"token": RECOVERY_CODES[0]}).status_code == 302
    assert SignedInSession.objects.filter(session_key=session_row(client).session_key).exists()
    others = [signed_in_with_password("beratung") for _ in range(settings.SESSION_MAX_PER_USER)]
    assert client.get(reverse("home")).status_code == 302  # the oldest session ended when one too many began
    run_out(others[-1], clock)
    assert EXPIRED in others[-1].get(reverse("home"), follow=True).content.decode()


def test_the_nightly_job_deletes_the_sessions_that_ran_out_and_keeps_the_others(personas, clock):
    ran_out, running = signed_in_with_password("beratung"), signed_in_with_password("asyl")
    ran_out.post(reverse("cases:case_list"), {"q": "Haddad"})  # a search by name, kept in the session
    Session.objects.filter(pk=session_row(ran_out).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    ended_key, running_key = ran_out.cookies[settings.SESSION_COOKIE_NAME].value, session_row(running).pk
    assert sessions_expire_nightly.apply().result == 1
    assert not Session.objects.filter(session_key=ended_key).exists()
    assert not SignedInSession.objects.filter(session_key=ended_key).exists()
    assert Session.objects.filter(session_key=running_key).exists()
    assert SignedInSession.objects.filter(session_key=running_key).exists()
    assert running.get(reverse("home")).status_code == 200
    sign_in_page = ran_out.get(reverse("home"), follow=True)
    assert sign_in_page.redirect_chain[-1][0].startswith(reverse("login"))
    assert EXPIRED not in sign_in_page.content.decode()  # too long ago to say why: the plain sign-in page


# The key of the drafts


def test_the_draft_key_is_given_to_the_signed_in_account_only(personas, login):
    beratung = draft_key_of(login(personas.beratung))
    asyl = draft_key_of(login(personas.asyl))
    assert beratung is not None
    assert asyl not in (None, beratung)
    assert len(b64decode(beratung)) == 32
    assert draft_key_of(login(None), reverse("login")) is None
    assert "ewg-draft-key" not in login(None).get(reverse("login")).content.decode()
    assert 'id="draft-offer"' not in login(None).get(reverse("login")).content.decode()


def test_the_draft_key_outlives_the_session_but_not_a_new_password(personas):
    """Signing in again gives the same key (the drafts are read after the session ran out); what ends every session
    of the account, a new password or its session stamp renewed, makes the earlier drafts unreadable."""
    first = draft_key_of(signed_in_with_password("beratung"))
    assert draft_key_of(signed_in_with_password("beratung")) == first
    user = User.objects.get(username="beratung")
    user.set_password("Ein-neues-Passwort-2026")
    user.save()
    client = Client()
    client.post(reverse("login"), {"username": "beratung", "password": "Ein-neues-Passwort-2026"})
    assert draft_key_of(client) not in (None, first)


def test_no_draft_key_before_the_second_factor(personas):
    enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    verify = client.get(reverse("second_factor_verify")).content.decode()
    assert "ewg-draft-key" not in verify  # the password alone reads no drafts
    assert "ewg-session-idle-seconds" in verify  # but the session's time runs out here too
    extended = client.post(reverse("session_extend"))
    assert extended.status_code == 200
