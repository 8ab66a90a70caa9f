"""Reads of the companion booklet. A booklet belongs to a case and the agency that issues it: these take a case the
caller has already obtained through `cases.selectors` (and checked the membership may print for)."""

from django.db.models import QuerySet

from agencies.models import Agency
from booklets.models import BookletEdition, CompanionBooklet
from cases.models import Case, Consent
from cases.models.choices import ConsentUse


def booklet_of(case: Case, agency: Agency) -> CompanionBooklet | None:
    """The agency's booklet for the case, if it has made one."""
    return CompanionBooklet.objects.filter(case=case, issuing_agency=agency).first()


def booklet_consents(case: Case, agency: Agency) -> QuerySet[Consent]:
    """The person's consents to a booklet by this agency, newest first."""
    return case.person.consents.filter(use=ConsentUse.BOOKLET, receiving_agency=agency).order_by("-given_on", "-pk")


def editions_of(booklet: CompanionBooklet) -> QuerySet[BookletEdition]:
    """The printed editions of a booklet, with who printed them."""
    return booklet.editions.select_related("printed_by")
