"""The project's bodies: the steering group, working groups per action field and their project groups; their
meetings, decisions, and the typical cases they reconstruct."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Obstacle
from goals.models.choices import DecisionKind, GroupKind, GroupRole


class ActionField(models.Model):
    """Handlungsfeld of the city's migration and integration concept."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action field")
        verbose_name_plural = _("action fields")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_groups",
        help_text=_("For a project group: the working group it belongs to."),
    )
    action_fields = models.ManyToManyField(ActionField, verbose_name=_("action fields"), blank=True)
    meets = models.CharField(_("meets"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[action_fields])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=GroupKind.PROJECT, parent__isnull=False)
                | (~Q(kind=GroupKind.PROJECT) & Q(parent=None)),
                name="group_project_group_has_working_group",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT)
    agency = models.ForeignKey(Agency, verbose_name=_("for the agency"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the group"), max_length=30, choices=GroupRole.choices, default=GroupRole.MEMBER)
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("member until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], condition=Q(left_on=None), name="group_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"


class Meeting(models.Model):
    """A meeting of a body. Its record (date, agenda, minutes, attendees, decisions) is kept until the minutes are
    approved; from then on it is the approved record and no longer changes."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_approved_on=None, minutes_approved_by=None)
                | Q(minutes_approved_on__isnull=False, minutes_approved_by__isnull=False),
                name="meeting_minutes_approved_on_and_by",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%d.%m.%Y}"

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_on is not None


class Decision(models.Model):
    """Beschluss of a body, e.g. the steering group adopting a goal. Taken in a meeting or, between meetings, by
    the body's written procedure (then without a meeting)."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.OTHER)
    decided_on = models.DateField(_("decided on"))
    text = models.TextField(_("decision"))
    goal = models.ForeignKey(
        "goals.Goal", verbose_name=_("goal"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%d.%m.%Y}"


class CaseVignette(models.Model):
    """Typischer Fall: an anonymised case a group reconstructs. Deliberately without any link to a person."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="vignettes")
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(_("the case"))
    obstacles = models.ManyToManyField(Obstacle, verbose_name=_("deficit themes"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[obstacles])

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["group", "title"]

    def __str__(self) -> str:
        return self.title
