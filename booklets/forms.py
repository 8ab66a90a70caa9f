from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booklets.models import BookletLanguage, BookletSection
from cases.forms import DATE
from cases.models.choices import DataCategory
from ewg.forms import BoundedDateField


class BookletForm(forms.Form):
    """Language and sections, as the person chose them. The sections field is rendered by hand in the template
    (sections without consent are shown disabled, with the reason)."""

    language = forms.ChoiceField(label=_("Language of the booklet (besides German)"), choices=BookletLanguage.choices)
    sections = forms.MultipleChoiceField(
        label=_("Sections"), choices=BookletSection.choices, widget=forms.CheckboxSelectMultiple
    )


class BookletConsentForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Data categories the person allows in the booklet"),
        choices=[(value, label) for value, label in DataCategory.choices if value != DataCategory.HEALTH],
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = BoundedDateField(label=_("Given on"), widget=DATE, initial=timezone.localdate, future_years=0)
    form_version = forms.CharField(
        label=_("Form and version"), max_length=100, initial="Einwilligung Begleitheft EWG v1"
    )
    in_presence = forms.BooleanField(
        label=_("The person signed the consent form in my presence; the signed form is filed."), required=True
    )
