"""The second factor: a time-based one-time code from an authenticator app (TOTP, RFC 6238) and ten recovery codes,
kept by django-otp. Every account that needs one (permissions.needs_second_factor) signs in with it from the day its
administrator set (`User.second_factor_due_on`); before that day it is reminded, after it the product shows nothing
but the set-up page.

A session counts as verified when it holds the device that verified it (django-otp's session key). Resetting the
factor rotates the account's session stamp, which ends every session, so the key needs no check against the
database on each request.
"""

import logging
import time
import uuid
from binascii import unhexlify
from dataclasses import dataclass
from datetime import date, timedelta

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from agencies.models import Membership, User
from agencies.outbox import email_enqueue
from agencies.permissions import ACCOUNTS_MANAGE, needs_second_factor, require
from ewg.client_ip import client_ip
from ewg.history import save_with_history as _save

audit = logging.getLogger("ewg.audit")

VERIFIED_SESSION_KEY = django_otp.DEVICE_ID_SESSION_KEY
PENDING_KEY_SESSION_KEY = "second_factor_pending_key"  # the secret shown for set-up, until a code confirms it
NEW_CODES_SESSION_KEY = "second_factor_new_codes"  # recovery codes, shown once on the next page
RECOVERY_CODE_COUNT = 10
LATEST_DUE_DAYS = 30  # an administrator postpones the obligation by at most this much at a time
TOTP_DIGITS = 6


def second_factor_exempt(view):
    """Views an account reaches before its second factor is checked: setting it up, entering it, signing out."""
    view.second_factor_exempt = True
    return view


@dataclass(frozen=True)
class State:
    needed: bool
    verified: bool
    enrolled: bool
    due_on: date | None

    @property
    def blocking(self) -> str | None:
        """What the account must do before it sees anything else: "verify", "enrol", or nothing."""
        if not self.needed or self.verified:
            return None
        if self.enrolled:
            return "verify"
        if self.due_on is None or self.due_on <= timezone.localdate():
            return "enrol"
        return None

    @property
    def reminding(self) -> bool:
        """In the last weeks of the grace period: signed in without the second factor that is due on `due_on`."""
        if not self.needed or self.enrolled or self.blocking is not None:
            return False
        return self.due_on - timezone.localdate() <= timedelta(days=LATEST_DUE_DAYS)


def state_of(request: HttpRequest) -> State:
    user = request.user
    enrolled = user.second_factor_enrolled_at is not None
    return State(
        # An account that set one up uses it, needed or not (a volunteer may choose to).
        needed=enrolled or needs_second_factor(user, getattr(request, "memberships", [])),
        verified=bool(request.session.get(VERIFIED_SESSION_KEY)),
        enrolled=enrolled,
        due_on=user.second_factor_due_on,
    )


class SecondFactorMiddleware:
    """An account that needs its second factor is sent to enter it (or to set it up, once the grace period is
    over) before any view but the exempt ones and those open without signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if getattr(view_func, "second_factor_exempt", False) or getattr(view_func, "login_required", True) is False:
            return None
        blocking = state_of(request).blocking
        if blocking is None:
            return None
        target = "second_factor_verify" if blocking == "verify" else "second_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(target))


def default_due_on() -> date:
    return timezone.localdate() + timedelta(days=settings.SECOND_FACTOR_GRACE_DAYS)


# Setting up


def pending_key(request: HttpRequest) -> str:
    """The secret offered for set-up, kept in the session (not the database) until a code from the app confirms
    it, so that reloading the page shows the code the app has already scanned."""
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if key is None:
        key = request.session[PENDING_KEY_SESSION_KEY] = random_hex(20)
    return key


def provisioning_device(user: User, key: str) -> TOTPDevice:
    """An unsaved device for the set-up page's QR code and typed secret."""
    return TOTPDevice(user=user, key=key, name=_("Authenticator app"))


def _digits(token: str) -> str:
    return "".join(token.split())


def _require_password(request: HttpRequest, password: str) -> None:
    """The account's password, checked through the sign-in backends outside any transaction, so that a wrong one is
    recorded and counted by the sign-in limits (a refusal inside the service's transaction would roll the record
    back with it)."""
    if authenticate(request, username=request.user.get_username(), password=password) is None:
        raise ValidationError({"password": _("The password is wrong.")})  # once locked, axes answers 429 instead


def enrol(*, request: HttpRequest, key: str, token: str, password: str) -> list[str]:
    """Set up the second factor of the signed-in account with the secret its app scanned: the password (counted
    against the sign-in limits) and the app's current code confirm it. Any earlier device and recovery codes are
    replaced. Returns the new recovery codes, to be shown once."""
    _require_password(request, password)
    return _enrol(request=request, key=key, token=token)


