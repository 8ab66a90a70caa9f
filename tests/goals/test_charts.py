"""The measurement chart: well-formed SVG, one point per measurement, an accessible summary, escaped text."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from goals.charts import line_chart, render_line_chart

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [(date(2018, 3, 1), Decimal("40")), (date(2018, 9, 1), Decimal("55.5")), (date(2019, 3, 1), Decimal("62"))]


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup, parsed to prove it is well-formed


def points_of(svg: ET.Element) -> list[ET.Element]:
    return [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "app-chart__point"]


def test_the_chart_is_well_formed_svg_with_one_point_per_measurement():
    svg = parse(render_line_chart(points=POINTS, target=Decimal("80"), deadline=date(2019, 12, 31), unit="%"))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    assert len(points_of(svg)) == 3
    assert len(svg.find(f".//{SVG}polyline").get("points").split()) == 3


def test_target_and_deadline_are_marked():
    svg = parse(render_line_chart(points=POINTS, target=Decimal("80"), deadline=date(2019, 12, 31), unit="%"))
    classes = {g.get("class") for g in svg.iter(f"{SVG}g")}
    assert {"app-chart__target", "app-chart__deadline"} <= classes
    target = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "app-chart__target")
    assert target.find(f"{SVG}line").get("stroke-dasharray")


def test_points_lie_in_order_inside_the_plot_and_the_target_above_them():
    chart = line_chart(points=list(reversed(POINTS)), target=Decimal("80"), deadline=date(2019, 12, 31))
    xs = [float(dot.x) for dot in chart.dots]
    ys = [float(dot.y) for dot in chart.dots]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # rising values are drawn higher up
    assert float(chart.target.at) < min(ys)
    assert all(chart.plot["left"] <= x <= chart.plot["right"] for x in xs)
    assert all(chart.plot["top"] <= y <= chart.plot["bottom"] for y in ys)


def test_coordinates_use_a_decimal_point_in_german(settings):
    settings.LANGUAGE_CODE = "de"
    svg = parse(render_line_chart(points=POINTS, target=Decimal("80.5"), unit="%"))
    for circle in points_of(svg):
        float(circle.get("cx")), float(circle.get("cy"))
    assert "80,5" in svg.get("aria-label")  # the text is German, the geometry is not


def test_text_is_escaped():
    markup = render_line_chart(points=POINTS, target=Decimal("80"), unit="<script>alert(1)</script>")
    assert "<script>" not in markup
    svg = parse(markup)
    assert "<script>" in svg.get("aria-label")  # escaped in the markup, the same text to a reader
    assert not list(svg.iter("script"))
    assert not list(svg.iter(f"{SVG}script"))


def test_a_single_point_and_no_points():
    svg = parse(render_line_chart(points=[(date(2019, 1, 1), Decimal("0"))]))
    assert len(points_of(svg)) == 1
    assert render_line_chart(points=[]) == ""
    assert line_chart(points=[]) is None


def test_negative_and_equal_values_draw():
    chart = line_chart(points=[(date(2019, 1, 1), Decimal("-5")), (date(2019, 2, 1), Decimal("-5"))])
    assert len({dot.y for dot in chart.dots}) == 1
    assert chart.y_ticks
