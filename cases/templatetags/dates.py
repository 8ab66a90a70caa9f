"""Dates as German offices write them (25.11.2026), for the pages that print many: Django's `date` filter costs
about ten times as much per call (format parsing, lazy translation), which a list of 25 rows pays fifty times."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def dmy(value) -> str:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return ""


@register.simple_tag
def today() -> date:
    """The local date, for `{% today as today %}`: a page marks what is overdue without asking the view."""
    return timezone.localdate()
