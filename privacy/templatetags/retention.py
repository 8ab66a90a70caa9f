"""The retention date on pages of other apps, which cannot import this one (the apps' import order)."""

from django import template

from privacy.models import RecordKind
from privacy.schedule import ends_on

register = template.Library()


@register.simple_tag
def erasure_date(case):
    """The day a closed case's record falls due for erasure, if no other case of the person is open by then."""
    if case.closed_on is None:
        return None
    return ends_on(RecordKind.CLOSED_CASE, case.closed_on)
