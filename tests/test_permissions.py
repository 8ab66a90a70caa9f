"""The permission vocabulary (agencies.permissions): the table of capabilities and roles, the object rules, that no
other module compares roles itself, and that the writes which once trusted their view now check for themselves."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency, Membership, Role, User
from agencies.navigation import NavItem
from cases.models import PlanStep
from cases.models.choices import CaseKind, CasePhase
from cases.services.cases import (
    case_close,
    case_open,
    case_set_phase,
    case_set_topics,
    personal_goal_add,
    plan_step_add,
    plan_step_done,
)
from cases.services.persons import person_register
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parent.parent
ROLE_COLUMNS = [
    Role.CASEWORKER,
    Role.COURSE_STAFF,
    Role.TEACHER,
    Role.VOLUNTEER,
    Role.COORDINATOR,
    Role.STEERING,
    Role.AGENCY_ADMIN,
    Role.DATA_PROTECTION_OFFICER,
]
# Who holds what, whatever the object. x: holds it.
#  cw: caseworker, cs: course staff, te: teacher, vo: volunteer, co: coordinator, st: steering group,
#  aa: agency administrator, dp: data protection officer
TABLE = """
                       cw cs te vo co st aa dp
case.read              x  x  .  x  x  .  .  .
case.read_statutory    x  x  .  .  x  .  .  .
case.intake            x  .  .  .  .  .  .  .
case.lead              x  .  .  .  .  .  .  .
case.cowork            x  .  .  .  .  .  .  .
case.audit             x  .  .  .  .  .  .  x
access_log.read        .  .  .  .  .  .  .  x
person.merge_confirm   .  .  .  .  x  .  .  x
obstacles.manage       .  .  .  .  x  .  .  .
issuing_rules.manage   .  .  .  .  x  .  .  .
course.read            x  x  x  .  x  .  .  .
course.create          .  x  .  .  .  .  .  .
course.manage          .  x  .  .  .  .  .  .
course.teach           .  .  x  .  .  .  .  .
course.enrol           x  .  .  .  .  .  .  .
attendance.record      .  x  x  .  .  .  .  .
slip.issue             x  .  .  .  .  .  .  .
slip.print             x  .  .  .  .  .  .  .
slip.withdraw          x  .  .  .  .  .  .  .
alert.handle           x  .  .  .  .  .  .  .
referral.send          x  .  .  .  .  .  .  .
referral.answer        x  .  .  .  .  .  .  .
tasks.read             x  .  .  .  .  .  .  .
followup.set           x  .  .  .  .  .  .  .
course.register_slip   .  x  .  .  .  .  .  .
booklet.print          x  .  .  .  .  .  .  .
goal.read              x  x  x  x  x  x  x  x
goal.edit              .  .  .  .  x  .  .  .
goal.propose           x  x  x  x  x  x  x  x
goal.steward           x  x  x  x  x  x  x  x
goal.adopt             .  .  .  .  .  x  .  .
groups.manage          .  .  .  .  x  .  .  .
dashboard.read         .  .  .  .  x  x  .  .
report.read            .  .  .  .  x  x  .  .
report.write           .  .  .  .  x  .  .  .
accounts.manage        .  .  .  .  .  .  x  .
"""


def table() -> dict[str, set[str]]:
    rows = [line.split() for line in TABLE.strip().splitlines()[1:]]
    return {row[0]: {role for role, mark in zip(ROLE_COLUMNS, row[1:], strict=True) if mark == "x"} for row in rows}


def membership(role: str, *, runs_courses: bool = True, active: bool = True) -> Membership:
    """An unsaved membership: the role table needs no database."""
    return Membership(role=role, agency=Agency(pk=1, runs_courses=runs_courses), is_active=active, user_id=1)


def test_the_table_names_every_capability():
    assert set(table()) == permissions.CAPABILITIES


@pytest.mark.parametrize("capability", sorted(permissions.CAPABILITIES))
@pytest.mark.parametrize("role", ROLE_COLUMNS)
def test_can_answers_the_table(capability, role):
    assert permissions.can(membership(role), capability) is (role in table()[capability])


@pytest.mark.parametrize("capability", sorted(permissions.CAPABILITIES))
def test_no_membership_and_an_ended_one_may_do_nothing(capability):
    assert not permissions.can(None, capability)
    assert not any(permissions.can(membership(role, active=False), capability) for role in ROLE_COLUMNS)


def test_the_acting_user_must_own_the_membership():
    own = User(pk=1, is_active=True)
    assert permissions.can(membership(Role.CASEWORKER), permissions.CASE_READ, user=own)
    assert not permissions.can(membership(Role.CASEWORKER), permissions.CASE_READ, user=User(pk=2, is_active=True))
    assert not permissions.can(membership(Role.CASEWORKER), permissions.CASE_READ, user=User(pk=1, is_active=False))


def test_course_staff_create_courses_only_for_a_provider():
    assert permissions.can(membership(Role.COURSE_STAFF), permissions.COURSE_CREATE)
    assert not permissions.can(membership(Role.COURSE_STAFF, runs_courses=False), permissions.COURSE_CREATE)


def test_an_unknown_capability_is_an_error_not_a_refusal():
    with pytest.raises(ValueError, match="unknown capability"):
        permissions.can(membership(Role.CASEWORKER), "case.reed")
    with pytest.raises(ValueError, match="unknown capability"):
        NavItem("Fälle", "cases:case_list", "case.reed")


def test_object_rules_compare_the_agency():
    caseworker = membership(Role.CASEWORKER)
    own, other = SimpleNamespace(lead_agency_id=1), SimpleNamespace(lead_agency_id=2)
    assert permissions.can(caseworker, permissions.CASE_LEAD, own)
    assert not permissions.can(caseworker, permissions.CASE_LEAD, other)
    assert permissions.can(caseworker, permissions.BOOKLET_PRINT, own)
    assert not permissions.can(caseworker, permissions.BOOKLET_PRINT, other)
    assert permissions.can(caseworker, permissions.CASE_AUDIT, own)
    assert not permissions.can(caseworker, permissions.CASE_AUDIT, other)
    assert permissions.can(caseworker, permissions.SLIP_WITHDRAW, SimpleNamespace(issuing_agency_id=1))
    assert not permissions.can(caseworker, permissions.SLIP_WITHDRAW, SimpleNamespace(issuing_agency_id=2))
    assert permissions.can(caseworker, permissions.ALERT_HANDLE, SimpleNamespace(agency_id=1))
    assert not permissions.can(caseworker, permissions.ALERT_HANDLE, SimpleNamespace(agency_id=2))
    # The role comes first: an object of the own agency does not make a volunteer lead.
    assert not permissions.can(membership(Role.VOLUNTEER), permissions.CASE_LEAD, own)


@pytest.mark.django_db
def test_subtree_rules_reach_the_teams_but_not_the_parent(personas):
    city = personas.agency("stadt-rheine")
    team = personas.agency("team-beratung")
    officer = MembershipFactory(agency=city, role=Role.DATA_PROTECTION_OFFICER)
    assert permissions.can(officer, permissions.CASE_AUDIT, SimpleNamespace(lead_agency_id=team.pk))
    team_officer = MembershipFactory(agency=team, role=Role.DATA_PROTECTION_OFFICER)
    assert not permissions.can(team_officer, permissions.CASE_AUDIT, SimpleNamespace(lead_agency_id=city.pk))
    # The lead is the own agency, not a team of it.
    city_caseworker = MembershipFactory(agency=city, role=Role.CASEWORKER)
    assert not permissions.can(city_caseworker, permissions.CASE_LEAD, SimpleNamespace(lead_agency_id=team.pk))
    vhs = personas.membership("vhs")
    assert permissions.can(vhs, permissions.COURSE_MANAGE, SimpleNamespace(provider_id=vhs.agency_id))
    other = personas.agency("sprachinstitut").pk
    assert not permissions.can(vhs, permissions.COURSE_MANAGE, SimpleNamespace(provider_id=other))
    assert not permissions.can(vhs, permissions.ATTENDANCE_RECORD, SimpleNamespace(provider_id=other))
    admin = personas.membership("jobcenter-admin")
    assert permissions.can(admin, permissions.ACCOUNTS_MANAGE, personas.membership("jobcenter"))
    assert not permissions.can(admin, permissions.ACCOUNTS_MANAGE, personas.membership("beratung"))


def test_require_raises_the_services_refusal_and_require_or_404_hides():
    with pytest.raises(ValidationError) as error:
        permissions.require(membership(Role.VOLUNTEER), permissions.CASE_LEAD)
    assert error.value.messages == ["Nur Fallbearbeiterinnen und Fallbearbeiter dürfen das."]
    with pytest.raises(ValidationError) as error:
        permissions.require(
            membership(Role.CASEWORKER), permissions.SLIP_WITHDRAW, SimpleNamespace(issuing_agency_id=2)
        )
    assert error.value.messages == ["Nur die ausstellende Stelle darf den Berechtigungsschein zurücknehmen."]
    with pytest.raises(ValidationError) as error:
        permissions.require(membership(Role.CASEWORKER), permissions.COURSE_CREATE)
    assert error.value.code == "not_course_staff"
    with pytest.raises(Http404):
        permissions.require_or_404(membership(Role.STEERING), permissions.CASE_READ)
    permissions.require_or_404(membership(Role.STEERING), permissions.DASHBOARD_READ)


# Only agencies/permissions.py compares a membership's role. Where a role is compared as data (the role an
# administrator gives an account, a role within a working group), the place is named here with its reason.
ALLOWED = {
    ("agencies/services.py", "role not in Role.values"): "the role an administrator chooses is checked as input",
    ("agencies/services.py", "membership.role == role"): "changing a role to the one it has changes nothing",
    ("goals/services/groups.py", "role not in GroupRole.values"): "a role within a working group, not a membership",
}
APPS = ("agencies", "cases", "courses", "followups", "booklets", "goals", "reports", "ewg")
SKIPPED_PARTS = {"migrations", "tests", "management"}


def python_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if SKIPPED_PARTS & set(path.relative_to(ROOT).parts) or path.name == "demo.py":
                continue  # demo seeding creates accounts with their roles
            if relative == "agencies/permissions.py":
                continue
            yield relative, path.read_text()


def _is_role(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "role") or (
        isinstance(node, ast.Name) and node.id == "role"
    )


def role_comparisons(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_is_role(part) for part in [node.left, *node.comparators]):
            found.append(ast.unparse(node))
    return found


def test_the_scan_finds_role_comparisons():
    source = "a = m.role == 'x'\nb = m.role != R.C\nc = m.role in S\nd = role not in S\ne = m.rolex == 1\n"
    assert role_comparisons(source) == ["m.role == 'x'", "m.role != R.C", "m.role in S", "role not in S"]
    assert TEMPLATE_ROLE.search('{% if request.membership.role == "caseworker" %}')
    assert TEMPLATE_ROLE.search("{% if membership.role in roles %}")
    assert not TEMPLATE_ROLE.search("{{ membership.get_role_display }}")


def test_no_module_but_the_permission_module_compares_roles():
    found = [
        (path, comparison)
        for path, source in python_sources()
        for comparison in role_comparisons(source)
        if (path, comparison) not in ALLOWED
    ]
    assert found == [], "ask agencies.permissions (can, require, require_or_404) instead"
    seen = {(path, comparison) for path, source in python_sources() for comparison in role_comparisons(source)}
    assert set(ALLOWED) <= seen, "an allowed comparison is gone: remove it from ALLOWED"


TEMPLATE_ROLE = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot\s+in\b)")


def test_no_template_compares_roles():
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if TEMPLATE_ROLE.search(path.read_text())
    ]
    assert found == [], 'use {% load permissions %} and membership|can:"capability"'


# The writes that used to trust their view: each refuses an outsider itself, with its German refusal.
ONLY_CASEWORKERS = "Nur Fallbearbeiterinnen und Fallbearbeiter dürfen das."
ONLY_THE_LEAD = "Nur die federführende Stelle darf den Fall ändern."


@pytest.fixture
def managed_case(personas):
    user, lead = personas.beratung, personas.membership("beratung")
    person = person_register(
        actor=user, membership=lead, given_names="Amal", family_name="Haddad", birth_date=date(1990, 5, 17)
    )
    opened_on = timezone.localdate() - timedelta(days=30)
    case = case_open(actor=user, membership=lead, person=person, kind=CaseKind.CASE_MANAGEMENT, opened_on=opened_on)
    goal = personal_goal_add(actor=user, membership=lead, plan=case.support_plan, title="Deutsch lernen")
    plan_step_add(actor=user, membership=lead, goal=goal, title="Anmeldung", responsible="Team Beratung")
    return case


def _writes(case):
    today = timezone.localdate()
    step = PlanStep.objects.get(goal__plan__case=case)
    return {
        "case_close": lambda **who: case_close(**who, case=case, closed_on=today),
        "case_set_phase": lambda **who: case_set_phase(**who, case=case, phase=CasePhase.PLANNING),
        "personal_goal_add": lambda **who: personal_goal_add(**who, plan=case.support_plan, title="Arbeit finden"),
        "plan_step_done": lambda **who: plan_step_done(**who, step=step, done_on=today),
        "case_set_topics": lambda **who: case_set_topics(**who, case=case, action_fields=["work"], obstacles=[]),
        "plan_step_add": lambda **who: plan_step_add(**who, goal=step.goal, title="Termin", responsible="VHS"),
    }


WRITES = ["case_close", "case_set_phase", "personal_goal_add", "plan_step_done", "case_set_topics", "plan_step_add"]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(
    ("outsider", "message"),
    [("jobcenter", ONLY_THE_LEAD), ("vhs", ONLY_CASEWORKERS), ("koordination", ONLY_CASEWORKERS)],
)
def test_formerly_unchecked_writes_refuse_an_outsider(personas, managed_case, write, outsider, message):
    before = (managed_case.history.count(), PlanStep.objects.filter(done_on__isnull=False).count())
    with pytest.raises(ValidationError) as error:
        _writes(managed_case)[write](actor=getattr(personas, outsider), membership=personas.membership(outsider))
    assert error.value.messages == [message]
    assert (managed_case.history.count(), PlanStep.objects.filter(done_on__isnull=False).count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
def test_formerly_unchecked_writes_serve_the_lead_caseworker(personas, managed_case, write):
    _writes(managed_case)[write](actor=personas.beratung, membership=personas.membership("beratung"))


@pytest.mark.django_db
def test_no_membership_is_refused_too(personas, managed_case):
    with pytest.raises(ValidationError):
        case_close(actor=personas.beratung, membership=None, case=managed_case, closed_on=timezone.localdate())
