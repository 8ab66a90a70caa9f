"""Form rendering in KERN UX markup, so that every form of every app looks and reads the same, and the fields every
form shares."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import formats, timezone
from django.utils.translation import gettext as _


class KernBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select):
            css = "kern-form-input__select"
        else:
            css = "kern-form-input__input"
        if self.errors:
            css += f" {css}--error"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs

    @property
    def error_target(self) -> str:
        """The id an error summary links to: the field's input, or for a group of checkboxes or radio buttons its
        fieldset (templates/forms/field.html), whose legend names the group."""
        if self.use_fieldset:
            return self.auto_id or ""
        return self.id_for_label or ""


class KernFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = KernBoundField


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a model field in one plain query. Django reads them with `iterator()`, which on PostgreSQL
    opens a server-side cursor (DECLARE, FETCH, CLOSE: three round trips) for what is a list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoiceIterator


# Plausible bounds, so that a typo (0001-01-01, 20266-01-01, a pasted file) is refused at its field in German
# instead of being stored: dates of the programme's work start with the integration courses of the
# Zuwanderungsgesetz on 1 January 2005; dates of a life (birth, arrival, a residence title) may lie further back.
EARLIEST_PROGRAMME_DATE = date(2005, 1, 1)
EARLIEST_LIFE_DATE = date(1900, 1, 1)
FUTURE_YEARS = 5
LONG_TEXT = 20_000  # characters: about eight typed pages, more than any note, minutes or report section needs
SHORT_TEXT = 2_000


class BoundedDateField(forms.DateField):
    """A date not before `earliest` and not more than `future_years` ahead (0: not after today)."""

    def __init__(self, *, earliest: date = EARLIEST_PROGRAMME_DATE, future_years: int = FUTURE_YEARS, **kwargs):
        self.earliest, self.future_years = earliest, future_years
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if value < self.earliest:
            raise ValidationError(
                _("Please enter a date on or after %(date)s.") % {"date": formats.date_format(self.earliest)},
                code="too_early",
            )
        today = timezone.localdate()
        if self.future_years == 0 and value > today:
            raise ValidationError(_("The date lies in the future."), code="future")
        if value > today + timedelta(days=round(365.25 * self.future_years)):
            raise ValidationError(
                _("The date lies more than %(years)s years in the future.") % {"years": self.future_years},
                code="too_late",
            )
