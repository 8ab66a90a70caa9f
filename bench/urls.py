"""The project's URLs plus a no-op view, for the benchmark only: the no-op view's time through the whole middleware
stack (session, authentication, membership) is the framework's floor that every page pays."""

from django.http import HttpResponse
from django.urls import include, path


def noop(request):
    return HttpResponse(b"")


urlpatterns = [path("__bench__/noop/", noop, name="bench_noop"), path("", include("ewg.urls"))]
