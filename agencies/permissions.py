"""Who may do what: one vocabulary of capabilities, asked by navigation, views, selectors, services and templates.

A capability is a name ("case.lead"). The table `ROLES` says which roles hold it; for some capabilities the answer
also depends on an object (the case, the course, the slip, the alert), decided by a small function in `OBJECT_RULES`.
Without an object, `can` answers whether the role holds the capability at all (what the navigation asks).

Only this module compares a membership's role. Everything else asks `can`, `require` or `require_or_404`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind, Membership, Role, User

CASE_READ = "case.read"  # the case list and the cases led by or shared with the agency
CASE_READ_STATUTORY = "case.read_statutory"  # also cases shared on a statute, not only on the person's consent
CASE_INTAKE = "case.intake"  # register a person and open a case
CASE_LEAD = "case.lead"  # change a case its agency leads: notes, plan, topics, phase, closing, consents, shares
CASE_COWORK = "case.cowork"  # work on another team's case as the co-worker its lead named (a guardian grant)
CASE_AUDIT = "case.audit"  # read a case's protocol (history and access log), without its contents
ACCESS_LOG_READ = "access_log.read"
PERSON_MERGE_CONFIRM = "person.merge_confirm"  # confirm or undo the merge of two records of one person
OBSTACLES_MANAGE = "obstacles.manage"
ISSUING_RULES_MANAGE = "issuing_rules.manage"
COURSE_READ = "course.read"  # the course offer
COURSE_CREATE = "course.create"  # enter a course of the own provider
COURSE_MANAGE = "course.manage"  # change a course of the own provider and its enrolments
COURSE_ENROL = "course.enrol"  # register a person for a course
COURSE_TEACH = "course.teach"  # see the participants of a course the provider assigned the teacher to (guardian)
ATTENDANCE_RECORD = "attendance.record"
SLIP_ISSUE = "slip.issue"
SLIP_PRINT = "slip.print"
SLIP_WITHDRAW = "slip.withdraw"
ALERT_HANDLE = "alert.handle"
REFERRAL_SEND = "referral.send"  # refer a case the agency leads to another agency (Überleitung)
REFERRAL_ANSWER = "referral.answer"  # accept or decline a referral addressed to the agency or to oneself
TASKS_READ = "tasks.read"  # "Meine Aufgaben": the follow-ups and plan steps due on one's cases
FOLLOWUP_SET = "followup.set"  # set a follow-up (Wiedervorlage) on a case one works on
COURSE_REGISTER_SLIP = "course.register_slip"  # register a person at the provider from the slip in hand
BOOKLET_PRINT = "booklet.print"
GOAL_READ = "goal.read"  # goals and working groups: every member of the project
GOAL_EDIT = "goal.edit"  # goals, indicators, measurements, activities
GOAL_PROPOSE = "goal.propose"  # propose an activity (the goals app also asks for a group working on the goal)
GOAL_STEWARD = "goal.steward"  # draft and edit the goals below a Grundsatzziel one stewards (a guardian grant)
GOAL_ADOPT = "goal.adopt"
GROUPS_MANAGE = "groups.manage"  # action fields, groups, members, meetings, decisions, typical cases
DASHBOARD_READ = "dashboard.read"
REPORT_READ = "report.read"
REPORT_WRITE = "report.write"
ACCOUNTS_MANAGE = "accounts.manage"

CASEWORKER = Role.CASEWORKER
COURSE_STAFF = Role.COURSE_STAFF
TEACHER = Role.TEACHER
VOLUNTEER = Role.VOLUNTEER
COORDINATOR = Role.COORDINATOR
STEERING = Role.STEERING
AGENCY_ADMIN = Role.AGENCY_ADMIN
DATA_PROTECTION_OFFICER = Role.DATA_PROTECTION_OFFICER

ROLES: dict[str, frozenset[str]] = {
    CASE_READ: frozenset({CASEWORKER, COURSE_STAFF, COORDINATOR, VOLUNTEER}),
    CASE_READ_STATUTORY: frozenset({CASEWORKER, COURSE_STAFF, COORDINATOR}),
    CASE_INTAKE: frozenset({CASEWORKER}),
    CASE_LEAD: frozenset({CASEWORKER}),
    CASE_COWORK: frozenset({CASEWORKER}),
    CASE_AUDIT: frozenset({CASEWORKER, DATA_PROTECTION_OFFICER}),
    ACCESS_LOG_READ: frozenset({DATA_PROTECTION_OFFICER}),
    PERSON_MERGE_CONFIRM: frozenset({COORDINATOR, DATA_PROTECTION_OFFICER}),
    OBSTACLES_MANAGE: frozenset({COORDINATOR}),
    ISSUING_RULES_MANAGE: frozenset({COORDINATOR}),
    COURSE_READ: frozenset({CASEWORKER, COORDINATOR, COURSE_STAFF, TEACHER}),
    COURSE_CREATE: frozenset({COURSE_STAFF}),
    COURSE_MANAGE: frozenset({COURSE_STAFF}),
    COURSE_ENROL: frozenset({CASEWORKER}),
    COURSE_TEACH: frozenset({TEACHER}),
    ATTENDANCE_RECORD: frozenset({COURSE_STAFF, TEACHER}),
    SLIP_ISSUE: frozenset({CASEWORKER}),
    SLIP_PRINT: frozenset({CASEWORKER}),
    SLIP_WITHDRAW: frozenset({CASEWORKER}),
    ALERT_HANDLE: frozenset({CASEWORKER}),
    REFERRAL_SEND: frozenset({CASEWORKER}),
    REFERRAL_ANSWER: frozenset({CASEWORKER}),
    TASKS_READ: frozenset({CASEWORKER}),
    FOLLOWUP_SET: frozenset({CASEWORKER}),
    COURSE_REGISTER_SLIP: frozenset({COURSE_STAFF}),
    BOOKLET_PRINT: frozenset({CASEWORKER}),
    GOAL_READ: frozenset(Role.values),
    GOAL_EDIT: frozenset({COORDINATOR}),
    GOAL_PROPOSE: frozenset(Role.values),
    GOAL_STEWARD: frozenset(Role.values),
    GOAL_ADOPT: frozenset({STEERING}),
    GROUPS_MANAGE: frozenset({COORDINATOR}),
    DASHBOARD_READ: frozenset({STEERING, COORDINATOR}),
    REPORT_READ: frozenset({STEERING, COORDINATOR}),
    REPORT_WRITE: frozenset({COORDINATOR}),
    ACCOUNTS_MANAGE: frozenset({AGENCY_ADMIN}),
}
CAPABILITIES = frozenset(ROLES)


def roles_for(capability: str) -> frozenset[str]:
    """The roles holding a capability: for selectors that filter in SQL by role."""
    return ROLES[capability]


def subtree_ids(membership: Membership) -> set[int]:
    """The membership's agency and its teams, walked once per membership object (it lives one request)."""
    if not hasattr(membership, "_subtree_ids"):
        from agencies.selectors import agency_subtree_ids  # the selectors ask this module in turn

        membership._subtree_ids = agency_subtree_ids(membership.agency)
    return membership._subtree_ids


