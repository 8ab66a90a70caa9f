"""The second factor (ASVS 5.0 V6.3.3, BSI CON.10.A16): set up with an authenticator app and recovery codes, asked
for after the password, throttled, reset by an administrator, required after the grace period for every role but
the volunteers'."""

import logging
import threading
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import second_factor
from agencies.demo import DEMO_PASSWORD
from agencies.models import OutboundEmail, Role, User
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

RECOVERY_CODES = ["aaaabbbb", "ccccdddd", "eeeeffff"]


def due_today(user: User) -> User:
    User.objects.filter(pk=user.pk).update(second_factor_due_on=timezone.localdate())
    return User.objects.get(pk=user.pk)


def enrolled(user: User) -> TOTPDevice:
    """The account with an app and three recovery codes, as `second_factor.enrol` leaves it."""
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Recovery", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in RECOVERY_CODES)
    User.objects.filter(pk=user.pk).update(second_factor_enrolled_at=timezone.now())
    return device


def verified(client: Client, device: TOTPDevice) -> Client:
    """A signed-in test client whose session holds the second factor, as after entering it."""
    session = client.session
    session[second_factor.VERIFIED_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def signed_in_with_password(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


# Asked for after the password


def test_an_enrolled_account_sees_nothing_before_its_code(personas):
    device = enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    cases = client.get(reverse("cases:case_list"))
    assert cases.status_code == 302
    assert cases["Location"].startswith(reverse("second_factor_verify") + "?next=")
    page = client.get(cases["Location"])
    assert page.status_code == 200
    assert "Zweiter Faktor" in page.content.decode()
    assert 'class="app-nav"' not in page.content.decode()  # no navigation yet
    # Neither may the password alone replace the factor.
    assert client.get(reverse("second_factor_setup"))["Location"] == reverse("second_factor_verify")
    session_before = client.session.session_key
    answer = client.post(
        reverse("second_factor_verify"), {"token": current_code(device.key), "next": reverse("cases:case_list")}
    )
    assert answer["Location"] == reverse("cases:case_list")
    assert client.session.session_key != session_before  # a new session key once both factors are in
    assert client.get(reverse("cases:case_list")).status_code == 200


def test_a_wrong_code_is_refused_and_the_next_attempt_waits(personas, caplog):
    device = enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    with caplog.at_level(logging.INFO, logger="ewg.audit"):
        wrong = client.post(reverse("second_factor_verify"), {"token": "000000"})
    assert f"second factor refused: user={personas.beratung.pk}" in caplog.text
    assert wrong.status_code == 400
    assert "Der Code ist falsch" in wrong.content.decode()
    # Throttled on the device itself: even the right code waits out the pause, from any session.
    other = signed_in_with_password("beratung")
    refused = other.post(reverse("second_factor_verify"), {"token": current_code(device.key)})
    assert refused.status_code == 400
    assert "Zu viele falsche Codes" in refused.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=5))
    assert other.post(reverse("second_factor_verify"), {"token": current_code(device.key)}).status_code == 302


