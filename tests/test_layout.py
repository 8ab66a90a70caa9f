"""The layout the README describes: apps import only the apps below them, and no app hides a second subject behind
file names such as `forms_courses.py`."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import itself and the apps before it (and `ewg`, the project package).
ORDER = ["agencies", "cases", "courses", "followups", "booklets", "goals", "reports", "privacy"]
SPLIT_NAME = re.compile(
    r"^(forms|services|selectors|urls|views|models|tasks)_\w+\.py$|^\w+_(forms|services|selectors)\.py$"
)


def modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names & set(ORDER)


@pytest.mark.parametrize("app", ORDER)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(ORDER[: ORDER.index(app) + 1])
    wrong = {
        f"{path.relative_to(ROOT)} imports {', '.join(sorted(imported_apps(path) - allowed))}"
        for path in modules(app)
        if imported_apps(path) - allowed
    }
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("app", [*ORDER, "ewg"])
def test_no_file_name_stands_in_for_a_missing_boundary(app):
    split = sorted(str(path.relative_to(ROOT)) for path in modules(app) if SPLIT_NAME.match(path.name))
    assert not split, split
