"""What the lead caseworker's small POST actions share: fetching the case they may change, and reporting back."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from cases import selectors
from cases.models import Case


def lead_case(request: HttpRequest, pk: int) -> Case:
    """The case, if the acting membership leads it; anyone else gets 404."""
    access = selectors.get_case_for_user(request.user, request.membership, pk)
    if not access.is_lead:
        raise Http404
    return access.case


def report_form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: field errors at their fields, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_and_report(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Run a service call; its refusal becomes an error message, its success the given message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


def submit(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments) -> None:
    """Validate a posted form and pass its data (and `arguments`) to the service, reporting either way."""
    if form.is_valid():
        run_and_report(request, lambda: service(actor=request.user, **arguments, **form.cleaned_data), success)
    else:
        report_form_errors(request, form)
