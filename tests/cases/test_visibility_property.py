"""Property: for any agencies, memberships, consents and shares, cases_visible_to equals the rules in plain Python."""

from datetime import date, timedelta

from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from agencies.models import Role
from cases.models import Case, CaseShare, Consent, Person
from cases.selectors import cases_visible_to
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

ROLES = sorted(Role.values)
memberships = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(ROLES), st.booleans()), min_size=2, max_size=8
)  # (agency, role, active)
cases = st.lists(st.integers(0, 2), min_size=1, max_size=5)  # lead agency of each case
shares = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 2), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=8
)  # (case, agency, by consent, revoked, expired)


def expected(membership, case_rows, share_rows) -> set[int]:
    """The rules of the cases issue, stated without the ORM."""
    agency, role, active = membership
    if not active or role not in {"caseworker", "course_staff", "coordinator", "volunteer"}:
        return set()
    seen = {i for i, lead in enumerate(case_rows) if role == "caseworker" and lead == agency}
    for case, share_agency, by_consent, revoked, expired in share_rows:
        if share_agency == agency and not revoked and not expired and (role != "volunteer" or by_consent):
            seen.add(case)
    return seen


class VisibilityProperty(TestCase):
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(memberships=memberships, case_rows=cases, share_rows=shares)
    # Worlds that random search meets rarely, checked every run: a volunteer and a statute share, an expired and
    # a revoked share next to an active one, a course provider with a share and a steering member with one.
    @example(memberships=[(0, "volunteer", True)], case_rows=[1], share_rows=[(0, 0, False, False, False)])
    @example(
        memberships=[(0, "caseworker", True)],
        case_rows=[1, 1],
        share_rows=[(0, 0, True, False, True), (1, 0, True, True, False), (1, 0, False, False, False)],
    )
    @example(
        memberships=[(0, "course_staff", True), (0, "steering", True), (0, "coordinator", False)],
        case_rows=[1],
        share_rows=[(0, 0, True, False, False)],
    )
    def test_selector_matches_the_rules(self, memberships, case_rows, share_rows):
        today = timezone.localdate()
        agencies = [AgencyFactory() for _ in range(3)]
        recorder = UserFactory()
        created_cases = []
        for lead in case_rows:
            person = Person.objects.create(given_names="Test", family_name="Person", birth_date=date(1990, 1, 1))
            created_cases.append(
                Case.objects.create(person=person, lead_agency=agencies[lead], kind="counselling", opened_on=today)
            )
        kept_shares = []
        active_pairs = set()
        for case_index, agency_index, by_consent, revoked, expired in share_rows:
            if case_index >= len(created_cases):
                continue
            if not revoked and (case_index, agency_index) in active_pairs:
                continue  # one active share per case and agency (a database constraint)
            case, agency = created_cases[case_index], agencies[agency_index]
            consent = None
            if by_consent:
                consent = Consent.objects.create(
                    person=case.person, receiving_agency=agency, purpose="p", categories=["master_data"],
                    given_on=today, form_version="v1", recorded_by=recorder, recording_agency=case.lead_agency,
                )  # fmt: skip
            CaseShare.objects.create(
                case=case, agency=agency, consent=consent, statute="" if by_consent else "sgb10_69_1_1",
                categories=["master_data"], granted_by=recorder,
                valid_until=today - timedelta(days=1) if expired else None,
                revoked_at=timezone.now() if revoked else None,
            )  # fmt: skip
            if not revoked:
                active_pairs.add((case_index, agency_index))
            kept_shares.append((case_index, agency_index, by_consent, revoked, expired))

        for agency_index, role, active in memberships:
            membership = MembershipFactory(agency=agencies[agency_index], role=role, is_active=active)
            got = set(cases_visible_to(membership.user, membership).values_list("pk", flat=True))
            want = {created_cases[i].pk for i in expected((agency_index, role, active), case_rows, kept_shares)}
            assert got == want, (agency_index, role, active, case_rows, kept_shares)
