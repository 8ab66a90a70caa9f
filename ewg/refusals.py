"""A service's refusal (a ValidationError it raises) shown to the user: on the form that is shown again, or as a
message after a small POST action that redirects.

Services raise `ValidationError({"field": ...})` for a field and `ValidationError("...")` for the whole request.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from ewg.concurrent_edits import EditConflict


def add_refusal(form, error: ValidationError) -> None:
    """The refusal on the form: at its field where the form has one the user can change, else above the form. An edit
    that came too late shows the other text beside the user's (ewg.concurrent_edits)."""
    if isinstance(error, EditConflict) and hasattr(form, "show_conflict"):
        form.show_conflict(error)
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        shown_at_field = field != NON_FIELD_ERRORS and field in form.fields and not form.fields[field].disabled
        form.add_error(field if shown_at_field else None, errors)


def report_form_errors(request: HttpRequest, form) -> None:
    """An invalid form that is not shown again: each error as a message, after its field's label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_and_report(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service call; its refusal becomes an error message, its success the given message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def submit_shown(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments) -> bool:
    """Validate a posted form and call the service with the acting user, `arguments` and the form's data, for a form
    that is shown again when it fails: its errors and the service's refusal stay on the form, at their fields; the
    success is a message. True when the service accepted."""
    if not form.is_valid():
        return False
    try:
        service(actor=request.user, **arguments, **form.cleaned_data)
    except ValidationError as error:
        add_refusal(form, error)
        return False
    messages.success(request, success)
    return True


def submit(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments) -> bool:
    """Validate a posted form and call the service with the acting user, `arguments` and the form's data,
    reporting either way as messages; True when the service accepted."""
    if not form.is_valid():
        report_form_errors(request, form)
        return False
    return run_and_report(request, lambda: service(actor=request.user, **arguments, **form.cleaned_data), success)
