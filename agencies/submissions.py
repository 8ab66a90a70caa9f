"""Every form is submitted once: a one-time token in the form, spent under a unique constraint.

The first submission inserts the token and runs the view in the same transaction. A second one with the same token
(a double click, a reload, the back button) waits on the unique index until the first has committed and is then
sent to the first one's result, so no second row is written. A submission that did not succeed (a form error, a
refusal, a missing object) gives its token back, so the corrected form can be sent again.
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import FormSubmission

SUBMISSION_FIELD = "submission"
KEPT_FOR = timedelta(days=2)  # longer than a session lives, so a page kept open is still recognised
# The tokens of the forms saved since the last page was shown: that page names them once, for the browser to delete
# the drafts kept of those forms (static/js/drafts.js). Only the tokens; a few, should pages be shown in between.
SAVED_SESSION_KEY = "forms_saved"
SAVED_KEPT = 10


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        return uuid.UUID(request.POST.get(SUBMISSION_FIELD, ""))
    except ValueError:
        return None


def _result_url(response: HttpResponse) -> str:
    """Where a successful submission led: a redirect, or htmx's client-side redirect."""
    if isinstance(response, HttpResponseRedirect) or response.status_code in (302, 303):
        return response["Location"]
    return response.headers.get("HX-Redirect", "")


class SubmitOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _token(request)
        if token is None:
            return self.get_response(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(user=request.user, token=token)
            except IntegrityError:
                return self._repeated(request, token)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # nothing half-saved by a view that failed between two services
                return response
            submission.result_url = _result_url(response)[:2000]
            if submission.result_url:
                submission.save(update_fields=["result_url"])
                _remember_saved(request, token)
            else:
                submission.delete()
        return response

    @staticmethod
    def _repeated(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
        first = FormSubmission.objects.filter(user=request.user, token=token).first()
        messages.info(request, _("This form had already been sent; nothing was saved twice. Here is its result."))
        return HttpResponseRedirect(first.result_url if first and first.result_url else request.path)


def _remember_saved(request: HttpRequest, token: uuid.UUID) -> None:
    if request.user.is_authenticated:  # not after signing out: the drafts went with the browser's storage
        saved = request.session.get(SAVED_SESSION_KEY, [])
        request.session[SAVED_SESSION_KEY] = [*saved, str(token)][-SAVED_KEPT:]


def saved_forms_take(request: HttpRequest) -> list[str]:
    """The tokens of the forms saved since the last page, once: for the page being rendered to name them."""
    return request.session.pop(SAVED_SESSION_KEY, [])


def submissions_expire() -> int:
    """Forget spent tokens once no page that carries them can still be open."""
    deleted, _kinds = FormSubmission.objects.filter(submitted_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted
