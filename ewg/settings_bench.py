"""Benchmark settings: the product's settings plus the `bench` app (generators, measurements, `perfbench`).

DJANGO_SETTINGS_MODULE=ewg.settings_bench manage.py generate_cases --persons 20000
"""

from ewg.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
