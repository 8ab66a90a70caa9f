"""The companion booklet of a case: the person's consent to it, their choice of language and sections, printed
editions and their download. Only the lead agency's caseworkers; anyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import BOOKLET_PRINT, require_or_404
from booklets import selectors as booklet_selectors
from booklets.forms import BookletConsentForm, BookletForm
from booklets.models import BookletEdition, BookletLanguage
from booklets.sections import BOOKLET_PURPOSE, consented_categories, section_choices
from booklets.services import booklet_print, booklet_save, edition_read
from cases import selectors
from cases.models.choices import AccessAction, ConsentUse
from cases.services.access import access_record
from cases.services.sharing import consent_record
from ewg.refusals import add_refusal


def _issuer_access(request: HttpRequest, pk: int) -> selectors.CaseAccess:
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    require_or_404(request.membership, BOOKLET_PRINT, access.case)
    return access


def _page(request, access, *, form=None, consent_form=None, status=200) -> HttpResponse:
    case = access.case
    agency = request.membership.agency
    booklet = booklet_selectors.booklet_of(case, agency)
    consents = list(booklet_selectors.booklet_consents(case, agency)[:20])
    choices = section_choices(consented_categories(case.person, agency, timezone.localdate()))
    if form is None:
        initial = (
            {"language": booklet.language, "sections": booklet.sections}
            if booklet
            else {"language": BookletLanguage.GERMAN, "sections": [c.section for c in choices if c.allowed]}
        )
        form = BookletForm(initial=initial)
    chosen = set(form["sections"].value() or [])
    context = {
        "access": access,
        "case": case,
        "person": case.person,
        "tab": "booklet",
        "booklet": booklet,
        "editions": list(booklet_selectors.editions_of(booklet)[:20]) if booklet else [],
        "consents": consents,
        "choices": [{"choice": choice, "checked": choice.section in chosen} for choice in choices],
        "any_allowed": any(choice.allowed for choice in choices),
        "form": form,
        "consent_form": consent_form or BookletConsentForm(prefix="consent"),
    }
    return render(request, "booklets/case_booklet.html", context, status=status)


@require_GET
@transaction.atomic
def case_booklet(request: HttpRequest, pk: int) -> HttpResponse:
    access = _issuer_access(request, pk)
    access_record(
        user=request.user, membership=request.membership, person=access.case.person, case=access.case,
        action=AccessAction.DETAIL, purpose="booklet",
    )  # fmt: skip
    return _page(request, access)


@require_POST
def booklet_consent(request: HttpRequest, pk: int) -> HttpResponse:
    access = _issuer_access(request, pk)
    form = BookletConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                actor=request.user, membership=request.membership, person=access.case.person,
                receiving_agency=request.membership.agency, purpose=BOOKLET_PURPOSE, categories=data["categories"],
                given_on=data["given_on"], form_version=data["form_version"], use=ConsentUse.BOOKLET,
            )  # fmt: skip
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The consent to the booklet was recorded."))
            return redirect("booklets:case_booklet", pk=pk)
    return _page(request, access, consent_form=form, status=400)


@require_POST
def booklet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the choice; with "print", also print a new edition at once."""
    access = _issuer_access(request, pk)
    form = BookletForm(request.POST)
    if form.is_valid():
        try:
            booklet_save(actor=request.user, membership=request.membership, access=access, **form.cleaned_data)
            if "print" in request.POST:
                printed = booklet_print(actor=request.user, membership=request.membership, access=access)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            if "print" in request.POST:
                messages.success(
                    request,
                    _("Edition %(number)s of the booklet was printed (%(pages)s pages). Download it below.")
                    % {"number": printed.edition.number, "pages": printed.edition.pages},
                )
            else:
                messages.success(request, _("The choice for the booklet was saved."))
            return redirect("booklets:case_booklet", pk=pk)
    return _page(request, access, form=form, status=400)


@require_GET
def booklet_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = _issuer_access(request, pk)
    try:
        printed = edition_read(actor=request.user, membership=request.membership, access=access, number=number)
    except BookletEdition.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(printed.pdf, content_type="application/pdf")
    filename = f"begleitheft-{access.case.pk}-ausgabe-{number}-{printed.edition.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