# Object-dependent capabilities: the role holds the capability (checked first), and the object must belong to the
# membership's agency in the way named here.


def _granted(membership: Membership, codename: str, obj) -> bool:
    """A django-guardian object permission of the membership's user on `obj`: the user's own grants (the product
    grants none to groups), read from the model's direct foreign-key table in one query."""
    from guardian.shortcuts import get_user_perms

    return codename in get_user_perms(membership.user, obj)


def _leads(membership: Membership, case) -> bool:
    """A case (anything with `lead_agency_id`) led by the membership's own agency (not a parent of it)."""
    return case.lead_agency_id == membership.agency_id


def _coworks(membership: Membership, case) -> bool:
    """The lead named the membership's user as co-worker: a django-guardian object permission (cases.grants)."""
    return _granted(membership, "work_on_case", case)


def _audits(membership: Membership, case) -> bool:
    """Caseworkers audit their own agency's cases; the data protection officer those of the agency and its teams."""
    if membership.role == DATA_PROTECTION_OFFICER:
        return case.lead_agency_id in subtree_ids(membership)
    return case.lead_agency_id == membership.agency_id


def _runs_courses(membership: Membership, obj) -> bool:
    return bool(membership.agency.runs_courses)


def _provides(membership: Membership, course) -> bool:
    """A course of the membership's provider or one of its teams."""
    return course.provider_id in subtree_ids(membership)


