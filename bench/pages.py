"""Page scenarios: what three kinds of users open every day, through the whole stack (Django's test client).

- a caseworker whose agency receives shares (`jobcenter`): case list, a page at 90 % depth, three filters, name
  search (exact, umlaut variant, one letter wrong), case detail and its change protocol;
- the team that leads most cases (`beratung`, the city's counselling team): the same pages;
- an agency administrator (`jobcenter-admin`): the account list, and a case detail, which must answer 404.
Plus the attendance grid of the fullest course (course staff `vhs`) and the dashboard (`lenkung`).

A page's lower bound is the execution time of its own queries (EXPLAIN ANALYZE) plus the median of a no-op view
through the same middleware: what no page can undercut.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.models import User
from agencies.selectors import memberships_of
from bench import measure, names
from cases.models.choices import CaseKind
from cases.selectors import cases_visible_to
from courses.models import Course

CASEWORKERS = {"caseworker with shares": "jobcenter", "team": "beratung"}
ADMIN = "jobcenter-admin"


@dataclass
class Page:
    key: str
    label: str
    user: str
    url: str
    kind: str  # list, detail, search, grid, dashboard, admin: which budget applies
    expect: int = 200
    extra: dict = field(default_factory=dict)


def _caseworker_pages(role: str, username: str) -> list[Page]:
    user = User.objects.get(username=username)
    membership = memberships_of(user)[0]
    visible = cases_visible_to(user, membership).order_by("-opened_on", "-id")
    total = visible.count()
    listing = reverse("cases:case_list")
    deep = visible.values_list("opened_on", "pk")[int(total * measure.DEPTH)] if total else None
    # The fullest kind of case the user leads (Case Management with a support plan that has goals), so that every
    # scale measures the same page: an empty plan saves the query of its steps.
    own = visible.filter(lead_agency_id=membership.agency_id).order_by("pk")
    detail = (
        own.filter(kind=CaseKind.CASE_MANAGEMENT, support_plan__goals__steps__isnull=False)
        .values_list("pk", flat=True)
        .first()
        or own.values_list("pk", flat=True).first()
        or visible.values_list("pk", flat=True).first()
    )
    family = (
        visible.filter(person__family_name__regex=r"[äöüÄÖÜß]").values_list("person__family_name", flat=True).first()
        or "Müller"
    )
    variant = names.germanised(family) if names.germanised(family) != family else names.plain(family)
    pages = [
        Page("list_first", "Case list, first page", username, listing, "list"),
        Page("list_deep", f"Case list, page at {measure.DEPTH:.0%} depth", username,
             f"{listing}?{urlencode({'after': f'{deep[0].isoformat()}_{deep[1]}'})}" if deep else listing, "list"),
        Page("list_filtered", "Case list, three filters", username,
             f"{listing}?{urlencode({'status': 'open', 'kind': 'counselling', 'field': 'language'})}", "list"),
        Page("search_exact", f"Name search, exact ({family})", username, f"{listing}?{urlencode({'q': family})}",
             "search"),
        Page("search_umlaut", f"Name search, umlaut variant ({variant})", username,
             f"{listing}?{urlencode({'q': variant})}", "search"),
        Page("search_typo", f"Name search, one letter wrong ({names.one_letter_wrong(family)})", username,
             f"{listing}?{urlencode({'q': names.one_letter_wrong(family)})}", "search"),
    ]  # fmt: skip
    if detail:
        pages += [
            Page("detail", "Case detail", username, reverse("cases:case_detail", args=[detail]), "detail"),
            Page("protocol", "Case detail, change protocol", username, reverse("cases:case_protocol", args=[detail]),
                 "detail"),
        ]  # fmt: skip
    for page in pages:
        page.extra = {"role": role, "cases_visible": total}
    return pages


def scenarios() -> list[Page]:
    pages = []
    for role, username in CASEWORKERS.items():
        pages += _caseworker_pages(role, username)
    some_case = cases_visible_to(*_acting("beratung")).values_list("pk", flat=True).first()
    pages.append(Page("accounts", "Account list", ADMIN, reverse("agencies:account_list"), "admin",
                      extra={"role": "admin"}))  # fmt: skip
    if some_case:
        pages.append(Page("detail_denied", "Case detail of another agency (404)", ADMIN,
                          reverse("cases:case_detail", args=[some_case]), "detail", expect=404,
                          extra={"role": "admin"}))  # fmt: skip
    course = (
        Course.objects.filter(provider__short_name="vhs").annotate(n=Count("enrolments")).order_by("-n", "pk").first()
    )
    if course:
        week = timezone.localdate().isocalendar()
        pages.append(Page("attendance_grid", f"Attendance grid ({course.n} participants)", "vhs",
                          f"{reverse('courses:attendance_grid', args=[course.pk])}?week={week.year}-W{week.week:02d}",
                          "grid", extra={"role": "course staff"}))  # fmt: skip
    pages.append(Page("dashboard", "Dashboard (year)", "lenkung", reverse("reports:dashboard"), "dashboard",
                      extra={"role": "steering"}))  # fmt: skip
    return pages


def _acting(username: str):
    user = User.objects.get(username=username)
    return user, memberships_of(user)[0]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def measure_pages(pages: list[Page], *, runs: int, tables: dict[str, float]) -> list[dict]:
    """Each page measured as its user; the no-op view measured as each user gives the floor."""
    clients = {username: client_for(username) for username in {page.user for page in pages}}
    floors = {}
    noop = reverse("bench_noop")
    for username, client in clients.items():
        floors[username] = measure.summary(measure.timings(lambda c=client: c.get(noop), runs))["p50_ms"]
    results = []
    for page in pages:
        client = clients[page.user]

        def get(client=client, page=page):
            response = client.get(page.url)
            if response.status_code != page.expect:
                raise RuntimeError(f"{page.user} GET {page.url}: {response.status_code}, expected {page.expect}")
            return response

        figures = measure.measure(get, runs, tables)
        lower = figures["sql_ms"] + floors[page.user]
        results.append(
            {
                "scenario": page.key,
                "label": page.label,
                "user": page.user,
                "kind": page.kind,
                "url": page.url,
                **page.extra,
                **figures,
                "floor_ms": floors[page.user],
                "lower_bound_ms": round(lower, 2),
                "ratio": round(figures["p50_ms"] / lower, 2) if lower else None,
            }
        )
    return results
