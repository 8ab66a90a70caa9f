"""Stored codes (data categories, fields of action) shown as their translated labels."""

from django import template

from cases.models.booklets import BookletSection
from cases.models.choices import ActionField, DataCategory

register = template.Library()
_CHOICES = {
    "categories": dict(DataCategory.choices),
    "fields": dict(ActionField.choices),
    "booklet_sections": dict(BookletSection.choices),
}


@register.filter
def labels(codes, kind: str) -> str:
    names = _CHOICES[kind]
    return ", ".join(str(names.get(code, code)) for code in codes or []) or "–"
