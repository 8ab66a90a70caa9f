"""The README's rule that reads go through `selectors.py`: no view module of a product app reaches a model's table
itself (`Model.objects`, `Model.history`, `Model._default_manager`). A view gets its rows from a selector, which
takes the user (or an object a user-scoped selector has already cleared) and decides what may be seen."""

import ast
import importlib
from pathlib import Path

import pytest
from django.db import models

ROOT = Path(__file__).resolve().parent.parent
APPS = ["agencies", "cases", "courses", "followups", "booklets", "goals", "reports", "privacy"]
TABLE_ATTRIBUTES = {"objects", "history", "_default_manager"}
# Reads that genuinely cannot move, as "module: Model.attribute" with the reason. Empty: every read has a selector.
ALLOWED: dict[str, str] = {}


def view_modules() -> list[Path]:
    paths = []
    for app in APPS:
        paths += sorted((ROOT / app / "views").glob("*.py"))
        if (ROOT / app / "views.py").exists():
            paths.append(ROOT / app / "views.py")
    return paths


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def model_names(namespace: dict) -> set[str]:
    """The names in a module's namespace that are model classes (imported, or otherwise bound at module level)."""
    return {name for name, value in namespace.items() if isinstance(value, type) and issubclass(value, models.Model)}


def reads_in(source: str, names: set[str]) -> list[str]:
    """`Model.objects` and the like in the source, for the given names of model classes."""
    return [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr in TABLE_ATTRIBUTES
        and isinstance(node.value, ast.Name)
        and node.value.id in names
    ]


def table_reads(path: Path) -> list[str]:
    module = importlib.import_module(dotted(path))
    return [f"{dotted(path)}: {read}" for read in reads_in(path.read_text(), model_names(vars(module)))]


def test_the_scan_finds_the_view_modules():
    found = {dotted(path) for path in view_modules()}
    assert {"cases.views.protocol", "courses.views.attendance", "booklets.views", "goals.views.groups"} <= found


def test_the_scan_recognises_a_table_read():
    """The check itself: `Case.objects` and `Case.history` are reported; a selector call, a related manager and an
    attribute named `objects` on something that is no model are not."""
    source = (
        "from cases import selectors\n"
        "from cases.models import Case\n"
        "def one(request, pk):\n"
        "    Case.history.filter(pk=pk)\n"
        "    return Case.objects.filter(pk=pk)\n"
        "def two(request, pk, form):\n"
        "    case = selectors.get_case_for_user(request.user, request.membership, pk).case\n"
        "    return case.shares.all(), form.objects\n"
    )
    namespace: dict = {}
    exec(compile(source, "probe", "exec"), namespace)  # noqa: S102 - a fixed source, to bind the imported names
    assert model_names(namespace) == {"Case"}
    assert sorted(reads_in(source, model_names(namespace))) == ["Case.history", "Case.objects"]


@pytest.mark.parametrize("path", view_modules(), ids=dotted)
def test_a_view_reads_only_through_selectors(path):
    reads = [read for read in table_reads(path) if read not in ALLOWED]
    assert not reads, "read through a selector instead:\n" + "\n".join(reads)
