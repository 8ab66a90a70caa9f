"""Signing in with two factors in a real browser: setting the factor up after the grace period, and every role but
the volunteers' entering its code after the password (ASVS 5.0 V6.3.3)."""

import re
from base64 import b32decode

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import expect

from agencies.demo import DEMO_PASSWORD
from agencies.models import Membership, Role, User
from tests.agencies.test_second_factor import enrolled
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(key: bytes) -> str:
    totp = TOTP(key)
    return f"{totp.token():06d}"


def sign_out(page) -> None:
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/auth/login/"))


def test_a_caseworker_sets_up_the_factor_and_signs_in_with_it(page, personas):
    User.objects.filter(username="jobcenter").update(second_factor_due_on=timezone.localdate())
    sign_in(page, "jobcenter")
    expect(page).to_have_url(re.compile(r"/auth/second-factor/setup/"))
    expect(page.get_by_role("heading", level=1, name="Zweiten Faktor einrichten")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_have_count(0)
    assert_accessible(page)

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code aus der App").fill(code_for(key))
    page.get_by_label("Ihr Passwort").fill("falsch")
    page.get_by_role("button", name="Einrichten").click()
    # The error summary takes the focus and leads to the field; the field shows the error too.
    summary = page.locator(".app-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("Das Passwort ist falsch.")
    expect(page.locator(".kern-error").filter(has_text="Das Passwort ist falsch.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Code aus der App").fill(code_for(key))
    page.get_by_label("Ihr Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_role("heading", level=1, name="Ihr zweiter Faktor")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "jobcenter")
    expect(page).to_have_url(re.compile(r"/auth/second-factor/verify/"))
    assert_accessible(page)
    # The code of the set-up is spent; the next one the app shows is wanted (tolerance: one step either way).
    page.get_by_label("Code").fill(f"{TOTP(key, drift=1).token():06d}")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()


def test_every_role_but_the_volunteers_signs_in_with_two_factors(page, personas):
    roles = {}
    for membership in Membership.objects.select_related("user").exclude(role=Role.VOLUNTEER):
        roles.setdefault(membership.role, membership.user)
    assert set(roles) == set(Role.values) - {Role.VOLUNTEER}  # every such role among the demo accounts
    for user in [*roles.values(), User.objects.get(username="admin")]:
        device = enrolled(user)
        sign_in(page, user.username)
        expect(page).to_have_url(re.compile(r"/auth/second-factor/verify/"))
        expect(page.get_by_role("navigation", name="Hauptnavigation")).to_have_count(0)
        page.get_by_label("Code").fill(code_for(device.bin_key))
        page.get_by_role("button", name="Bestätigen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
        sign_out(page)

    User.objects.filter(username="ehrenamt").update(second_factor_due_on=timezone.localdate())
    sign_in(page, "ehrenamt")  # a volunteer: the password alone, even after the grace period
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
