"""Form rendering in KERN UX markup, so that every form of every app looks and reads the same."""

from django import forms
from django.forms.renderers import TemplatesSetting


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
