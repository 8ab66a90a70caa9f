"""Per-object grants that have no legal record of their own, kept by django-guardian in a direct foreign-key table."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cases.models.cases import Case

WORK_ON_CASE = "work_on_case"  # the codename; Case.Meta.permissions declares it


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A named colleague of another team who works on a Case-Management case beside its lead (a co-worker)."""

    content_object = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="coworker_grants")
    reason = models.CharField(_("reason"), max_length=200)
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("co-worker of a case")
        verbose_name_plural = _("co-workers of cases")
