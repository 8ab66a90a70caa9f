"""What the goal pages share: the access checks that answer 404, and reporting a service's answer back."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from goals import selectors
from goals.models import Goal


def require(allowed: bool) -> None:
    """Not allowed answers like not found."""
    if not allowed:
        raise Http404


def require_reader(request: HttpRequest) -> None:
    require(selectors.may_read(request.user, request.membership))


def goal_for(request: HttpRequest, pk: int) -> Goal:
    return selectors.get_goal_for_user(request.user, request.membership, pk)


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: at its field where the form has one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields and not form.fields[field].disabled else None, errors)
    else:
        form.add_error(None, error.messages)


def report_form_errors(request: HttpRequest, form) -> None:
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


def submit(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments) -> bool:
    """Validate a posted form and pass its data (and `arguments`) to the service, reporting either way."""
    if not form.is_valid():
        report_form_errors(request, form)
        return False
    call = lambda: service(actor=request.user, membership=request.membership, **arguments, **form.cleaned_data)  # noqa: E731
    return run_and_report(request, call, success)


def save_form(request: HttpRequest, form, service: Callable[..., object], success: str, **arguments):
    """For the pages that re-render their form: the service's result, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    try:
        saved = service(actor=request.user, membership=request.membership, **arguments, **form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, success)
    return saved
