"""A small line chart of measurements over time, drawn on the server as SVG: no JavaScript, readable by screen readers
(role="img" with a summary) and printable. Generic, so that the dashboard can draw other series with it; the page
shows the figures as a table beside it, which stays the accessible source.

The geometry is computed here; coordinates, number labels and rendering are those of ewg/charts.py.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ewg.charts import Tick, coordinate, number_text, render_chart

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 28, 40
TICKS = 4


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    label: str  # date and value, the tooltip of the point


@dataclass(frozen=True)
class LineChart:
    summary: str
    dots: list[Dot]
    line: str  # the polyline's points
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    target: Tick | None = None  # at: y of the target line
    deadline: Tick | None = None  # at: x of the deadline mark
    width: int = WIDTH
    height: int = HEIGHT
    plot: dict = field(default_factory=dict)  # the plot area's edges, for the axes


def _date_text(value: date) -> str:
    return formats.date_format(value, "d.m.Y")


def _nice_step(span: Decimal) -> Decimal:
    """A step of 1, 2 or 5 times a power of ten, giving about TICKS intervals over the span."""
    raw = span / TICKS
    power = Decimal(10) ** raw.adjusted()
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def _value_range(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    low, high = min(values), max(values)
    if low >= 0:
        low = Decimal(0)  # counts and shares read best from zero
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    return low, high, step


def _summary(points: list[tuple[date, Decimal]], target: Decimal | None, deadline: date | None, unit: str) -> str:
    first, last = points[0], points[-1]
    parts = [
        ngettext(
            "%(count)d measurement from %(first)s to %(last)s; latest value %(value)s.",
            "%(count)d measurements from %(first)s to %(last)s; latest value %(value)s.",
            len(points),
        )
        % {
            "count": len(points),
            "first": _date_text(first[0]),
            "last": _date_text(last[0]),
            "value": number_text(last[1], unit),
        }
    ]
    if target is not None:
        parts.append(_("Target value: %(target)s.") % {"target": number_text(target, unit)})
    if deadline is not None:
        parts.append(_("Deadline: %(date)s.") % {"date": _date_text(deadline)})
    return " ".join(parts)


def line_chart(
    *, points: list[tuple[date, Decimal]], target: Decimal | None = None, deadline: date | None = None, unit: str = ""
) -> LineChart | None:
    """The chart's geometry and labels; None when there is nothing to draw."""
    points = sorted((day, Decimal(value)) for day, value in points)
    if not points:
        return None
    days = [day for day, _value in points] + ([deadline] if deadline else [])
    start, end = min(days), max(days)
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    low, high, step = _value_range([value for _day, value in points] + ([target] if target is not None else []))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span_days = (end - start).days

    def x(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span_days

    def y(value: Decimal) -> float:
        return TOP + plot_h * float((high - value) / (high - low))

    dots = [
        Dot(coordinate(x(day)), coordinate(y(value)), f"{_date_text(day)}: {number_text(value, unit)}")
        for day, value in points
    ]
    y_ticks = []
    tick = low
    while tick <= high:
        y_ticks.append(Tick(coordinate(y(tick)), number_text(tick, unit)))
        tick += step
    return LineChart(
        summary=_summary(points, target, deadline, unit),
        dots=dots,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        y_ticks=y_ticks,
        x_ticks=[Tick(coordinate(x(start)), _date_text(start)), Tick(coordinate(x(end)), _date_text(end))],
        target=Tick(coordinate(y(target)), _("Target %(value)s") % {"value": number_text(target, unit)})
        if target is not None
        else None,
        deadline=Tick(coordinate(x(deadline)), _("Deadline %(date)s") % {"date": _date_text(deadline)})
        if deadline
        else None,
        plot={
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "bottom": HEIGHT - BOTTOM,
            "label_x": LEFT - 8,
            "label_y": HEIGHT - BOTTOM + 20,
        },
    )


def render_line_chart(**arguments) -> SafeString:
    """The chart as inline SVG markup (empty when there is nothing to draw); arguments as for line_chart."""
    return render_chart("goals/_chart.svg", line_chart(**arguments))
