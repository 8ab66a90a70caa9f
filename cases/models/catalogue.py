from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.choices import ObstacleCategory


class Obstacle(models.Model):
    """A hindrance to integration (Integrationshemmnis), from the catalogue the coordinators keep."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=ObstacleCategory.choices)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name
