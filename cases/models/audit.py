from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models.cases import Case
from cases.models.choices import AccessAction
from cases.models.persons import Person


class AccessLog(models.Model):
    """One read of a person's data: who, for which agency and role, what, when, why. Writes are in the history
    tables. A list page is one row naming every person it showed (`persons`). After a person's erasure their rows
    keep only a pseudonym, so that the reads stay countable while the person is no longer identifiable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=30, blank=True)
    person = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="access_logs")
    persons = ArrayField(models.BigIntegerField(), default=list, blank=True)
    pseudonym = models.CharField(max_length=40, blank=True)
    case = models.ForeignKey(Case, null=True, on_delete=models.PROTECT, related_name="access_logs")
    action = models.CharField(_("what was read"), max_length=20, choices=AccessAction.choices)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["case", "-at"], name="access_log_case"),
            models.Index(fields=["agency", "-at"], name="access_log_agency"),
            models.Index(fields=["person", "-id"], name="access_log_person"),
            GinIndex(fields=["persons"], name="access_log_persons"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
