import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import RegexValidator
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import OutboundEmail, Role, User
from agencies.outbox import email_enqueue
from agencies.selectors import account_agency
from ewg.forms import BoundedDateField
from ewg.history import REASON_LENGTH

log = logging.getLogger(__name__)
PASSWORD_MAX_LENGTH = 4096  # as Django's hashers accept

username_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]{1,148}$",
    _("Use 2 to 150 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit."),
)


class AccountCreateForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    username = forms.CharField(label=_("User name"), max_length=150, validators=[username_validator])
    agency = forms.ModelChoiceField(label=_("Agency or team"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, agencies, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_LENGTH,
        help_text=_("Kept in the account's history and sent to its holder."),
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]


class OutboxPasswordResetForm(PasswordResetForm):
    """Password-reset mail goes through the outbox like every other mail.

    Invited accounts have no usable password until they follow their invitation; Django would skip them, which
    would strand a colleague whose invitation expired. Every sign-in here is by password, so they are included.
    """

    def save(self, *args, **kwargs):
        # The link names the product's own address (SITE_URL), not the Host of the request that asked for it.
        site = urlsplit(settings.SITE_URL)
        return super().save(*args, **{**kwargs, "domain_override": site.netloc, "use_https": site.scheme == "https"})

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        recent = OutboundEmail.objects.filter(
            to__iexact=to_email,
            purpose=OutboundEmail.SIGN_IN_LINK,
            created_at__gte=timezone.now() - timedelta(hours=1),
        )
        if recent.count() >= settings.PASSWORD_RESET_MAILS_PER_HOUR:
            # The page answers as always (it never tells whether an address is known); the mailbox is spared.
            log.warning(
                "password reset mail not sent: %s links in the last hour already",
                settings.PASSWORD_RESET_MAILS_PER_HOUR,
            )
            return
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_enqueue(
            to=to_email,
            subject=subject,
            body=body,
            agency=account_agency(context["user"]),
            purpose=OutboundEmail.SIGN_IN_LINK,
        )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorSetupForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The six digits the app shows for this account now."),
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Confirms that it is you who sets up the second factor."),
    )


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("The six digits of your authenticator app, or one of your recovery codes."),
    )


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reset"),
        max_length=REASON_LENGTH,
        help_text=_("Kept in the account's history and sent to its holder."),
    )


class SecondFactorDueForm(forms.Form):
    due_on = BoundedDateField(
        label=_("Second factor required from"),
        future_years=1,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