@transaction.atomic
def _enrol(*, request: HttpRequest, key: str, token: str) -> list[str]:
    user = User.objects.select_for_update().get(pk=request.user.pk)
    totp = TOTP(unhexlify(key), digits=TOTP_DIGITS)
    totp.time = time.time()
    code = _digits(token)
    if not (code.isdigit() and len(code) == TOTP_DIGITS and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            {"token": _("The code does not match. Enter the six digits the app shows now for this account.")}
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, key=key, name=_("Authenticator app"), confirmed=True, last_t=totp.t(), digits=TOTP_DIGITS
    )
    codes = _new_recovery_codes(user)
    user.second_factor_enrolled_at = timezone.now()
    user.session_stamp = uuid.uuid4()  # other sessions, verified with the factor replaced, end
    fields = ["second_factor_enrolled_at", "session_stamp"]
    _save(user, actor=user, reason=_("Second factor set up"), update_fields=fields)
    update_session_auth_hash(request, user)
    request.session.pop(PENDING_KEY_SESSION_KEY, None)
    _mark_verified(request, device)
    audit.info("second factor set up: user=%s", user.pk)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_renew(*, request: HttpRequest, password: str) -> list[str]:
    """Ten new recovery codes for the signed-in, verified account, confirmed by its password; the old ones stop
    working, and so do the account's other sessions."""
    if not request.session.get(VERIFIED_SESSION_KEY):
        raise ValidationError(_("Sign in with your second factor first."))
    _require_password(request, password)
    return _renew(request)


@transaction.atomic
def _renew(request: HttpRequest) -> list[str]:
    user = User.objects.select_for_update().get(pk=request.user.pk)
    codes = _new_recovery_codes(user)
    user.session_stamp = uuid.uuid4()
    _save(user, actor=user, reason=_("New recovery codes"), update_fields=["session_stamp"])
    update_session_auth_hash(request, user)
    audit.info("recovery codes renewed: user=%s", user.pk)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# Signing in


def verify(*, request: HttpRequest, token: str) -> int | None:
    """Check a code from the app (six digits) or a recovery code against the account's devices. Each wrong code
    doubles the wait before the device checks the next (django-otp's throttling, kept on the device, so it holds
    across sessions and addresses). On success the session is verified under a new key; returns the number of
    recovery codes left when one was used, else None."""
    user = request.user
    code = _digits(token).lower()
    if not code:
        raise ValidationError({"token": _("Enter the code from your authenticator app or a recovery code.")})
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError({"token": _("The code is wrong.")})
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        audit.warning("second factor paused after failures: user=%s address=%s", user.pk, client_ip(request))
        raise ValidationError(
            {
                "token": _("Too many wrong codes. Try again after %(time)s.")
                % {"time": date_format(timezone.localtime(detail["locked_until"]), "TIME_FORMAT")}
            }
        )
    verified = django_otp.verify_token(user, device.persistent_id, code)  # locks the device row while checking
    if verified is None:
        audit.warning("second factor refused: user=%s address=%s", user.pk, client_ip(request))
        raise ValidationError({"token": _("The code is wrong.")})
    _mark_verified(request, verified)
    audit.info("second factor accepted: user=%s kind=%s", user.pk, "recovery" if model is StaticDevice else "app")
    return recovery_codes_left(user) if model is StaticDevice else None


def _mark_verified(request: HttpRequest, device) -> None:
    request.session.cycle_key()  # a new session key once the second factor is in, as after the password
    django_otp.login(request, device)


# Administration


@transaction.atomic
def second_factor_reset(*, actor: User, acting: Membership, membership: Membership, reason: str) -> User:
    """An administrator removes an account's second factor (a lost phone, no recovery codes left): its sessions end,
    and it sets up a new one at its next sign-in. Kept in the account's history with the reason; the holder is told."""
    require(acting, ACCOUNTS_MANAGE, membership, user=actor)
    if membership.user_id == actor.pk:
        raise ValidationError(_("Your own second factor is reset by another administrator."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the reset; it is kept in the account's history.")})
    user = User.objects.select_for_update().get(pk=membership.user_id)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.second_factor_enrolled_at = None
    user.second_factor_due_on = timezone.localdate()
    user.session_stamp = uuid.uuid4()
    fields = ["second_factor_enrolled_at", "second_factor_due_on", "session_stamp"]
    _save(user, actor=actor, reason=reason.strip(), update_fields=fields)
    audit.info("second factor reset: user=%s by=%s", user.pk, actor.pk)
    body = render_to_string(
        "agencies/email/second_factor_reset.txt", {"user": user, "actor": actor, "reason": reason.strip()}
    )
    email_enqueue(
        to=user.email,
        subject=_("The second factor of your account was reset"),
        body=body,
        agency=membership.agency,
    )
    return user


@transaction.atomic
def second_factor_set_due(*, actor: User, acting: Membership, membership: Membership, due_on: date) -> User:
    """An administrator sets the day from which the account needs its second factor: today at the earliest (the
    next sign-in asks for it), at most LATEST_DUE_DAYS ahead."""
    require(acting, ACCOUNTS_MANAGE, membership, user=actor)
    if membership.user_id == actor.pk:
        raise ValidationError(_("Your own deadline is set by another administrator."))
    today = timezone.localdate()
    latest = today + timedelta(days=LATEST_DUE_DAYS)
    if not today <= due_on <= latest:
        raise ValidationError(
            {
                "due_on": _("Choose a day from today to %(latest)s.")
                % {"latest": date_format(latest, "SHORT_DATE_FORMAT")}
            }
        )
    user = User.objects.select_for_update().get(pk=membership.user_id)
    user.second_factor_due_on = due_on
    _save(user, actor=actor, update_fields=["second_factor_due_on"])
    return user
