"""The indicators goals are measured by: read by every member, created by the coordinators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from goals import selectors
from goals.forms.goals import IndicatorForm
from goals.indicators import registered
from goals.services import goals as services
from goals.views._common import require, require_reader, save_form


@require_http_methods(["GET", "POST"])
def indicator_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    may_edit = selectors.may_edit(request.user, request.membership)
    if request.method == "POST":
        require(may_edit)
    functions = registered()
    form = IndicatorForm(request.POST or None, functions=functions) if may_edit else None
    success = _("The indicator was created.")
    if request.method == "POST" and save_form(request, form, services.indicator_create, success) is not None:
        return redirect("goals:indicator_list")
    indicators = list(selectors.indicators_with_goal_count())
    for indicator in indicators:
        entry = functions.get(indicator.function)
        indicator.function_label = entry.label if entry else indicator.function
    return render(request, "goals/indicator_list.html", {"indicators": indicators, "form": form})
