"""Fixtures of the reports tests: the goal-system fixtures, for reports built over goals."""

from tests.goals.conftest import action_field, framework, principle, result, steering_group  # noqa: F401
