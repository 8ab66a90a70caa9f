"""Which columns of a goal matrix hold numbers, so that their header is aligned like the numbers below it."""

from collections.abc import Mapping

from django import template

register = template.Library()


def _get(item, name):
    # A matrix is a MatrixTable on the web page and plain data (dicts) in a committee report's frozen content.
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


@register.filter
def number_columns(table) -> set[int]:
    """The indexes of the columns in which some row holds a number."""
    return {
        index for row in _get(table, "rows") for index, cell in enumerate(_get(row, "cells")) if _get(cell, "is_number")
    }
