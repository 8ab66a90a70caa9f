"""Writes on accounts and memberships. Each runs in one transaction and records the acting user in history."""

import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, OutboundEmail, Role, User
from agencies.outbox import email_enqueue
from agencies.permissions import ACCOUNTS_MANAGE, require, require_role_grant
from agencies.second_factor import default_due_on
from agencies.selectors import accounts_visible_to
from ewg.history import save_with_history as _save


@transaction.atomic
def account_create(
    *,
    actor: User,
    acting: Membership,
    agency: Agency,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
) -> Membership:
    """Create an account with one membership and send an invitation to choose a password. `acting` is the agency
    administrator's own membership: the agency must be theirs or one of its teams."""
    require_role_grant(acting, agency, role, user=actor)
    username = username.strip()
    email = email.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    # Checked only among the accounts this administrator sees: a refusal for an address known elsewhere would tell
    # them that it is (the product keeps no address unique across agencies for that reason).
    if accounts_visible_to(acting).filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("An account of your agency already has this e-mail address.")})
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        second_factor_due_on=default_due_on(),
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            _save(user, actor=actor)
    except IntegrityError:
        # A concurrent request took the name or address between the check and the insert.
        raise ValidationError({"username": _("This user name is already taken.")}) from None
    membership = Membership(user=user, agency=agency, role=role)
    _save(membership, actor=actor)
    _send_invitation(user=user, agency=agency)
    return membership


def _send_invitation(*, user: User, agency: Agency) -> None:
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string("agencies/email/invitation.txt", {"user": user, "agency": agency, "link": link})
    email_enqueue(
        to=user.email,
        subject=_("Your account for Einwanderung gestalten"),
        body=body,
        agency=agency,
        purpose=OutboundEmail.SIGN_IN_LINK,
    )


@transaction.atomic
def membership_change_role(
    *, actor: User, acting: Membership, membership: Membership, role: str, reason: str
) -> Membership:
    """Give a membership another role, with a reason; its sessions end and its holder is told by mail."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    membership = Membership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    require_role_grant(acting, membership.agency, role, user=actor, replacing=membership)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change; it is kept in the account's history.")})
    if membership.role == role:
        return membership
    if Membership.objects.filter(user=membership.user, agency=membership.agency, role=role).exists():
        raise ValidationError({"role": _("The account already holds this role in this agency.")})
    previous = membership.get_role_display()
    membership.role = role
    _save(membership, actor=actor, reason=reason.strip(), update_fields=["role"])
    _end_sessions(user=membership.user, actor=actor)
    _tell_role_changed(membership=membership, previous=previous, actor=actor, reason=reason.strip())
    return membership


def _tell_role_changed(*, membership: Membership, previous: str, actor: User, reason: str) -> None:
    """The holder learns of every change to their rights, so that one they did not expect is noticed."""
    context = {"membership": membership, "previous": previous, "actor": actor, "reason": reason}
    body = render_to_string("agencies/email/role_changed.txt", context)
    email_enqueue(
        to=membership.user.email,
        subject=_("Your role in Einwanderung gestalten was changed"),
        body=body,
        agency=membership.agency,
    )


@transaction.atomic
def membership_deactivate(*, actor: User, acting: Membership, membership: Membership) -> Membership:
    """End a membership; an account left without any active membership is deactivated, its sessions end now."""
    require(acting, ACCOUNTS_MANAGE, membership, user=actor)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not membership.is_active:
        raise ValidationError(_("This account is already deactivated."))
    membership.is_active = False
    _save(membership, actor=actor, update_fields=["is_active"])
    user = membership.user
    if not user.memberships.filter(is_active=True).exists():
        user.is_active = False
    _end_sessions(user=user, actor=actor)
    return membership


@transaction.atomic
def membership_reactivate(*, actor: User, acting: Membership, membership: Membership) -> Membership:
    require(acting, ACCOUNTS_MANAGE, membership, user=actor)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_active:
        raise ValidationError(_("This account is already active."))
    membership.is_active = True
    _save(membership, actor=actor, update_fields=["is_active"])
    user = membership.user
    if not user.is_active:
        user.is_active = True
        _save(user, actor=actor, update_fields=["is_active"])
    return membership


def _end_sessions(*, user: User, actor: User) -> None:
    # A new stamp changes the session hash, so every session of the account fails on its next request.
    user.session_stamp = uuid.uuid4()
    _save(user, actor=actor, update_fields=["session_stamp", "is_active"])
