"""What the server-drawn SVG charts share (the goal's line chart in goals/charts.py, the dashboard's bar chart in
reports/charts.py): coordinates formatted without localisation (a German decimal comma would break the SVG), the
numbers of the labels formatted with it, ticks, and the rendering through a template, whose autoescaping covers
all text.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Tick:
    at: str  # a coordinate
    label: str


def coordinate(value: float) -> str:
    """A coordinate for the SVG: one decimal place, always with a point."""
    return f"{value:.1f}"


def number_text(value: Decimal | float, unit: str = "") -> str:
    """A number for a label, in the active language, without decimal places when it is whole; then the unit."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    if exact == exact.to_integral_value():
        exact = exact.to_integral_value()
    return f"{formats.number_format(exact)} {unit}".strip()


def render_chart(template: str, chart) -> SafeString:
    """The chart as inline SVG markup; empty when there is nothing to draw (`chart` is None)."""
    if chart is None:
        return SafeString("")
    return SafeString(render_to_string(template, {"chart": chart}))
