"""The booklet's section codes shown as their translated labels."""

from django import template

from booklets.models import BookletSection
from cases.templatetags.case_labels import join_labels

register = template.Library()


@register.filter
def section_labels(codes) -> str:
    return join_labels(codes, dict(BookletSection.choices))