def test_a_code_is_accepted_once(personas):
    device = enrolled(personas.beratung)
    code = current_code(device.key)
    assert signed_in_with_password("beratung").post(reverse("second_factor_verify"), {"token": code}).status_code == 302
    replay = signed_in_with_password("beratung").post(reverse("second_factor_verify"), {"token": code})
    assert replay.status_code == 400


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(personas):
    enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    answer = client.post(reverse("second_factor_verify"), {"token": "AAAA BBBB"}, follow=True)
    assert answer.status_code == 200
    assert "Wiederherstellungscode" in answer.content.decode()
    assert "2 Codes" in answer.content.decode()
    again = signed_in_with_password("beratung").post(reverse("second_factor_verify"), {"token": "aaaabbbb"})
    assert again.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_used_twice_at_once_signs_in_once(personas):
    """Two sign-ins with the same recovery code at the same moment, on two connections: the device row is locked
    while a code is checked, so exactly one is let in."""
    enrolled(personas.beratung)
    clients = [signed_in_with_password("beratung") for _ in range(2)]
    results, barrier = [], threading.Barrier(2)

    def attempt(client):
        try:
            barrier.wait()
            results.append(client.post(reverse("second_factor_verify"), {"token": "ccccdddd"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 400]
    assert not StaticToken.objects.filter(token="ccccdddd").exists()


# Set up


def test_after_the_grace_period_the_account_sets_up_its_factor_first(personas):
    due_today(personas.jobcenter)
    client = signed_in_with_password("jobcenter")
    home = client.get(reverse("home"))
    assert home["Location"].startswith(reverse("second_factor_setup"))
    page = client.get(reverse("second_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code
    key = client.session[second_factor.PENDING_KEY_SESSION_KEY]
    assert client.get(reverse("second_factor_setup")).status_code == 200
    assert client.session[second_factor.PENDING_KEY_SESSION_KEY] == key  # a reload keeps what the app scanned

    wrong_password = client.post(reverse("second_factor_setup"), {"token": current_code(key), "password": "x"})
    assert wrong_password.status_code == 400
    assert "Das Passwort ist falsch" in wrong_password.content.decode()
    wrong_code = client.post(reverse("second_factor_setup"), {"token": "123456", "password": DEMO_PASSWORD})
    assert wrong_code.status_code == 400
    assert "Code aus der App" in wrong_code.content.decode()  # the field's label beside its error
    assert not TOTPDevice.objects.filter(user=personas.jobcenter).exists()

    done = client.post(reverse("second_factor_setup"), {"token": current_code(key), "password": DEMO_PASSWORD})
    assert done["Location"] == reverse("second_factor")
    overview = client.get(reverse("second_factor")).content.decode()
    codes = list(StaticToken.objects.filter(device__user=personas.jobcenter).values_list("token", flat=True))
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert all(code in overview for code in codes)
    assert not any(code in client.get(reverse("second_factor")).content.decode() for code in codes)  # shown once
    assert client.get(reverse("cases:case_list")).status_code == 200  # this session is verified
    latest = personas.jobcenter.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (personas.jobcenter, "Zweiter Faktor eingerichtet")
    assert TOTPDevice.objects.get(user=personas.jobcenter).key == key


def test_new_recovery_codes_need_the_password_and_end_the_other_sessions(personas):
    device = enrolled(personas.beratung)
    client = signed_in_with_password("beratung")
    client.post(reverse("second_factor_verify"), {"token": current_code(device.key)})
    other = verified(signed_in_with_password("beratung"), device)
    refused = client.post(reverse("second_factor_recovery_codes"), {"password": "falsch"})
    assert refused.status_code == 400
    assert "Das Passwort ist falsch" in refused.content.decode()
    assert set(StaticToken.objects.filter(device__user=personas.beratung).values_list("token", flat=True)) == set(
        RECOVERY_CODES
    )
    renewed = client.post(reverse("second_factor_recovery_codes"), {"password": DEMO_PASSWORD})
    assert renewed["Location"] == reverse("second_factor")
    tokens = set(StaticToken.objects.filter(device__user=personas.beratung).values_list("token", flat=True))
    assert len(tokens) == second_factor.RECOVERY_CODE_COUNT
    assert not tokens & set(RECOVERY_CODES)
    assert client.get(reverse("cases:case_list")).status_code == 200  # this session stays
    assert other.get(reverse("cases:case_list"))["Location"].startswith(reverse("login"))  # the other one ended


def test_within_the_grace_period_the_account_is_reminded(personas):
    User.objects.filter(pk=personas.abh.pk).update(second_factor_due_on=timezone.localdate() + timedelta(days=3))
    page = signed_in_with_password("abh").get(reverse("cases:case_list"))
    assert page.status_code == 200
    assert "Zweiten Faktor einrichten" in page.content.decode() or "zweiten Faktor" in page.content.decode()


def test_volunteers_need_none(personas):
    due_today(personas.ehrenamt)
    assert signed_in_with_password("ehrenamt").get(reverse("cases:case_list")).status_code == 200


def test_the_superuser_needs_one_for_the_admin(personas):
    User.objects.filter(username="admin").update(second_factor_due_on=None)
    client = Client()
    client.post(reverse("admin:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("second_factor_setup"))


# The administrator


def reset(client: Client, membership_pk: int, reason: str = "Handy verloren"):
    return client.post(reverse("agencies:account_second_factor_reset", args=[membership_pk]), {"reason": reason})


def test_an_administrator_resets_a_lost_factor(personas, login):
    enrolled(personas.jobcenter)
    holder = signed_in_with_password("jobcenter")
    membership = personas.membership("jobcenter")
    admin = login(personas.jobcenter_admin)
    without_reason = reset(admin, membership.pk, reason="")
    assert without_reason.status_code == 400
    assert "Grund" in without_reason.content.decode()
    assert TOTPDevice.objects.filter(user=personas.jobcenter).exists()

    assert reset(admin, membership.pk)["Location"] == reverse("agencies:account_detail", args=[membership.pk])
    assert not TOTPDevice.objects.filter(user=personas.jobcenter).exists()
    assert not StaticDevice.objects.filter(user=personas.jobcenter).exists()
    user = User.objects.get(pk=personas.jobcenter.pk)
    assert (user.second_factor_enrolled_at, user.second_factor_due_on) == (None, timezone.localdate())
    assert holder.get(reverse("home"))["Location"].startswith(reverse("login"))  # its sessions ended
    latest = user.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (personas.jobcenter_admin, "Handy verloren")
    mail = OutboundEmail.objects.get(to=personas.jobcenter.email)
    assert "Handy verloren" in mail.body
    assert (
        signed_in_with_password("jobcenter").get(reverse("home"))["Location"].startswith(reverse("second_factor_setup"))
    )


def test_no_administrator_resets_their_own_or_another_agencys_factor(personas, login):
    admin = verified(login(personas.jobcenter_admin), enrolled(personas.jobcenter_admin))
    enrolled(personas.beratung)
    own = reset(admin, personas.membership("jobcenter-admin").pk)
    assert own.status_code in {400, 404}
    assert reset(admin, personas.membership("beratung").pk).status_code == 404
    assert TOTPDevice.objects.filter(user__in=[personas.jobcenter_admin, personas.beratung]).count() == 2


def test_an_administrator_sets_the_deadline_within_thirty_days(personas, login):
    membership = personas.membership("jobcenter")
    url = reverse("agencies:account_second_factor_due", args=[membership.pk])
    admin = login(personas.jobcenter_admin)
    too_late = admin.post(url, {"due_on": (timezone.localdate() + timedelta(days=31)).isoformat()})
    assert too_late.status_code == 400
    assert "Wählen Sie einen Tag" in too_late.content.decode()
    in_range = timezone.localdate() + timedelta(days=10)
    assert admin.post(url, {"due_on": in_range.isoformat()}).status_code == 302
    user = User.objects.get(pk=personas.jobcenter.pk)
    assert user.second_factor_due_on == in_range
    assert user.history.latest().history_user == personas.jobcenter_admin
    vhs_admin = MembershipFactory(agency=personas.agency("vhs"), role=Role.AGENCY_ADMIN).user
    assert login(vhs_admin).post(url, {"due_on": in_range.isoformat()}).status_code == 404


def test_guessing_the_password_at_the_set_up_is_counted_and_paused(personas, settings):
    """A session holder cannot try passwords at the set-up past the sign-in limits: each wrong one is recorded."""
    due_today(personas.jobcenter)
    client = signed_in_with_password("jobcenter")
    key = client.get(reverse("second_factor_setup")) and client.session[second_factor.PENDING_KEY_SESSION_KEY]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("second_factor_setup"), {"token": current_code(key), "password": "falsch"})
    paused = client.post(reverse("second_factor_setup"), {"token": current_code(key), "password": DEMO_PASSWORD})
    assert paused.status_code == 429  # django-axes' pause, as after wrong passwords at sign-in
    assert not TOTPDevice.objects.filter(user=personas.jobcenter).exists()
    assert Client().post(reverse("login"), {"username": "jobcenter", "password": DEMO_PASSWORD}).status_code == 429