def _teaches(membership: Membership, course) -> bool:
    """The provider's course staff assigned the membership's user to the course: a django-guardian object
    permission (courses.grants)."""
    return _granted(membership, "teach_course", course)


def _records_attendance(membership: Membership, course) -> bool:
    """Course staff for every course of their provider; a teacher for the courses assigned to them."""
    return _teaches(membership, course) if membership.role == TEACHER else _provides(membership, course)


def _stewards(membership: Membership, goal) -> bool:
    """The coordination made the membership's user a steward of the goal's Grundsatzziel (or of the goal itself, if
    it is one): a django-guardian object permission (goals.grants). The goal services let a steward draft goals below
    it and edit them, never the Grundsatzziel itself."""
    return _granted(membership, "steward_goal", goal.principle)


def _issued(membership: Membership, entitlement) -> bool:
    return entitlement.issuing_agency_id == membership.agency_id


def _addressed(membership: Membership, alert) -> bool:
    return alert.agency_id == membership.agency_id


def _receives(membership: Membership, referral) -> bool:
    """A referral addressed to the membership's agency (and, where it names a case manager, to that user)."""
    if referral.to_agency_id != membership.agency_id:
        return False
    return referral.to_user_id is None or referral.to_user_id == membership.user_id


def _works_on(membership: Membership, case) -> bool:
    """A case the membership's agency leads, or one the lead named the membership's user co-worker of."""
    return _leads(membership, case) or _coworks(membership, case)


def _manages(membership: Membership, agency) -> bool:
    """An agency (or a membership, by its agency) within the administrator's agency and its teams."""
    agency_id = agency.agency_id if isinstance(agency, Membership) else agency.pk
    return agency_id in subtree_ids(membership)


OBJECT_RULES: dict[str, Callable[[Membership, object], bool]] = {
    CASE_LEAD: _leads,
    CASE_COWORK: _coworks,
    CASE_AUDIT: _audits,
    COURSE_MANAGE: _provides,
    COURSE_TEACH: _teaches,
    GOAL_STEWARD: _stewards,
    ATTENDANCE_RECORD: _records_attendance,
    SLIP_WITHDRAW: _issued,
    ALERT_HANDLE: _addressed,
    REFERRAL_SEND: _leads,
    REFERRAL_ANSWER: _receives,
    FOLLOWUP_SET: _works_on,
    COURSE_REGISTER_SLIP: _provides,
    BOOKLET_PRINT: _leads,
    ACCOUNTS_MANAGE: _manages,
}
# Checked with or without an object: the membership's own agency must qualify.
AGENCY_RULES: dict[str, Callable[[Membership, object], bool]] = {
    COURSE_CREATE: _runs_courses,
}


@dataclass(frozen=True)
class Refusal:
    """What a service says when a capability is missing: for the role, and for the object."""

    role: str | Promise
    obj: str | Promise | None = None
    code: str | None = None


ONLY_CASEWORKERS = _("Only caseworkers may do this.")

