"""Layout checks beside axe-core, on every page the browser tests visit: what axe cannot see because it needs the
rendered boxes. Interactive elements do not overlap and their labels stay inside them, the numbers of a table stand
under headers aligned like them, and at 320 CSS pixels the page reflows without scrolling sideways (WCAG 1.3.1, 1.4.4,
1.4.10); only a focusable, named region may scroll sideways inside itself.

Each width is measured in one evaluation of layout_checks.js, so the checks add little to every page."""

from pathlib import Path

SCRIPT = (Path(__file__).resolve().parent / "layout_checks.js").read_text()
NARROW = 320  # CSS pixels: 1280 px at 400 % zoom, the width WCAG 1.4.10 asks content to reflow to


def layout_problems(page) -> list[str]:
    """The problems at the page's own width, then at 320 px (the viewport is restored afterwards)."""
    problems = page.evaluate(SCRIPT, {"reflow": False, "tables": True})
    viewport = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": viewport["height"]})
    try:
        narrow = page.evaluate(SCRIPT, {"reflow": True, "tables": False})
    finally:
        page.set_viewport_size(viewport)
    return problems + [f"at {NARROW} px: {problem}" for problem in narrow if problem not in problems]


def assert_layout(page) -> None:
    problems = layout_problems(page)
    assert not problems, f"layout problems on {page.url}:\n" + "\n".join(problems)


def assert_fits(page, region, *, width: int) -> None:
    """At this width the region's content is all in view: neither it nor the page scrolls sideways (a wide table that
    must show every column on a laptop screen). The viewport is restored afterwards."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": width, "height": viewport["height"]})
    try:
        overflow = region.evaluate(
            """region => ({region: region.scrollWidth - region.clientWidth,
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth})"""
        )
    finally:
        page.set_viewport_size(viewport)
    assert max(overflow.values()) <= 1, f"scrolls sideways at {width} px on {page.url}: {overflow}"
