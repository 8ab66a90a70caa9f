from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE
from courses.models.choices import AlertActionKind
from courses.services.alerts import MAX_ACTION_NOTE
from ewg.forms import BoundedDateField


class AlertFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("open", _("open")),
            ("new", _("not yet acknowledged")),
            ("resolved", _("resolved")),
            ("all", _("all")),
        ],
        required=False,
    )

    def clean_state(self) -> str:
        return self.cleaned_data["state"] or "open"


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How was it resolved?"),
        help_text=_("For example: conversation held; childcare obstacle cleared."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Please note how the alert was resolved.")},
    )


class AlertActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done?"), choices=AlertActionKind.choices)
    acted_on = BoundedDateField(label=_("Done on"), widget=DATE, initial=timezone.localdate, future_years=0)
    note = forms.CharField(
        label=_("Remark"),
        help_text=_("For example: reached by phone, course start discussed. Required for “Other action”."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_ACTION_NOTE,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        # Beside the resolve form, which has a `note` too: ids of its own, so each label names its own field.
        kwargs.setdefault("auto_id", "id_action_%s")
        super().__init__(*args, **kwargs)
