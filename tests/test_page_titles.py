"""Every page has a title of its own (WCAG 2.1 SC 2.4.2 Page Titled): a browser tab, the history and a screen
reader's window list tell pages apart by their titles alone. Each persona signs in and walks its pages over the demo
data, from the start page along the links it finds, and no two different addresses may share a title. The titles
name the case by its number, never the person (they land in the browser history of shared workstations)."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from agencies import demo
from agencies.models import Membership, User
from cases.models import Case, Person
from reports.aggregation import figures_compute
from reports.models import CommitteeReport
from reports.services import report_create

pytestmark = pytest.mark.django_db

# The personas whose pages together reach every app: cases and their tabs, courses, goals and reports, privacy,
# account management.
PERSONAS = ("beratung", "vhs", "koordination", "datenschutz", "jobcenter-admin")
PAGES_PER_PERSONA = 40
# Two pages of one kind (two goals, two cases, two courses) are enough to see a title that names no object; more
# would only spend the walk's budget on the same template.
PAGES_PER_VIEW = 2
# Not pages: files, the sign-out, the admin site (Django's own titles), and the links that change the language.
NOT_PAGES = re.compile(r"pdf|csv|docx|export|download|logout|set_language|admin:", re.IGNORECASE)
# A report's pages that take a section's position.
SECTION_PAGES = ("reports:section_edit", "reports:section_remove", "reports:section_regenerate")


class _Page(HTMLParser):
    """The <title> and the link targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.title: str | None = None
        self.links: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
            self.title = ""
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _view_name(path: str) -> str | None:
    """The URL pattern's name, or None for an address that is no page of the product (external, a file)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client: Client, limit: int = PAGES_PER_PERSONA) -> dict[str, str | None]:
    """Path -> title of the HTML pages reached from the start page, breadth first (the navigation comes first on
    every page), GET only, each path once whatever its query string."""
    titles: dict[str, str | None] = {}
    seen_paths: set[str] = set()
    per_view: dict[str, int] = {}
    queue = deque([reverse("home")])
    while queue and len(titles) < limit:
        address = queue.popleft()
        path = urlsplit(address).path
        if path in seen_paths:
            continue
        seen_paths.add(path)
        name = _view_name(path)
        if name is None or NOT_PAGES.search(name) or NOT_PAGES.search(path):
            continue
        if per_view.get(name, 0) >= PAGES_PER_VIEW:
            continue
        response = client.get(address)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        per_view[name] = per_view.get(name, 0) + 1
        page = _Page()
        page.feed(response.content.decode())
        titles[path] = " ".join(page.title.split()) if page.title is not None else None
        for href in page.links:
            href = urldefrag(href).url
            parts = urlsplit(href)
            if href and not parts.scheme and not parts.netloc and parts.path.startswith("/"):
                queue.append(href)
    return titles


def clashes(titles: dict[str, str | None]) -> dict[str, list[str]]:
    by_title: dict[str, list[str]] = {}
    for path, title in titles.items():
        by_title.setdefault(title, []).append(path)
    return {title: sorted(paths) for title, paths in by_title.items() if len(paths) > 1}


@pytest.fixture(scope="module")
def seeded(module_transaction, django_db_blocker):
    """The demo, with its figures and a committee report, seeded once for the module's tests (each test's changes
    are rolled back)."""
    with django_db_blocker.unblock():
        demo.seed()
        today = timezone.localdate()
        figures_compute(today=today)
        koordination = User.objects.get(username="koordination")
        report_create(
            actor=koordination, membership=Membership.objects.get(user=koordination), today=today,
            subject="Sachstand Integration", number="322/18", committee="Sozialausschuss", period=str(today.year),
        )  # fmt: skip


def signed_in(username: str) -> Client:
    """Signed in as a person does, with the demo password (the personas' second factor is not due in the tests). A
    page that fails is left out of the walk, not this test's subject."""
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_persona_reaches_has_a_title_of_its_own(seeded, username):
    titles = walk(signed_in(username))
    assert len(titles) >= 10, titles  # the walk reached the persona's pages, not only the start page
    untitled = sorted(path for path, title in titles.items() if not title or title.startswith("–"))
    assert not untitled, f"pages without a title: {untitled}"
    shared = clashes(titles)
    assert not shared, "titles shared by different pages:\n" + "\n".join(
        f"  {title!r}: {', '.join(paths)}" for title, paths in sorted(shared.items())
    )
    family_names = "|".join(re.escape(name) for name in Person.objects.values_list("family_name", flat=True))
    naming = {path: title for path, title in titles.items() if re.search(rf"\b({family_names})\b", title)}
    assert not naming, f"titles that name a person: {naming}"


def test_the_protocol_tab_shows_the_case_and_its_tabs(seeded):
    case = Case.objects.filter(lead_agency__short_name="team-beratung").order_by("pk").first()
    page = signed_in("beratung").get(reverse("cases:case_protocol", args=[case.pk])).content.decode()
    assert 'aria-label="Bereiche des Falls"' in page  # the tab bar
    assert f'href="{reverse("cases:case_notes", args=[case.pk])}"' in page
    assert f'href="{reverse("cases:case_protocol", args=[case.pk])}" aria-current="page"' in page
    title = _Page()
    title.feed(page)
    assert re.fullmatch(rf"\w+ {case.pk} – Protokoll – Einwanderung gestalten", title.title), title.title
    header = page.split('<nav aria-label="Bereiche des Falls"')[0].split("</header>")[-1]
    assert f"{case.person.family_name}, {case.person.given_names}</h1>" in header  # as the other tabs show it
    assert re.search(rf"<p class=\"kern-body\">\w+ {case.pk} · ", header)  # the case's number


def test_confirmations_and_report_pages_beyond_the_walk_name_their_object(seeded):
    """Pages deeper than the walk's budget: confirming an action on two cases, the sections of a committee report."""
    first, second = Case.objects.filter(lead_agency__short_name="team-beratung", status="open").order_by("pk")[:2]
    report = CommitteeReport.objects.get(number="322/18")
    pages = {
        "beratung": [reverse("cases:case_close", args=[case.pk]) for case in (first, second)],
        "koordination": [
            reverse("reports:report_edit", args=[report.pk]),
            *(reverse(name, args=[report.pk, position]) for name in SECTION_PAGES for position in (1, 2)),
        ],
    }
    titles = {}
    for username, addresses in pages.items():
        client = signed_in(username)
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            page = _Page()
            page.feed(response.content.decode())
            titles[address] = " ".join(page.title.split())
    assert not clashes(titles), clashes(titles)
    assert f"{first.pk} – Fall abschließen" in titles[pages["beratung"][0]]
    assert first.person.family_name not in titles[pages["beratung"][0]]
    assert "322/18 – Abschnitt 2 bearbeiten" in titles[reverse("reports:section_edit", args=[report.pk, 2])]
