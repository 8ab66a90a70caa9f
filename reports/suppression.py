"""Statistical disclosure control for the dashboard: small cells are hidden, and so is a second cell wherever a
hidden one could otherwise be worked out by subtracting the shown cells of a line from its total.

A figure is a cube of cells keyed (period, agency, key). Each dimension has a hierarchy: a year is the sum of its
quarters and a quarter of its months; "all agencies" (None) is made of the single agencies; the total key ("") is
made of the keys. A *line* is a parent cell together with its children along one dimension, the other two fixed.

1. Primary: a cell counted from 1 to 4 persons is hidden (0 is shown: it says nobody, which identifies nobody).
2. Secondary: a line that holds exactly one hidden cell would give it away (total minus the others). There the
   smallest other cell with persons in it is hidden too (a child if there is one, else the total). This repeats
   until no line holds exactly one hidden cell; each pass only adds hidden cells, so it ends.

Lines along the agency and key dimensions are exact sums for counts of records; counts of distinct persons may be
smaller at the total (one person at two agencies), which only makes a subtraction less exact, never more.

3. Links: cells of different figures that count the same thing (the cases opened, by kind and by status) hold the
   same number. A *link* is such a group: when one of them is hidden, all of them are, or the shown one would tell
   what the hidden one holds. Coordinates may then carry the figure as a first dimension without a parent.

Every hidden cell reads SYMBOL wherever it is shown (dashboard, exports, committee report), with `footnote()` nearby.
Primary and secondary cells look alike on purpose: "< 5" on a cell hidden only for its neighbour's sake would claim a
range its true value is not in (and, next to the total, an impossible sum); telling the two apart would point at the
small one.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from django.utils.translation import gettext as _

from ewg.disclosure import THRESHOLD, is_small

__all__ = ["SYMBOL", "THRESHOLD", "footnote", "is_small", "suppress"]

SYMBOL = "x"  # a locked table cell, as German official statistics mark one ("Tabellenfach gesperrt")


def footnote() -> str:
    """What SYMBOL means, in the active language: "x = weniger als 5 Personen oder daraus errechenbar"."""
    return _("%(symbol)s = fewer than %(threshold)s persons or calculable from such a value") % {
        "symbol": SYMBOL,
        "threshold": THRESHOLD,
    }


Coordinate = tuple[Hashable, ...]


def _lines(
    cells: Iterable[Coordinate], parents: tuple[Callable[[Hashable], Hashable | None], ...]
) -> list[tuple[Coordinate | None, list[Coordinate]]]:
    """Every line of the cube: for each dimension, a parent cell and the cells whose coordinate there is its child."""
    present = set(cells)
    lines = []
    for axis, parent_of in enumerate(parents):
        groups: dict[Coordinate, list[Coordinate]] = defaultdict(list)
        for cell in present:
            parent = parent_of(cell[axis])
            if parent is None:
                continue
            head = (*cell[:axis], parent, *cell[axis + 1 :])
            groups[head].append(cell)
        for head, children in groups.items():
            lines.append((head if head in present else None, children))
    return lines


def suppress(
    persons: dict[Coordinate, int],
    counts: dict[Coordinate, int],
    parents: tuple[Callable[[Hashable], Hashable | None], ...],
    links: Iterable[Iterable[Coordinate]] = (),
) -> set[Coordinate]:
    """The cells to hide. `persons` decides what is small, `counts` which cell costs least to hide as a second one;
    `parents` gives, for each dimension, the parent of a coordinate (None at the top); `links` are groups of cells
    that hold the same number, hidden all or none."""
    hidden = {cell for cell, number in persons.items() if is_small(number)}
    lines = _lines(persons, parents)
    groups = [[cell for cell in group if persons.get(cell, 0) > 0] for group in links]
    changed = True
    while changed:
        changed = False
        for group in groups:
            if any(cell in hidden for cell in group) and not all(cell in hidden for cell in group):
                hidden.update(group)
                changed = True
        for head, children in lines:
            if sum(cell in hidden for cell in children) + (head in hidden) != 1:
                continue
            candidates = [cell for cell in children if cell not in hidden and persons[cell] > 0]
            if not candidates and head is not None and head not in hidden and persons.get(head, 0) > 0:
                candidates = [head]
            if not candidates:
                continue  # the line holds nothing else to hide: its other cells say "nobody"
            hidden.add(min(candidates, key=lambda cell: (counts[cell], str(cell))))
            changed = True
    return hidden
