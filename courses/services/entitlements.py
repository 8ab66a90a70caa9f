"""Entitlement slips (Berechtigungsschein, § 6 IntV) and the local rule on who issues them.

In Rheine the agency that pays a person's benefits issues the slip, so that nobody waits six weeks for the federal
cost approval. The rule is data (IssuingRule), kept by the coordination; a slip is refused while it names no agency.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, BenefitSystem, Membership, User
from agencies.permissions import ISSUING_RULES_MANAGE, SLIP_ISSUE, SLIP_WITHDRAW, require
from cases.models import Person
from cases.models.choices import paragraph_of
from cases.services._common import save
from courses.eligibility import (
    Title,
    cooperation_plan_refusal,
    entitlement_on,
    obligation_refusal,
    status_on,
)
from courses.law import course_rule, funded_units_so_far, kind_not_provided
from courses.models import Entitlement, IssuingRule
from courses.models.choices import INTEGRATION_COURSE_KINDS, CourseKind, EntitlementKind, EntitlementStatus
from courses.models.courses import default_valid_until
from courses.selectors import issuing_agency_for
from ewg.forms import EARLIEST_PROGRAMME_DATE
from ewg.history import REASON_LENGTH

# Agency short names, as the municipality agreed them; `issuing_rules_seed` turns them into IssuingRules.
RHEINE_ISSUING_RULE = {"asylblg": "team-asyl", "sgb2": "jobcenter", "sgb12": "abh", "sgb3": "abh", "none": "abh"}

# § 44a Abs. 1 AufenthG, § 5b AsylbLG: only these may oblige a person to attend.
OBLIGING_AGENCY_KINDS = frozenset(
    {AgencyKind.JOBCENTER, AgencyKind.FOREIGNERS_AUTHORITY, AgencyKind.ASYLUM_BENEFITS_OFFICE}
)
OBLIGATION_BASIS = {
    AgencyKind.FOREIGNERS_AUTHORITY: "§ 44a Abs. 1 Nr. 1 AufenthG",
    AgencyKind.JOBCENTER: "§ 44a Abs. 1 Nr. 2 AufenthG",
    AgencyKind.ASYLUM_BENEFITS_OFFICE: "§ 44a Abs. 1 Nr. 4 AufenthG / § 5b AsylbLG",
}
LEGAL_BASIS = {
    EntitlementKind.ENTITLEMENT: "§ 44 Abs. 1 AufenthG",
    EntitlementKind.ADMISSION: "§ 44 Abs. 4 AufenthG",
    EntitlementKind.COOPERATION_PLAN: "§ 5a IntV i. V. m. § 15 SGB II",
}
MAX_REASON_LENGTH = REASON_LENGTH
MAX_EXCEPTION_LENGTH = Entitlement._meta.get_field("exception_reason").max_length
ADMISSION_REFERENCE_LENGTH = Entitlement._meta.get_field("admission_reference").max_length
audit = logging.getLogger("ewg.audit")


def default_legal_basis(kind: str, obliging_agency_kind: str | None = None) -> str:
    """The legal basis a slip of this kind names; for an obligation it depends on who obliges."""
    if kind == EntitlementKind.OBLIGATION:
        return OBLIGATION_BASIS.get(obliging_agency_kind, "§ 44a Abs. 1 AufenthG")
    return LEGAL_BASIS.get(kind, "")


def _current(queryset, today: date):
    """The dated row valid on `today`, the latest if several overlap."""
    valid = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return queryset.filter(valid).order_by("-valid_from", "-pk").first()


def benefit_system_on(person: Person, today: date) -> str:
    period = _current(person.benefit_periods.all(), today)
    return period.system if period else BenefitSystem.NONE


def titles_of(person: Person) -> list[Title]:
    return [
        Title(kind=kind, title=title, granted_on=granted_on, valid_until=valid_until)
        for kind, title, granted_on, valid_until in person.residence_statuses.values_list(
            "kind", "title", "valid_from", "valid_until"
        )
    ]


def _responsible_agency(person: Person, membership: Membership, today: date) -> tuple[str, Agency]:
    system = benefit_system_on(person, today)
    agency = issuing_agency_for(system)
    label = BenefitSystem(system).label
    if agency is None:
        raise ValidationError(
            _(
                "No agency is set to issue entitlement slips for persons receiving %(system)s. "
                "The coordination must set the responsibility first."
            )
            % {"system": label}
        )
    if agency.pk != membership.agency_id:
        raise ValidationError(
            _("For persons receiving %(system)s the entitlement slip is issued by %(agency)s.")
            % {"system": label, "agency": agency.name}
        )
    return system, agency


def _obliging_agency(kind: str, obliging_agency: Agency | None, issuer: Agency) -> Agency | None:
    if kind != EntitlementKind.OBLIGATION:
        if obliging_agency is not None:
            raise ValidationError({"obliging_agency": _("Only an obligation names an obliging agency.")})
        return None
    obliging_agency = obliging_agency or issuer
    if obliging_agency.kind not in OBLIGING_AGENCY_KINDS:
        raise ValidationError(
            {
                "obliging_agency": _(
                    "Only a jobcenter, the foreigners' authority or the asylum seekers' benefits office "
                    "may oblige a person to attend."
                )
            }
        )
    return obliging_agency


def _clean_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: _("Keep this to %(max)d characters.") % {"max": limit}})
    return value


def _basis_of_entitlement(person: Person, issued_on: date, exception_reason: str) -> tuple[str, date | None]:
    """§ 44 Abs. 1 and 2 AufenthG from the dated titles: the legal basis and the day the entitlement lapses. A
    refusal may be overridden only with a reason (§ 44 Abs. 2 S. 2: the person could not register in time)."""
    decision = entitlement_on(titles_of(person), issued_on)
    if decision.entitled:
        if exception_reason:
            raise ValidationError(
                {"exception_reason": _("The residence titles show the entitlement: no exception is needed.")}
            )
        return f"{decision.reference} ({paragraph_of(decision.title.title)})", decision.lapses_on
    if not exception_reason:
        raise ValidationError(
            {
                "kind": decision.refusal
                + " "
                + _(
                    "Record the BAMF's admission letter (§ 44 Abs. 4 AufenthG) or the jobcenter's admission "
                    "(§ 5a IntV) instead, or give the reason for an exception."
                )
            }
        )
    return _("§ 44 Abs. 1 AufenthG (justified exception)"), None


@transaction.atomic
def entitlement_issue(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    kind: str,
    course_kind: str,
    legal_basis: str,
    issued_on: date,
    teaching_units: int | None = None,
    valid_until: date | None = None,
    fee_exemption_requested: bool = False,
    obliging_agency: Agency | None = None,
    admission_reference: str = "",
    cooperation_plan_on: date | None = None,
    cooperation_plan_review_on: date | None = None,
    exception_reason: str = "",
) -> Entitlement:
    """Issue a slip on behalf of the membership's agency, if the issuing rule makes it responsible for the person
    and the law allows it on the day of issue; or record the BAMF's admission letter, which any caseworker may.

    An empty legal basis, teaching units or expiry take the defaults for the kind of slip and course.
    """
    require(membership, SLIP_ISSUE)
    today = timezone.localdate()
    if kind not in EntitlementKind.values:
        raise ValidationError({"kind": _("Choose a kind of slip from the list.")})
    if course_kind not in INTEGRATION_COURSE_KINDS:
        raise ValidationError(
            {"course_kind": _("A slip is issued for an integration course only, not for a voluntary course.")}
        )
    if issued_on > today:
        raise ValidationError({"issued_on": _("The slip cannot be dated in the future.")})
    if issued_on < EARLIEST_PROGRAMME_DATE:
        raise ValidationError(
            {"issued_on": _("Integration courses exist since 1 January 2005 (§ 43 AufenthG); no slip is older.")}
        )
    admission_reference = _clean_text(admission_reference, "admission_reference", ADMISSION_REFERENCE_LENGTH)
    exception_reason = _clean_text(exception_reason, "exception_reason", MAX_EXCEPTION_LENGTH)
    if exception_reason and kind != EntitlementKind.ENTITLEMENT:
        raise ValidationError({"exception_reason": _("An exception is recorded for an entitlement only.")})
    if admission_reference and kind != EntitlementKind.ADMISSION:
        raise ValidationError({"admission_reference": _("Only a BAMF admission letter has a BAMF reference.")})
    if kind != EntitlementKind.COOPERATION_PLAN and (cooperation_plan_on or cooperation_plan_review_on):
        raise ValidationError(
            {"cooperation_plan_on": _("Only the jobcenter's admission under § 5a IntV names a Kooperationsplan.")}
        )
    lapses_on = None
    default_basis = default_legal_basis(kind)
    if kind == EntitlementKind.ADMISSION:
        # The BAMF admitted: whoever holds the letter records it; no local issuing rule applies.
        if not admission_reference:
            raise ValidationError(
                {"admission_reference": _("Enter the reference of the BAMF's admission letter (§ 44 Abs. 4 AufenthG).")}
            )
        system, issuer = benefit_system_on(person, issued_on), membership.agency
    else:
        system, issuer = _responsible_agency(person, membership, today)
    obliging_agency = _obliging_agency(kind, obliging_agency, issuer)
    if obliging_agency is not None:
        status = status_on(titles_of(person), issued_on)
        refusal = obligation_refusal(
            status=status, benefit_system=benefit_system_on(person, issued_on), obliging_kind=obliging_agency.kind,
            on=issued_on,
        )  # fmt: skip
        if refusal:
            raise ValidationError(refusal)
        default_basis = default_legal_basis(kind, obliging_agency.kind)
    if kind == EntitlementKind.COOPERATION_PLAN:
        refusal = cooperation_plan_refusal(
            issuer_kind=issuer.kind, benefit_system=benefit_system_on(person, issued_on),
            plan_on=cooperation_plan_on, review_on=cooperation_plan_review_on, issued_on=issued_on,
        )  # fmt: skip
        if refusal:
            raise ValidationError(refusal)
    if kind == EntitlementKind.ENTITLEMENT:
        default_basis, lapses_on = _basis_of_entitlement(person, issued_on, exception_reason)
    rule = course_rule(course_kind, issued_on)
    if rule is None:
        raise ValidationError({"course_kind": kind_not_provided(CourseKind(course_kind).label, issued_on)})
    if teaching_units is None:
        teaching_units = rule.teaching_units
    if not 0 < teaching_units <= rule.funded_units:
        raise ValidationError(
            {
                "teaching_units": _("Between 1 and %(max)d teaching units for this course type (%(reference)s).")
                % {"max": rule.funded_units, "reference": rule.reference}
            }
        )
    # Across all of the person's slips: the course and, where the law allows one, a repeat. Locked per person, so
    # two slips issued at once cannot both fit under the cap.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    so_far = funded_units_so_far(person.pk)
    if so_far + teaching_units > rule.funded_units:
        raise ValidationError(
            {
                "teaching_units": _(
                    "The person's slips already hold %(so_far)d teaching units; this course type is funded with "
                    "at most %(max)d in all (%(reference)s)."
                )
                % {"so_far": so_far, "max": rule.funded_units, "reference": rule.reference}
            }
        )
    valid_until = _valid_until(kind, issued_on, valid_until, lapses_on)
    legal_basis = legal_basis.strip() or default_basis
    if len(legal_basis) > Entitlement._meta.get_field("legal_basis").max_length:
        raise ValidationError({"legal_basis": _("The legal basis is too long.")})
    entitlement = Entitlement(
        person=person,
        kind=kind,
        legal_basis=legal_basis,
        issuing_agency=issuer,
        obliging_agency=obliging_agency,
        benefit_system=system,
        issued_on=issued_on,
        valid_until=valid_until,
        course_kind=course_kind,
        teaching_units=teaching_units,
        fee_exemption_requested=fee_exemption_requested,
        admission_reference=admission_reference,
        cooperation_plan_on=cooperation_plan_on,
        cooperation_plan_review_on=cooperation_plan_review_on,
        exception_reason=exception_reason,
        status=EntitlementStatus.ISSUED,
        issued_by=actor,
    )
    if exception_reason:
        entitlement._change_reason = _("Justified exception")  # the reason itself is a field of the history row
    save(entitlement, actor=actor)
    if exception_reason:
        audit.warning(
            "slip %s issued as a justified exception by user %s of agency %s", entitlement.pk, actor.pk, issuer.pk
        )
    return entitlement


def _valid_until(kind: str, issued_on: date, valid_until: date | None, lapses_on: date | None) -> date:
    """One year at most; an entitlement's slip no longer than the entitlement (§ 44 Abs. 2 AufenthG); a BAMF
    letter as it states."""
    longest = default_valid_until(issued_on)
    if lapses_on is not None and lapses_on >= issued_on:
        longest = min(longest, lapses_on)
    if valid_until is None:
        return longest
    if valid_until < issued_on:
        raise ValidationError({"valid_until": _("The slip cannot expire before it is issued.")})
    if valid_until > longest and kind != EntitlementKind.ADMISSION:
        raise ValidationError(
            {"valid_until": _("The slip is valid until %(date)s at the longest.") % {"date": f"{longest:%d.%m.%Y}"}}
        )
    return valid_until


@transaction.atomic
def entitlement_withdraw(*, actor: User, membership: Membership, entitlement: Entitlement, reason: str) -> Entitlement:
    """Withdraw a slip not yet used; only the issuing agency may, and says why (kept as the history's reason)."""
    require(membership, SLIP_WITHDRAW)
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    require(membership, SLIP_WITHDRAW, entitlement)
    if entitlement.current_status(timezone.localdate()) != EntitlementStatus.ISSUED or entitlement.enrolments.exists():
        raise ValidationError(_("Only a slip that is still valid and unused can be withdrawn."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the slip is withdrawn.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)d characters.") % {"max": MAX_REASON_LENGTH}})
    entitlement.status = EntitlementStatus.WITHDRAWN
    entitlement._change_reason = reason
    save(entitlement, actor=actor, update_fields=["status"])
    return entitlement


@transaction.atomic
def issuing_rule_set(*, actor: User, membership: Membership, benefit_system: str, agency: Agency) -> IssuingRule:
    require(membership, ISSUING_RULES_MANAGE)
    if benefit_system not in BenefitSystem.values:
        raise ValidationError({"benefit_system": _("Choose a benefit system from the list.")})
    if not agency.issues_entitlements or not agency.is_active:
        raise ValidationError({"agency": _("This agency does not issue entitlement slips.")})
    rule = IssuingRule.objects.select_for_update().filter(benefit_system=benefit_system).first()
    if rule is None:
        rule = IssuingRule(benefit_system=benefit_system, agency=agency)
    elif rule.agency_id == agency.pk:
        return rule  # unchanged: no history row that records nothing
    rule.agency = agency
    save(rule, actor=actor)
    return rule


@transaction.atomic
def issuing_rules_seed(*, actor: User) -> list[IssuingRule]:
    """Create the rules of RHEINE_ISSUING_RULE that are missing; existing rules (maybe changed) stay as they are.

    A benefit system whose agency does not exist (yet) is skipped, so that a partial seed does not fail.
    """
    existing = set(IssuingRule.objects.values_list("benefit_system", flat=True))
    agencies = Agency.objects.in_bulk(list(RHEINE_ISSUING_RULE.values()), field_name="short_name")
    created = []
    for system, short_name in RHEINE_ISSUING_RULE.items():
        if system in existing or short_name not in agencies:
            continue
        rule = IssuingRule(benefit_system=system, agency=agencies[short_name])
        save(rule, actor=actor)
        created.append(rule)
    return created
