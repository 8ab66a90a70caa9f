"""Entitlement slips (Berechtigungsschein, § 6 IntV) and the local rule on who issues them.

In Rheine the agency that pays a person's benefits issues the slip, so that nobody waits six weeks for the federal
cost approval. The rule is data (IssuingRule), kept by the coordination; a slip is refused while it names no agency.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, BenefitSystem, Membership, User
from agencies.permissions import ISSUING_RULES_MANAGE, SLIP_ISSUE, SLIP_WITHDRAW, require
from cases.models import Person
from cases.models.choices import ResidenceKind
from cases.services._common import save
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
}
MAX_REASON_LENGTH = REASON_LENGTH


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


def is_asylum_seeker_on(person: Person, today: date) -> bool:
    status = _current(person.residence_statuses.all(), today)
    return status is not None and status.kind == ResidenceKind.PERMISSION_TO_STAY


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


def _require_obligation_lawful(person: Person, obliging_agency: Agency, on: date) -> None:
    """§ 44a Abs. 1 AufenthG binds each authority's obligation to the person's status and benefits on its day:
    nobody with free movement or German citizenship is obliged; the jobcenter obliges a recipient of SGB II
    benefits (Nr. 2), the asylum seekers' benefits office a recipient of AsylbLG benefits (Nr. 4, § 5b AsylbLG)."""
    status = _current(person.residence_statuses.all(), on)
    if status is not None and status.kind in (ResidenceKind.EU_FREE_MOVEMENT, ResidenceKind.GERMAN):
        raise ValidationError(
            {
                "kind": _(
                    "A person with %(status)s cannot be obliged to attend: § 44a Abs. 1 AufenthG applies to "
                    "foreigners only. Issue an entitlement or admission instead."
                )
                % {"status": status.get_kind_display()}
            }
        )
    system = benefit_system_on(person, on)
    needed = {
        AgencyKind.JOBCENTER: (BenefitSystem.SGB_II, "§ 44a Abs. 1 S. 1 Nr. 2 AufenthG"),
        AgencyKind.ASYLUM_BENEFITS_OFFICE: (BenefitSystem.ASYLBLG, "§ 44a Abs. 1 S. 1 Nr. 4 AufenthG, § 5b AsylbLG"),
    }.get(obliging_agency.kind)
    if needed is not None and system != needed[0]:
        raise ValidationError(
            {
                "obliging_agency": _(
                    "%(agency)s obliges only a person receiving %(needed)s benefits on the day of the obligation "
                    "(%(reference)s); on %(date)s the person receives: %(system)s."
                )
                % {
                    "agency": obliging_agency.name,
                    "needed": BenefitSystem(needed[0]).label,
                    "reference": needed[1],
                    "date": f"{on:%d.%m.%Y}",
                    "system": BenefitSystem(system).label,
                }
            }
        )


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
) -> Entitlement:
    """Issue a slip on behalf of the membership's agency, if the issuing rule makes it responsible for the person.

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
    system, issuer = _responsible_agency(person, membership, today)
    obliging_agency = _obliging_agency(kind, obliging_agency, issuer)
    if obliging_agency is not None:
        _require_obligation_lawful(person, obliging_agency, issued_on)
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
    longest = default_valid_until(kind=kind, issued_on=issued_on, asylum_seeker=is_asylum_seeker_on(person, today))
    if valid_until is None:
        valid_until = longest
    elif valid_until < issued_on:
        raise ValidationError({"valid_until": _("The slip cannot expire before it is issued.")})
    elif valid_until > longest:  # one year; three months for an asylum seeker's admission (§ 5 IntV)
        raise ValidationError(
            {"valid_until": _("The slip is valid until %(date)s at the longest.") % {"date": f"{longest:%d.%m.%Y}"}}
        )
    legal_basis = legal_basis.strip() or default_legal_basis(kind, obliging_agency.kind if obliging_agency else None)
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
        status=EntitlementStatus.ISSUED,
        issued_by=actor,
    )
    save(entitlement, actor=actor)
    return entitlement


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
