"""ewg.pdf: PDFs render, and WeasyPrint reaches the app's static files and nothing else."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from ewg import pdf

PASSWD = "file:///etc/passwd"
REMOTE = "http://example.org/pixel.png"


@pytest.fixture
def decisions(monkeypatch):
    """Every URL the fetcher was asked for, with its decision (the local file, or None for refused)."""
    asked: list[tuple[str, object]] = []
    decide = pdf.static_file_for

    def spy(url, **kwargs):
        answer = decide(url, **kwargs)
        asked.append((url, answer))
        return answer

    monkeypatch.setattr(pdf, "static_file_for", spy)
    return asked


def test_a_document_renders():
    content = pdf.render_pdf("<html><body><h1>Grüße aus Rheine</h1></body></html>")
    assert content.startswith(b"%PDF")
    assert "Grüße aus Rheine" in PdfReader(BytesIO(content)).pages[0].extract_text()


def test_local_files_and_the_network_are_refused_and_the_document_still_renders(decisions):
    html = f"""<html><head><link rel="stylesheet" href="{REMOTE}.css"></head>
      <body><p>Text bleibt</p><img src="{PASSWD}"><img src="{REMOTE}"><img src="https://example.org/x.png"></body></html>"""
    content = pdf.render_pdf(html)
    assert "Text bleibt" in PdfReader(BytesIO(content)).pages[0].extract_text()
    answers = dict(decisions)
    assert PASSWD in answers, "the fetcher was never asked for the local file"
    assert answers[PASSWD] is None
    assert answers[REMOTE] is None
    assert answers[f"{REMOTE}.css"] is None
    assert answers["https://example.org/x.png"] is None
    assert b"root:" not in content


def test_static_files_are_served(decisions):
    html = '<html><head><link rel="stylesheet" href="/static/css/app.css"></head><body><p>x</p></body></html>'
    pdf.render_pdf(html)
    served = [(url, path) for url, path in decisions if url.endswith("/static/css/app.css")]
    assert len(served) == 1
    url, path = served[0]
    assert url == f"{pdf.DEFAULT_BASE_URL}static/css/app.css"
    assert path is not None
    assert path.name == "app.css"
    assert path.is_file()


def test_the_fetcher_raises_for_a_refused_url_and_answers_a_static_one():
    fetcher = pdf.StaticFilesFetcher()
    with pytest.raises(pdf.ResourceRefused):
        fetcher.fetch(PASSWD)
    response = fetcher.fetch(f"{pdf.DEFAULT_BASE_URL}static/css/app.css")
    assert response.content_type == "text/css"
    assert response.read()


@pytest.mark.parametrize(
    "url",
    [
        PASSWD,
        "file:///work/main/static/css/app.css",  # a static file, but not by its URL
        REMOTE,
        "https://example.org/static/css/app.css",  # the right path on another host
        "http://pdf.invalid/static/css/app.css",  # the right host on another scheme
        "https://pdf.invalid/etc/passwd",
        "https://pdf.invalid/static/../../etc/passwd",
        "https://pdf.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://pdf.invalid/static/css/..%2f..%2f..%2fetc/passwd",
        "https://pdf.invalid/static//etc/passwd",
        "https://pdf.invalid/static/css%5c..%5c..%5capp.css",
        "https://pdf.invalid/static/",
        "https://pdf.invalid/static/does-not-exist.css",
        "data:text/css,body{color:red}",
        "ftp://pdf.invalid/static/css/app.css",
    ],
)
def test_the_decision_refuses(url):
    assert pdf.static_file_for(url) is None


def test_the_origin_follows_the_base_url():
    assert pdf.static_file_for("https://ewg.example/static/css/app.css", base_url="https://ewg.example/") is not None
    assert pdf.static_file_for("https://pdf.invalid/static/css/app.css", base_url="https://ewg.example/") is None


def test_vendored_woff2_fonts_are_served_decompressed_once():
    url = pdf.DEFAULT_BASE_URL + "static/vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2"
    packed = pdf.static_file_for(url).read_bytes()
    assert packed[:4] == b"wOF2"
    response = pdf.StaticFilesFetcher().fetch(url)
    body = response.read()
    assert body[:4] in (b"\x00\x01\x00\x00", b"OTTO")  # plain OpenType: nothing left for WeasyPrint to unpack
    assert len(body) > len(packed)
    before = pdf._decompressed_font.cache_info().hits
    pdf.StaticFilesFetcher().fetch(url)
    assert pdf._decompressed_font.cache_info().hits == before + 1
