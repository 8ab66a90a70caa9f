"""Writes of the companion booklet: the person's choice of language and sections, and printed editions.

Printing renders the PDF from the frozen content before the transaction (WeasyPrint takes about a second; no row
is locked meanwhile), then stores the edition, its digest and the access-log entry together. A download rebuilds the
PDF from the frozen content of its edition and logs the read.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import BOOKLET_PRINT, require
from booklets import content as booklet_content
from booklets.models import BookletEdition, BookletLanguage, BookletSection, CompanionBooklet
from booklets.sections import consented_categories, section_choices
from cases.models.choices import AccessAction
from cases.selectors import CaseAccess
from cases.services._common import save
from cases.services.access import access_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintedEdition:
    edition: BookletEdition
    pdf: bytes


def _check_sections(access: CaseAccess, membership: Membership, sections: list[str]) -> list[str]:
    if not sections or not set(sections) <= set(BookletSection.values):
        raise ValidationError({"sections": _("Choose at least one section from the list.")})
    consented = consented_categories(access.case.person, membership.agency, timezone.localdate())
    refused = [choice for choice in section_choices(consented) if choice.section in sections and not choice.allowed]
    if refused:
        raise ValidationError(
            {
                "sections": [
                    _("“%(section)s” needs the person's consent to the booklet for: %(categories)s.")
                    % {"section": choice.label, "categories": ", ".join(choice.missing)}
                    for choice in refused
                ]
            }
        )
    return [section for section in BookletSection.values if section in set(sections)]


@transaction.atomic
def booklet_save(
    *, actor: User, membership: Membership | None, access: CaseAccess, language: str, sections: list[str]
) -> CompanionBooklet:
    """Create or change the booklet of a case as the person chose it: language and sections."""
    membership = require(membership, BOOKLET_PRINT, access.case)
    if language not in BookletLanguage.values:
        raise ValidationError({"language": _("Choose a language from the list.")})
    sections = _check_sections(access, membership, sections)
    booklet = (
        CompanionBooklet.objects.select_for_update().filter(case=access.case, issuing_agency=membership.agency).first()
    )
    if booklet is None:
        booklet = CompanionBooklet(
            person=access.case.person, case=access.case, issuing_agency=membership.agency, created_by=actor
        )
    elif booklet.language == language and booklet.sections == sections:
        return booklet  # nothing changed: no history row
    booklet.language = language
    booklet.sections = sections
    save(booklet, actor=actor)
    return booklet


def booklet_print(*, actor: User, membership: Membership | None, access: CaseAccess) -> PrintedEdition:
    """Print a new edition of the booklet with today's data, as far as the consent allows today."""
    from booklets.rendering import render_with_pages  # WeasyPrint loads slowly; only where a PDF is made

    membership = require(membership, BOOKLET_PRINT, access.case)
    booklet = CompanionBooklet.objects.filter(case=access.case, issuing_agency=membership.agency).first()
    if booklet is None:
        raise ValidationError(_("Choose the language and the sections first."))
    sections = _check_sections(access, membership, booklet.sections)  # a consent may have been revoked since
    today = timezone.localdate()
    number = (booklet.editions.aggregate(last=Max("number"))["last"] or 0) + 1
    content = booklet_content.freeze(booklet, sections=sections, edition=number, actor=actor, today=today)
    pdf, pages = render_with_pages(content)
    with transaction.atomic():
        CompanionBooklet.objects.select_for_update().get(pk=booklet.pk)  # one printer numbers at a time
        if booklet.editions.filter(number=number).exists():
            raise ValidationError(_("Someone printed this booklet at the same moment. Please print again."))
        edition = BookletEdition(
            booklet=booklet,
            number=number,
            language=booklet.language,
            sections=sections,
            content=content,
            pages=pages,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            printed_by=actor,
        )
        save(edition, actor=actor)
        access_record(
            user=actor, membership=membership, person=booklet.person, case=booklet.case, action=AccessAction.BOOKLET,
            purpose=f"Begleitheft Ausgabe {number} gedruckt",
        )  # fmt: skip
    return PrintedEdition(edition=edition, pdf=pdf)


def edition_read(*, actor: User, membership: Membership | None, access: CaseAccess, number: int) -> PrintedEdition:
    """The PDF of an earlier edition, rebuilt from its frozen content; the read is logged."""
    from booklets.rendering import render_with_pages

    membership = require(membership, BOOKLET_PRINT, access.case)
    edition = BookletEdition.objects.select_related("booklet").get(
        booklet__case=access.case, booklet__issuing_agency=membership.agency, number=number
    )
    pdf, _pages = render_with_pages(edition.content)
    if hashlib.sha256(pdf).hexdigest() != edition.pdf_sha256:
        # Same content, other bytes: fonts or the renderer changed since the print. The text is the frozen one.
        logger.warning("booklet edition %s rebuilt with a different digest", edition.pk)
    with transaction.atomic():
        access_record(
            user=actor, membership=membership, person=edition.booklet.person, case=access.case,
            action=AccessAction.BOOKLET, purpose=f"Begleitheft Ausgabe {number} gelesen",
        )  # fmt: skip
    return PrintedEdition(edition=edition, pdf=pdf)
