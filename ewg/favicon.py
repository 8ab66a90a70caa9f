"""/favicon.ico, which browsers ask for wherever a response names no icon (a PDF opened in a tab, the health
check): public, and answered from the static files, so that it needs no session and leaves no 404 in the log."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("img/favicon.ico"))
