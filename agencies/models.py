"""Who takes part: agencies (a tree of organisations and teams), user accounts and their memberships."""

import uuid
from email.utils import make_msgid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AgencyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    DEPARTMENT = "department", _("Department")
    COUNSELLING_TEAM = "counselling_team", _("Counselling team")
    ASYLUM_BENEFITS_OFFICE = "asylum_benefits_office", _("Asylum seekers' benefits office")
    BENEFITS_OFFICE = "benefits_office", _("Benefits office")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Foreigners' authority")
    JOBCENTER = "jobcenter", _("Jobcenter")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
    COURSE_PROVIDER = "course_provider", _("Course provider")
    WELFARE_ORGANISATION = "welfare_organisation", _("Welfare organisation")
    VOLUNTEER_ASSOCIATION = "volunteer_association", _("Volunteer association")
    INTEGRATION_CENTRE = "integration_centre", _("Municipal integration centre")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development company")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")


class BenefitSystem(models.TextChoices):
    """Rechtskreis. Defined here, the lowest app, so that cases and courses share one list."""

    ASYLBLG = "asylblg", _("AsylbLG")
    SGB_II = "sgb2", _("SGB II")
    SGB_XII = "sgb12", _("SGB XII")
    SGB_III = "sgb3", _("SGB III")
    NONE = "none", _("No benefits")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    COURSE_STAFF = "course_staff", _("Course staff")
    TEACHER = "teacher", _("Teacher")  # sees only the courses the provider's course staff assigned to them
    VOLUNTEER = "volunteer", _("Volunteer")
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING = "steering", _("Steering group")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    benefit_systems = models.JSONField(_("benefit systems served"), default=list, blank=True)
    issues_entitlements = models.BooleanField(_("issues entitlement slips"), default=False)
    runs_courses = models.BooleanField(_("runs courses"), default=False)
    alert_email = models.EmailField(_("e-mail address for alerts"), blank=True)
    # How people reach the agency: printed, untranslated, in the companion booklet.
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail address for the public"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        valid = set(BenefitSystem.values)
        if not isinstance(self.benefit_systems, list) or not set(self.benefit_systems) <= valid:
            raise ValidationError({"benefit_systems": _("Choose benefit systems from the list.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An agency cannot be its own parent.")})
            ancestor = ancestor.parent


class User(AbstractUser):
    # Rotated to end every open session of the account at once (see get_session_auth_hash).
    session_stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    # The second factor (agencies.second_factor): from this day on the account signs in only with one; empty means
    # at once (an account made outside the product, such as by createsuperuser). Set by its administrator.
    second_factor_due_on = models.DateField(_("second factor required from"), null=True, blank=True)
    second_factor_enrolled_at = models.DateTimeField(_("second factor set up at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_stamp"])

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django compares this hash on every request; including the stamp invalidates all sessions on rotation.
        return salted_hmac(
            "agencies.User.session_auth_hash",
            f"{self.password}:{self.session_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user account"), on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["agency", "is_active"], name="membership_agency_active")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.agency.short_name})"


def new_message_id() -> str:
    """The Message-ID of one outbox row, made once: every attempt sends it, so a copy is recognisable downstream."""
    return make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)


class OutboundEmail(models.Model):
    """An e-mail waiting to leave. Written in the transaction that decided to send it, relayed by a task.

    Pending while neither sent nor abandoned: `available_at` is when the next attempt may start (the back-off after a
    failure, or the lease of an attempt under way). Abandoned after OUTBOX_MAX_ATTEMPTS failed attempts, until an
    administrator of its agency sends it again (agencies.outbox).
    """

    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # Whose administrators answer for the mail: the agency it concerns (the invited account's, the alerted one).
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message_id = models.CharField(max_length=255, unique=True, default=new_message_id, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)
    # What the mail is for, where that matters after it was written (OutboundEmail.SIGN_IN_LINK: see agencies.outbox).
    purpose = models.CharField(max_length=30, blank=True, default="")

    SIGN_IN_LINK = "sign_in_link"  # a password-reset or invitation link: whoever reads it can sign in

    # The body stays out of the history: it may hold a password-reset link.
    history = HistoricalRecords(excluded_fields=["body"])

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(sent_at__isnull=True, abandoned_at__isnull=True),
                name="outbox_pending",
            ),
            models.Index(fields=["agency"], condition=models.Q(abandoned_at__isnull=False), name="outbox_abandoned"),
            # The password-reset limit counts an address's recent links (agencies.forms).
            models.Index(
                fields=["created_at"], condition=models.Q(purpose="sign_in_link"), name="outbox_sign_in_links"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(abandoned_at__isnull=True),
                name="outbox_sent_or_abandoned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class FormSubmission(models.Model):
    """A form's one-time token, spent by its first submission. A second submission of the same form (a double
    click, a reload, the back button) is answered with the first one's result instead of writing a second row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    result_url = models.CharField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="formsubmission_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.token}"


class SignedInSession(models.Model):
    """A session opened by signing in, so that an account holds at most SESSION_MAX_PER_USER of them: the oldest
    ends when one more begins (agencies.sessions)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "signed_in_at"], name="signedinsession_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.signed_in_at}"
