"""Forms of the group pages. Field names are the keyword arguments of goals.services.groups, so that a view passes
`form.cleaned_data` on as it is; the forms only parse input, the services decide."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases.models import Obstacle
from ewg.concurrent_edits import VersionedForm
from ewg.forms import LONG_TEXT, BoundedDateField
from goals.models import ActionField, Goal, Meeting, WorkingGroup
from goals.models.choices import GroupKind, GroupRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def project_accounts() -> QuerySet[User]:
    """The accounts of the project: those with an active membership (admins without one take no part)."""
    return (
        User.objects.filter(is_active=True, memberships__is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.get_full_name() or user.username


class AccountsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.get_full_name() or user.username


class ActionFieldCreateForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("Short name in lower case letters, e.g. language or work.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)


class ActionFieldUpdateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767)
    is_active = forms.BooleanField(label=_("active"), required=False)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices, initial=GroupKind.WORKING)
    parent = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("Only for a project group: the working group it belongs to."),
    )
    action_fields = forms.ModelMultipleChoiceField(
        label=_("Action fields"),
        queryset=ActionField.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meets = forms.CharField(label=_("Meets"), max_length=100, required=False, help_text=_("e.g. quarterly"))

    def __init__(self, *args, groups: QuerySet[WorkingGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = groups.filter(kind=GroupKind.WORKING, is_active=True).order_by("name")
        self.fields["action_fields"].queryset = ActionField.objects.filter(is_active=True)


class MemberForm(forms.Form):
    user = AccountChoiceField(label=_("Person"), queryset=User.objects.none())
    agency = forms.ModelChoiceField(
        label=_("For the agency"),
        queryset=Agency.objects.none(),
        help_text=_("An agency the person works for, or one above it."),
    )
    role = forms.ChoiceField(label=_("Role in the group"), choices=GroupRole.choices, initial=GroupRole.MEMBER)
    joined_on = BoundedDateField(label=_("Member since"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = project_accounts()
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class MeetingForm(forms.Form):
    held_on = BoundedDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=LONG_TEXT
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=LONG_TEXT
    )
    attendees = AccountsChoiceField(
        label=_("Attendees"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the group are ticked; guests from other agencies can be ticked too."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = project_accounts()


class MeetingEditForm(VersionedForm, MeetingForm):
    """The meeting's record, completed or corrected until its minutes are approved. Those recorded as attendees stay
    choosable after their account was closed."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, edited=meeting, **kwargs)
        accounts = Q(pk__in=project_accounts().values("pk")) | Q(pk__in=meeting.attendees.values("pk"))
        self.fields["attendees"].queryset = User.objects.filter(accounts).order_by(
            "last_name", "first_name", "username"
        )


class MinutesApproveForm(VersionedForm):
    """Carries only the version of the record the approving coordinator read."""


class MeetingAdoptForm(forms.Form):
    """The steering group adopts a goal in this meeting: the decision takes the meeting's date."""

    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    text = forms.CharField(
        label=_("Wording of the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Empty: the goal's statement is adopted as it stands."),
        max_length=LONG_TEXT,
    )

    def __init__(self, *args, goals: QuerySet[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class DecisionForm(forms.Form):
    """A decision taken in a meeting: its date is the meeting's."""

    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    goal = forms.ModelChoiceField(
        label=_("Concerns the goal"), queryset=Goal.objects.none(), required=False, empty_label="–"
    )

    def __init__(self, *args, goals: QuerySet[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class VignetteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    narrative = forms.CharField(
        label=_("The case"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Describe the case anonymised: no names, no dates of birth, no addresses or file numbers, nothing by "
            "which a real person could be recognised. A typical case stands for many."
        ),
        max_length=LONG_TEXT,
    )
    obstacles = forms.ModelMultipleChoiceField(
        label=_("Deficit themes"),
        queryset=Obstacle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obstacles"].queryset = Obstacle.objects.filter(is_active=True)
