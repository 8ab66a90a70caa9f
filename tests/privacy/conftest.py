from tests.cases.conftest import make_case, make_course, make_enrolment, make_entitlement, share_by_consent

__all__ = ["make_case", "make_course", "make_enrolment", "make_entitlement", "share_by_consent"]
