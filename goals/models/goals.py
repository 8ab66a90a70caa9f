"""The three-level goal system with its SMART parts, activities, indicators and measurements."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Obstacle
from goals.models.choices import ActivityStatus, GoalLevel, IndicatorKind, MeasurementSource
from goals.models.groups import ActionField, WorkingGroup


class Indicator(models.Model):
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.MANUAL)
    # For a computed indicator: the name under which a function is registered (goals.indicators).
    function = models.CharField(_("computed by"), max_length=100, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=IndicatorKind.MANUAL, function="")
                | (Q(kind=IndicatorKind.COMPUTED) & ~Q(function="")),
                name="indicator_computed_names_function",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    level = models.CharField(_("level"), max_length=20, choices=GoalLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("derived from"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    action_field = models.ForeignKey(
        ActionField, verbose_name=_("action field"), on_delete=models.PROTECT, related_name="goals"
    )
    number = models.CharField(_("number"), max_length=20, blank=True)  # e.g. "1.2.3" in the goal matrix
    statement = models.TextField(_("goal"))
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("responsible group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    adopted_by = models.ForeignKey(
        WorkingGroup, verbose_name=_("adopted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    obstacles = models.ManyToManyField(
        Obstacle, verbose_name=_("deficit themes answered"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[obstacles])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        permissions = [("steward_goal", _("Draft and edit the goals below this principal goal"))]
        ordering = ["action_field__position", "number", "pk"]
        indexes = [models.Index(fields=["parent", "number"], name="goal_children")]
        constraints = [
            # A Grundsatzziel stands alone; Rahmen- and Ergebnisziele are derived (the parent's level: services, clean).
            models.CheckConstraint(
                condition=Q(level=GoalLevel.PRINCIPLE, parent=None)
                | (~Q(level=GoalLevel.PRINCIPLE) & Q(parent__isnull=False)),
                name="goal_parent_by_level",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on=None, adopted_by=None) | Q(adopted_on__isnull=False, adopted_by__isnull=False),
                name="goal_adoption_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.statement[:60]}".strip()

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def principle(self) -> "Goal":
        """The Grundsatzziel this goal derives from (itself for a Grundsatzziel); at most two steps up."""
        goal = self
        while goal.parent_id is not None:
            goal = goal.parent
        return goal


class Activity(models.Model):
    goal = models.ForeignKey(Goal, verbose_name=_("result goal"), on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PROPOSED
    )
    result = models.TextField(_("result"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Measurement(models.Model):
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=MeasurementSource.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for the nightly computation
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-measured_on", "-pk"]
        constraints = [
            # One value per goal and day: the nightly task may run twice.
            models.UniqueConstraint(fields=["goal", "measured_on"], name="measurement_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.measured_on:%d.%m.%Y}: {self.value}"
