# The booklet tests build on the case and course fixtures.
from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement, share_by_consent  # noqa: F401
