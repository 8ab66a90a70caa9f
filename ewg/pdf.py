"""HTML to PDF with WeasyPrint, allowed to read the app's own static files and nothing else.

WeasyPrint fetches every URL a document names: stylesheets, fonts, images. Left to its default fetcher it reads
local files (`file:///etc/passwd`) and the network (requests to internal hosts, tracking pixels). The fetcher here
serves only URLs under STATIC_URL, from the local static sources (the staticfiles finders) or the collected copy
in STATIC_ROOT (hashed names in production); it never opens a connection. Everything else is refused: file:, ftp:,
http(s) to any other place, and data: URLs too — our templates need none, and one rule ("only /static/") is easier
to trust than a list of exceptions; a generated chart can be inline <svg>, which needs no fetch.

A refused resource is missing from the PDF and WeasyPrint logs a warning; the document still renders, so that a
stray URL in a template cannot take the document down with it.

Import this module inside the view that makes a PDF, not at the top of a views module: WeasyPrint takes over a
second to import, and every process that loads the URLconf would pay for it.
"""

import io
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ewg import pdf_tags

pdf_tags.install()  # /Lang and /Scope in the structure tree of every tagged PDF (see ewg.pdf_tags)

# What relative and root-relative URLs (`{% static %}` gives "/static/…") resolve against. The reserved .invalid
# domain resolves nowhere, so even a mistake in the fetcher could not reach a network host.
DEFAULT_BASE_URL = "https://pdf.invalid/"


class ResourceRefused(Exception):
    """Raised for a URL that is not one of the app's static files; WeasyPrint then leaves the resource out."""


def _static_name(url: str, *, base_url: str) -> str | None:
    """The static file name ("vendor/kern/…") a URL names, or None if it names anything else."""
    parts = urlsplit(url)
    static = urlsplit(settings.STATIC_URL)
    origin = (static.scheme, static.netloc) if static.netloc else urlsplit(base_url)[:2]
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != tuple(origin):
        return None
    path = unquote(parts.path)
    if not path.startswith(static.path):
        return None
    name = path[len(static.path) :]
    segments = name.split("/")
    # No way out of the static directories, however it is spelt.
    if "\\" in name or "\x00" in name or any(segment in ("", ".", "..") for segment in segments):
        return None
    return name


def static_file_for(url: str, *, base_url: str = DEFAULT_BASE_URL) -> Path | None:
    """The fetcher's decision: the local file that serves `url`, or None to refuse it."""
    name = _static_name(url, base_url=base_url)
    if name is None:
        return None
    try:
        found = finders.find(name)
        if found:
            return Path(found)
        if staticfiles_storage.exists(name):  # collected (and in production hashed) copies
            return Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):  # a path outside the roots; a storage without files
        return None
    return None


@lru_cache(maxsize=16)
def _decompressed_font(path: str, modified: float) -> bytes:
    """A WOFF2 font as plain OpenType, once per process: WeasyPrint would otherwise decompress the vendored fonts on
    every render, which costs more than laying out a short document. `modified` keys the cache to the file's state."""
    from fontTools.ttLib import woff2

    decompressed = io.BytesIO()
    woff2.decompress(io.BytesIO(Path(path).read_bytes()), decompressed)
    return decompressed.getvalue()


def _body(path: Path) -> tuple[bytes, str]:
    if path.suffix == ".woff2":
        return _decompressed_font(str(path), path.stat().st_mtime), "font/otf"
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher interface, answering from local static files only."""

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL):
        super().__init__()
        self.base_url = base_url

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = static_file_for(url, base_url=self.base_url)
        if path is None:
            raise ResourceRefused(f"not one of the app's static files: {url[:120]}")
        body, content_type = _body(path)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


# A document handed to a person or read on screen (the companion booklet, the entitlement slip, the goal matrix, the
# subject-access report): PDF/UA-1 (ISO 14289-1). WeasyPrint then tags the content (headings, paragraphs, lists,
# tables with /Headers, figures with the alt text, reading order), sets /MarkInfo /Marked, /DisplayDocTitle, the
# catalog's /Lang from <html lang> and the /Title from <title>, and declares pdfuaid:part 1 in the XMP metadata;
# ewg.pdf_tags adds /Lang where the language changes and /Scope on header cells. What the tags cannot make up for
# stays the template's job: a <title> that names the document, <html lang>, a `lang` (and `dir`) on every part in
# another language, a `scope` on every <th>, alt text on every image.
ACCESSIBLE = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

# A document that is filed (a committee report): PDF/A-3b (fonts embedded, sRGB output intent, XMP metadata) and
# tagged (headings, paragraphs, tables, reading order, and ewg.pdf_tags' /Lang and /Scope) for screen readers.
# WeasyPrint writes one variant per document, so PDF/A and PDF/UA cannot be combined; for a filed document the
# archive standard wins. PDF/A-3a would promise a conformance the tags are not checked against, so "b" (visual
# appearance) is what is claimed, with the tags on top.
ARCHIVAL = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def layout(html: str, *, base_url: str = DEFAULT_BASE_URL, **options) -> Document:
    """Lay out and paginate an HTML document without writing it yet: the caller learns the page count and can report
    progress before `Document.write_pdf(**options)` (pass the same options to both, e.g. `**ARCHIVAL`: a PDF variant
    sets the output intent during layout already)."""
    fetcher = StaticFilesFetcher(base_url=base_url)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)


def render_pdf(html: str, *, base_url: str = DEFAULT_BASE_URL, **options) -> bytes:
    """Render an HTML document (a rendered template, values escaped) to PDF bytes.

    `base_url` need not be a real address: it only tells root-relative URLs which origin counts as our own.
    `options` go to WeasyPrint as they are (`pdf_variant`, `pdf_tags`, ...; see `ACCESSIBLE` and `ARCHIVAL`).
    """
    return layout(html, base_url=base_url, **options).write_pdf(**options)
