"""The benchmark code is no part of the product: no product app imports it, and only the bench and test settings
install it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = ("agencies", "cases", "goals", "reports", "ewg")


def test_no_product_module_imports_the_bench_app():
    importers = []
    for app in PRODUCT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if any(name == "bench" or name.startswith("bench.") for name in names):
                    importers.append(str(path.relative_to(ROOT)))
    assert not importers


def test_the_product_settings_do_not_install_it_and_the_bench_settings_do():
    show = "from django.conf import settings; print('bench' in settings.INSTALLED_APPS)"
    for module, installed in (("ewg.settings", "False"), ("ewg.settings_bench", "True")):
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {show}"],
            cwd=ROOT,
            env={"DJANGO_SETTINGS_MODULE": module, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.stdout.strip() == installed, done.stderr
