"""The course law as dated data: the teaching units of each kind of integration course, and the repeat it allows,
with the paragraph and the days the rule was in force. Seeded by migrations; a change of the law is a new row (and
the old row's `valid_to`) in a migration with its test. A course is judged by the rule in force on its first day, a
slip by the rule in force on its day of issue (§ 22 IntV: courses begun under the old rules keep them)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models.choices import CourseKind


class CourseTypeRule(models.Model):
    kind = models.CharField(_("course type"), max_length=20, choices=CourseKind.choices)
    language_units = models.PositiveSmallIntegerField(_("language course units"))
    orientation_units = models.PositiveSmallIntegerField(_("orientation course units"))
    repeat_units = models.PositiveSmallIntegerField(_("units of a repeat"), default=0)
    reference = models.CharField(_("legal reference"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("course type rule")
        verbose_name_plural = _("course type rules")
        ordering = ["-valid_from", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="course_rule_once_per_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="course_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from:%d.%m.%Y}: {self.teaching_units}"

    @property
    def teaching_units(self) -> int:
        return self.language_units + self.orientation_units

    @property
    def funded_units(self) -> int:
        """The most a person is funded for on this kind of course: the course and, where allowed, one repeat."""
        return self.teaching_units + self.repeat_units
