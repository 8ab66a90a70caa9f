from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ewg.forms import BoundedDateField, ModelChoiceField
from privacy import selectors
from privacy.timeline import KINDS


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, case number or date of birth"),
        max_length=100,
        help_text=_("Umlauts and other spellings are found as in the case search; a date as DD.MM.YYYY."),
    )


class ProtocolFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of access"), choices=(("", _("Reads and changes")), *KINDS), required=False)
    user = forms.CharField(label=_("User (account or name)"), max_length=100, required=False)
    agency = ModelChoiceField(
        label=_("Agency"), queryset=selectors.agencies_to_filter_by(), required=False, empty_label=_("All agencies")
    )
    since = BoundedDateField(label=_("From"), future_years=0, required=False)
    until = BoundedDateField(label=_("Until"), future_years=0, required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"until": _("The end of the period lies before its start.")})
        return data


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for keeping the record"),
        max_length=300,
        help_text=_("For example a pending lawsuit, an audit or the person's objection to erasure (Art. 17 Abs. 3)."),
    )


class ReaderChoiceField(ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return f"{membership.user.get_full_name() or membership.user.username} ({membership.agency.name})"


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the restriction"),
        max_length=300,
        help_text=_("For example: the person contests the accuracy (Art. 18 Abs. 1 a) or objected (Art. 21)."),
    )
    reader = ReaderChoiceField(
        label=_("Who may still see the person"),
        queryset=None,
        required=False,
        empty_label=_("Nobody but the data protection officer"),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = selectors.restriction_reader_candidates(person).order_by("user__last_name")


class MergeForm(forms.Form):
    other_case = forms.IntegerField(
        label=_("Case number of the duplicate record"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("A case of the other record that you may see; its person is joined into this one."),
    )
    reason = forms.CharField(
        label=_("Why both records are the same person"),
        max_length=300,
        help_text=_("For example: passport shown, the same date of birth and a spelling of the name."),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note on the review"), max_length=300, required=False)
