"""Stored codes (data categories, fields of action) shown as their translated labels."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cases import titles
from cases.models.choices import ActionField, DataCategory
from cases.tabs import tabs_for

register = template.Library()
_CHOICES = {
    "categories": dict(DataCategory.choices),
    "fields": dict(ActionField.choices),
}


def join_labels(codes, names: dict) -> str:
    return ", ".join(str(names.get(code, code)) for code in codes or []) or "–"


@register.filter
def labels(codes, kind: str) -> str:
    return join_labels(codes, _CHOICES[kind])


@register.simple_tag
def case_tabs(access, membership):
    """The tabs of the case page this viewer sees, as the apps registered them (cases/tabs.py)."""
    return tabs_for(access, membership)


@register.simple_tag
def case_title(case, part) -> str:
    """The page title of a case's page (cases/titles.py). `part` is escaped unless it is safe already (a text built
    with `blocktranslate ... asvar`), so that an agency's "&" is not escaped twice."""
    return mark_safe(titles.case_title(case, conditional_escape(part)))  # noqa: S308 - the part is escaped
