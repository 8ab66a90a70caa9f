"""The steering group's dashboard (placeholder, being written)."""

from django.http import Http404


def dashboard(request):
    raise Http404


def dashboard_export(request, name, fmt):
    raise Http404


def figures_refresh(request):
    raise Http404
