"""The migrant and the dated histories of residence status and benefit system."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import BenefitSystem
from cases.models.choices import Gender, ResidenceKind, ResidenceTitle, paragraph_of
from cases.models.constraints import not_before


class Person(models.Model):
    given_names = models.CharField(_("given names"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=200)
    aliases = models.JSONField(_("other spellings and aliases"), default=list, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    arrival_date = models.DateField(_("arrival in Germany"), null=True, blank=True)
    # Every spelling, folded (cases.names.fold): what name search and duplicate warnings compare.
    search_names = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Restriction of processing (Art. 18 DSGVO, § 84 SGB X), set by the data protection officer: from then on the
    # person is shown to nobody but the officer and the one user named here (e.g. for a pending legal claim).
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)
    restriction_reason = models.CharField(_("reason for the restriction"), max_length=300, blank=True)
    restriction_reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("may still see the person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_names"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["birth_date"], name="person_birth_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_date__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(arrival_date__gte=models.F("birth_date")),
                name="person_arrival_after_birth",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_names}"


def unrestricted_for(user, *, via: str = "person__") -> Q:
    """Rows whose person is not restricted, or restricted with `user` named as the one who may still see them."""
    return Q(**{f"{via}restricted_at__isnull": True}) | Q(**{f"{via}restriction_reader_id": user.pk})


def unrestricted(*, via: str = "person__") -> Q:
    """Rows whose person is not restricted: for the pages of course staff, who are never the one named."""
    return Q(**{f"{via}restricted_at__isnull": True})


class ResidenceStatus(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residence_statuses")
    kind = models.CharField(_("residence status"), max_length=30, choices=ResidenceKind.choices)
    # A choice, not free text: the entitlement to a course is derived from it (courses.eligibility).
    title = models.CharField(_("paragraph"), max_length=10, choices=ResidenceTitle.choices, blank=True)
    valid_from = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # § 12a AufenthG: the place the person must live in, if a residence rule binds them.
    residence_rule_place = models.CharField(_("residence rule (§ 12a AufenthG)"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        ordering = ["-valid_from", "-pk"]
        constraints = [not_before("valid_until", "valid_from", name="residence_status_dates")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ab {self.valid_from}"

    @property
    def paragraph(self) -> str:
        """The title's paragraph without its explanation, as the slip and the case page name it."""
        return paragraph_of(self.title)


class BenefitPeriod(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefit_periods")
    system = models.CharField(_("benefit system"), max_length=10, choices=BenefitSystem.choices)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("benefit period")
        verbose_name_plural = _("benefit periods")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["system", "valid_until"], name="benefit_period_system")]
        constraints = [not_before("valid_until", "valid_from", name="benefit_period_dates")]

    def __str__(self) -> str:
        return f"{self.get_system_display()} ab {self.valid_from}"
