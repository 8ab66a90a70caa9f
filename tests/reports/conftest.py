"""Fixtures of the reports tests: the goal-system and case fixtures, for reports built over both."""

from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement  # noqa: F401
from tests.goals.conftest import action_field, framework, principle, result, steering_group  # noqa: F401
