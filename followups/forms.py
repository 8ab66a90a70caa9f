from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.models import PlanStep
from ewg.forms import BoundedDateField, ModelChoiceField
from followups.models import TEXT_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AHEAD_YEARS = 2  # a follow-up further ahead is a typo, not a plan


class AssigneeField(ModelChoiceField):
    def __init__(self, *args, me: User | None = None, **kwargs):
        self.me = me
        super().__init__(*args, **kwargs)

    def label_from_instance(self, user: User) -> str:
        name = user.get_full_name() or user.username
        return str(_("Myself (%(name)s)") % {"name": name}) if self.me and user.pk == self.me.pk else name


class StepField(ModelChoiceField):
    def label_from_instance(self, step: PlanStep) -> str:
        return f"{step.title} ({step.goal.title})"


class FollowUpForm(forms.Form):
    due_on = BoundedDateField(label=_("Follow up on"), widget=DATE, future_years=AHEAD_YEARS)
    text = forms.CharField(
        label=_("What is to be done"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write only what the work needs; the case notes hold the rest."),
    )
    assigned_to = AssigneeField(label=_("For"), queryset=User.objects.none(), empty_label=None)
    plan_step = StepField(
        label=_("Step of the support plan"), queryset=PlanStep.objects.none(), required=False, empty_label="–"
    )

    def __init__(self, *args, me: User, candidates, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = candidates
        self.fields["assigned_to"].me = me
        self.fields["assigned_to"].initial = me.pk
        if steps is None:
            del self.fields["plan_step"]
        else:
            self.fields["plan_step"].queryset = steps


class RescheduleForm(forms.Form):
    due_on = BoundedDateField(label=_("New day"), widget=DATE, future_years=AHEAD_YEARS)
