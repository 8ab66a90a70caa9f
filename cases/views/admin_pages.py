"""Pages of the coordinators (obstacle catalogue) and the data protection officer (access log)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.permissions import ACCESS_LOG_READ, OBSTACLES_MANAGE, require_or_404
from cases import selectors
from cases.forms import ObstacleForm
from cases.services.catalogue import obstacle_add, obstacle_set_active
from ewg.lookups import first_or_404
from ewg.pagination import older_page
from ewg.refusals import add_refusal

LOG_PAGE = 50


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, ACCESS_LOG_READ)
    entries = selectors.access_log_visible_to(request.user, request.membership)
    page = older_page(entries, request.GET.get("before"), size=LOG_PAGE)
    return render(request, "cases/access_log.html", {"page": page, "rows": page.rows})


@require_http_methods(["GET", "POST"])
def obstacle_catalogue(request: HttpRequest) -> HttpResponse:
    require_or_404(request.membership, OBSTACLES_MANAGE)
    form = ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obstacle_add(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The obstacle was added to the catalogue."))
            return redirect("cases:obstacle_catalogue")
    obstacles = selectors.obstacles_editable_by(request.user, request.membership)
    return render(
        request, "cases/obstacles.html", {"obstacles": obstacles, "form": form}, status=400 if form.errors else 200
    )


@require_POST
def obstacle_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = first_or_404(selectors.obstacles_editable_by(request.user, request.membership).filter(pk=pk))
    obstacle_set_active(
        actor=request.user, membership=request.membership, obstacle=obstacle, active=not obstacle.is_active
    )
    messages.success(request, _("The catalogue was updated."))
    return redirect("cases:obstacle_catalogue")
