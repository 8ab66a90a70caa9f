from django import forms
from django.utils.translation import gettext_lazy as _


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
