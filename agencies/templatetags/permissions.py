"""Templates ask the permission module too: `{% if membership|can:"slip.issue" %}`, or with an object
`{% can_on membership "slip.withdraw" slip as may_withdraw %}`."""

from django import template

from agencies import permissions

register = template.Library()


@register.filter
def can(membership, capability: str) -> bool:
    return permissions.can(membership, capability)


@register.simple_tag
def can_on(membership, capability: str, obj) -> bool:
    return permissions.can(membership, capability, obj)
