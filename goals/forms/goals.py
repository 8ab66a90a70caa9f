"""Forms of the goal pages. They only collect input; the rules live in goals.services.goals."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases.models import Obstacle
from ewg.concurrent_edits import VersionedForm
from ewg.forms import LONG_TEXT, BoundedDateField
from goals.models import ActionField, Goal, Indicator, Meeting, WorkingGroup
from goals.models.choices import ActivityStatus, GoalLevel, GroupKind, IndicatorKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VALUE = {"max_digits": 12, "decimal_places": 2}


class PreloadedChoiceField(forms.TypedChoiceField):
    """A choice among objects fetched once, so that the many small forms of one page share a single query."""

    def __init__(self, *, objects, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", "–"), *((key, str(obj)) for key, obj in self.objects.items())]
        super().__init__(choices=choices, coerce=self.objects.__getitem__, empty_value=None, **kwargs)


class GoalFilterForm(forms.Form):
    hide_optional = True
    field = forms.ModelChoiceField(
        label=_("Action field"),
        queryset=ActionField.objects.filter(is_active=True),
        to_field_name="key",
        required=False,
        empty_label=_("all"),
    )


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


class GoalPartsForm(forms.Form):
    """The SMART parts a coordinator keeps, shared by the forms to create and to edit a goal."""

    number = forms.CharField(label=_("Number"), max_length=20, required=False, help_text=_("E.g. 1.2.3"))
    statement = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.all(), required=False, empty_label="–"
    )
    baseline = forms.DecimalField(label=_("Baseline"), required=False, **VALUE)
    target_value = forms.DecimalField(label=_("Target value"), required=False, **VALUE)
    deadline = BoundedDateField(label=_("Deadline"), required=False, widget=DATE)
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False, empty_label="–"
    )
    responsible_group = forms.ModelChoiceField(
        label=_("Responsible group"),
        queryset=WorkingGroup.objects.filter(is_active=True),
        required=False,
        empty_label="–",
    )
    obstacles = forms.ModelMultipleChoiceField(
        label=_("Deficit themes answered"),
        queryset=Obstacle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, goal: Goal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].queryset = _agencies()
        current = list(goal.obstacles.values_list("pk", flat=True)) if goal else []
        self.fields["obstacles"].queryset = Obstacle.objects.filter(Q(is_active=True) | Q(pk__in=current))


class GoalCreateForm(GoalPartsForm):
    level = forms.ChoiceField(label=_("Level"), choices=GoalLevel.choices)
    action_field = forms.ModelChoiceField(
        label=_("Action field"), queryset=ActionField.objects.filter(is_active=True), empty_label="–"
    )
    parent = forms.ModelChoiceField(
        label=_("Derived from"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label="–",
        help_text=_("A framework goal is derived from a principal goal, a result goal from a framework goal."),
    )
    field_order = ["level", "action_field", "parent"]

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class GoalEditForm(VersionedForm, GoalPartsForm):
    DECIDED = ("statement", "indicator", "baseline", "target_value", "deadline")

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, goal=goal, edited=goal, **kwargs)
        if goal.is_adopted:  # the steering group changes these by amendment; shown, not posted
            for name in self.DECIDED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Adopted: changed only by a decision of the steering group.")


def _steering_meetings():
    """The steering group's meetings a decision can still be added to: those whose minutes are not approved."""
    meetings = Meeting.objects.filter(group__kind=GroupKind.STEERING, minutes_approved_on=None)
    return meetings.select_related("group").order_by("-held_on")


class DecisionDateForm(forms.Form):
    """A decision of the steering group, in one of its meetings or by written procedure. Taken in a meeting, it
    carries the meeting's date, whatever the date field holds (it shows today until changed)."""

    decided_on = BoundedDateField(
        label=_("Decided on"),
        widget=DATE,
        initial=timezone.localdate,
        required=False,
        help_text=_("For a decision in a meeting, the meeting's date is taken."),
    )
    meeting = forms.ModelChoiceField(
        label=_("In the meeting"), queryset=Meeting.objects.none(), required=False, empty_label="–"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _steering_meetings()

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if meeting is not None:
            cleaned["decided_on"] = meeting.held_on
        elif cleaned.get("decided_on") is None and "decided_on" not in self.errors:
            self.add_error("decided_on", _("Please give the date of the decision or choose the meeting."))
        return cleaned


class AdoptForm(DecisionDateForm):
    text = forms.CharField(
        label=_("Wording of the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Empty: the goal's statement is adopted as it stands."),
        max_length=LONG_TEXT,
    )


class AmendForm(DecisionDateForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )
    statement = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.all(), required=False, empty_label="–"
    )
    baseline = forms.DecimalField(label=_("Baseline"), required=False, **VALUE)
    target_value = forms.DecimalField(label=_("Target value"), required=False, **VALUE)
    deadline = BoundedDateField(label=_("Deadline"), required=False, widget=DATE)


class ActivityProposeForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=300)
    responsible_agency = PreloadedChoiceField(label=_("Responsible agency"), objects=(), required=False)
    due_on = BoundedDateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"] = PreloadedChoiceField(
            label=_("Responsible agency"), objects=agencies, required=False
        )


class ActivityUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    responsible_agency = PreloadedChoiceField(label=_("Responsible agency"), objects=(), required=False)
    due_on = BoundedDateField(label=_("Due on"), required=False, widget=DATE)
    result = forms.CharField(
        label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=LONG_TEXT
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"] = PreloadedChoiceField(
            label=_("Responsible agency"), objects=agencies, required=False
        )


class MeasurementForm(forms.Form):
    measured_on = BoundedDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    value = forms.DecimalField(label=_("Value"), **VALUE)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False, help_text=_("E.g. %, days, persons"))
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices, initial=IndicatorKind.MANUAL)
    function = forms.ChoiceField(label=_("Computed by"), required=False)
    higher_is_better = forms.BooleanField(label=_("Higher values are better"), required=False, initial=True)

    def __init__(self, *args, functions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = [("", "–"), *((name, entry.label) for name, entry in functions.items())]


class StewardForm(forms.Form):
    steward = forms.ModelChoiceField(label=_("Member of a working group"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["steward"].queryset = User.objects.filter(pk__in=candidates.values("user_id")).order_by(
            "last_name", "first_name"
        )
        self.fields["steward"].label_from_instance = lambda user: user.get_full_name() or user.username
