"""`{% submit_once %}` beside `{% csrf_token %}`: the form's one-time token (agencies.submissions)."""

from django import template
from django.utils.html import format_html

from agencies.submissions import SUBMISSION_FIELD, new_token

register = template.Library()


@register.simple_tag
def submit_once() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', SUBMISSION_FIELD, new_token())
