"""The companion booklet (Begleitheft) the person keeps: what they chose to put in it, and each printed edition."""

# The tables keep the names the cases app gave them, so an installation migrates in place (no data is copied).

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.cases import Case
from cases.models.choices import DataCategory
from cases.models.persons import Person


class BookletLanguage(models.TextChoices):
    GERMAN = "de", _("German only")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    FARSI = "fa", _("Farsi")
    UKRAINIAN = "uk", _("Ukrainian")
    TURKISH = "tr", _("Turkish")
    TIGRINYA = "ti", _("Tigrinya")


class BookletSection(models.TextChoices):
    CONTACTS = "contacts", _("Contacts at the agencies")
    GOALS = "goals", _("Personal goals and next steps")
    STEPS = "steps", _("Steps reached")
    COURSES = "courses", _("Courses and certificates")
    APPOINTMENTS = "appointments", _("Appointments")
    ENTITLEMENT = "entitlement", _("Entitlement slip")


# The data categories a section prints; each must be covered by the person's consent to the booklet.
SECTION_CATEGORIES = {
    BookletSection.CONTACTS: (DataCategory.MASTER_DATA,),
    BookletSection.GOALS: (DataCategory.NOTES,),
    BookletSection.STEPS: (DataCategory.NOTES, DataCategory.COURSES),
    BookletSection.COURSES: (DataCategory.COURSES,),
    BookletSection.APPOINTMENTS: (DataCategory.NOTES,),
    BookletSection.ENTITLEMENT: (DataCategory.COURSES,),
}


class CompanionBooklet(models.Model):
    """One person's booklet as one agency issues it, from the case that agency leads."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="booklets")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="booklets")
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, choices=BookletLanguage.choices)
    sections = models.JSONField(_("sections"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="cases_historicalcompanionbooklet")

    class Meta:
        db_table = "cases_companionbooklet"
        verbose_name = _("companion booklet")
        verbose_name_plural = _("companion booklets")
        constraints = [
            models.UniqueConstraint(fields=["case", "issuing_agency"], name="booklet_one_per_case_and_agency"),
        ]

    def __str__(self) -> str:
        return f"Begleitheft {self.person_id} ({self.language})"


class BookletEdition(models.Model):
    """A printed edition: the content frozen as it was printed. The PDF is rebuilt from it on every download;
    `pdf_sha256` is the digest of the first print, so that a rebuild can be checked to be the same document."""

    booklet = models.ForeignKey(CompanionBooklet, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveIntegerField(_("edition"))
    language = models.CharField(_("language"), max_length=5, choices=BookletLanguage.choices)
    sections = models.JSONField(_("sections"), default=list)
    content = models.JSONField(_("content"))
    pages = models.PositiveSmallIntegerField(_("pages"))
    pdf_sha256 = models.CharField(max_length=64)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)

    history = HistoricalRecords(table_name="cases_historicalbookletedition", excluded_fields=["content"])

    class Meta:
        db_table = "cases_bookletedition"
        verbose_name = _("booklet edition")
        verbose_name_plural = _("booklet editions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["booklet", "number"], name="booklet_edition_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="booklet_edition_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Ausgabe {self.number}"