REFUSALS: dict[str, Refusal] = {
    CASE_INTAKE: Refusal(ONLY_CASEWORKERS),
    CASE_LEAD: Refusal(ONLY_CASEWORKERS, _("Only the lead agency may change the case.")),
    OBSTACLES_MANAGE: Refusal(_("Only coordinators may do this.")),
    ISSUING_RULES_MANAGE: Refusal(_("Only the coordination may set who issues entitlement slips.")),
    COURSE_CREATE: Refusal(_("Only the staff of a course provider may do this."), code="not_course_staff"),
    COURSE_MANAGE: Refusal(_("Only the staff of the course's provider may do this."), code="not_provider_staff"),
    COURSE_ENROL: Refusal(ONLY_CASEWORKERS),
    ATTENDANCE_RECORD: Refusal(_("Only staff of the course provider may record attendance.")),
    SLIP_ISSUE: Refusal(ONLY_CASEWORKERS),
    SLIP_WITHDRAW: Refusal(ONLY_CASEWORKERS, _("Only the issuing agency may withdraw the slip.")),
    ALERT_HANDLE: Refusal(ONLY_CASEWORKERS, _("This alert is addressed to another agency.")),
    BOOKLET_PRINT: Refusal(ONLY_CASEWORKERS, _("Only the lead agency of the case issues the companion booklet.")),
    REFERRAL_SEND: Refusal(ONLY_CASEWORKERS, _("Only the lead agency may refer the case.")),
    REFERRAL_ANSWER: Refusal(ONLY_CASEWORKERS, _("This referral is addressed to another agency.")),
    FOLLOWUP_SET: Refusal(ONLY_CASEWORKERS, _("Only the lead agency and the case's co-workers set follow-ups.")),
    COURSE_REGISTER_SLIP: Refusal(
        _("Only the staff of a course provider register from a slip."),
        _("Only the staff of the course's provider may do this."),
        code="not_provider_staff",
    ),
    GOAL_EDIT: Refusal(_("Only the coordinators may do this.")),
    GOAL_ADOPT: Refusal(_("Only the steering group decides on goals.")),
    GROUPS_MANAGE: Refusal(_("Only coordinators may do this.")),
    REPORT_WRITE: Refusal(_("Only the coordinators write committee reports.")),
    PERSON_MERGE_CONFIRM: Refusal(_("Only the coordination or the data protection officer confirms a merge.")),
}
NOT_ALLOWED = _("You may not do this.")


def _active(membership: Membership | None, user: User | None) -> bool:
    if membership is None or not membership.is_active:
        return False
    return user is None or (membership.user_id == user.pk and user.is_active)


def holds(membership: Membership | None, capability: str, *, user: User | None = None) -> bool:
    """Whether the membership's role holds the capability, whatever the object."""
    if capability not in ROLES:
        raise ValueError(f"unknown capability {capability!r}")
    if not _active(membership, user) or membership.role not in ROLES[capability]:
        return False
    agency_rule = AGENCY_RULES.get(capability)
    return agency_rule is None or agency_rule(membership, None)


def can(membership: Membership | None, capability: str, obj=None, *, user: User | None = None) -> bool:
    """Whether the membership may use the capability (on `obj`, for object-dependent ones).

    With `user`, the membership must also be that (active) user's own: the acting user acts in it.
    """
    if not holds(membership, capability, user=user):
        return False
    if user is not None and not Membership.user.is_cached(membership):
        Membership.user.field.set_cached_value(membership, user)  # the acting user: the rules need not fetch it
    rule = OBJECT_RULES.get(capability)
    return obj is None or rule is None or rule(membership, obj)


def require(
    membership: Membership | None,
    capability: str,
    obj=None,
    *,
    user: User | None = None,
    message: str | Promise | None = None,
) -> Membership:
    """A service's check: the membership, or a ValidationError with the refusal for the missing role or object.

    `message` replaces the refusal for the object, where a service words it for its own action."""
    refusal = REFUSALS.get(capability, Refusal(NOT_ALLOWED))
    if not holds(membership, capability, user=user):
        raise ValidationError(str(refusal.role), code=refusal.code)
    if not can(membership, capability, obj):
        raise ValidationError(str(message or refusal.obj or refusal.role), code=refusal.code)
    return membership


def require_or_404(membership: Membership | None, capability: str, obj=None, *, user: User | None = None) -> None:
    """A view's check: what the membership may not use looks exactly like what does not exist."""
    if not can(membership, capability, obj, user=user):
        raise Http404


