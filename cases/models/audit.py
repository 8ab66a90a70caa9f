from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models.cases import Case
from cases.models.choices import AccessAction
from cases.models.persons import Person


class AccessLog(models.Model):
    """One read of a person's data: who, for which agency, what, when, why. Writes are in the history tables."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="access_logs")
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
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
