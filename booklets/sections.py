"""Which sections of a booklet the person's consent allows: a section whose data categories are not all covered by
an active consent to the booklet, given to the issuing agency, cannot be chosen, and the page says which are missing."""

from dataclasses import dataclass
from datetime import date

from agencies.models import Agency
from booklets.models import SECTION_CATEGORIES, BookletSection
from cases.models import Consent, Person
from cases.models.choices import ConsentUse, DataCategory

# The purpose a consent to the booklet names (§ 67b SGB X: a consent names its purpose).
BOOKLET_PURPOSE = "Begleitheft: Ziele, erreichte Schritte und Kontakte für die Person und ihre Helferinnen und Helfer"


@dataclass(frozen=True)
class SectionChoice:
    section: str
    label: str
    missing: tuple[str, ...]  # labels of the data categories that lack the person's consent

    @property
    def allowed(self) -> bool:
        return not self.missing


def consented_categories(person: Person, agency: Agency, today: date) -> frozenset[str]:
    """The categories the person allowed the agency to print in the booklet, by their active consents."""
    categories = set()
    rows = Consent.objects.filter(
        person=person, receiving_agency=agency, use=ConsentUse.BOOKLET, revoked_on__isnull=True, given_on__lte=today
    ).values_list("categories", flat=True)
    for chosen in rows:
        categories.update(chosen)
    return frozenset(categories)


def section_choices(consented: frozenset[str]) -> list[SectionChoice]:
    labels = dict(DataCategory.choices)
    return [
        SectionChoice(
            section=section,
            label=label,
            missing=tuple(str(labels[c]) for c in SECTION_CATEGORIES[section] if c not in consented),
        )
        for section, label in BookletSection.choices
    ]


def allowed_sections(consented: frozenset[str]) -> list[str]:
    return [choice.section for choice in section_choices(consented) if choice.allowed]
