"""Which statute carries which transfer without the person's consent: to which kinds of agency, with which data
categories (§§ 67d, 68–77 SGB X). Everything outside these rules needs the person's consent (§ 67b SGB X).

The rules are dated, each with its paragraph, so that a share is judged by the law in force on the day it is
granted; a change of the law is a new rule with its `valid_from` (and the old one's `valid_to`), in a migration
that ends the shares the new law no longer carries.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import AgencyKind
from cases.models.choices import DataCategory, Statute

K, C = AgencyKind, DataCategory

# Bodies under § 35 SGB I among the agency kinds: the social benefit carriers and their offices. Not the foreigners'
# authority (§ 71 SGB X), not course providers, welfare organisations, volunteer associations, the economic
# development company or research institutes: to them only the person's consent opens a case.
SOCIAL_BENEFIT_BODIES = frozenset(
    {K.MUNICIPALITY, K.DEPARTMENT, K.COUNSELLING_TEAM, K.ASYLUM_BENEFITS_OFFICE, K.BENEFITS_OFFICE, K.JOBCENTER,
     K.EMPLOYMENT_AGENCY}
)  # fmt: skip
# Authorities that oblige a person to attend the integration course (§ 44a Abs. 1 AufenthG) and receive the
# provider's report under § 8 Abs. 3 IntV.
OBLIGING_AUTHORITIES = frozenset({K.FOREIGNERS_AUTHORITY, K.JOBCENTER, K.ASYLUM_BENEFITS_OFFICE})
SOCIAL_DATA_EXCEPT_HEALTH = frozenset(set(C.values) - {C.HEALTH})
# § 71 Abs. 2 SGB X: what the foreigners' authority needs for its decisions; benefit and health data only where a
# provision names them, which no share of this product is for.
FOREIGNERS_AUTHORITY_CATEGORIES = frozenset(set(C.values) - {C.BENEFITS, C.HEALTH})
SGB_X_SINCE = date(2001, 1, 1)  # §§ 67 ff. SGB X in the wording that carries these transfers


@dataclass(frozen=True)
class TransferRule:
    statute: str
    reference: str  # the paragraph, as a refusal names it
    recipients: frozenset[str]  # agency kinds
    categories: frozenset[str]
    recipients_text: object  # who may receive, as the form and the refusals say it
    valid_from: date
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


RULES = (
    TransferRule(
        Statute.SGB_X_69,
        "§ 69 Abs. 1 Nr. 1 SGB X",
        SOCIAL_BENEFIT_BODIES,
        SOCIAL_DATA_EXCEPT_HEALTH,
        gettext_lazy("social benefit bodies under § 35 SGB I; no health data"),
        SGB_X_SINCE,
    ),
    TransferRule(
        Statute.SGB_X_71,
        "§ 71 Abs. 2 SGB X",
        frozenset({K.FOREIGNERS_AUTHORITY}),
        FOREIGNERS_AUTHORITY_CATEGORIES,
        gettext_lazy("the foreigners' authority only; no benefit or health data"),
        SGB_X_SINCE,
    ),
    TransferRule(
        Statute.INTV_8_3,
        "§ 8 Abs. 3 IntV",
        OBLIGING_AUTHORITIES,
        frozenset({C.MASTER_DATA, C.COURSES}),
        gettext_lazy("the obliging authority only; master data and courses"),
        date(2005, 1, 1),  # the Integrationskursverordnung of 13 December 2004
    ),
)


def rule_for(statute: str, on: date) -> TransferRule | None:
    return next((rule for rule in RULES if rule.statute == statute and rule.in_force(on)), None)


def rules_in_force(on: date) -> list[TransferRule]:
    return [rule for rule in RULES if rule.in_force(on)]


def require_lawful(*, statute: str, agency_kind: str, categories: list[str], on: date) -> TransferRule:
    """The rule that carries the transfer, or a refusal that names the paragraph and what it allows."""
    rule = rule_for(statute, on)
    if rule is None:
        raise ValidationError({"statute": _("Choose a statute from the list.")})
    if agency_kind not in rule.recipients:
        raise ValidationError(
            {
                "basis": _(
                    "%(reference)s allows no transfer to this agency (%(who)s). Share with the person's consent "
                    "(§ 67b SGB X)."
                )
                % {"reference": rule.reference, "who": rule.recipients_text}
            }
        )
    beyond = [DataCategory(category).label for category in categories if category not in rule.categories]
    if beyond:
        raise ValidationError(
            {
                "categories": _("%(reference)s does not carry: %(categories)s. Only with the person's consent.")
                % {"reference": rule.reference, "categories": ", ".join(str(label) for label in beyond)}
            }
        )
    return rule