# Which roles a membership in an agency of each kind may carry. The city's own functions (coordination, steering
# group, data protection officer) exist only in the city and its departments, whatever an administrator elsewhere
# would hand out; so does the agency administrator of the municipality, who appoints the other agencies'.
_CASE_AGENCY = frozenset({CASEWORKER, AGENCY_ADMIN})
_CITY = frozenset({COORDINATOR, STEERING, DATA_PROTECTION_OFFICER, AGENCY_ADMIN})
ROLES_BY_AGENCY_KIND: dict[str, frozenset[str]] = {
    AgencyKind.MUNICIPALITY: _CITY,
    AgencyKind.DEPARTMENT: _CITY | {CASEWORKER},
    AgencyKind.COUNSELLING_TEAM: _CASE_AGENCY,
    AgencyKind.ASYLUM_BENEFITS_OFFICE: _CASE_AGENCY,
    AgencyKind.BENEFITS_OFFICE: _CASE_AGENCY,
    AgencyKind.FOREIGNERS_AUTHORITY: _CASE_AGENCY,
    AgencyKind.JOBCENTER: _CASE_AGENCY,
    AgencyKind.EMPLOYMENT_AGENCY: _CASE_AGENCY,
    AgencyKind.INTEGRATION_CENTRE: _CASE_AGENCY,
    AgencyKind.ECONOMIC_DEVELOPMENT: _CASE_AGENCY,
    AgencyKind.WELFARE_ORGANISATION: _CASE_AGENCY | {VOLUNTEER},
    AgencyKind.COURSE_PROVIDER: frozenset({COURSE_STAFF, TEACHER, AGENCY_ADMIN}),
    AgencyKind.VOLUNTEER_ASSOCIATION: frozenset({VOLUNTEER, AGENCY_ADMIN}),
    AgencyKind.RESEARCH_INSTITUTE: frozenset({AGENCY_ADMIN}),
}


def _appoints_administrators(acting: Membership) -> bool:
    """The city's account administrators: an agency administrator of the municipality."""
    return acting.role == AGENCY_ADMIN and acting.agency.kind == AgencyKind.MUNICIPALITY


def grantable_roles(acting: Membership | None, agency, *, user: User) -> list[str]:
    """The roles the acting administrator may give a membership in `agency`, in the order of `Role`."""
    if not can(acting, ACCOUNTS_MANAGE, agency, user=user):
        return []
    allowed = ROLES_BY_AGENCY_KIND.get(agency.kind, frozenset())
    if not _appoints_administrators(acting):
        allowed = allowed - {AGENCY_ADMIN}
    return [role for role in Role.values if role in allowed]


def roles_to_change_to(acting: Membership | None, membership: Membership, *, user: User) -> list[str]:
    """The roles the acting administrator may give an existing membership: none for their own, none for an
    administrator unless they appoint administrators."""
    if membership.user_id == user.pk:
        return []
    if membership.role == AGENCY_ADMIN and not (acting and _appoints_administrators(acting)):
        return []
    return grantable_roles(acting, membership.agency, user=user)


def require_role_grant(
    acting: Membership | None, agency, role: str, *, user: User, replacing: Membership | None = None
) -> None:
    """A service's check before a membership in `agency` gets `role` (`replacing` an existing membership's role):
    the acting administrator manages the agency, the agency's kind has the role, administrators are appointed and
    removed only by the city's, and nobody changes their own roles."""
    require(acting, ACCOUNTS_MANAGE, agency, user=user)
    if replacing is not None and replacing.user_id == user.pk:
        raise ValidationError(_("Your own roles are changed by another administrator."), code="own_role")
    if replacing is not None and replacing.role == AGENCY_ADMIN and not _appoints_administrators(acting):
        raise ValidationError(
            {"role": _("Agency administrators are appointed by the city's account administration.")},
            code="administrator_reserved",
        )
    if role not in ROLES_BY_AGENCY_KIND.get(agency.kind, frozenset()):
        raise ValidationError(
            {
                "role": _("An agency of the kind “%(kind)s” has no role “%(role)s”.")
                % {"kind": AgencyKind(agency.kind).label, "role": Role(role).label}
            },
            code="role_not_in_agency_kind",
        )
    if role == AGENCY_ADMIN and not _appoints_administrators(acting):
        raise ValidationError(
            {"role": _("Agency administrators are appointed by the city's account administration.")},
            code="administrator_reserved",
        )


def needs_second_factor(user: User, memberships) -> bool:
    """Every account that handles personal data signs in with a second factor: administrators of the whole system
    and every role but the volunteers', who see master data of cases shared with them by consent only."""
    if user.is_staff or user.is_superuser:
        return True
    return any(membership.role != VOLUNTEER for membership in memberships)
