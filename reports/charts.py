"""A horizontal bar chart drawn on the server as SVG, for shares by agency on the dashboard: no JavaScript, a title
and a description that screen readers announce (role="img", aria-labelledby) and printable. The page shows the same
figures as a table, which stays the accessible source.

Each bar has its label on a line of its own above it, so that long agency names need no truncation. A bar without a
value (hidden, or resting on too few persons) is drawn as no bar, with the caller's text beside it. Coordinates,
number labels and rendering are those of ewg/charts.py.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ewg.charts import Tick, coordinate, number_text, render_chart

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 8, 72, 28, 28
ROW, LABEL, BAR = 46, 16, 18  # a row's height, the label's baseline in it, the bar's height
TICKS = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    label_y: str
    bar_y: str
    width: str  # "0.0" for a bar without a value
    text_x: str
    text_y: str


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    summary: str
    bars: list[Bar]
    ticks: list[Tick]
    target: Tick | None
    width: int
    height: int
    plot: dict


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: list[tuple[str, float | None, str]],
    maximum: float = 100,
    target: float | None = None,
    unit: str = "",
) -> BarChart | None:
    """The geometry of a chart of `bars` (label, value from 0 to `maximum` or None, the value as text); None when
    there is nothing to draw. `chart_id` makes the ids of title and description unique on the page."""
    if not bars:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(bars) + BOTTOM

    def x(value: float) -> float:
        return LEFT + plot_w * max(0.0, min(float(value), maximum)) / maximum

    drawn = []
    for index, (label, value, text) in enumerate(bars):
        top = TOP + ROW * index
        end = x(value) if value is not None else LEFT
        drawn.append(
            Bar(
                label=label,
                value_text=text,
                label_y=coordinate(top + LABEL),
                bar_y=coordinate(top + LABEL + 6),
                width=coordinate(end - LEFT),
                text_x=coordinate(end + 6),
                text_y=coordinate(top + LABEL + 6 + BAR / 2),
            )
        )
    ticks = [
        Tick(coordinate(x(maximum * step / TICKS)), number_text(maximum * step / TICKS, unit))
        for step in range(TICKS + 1)
    ]
    summary = "; ".join(f"{label}: {text}" for label, _value, text in bars) + "."
    target_tick = None
    if target is not None:
        target_text = number_text(target, unit)
        target_tick = Tick(coordinate(x(target)), _("Target %(value)s") % {"value": target_text})
        summary += " " + _("Target value: %(target)s.") % {"target": target_text}
    return BarChart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        bars=drawn,
        ticks=ticks,
        target=target_tick,
        width=WIDTH,
        height=height,
        plot={"left": LEFT, "top": TOP, "bottom": height - BOTTOM, "label_y": height - BOTTOM + 18, "bar_height": BAR},
    )


def render_bar_chart(**arguments) -> SafeString:
    """The chart as inline SVG markup (empty when there is nothing to draw); arguments as for bar_chart."""
    return render_chart("reports/_bar_chart.svg", bar_chart(**arguments))
