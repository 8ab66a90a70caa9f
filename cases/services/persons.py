from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import CASE_INTAKE, CASE_LEAD, REFUSALS, require
from cases.models import BenefitPeriod, Case, Person, ResidenceStatus
from cases.models.choices import TITLES_OF_KIND, ResidenceKind
from cases.names import search_names
from cases.services._common import save
from ewg.concurrent_edits import check_unchanged
from ewg.history import REASON_LENGTH


def _check_dates(*, birth_date: date | None, arrival_date: date | None) -> None:
    today = timezone.localdate()
    errors = {}
    if birth_date and birth_date > today:
        errors["birth_date"] = _("The date of birth lies in the future.")
    if arrival_date and arrival_date > today:
        errors["arrival_date"] = _("The arrival date lies in the future.")
    if birth_date and arrival_date and arrival_date < birth_date:
        errors["arrival_date"] = _("The arrival date lies before the date of birth.")
    if errors:
        raise ValidationError(errors)


def _require_lead_of(person: Person, *, membership: Membership | None, actor: User) -> None:
    """A person's dated statuses are recorded by the caseworkers of an agency that leads a case of the person."""
    case = None
    if membership is not None:
        case = Case.objects.filter(person=person, lead_agency_id=membership.agency_id).first()
    if case is None:
        require(membership, CASE_LEAD, user=actor)  # the role's refusal first, where the role is missing
        raise ValidationError(str(REFUSALS[CASE_LEAD].obj))
    require(membership, CASE_LEAD, case, user=actor)


@transaction.atomic
def person_register(
    *,
    actor: User,
    membership: Membership,
    given_names: str,
    family_name: str,
    birth_date: date | None,
    aliases: list[str] | None = None,
    **details,
) -> Person:
    require(membership, CASE_INTAKE, user=actor)
    _check_dates(birth_date=birth_date, arrival_date=details.get("arrival_date"))
    aliases = [alias.strip() for alias in aliases or [] if alias.strip()]
    person = Person(
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        aliases=aliases,
        search_names=search_names(given_names=given_names, family_name=family_name, aliases=aliases),
        **details,
    )
    save(person, actor=actor)
    return person


# What a lead caseworker corrects of a person (Art. 16 DSGVO, § 84 Abs. 1 SGB X).
CORRECTABLE = (
    "given_names", "family_name", "aliases", "birth_date", "gender", "nationality", "languages", "arrival_date",
    "phone", "email", "address", "district",
)  # fmt: skip


@transaction.atomic
def person_correct(
    *, actor: User, membership: Membership, person: Person, reason: str, loaded_version: str | None = None, **fields
) -> Person:
    """Correct the person's master data, with the reason kept in the history row; the name search follows. Refused
    when someone else saved in between (ewg.concurrent_edits) and when nothing changes."""
    _require_lead_of(person, membership=membership, actor=actor)
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the data is corrected: the reason is kept in the history.")})
    if len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)d characters.") % {"max": REASON_LENGTH}})
    person = Person.objects.select_for_update().get(pk=person.pk)
    for name in ("given_names", "family_name"):
        if name in fields:
            fields[name] = fields[name].strip()
            if not fields[name]:
                raise ValidationError({name: _("A name cannot be empty.")})
    if "aliases" in fields:
        fields["aliases"] = [alias.strip() for alias in fields["aliases"] if alias.strip()]
    check_unchanged(person, loaded_version=loaded_version, proposed=fields)
    _check_dates(
        birth_date=fields.get("birth_date", person.birth_date),
        arrival_date=fields.get("arrival_date", person.arrival_date),
    )
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    for name in changed:
        setattr(person, name, fields[name])
    person.search_names = search_names(
        given_names=person.given_names, family_name=person.family_name, aliases=person.aliases
    )
    save(person, actor=actor, reason=reason, update_fields=[*changed, "search_names"])
    return person


def _end_before(current, valid_from: date, *, actor: User, later: str) -> None:
    """A dated history keeps one current row: the rows still running on `valid_from` end the day before (locked, so
    two recordings at once cannot both end the same row); a row starting that day or later refuses the new one."""
    for row in current.select_for_update():
        if row.valid_from >= valid_from:
            raise ValidationError({"valid_from": later})
        row.valid_until = valid_from - timezone.timedelta(days=1)
        save(row, actor=actor, update_fields=["valid_until"])


@transaction.atomic
def residence_status_record(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    kind: str,
    valid_from: date,
    title: str = "",
    valid_until: date | None = None,
    residence_rule_place: str = "",
) -> ResidenceStatus:
    """A title with its paragraph, as granted; a new title ends the open one the day before (it replaces it)."""
    _require_lead_of(person, membership=membership, actor=actor)
    if kind not in ResidenceKind.values:
        raise ValidationError({"kind": _("Choose a residence status from the list.")})
    allowed = TITLES_OF_KIND[ResidenceKind(kind)]
    if title and title not in allowed:
        raise ValidationError(
            {"title": _("A %(kind)s is not granted under this paragraph.") % {"kind": ResidenceKind(kind).label}}
        )
    if not title and len(allowed) == 1:
        title = next(iter(allowed))  # a permission to stay or free movement has one paragraph only
    if valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end lies before the start.")})
    residence_rule_place = residence_rule_place.strip()
    if residence_rule_place and kind in (ResidenceKind.EU_FREE_MOVEMENT, ResidenceKind.GERMAN):
        raise ValidationError({"residence_rule_place": _("§ 12a AufenthG binds foreigners with a title only.")})
    current = person.residence_statuses.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    _end_before(current, valid_from, actor=actor, later=_("A later residence status is already recorded."))
    status = ResidenceStatus(
        person=person, kind=kind, title=title, valid_from=valid_from, valid_until=valid_until,
        residence_rule_place=residence_rule_place,
    )  # fmt: skip
    save(status, actor=actor)
    return status


@transaction.atomic
def benefit_period_record(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    system: str,
    valid_from: date,
    valid_until: date | None = None,
) -> BenefitPeriod:
    """A new period ends the open one the day before, so that "current" stays one row."""
    _require_lead_of(person, membership=membership, actor=actor)
    if valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end lies before the start.")})
    current = person.benefit_periods.filter(valid_until__isnull=True)
    _end_before(current, valid_from, actor=actor, later=_("A later benefit period is already recorded."))
    period = BenefitPeriod(person=person, system=system, valid_from=valid_from, valid_until=valid_until)
    save(period, actor=actor)
    return period
