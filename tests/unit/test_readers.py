"""Readers for HTML, PDF and DOCX: the canonical text, its pages and metadata, and the bad
inputs refused with a message that says what is wrong."""

from __future__ import annotations

import json

import pytest

from rag.chunking import chunk_article
from rag.documents import parse_article
from rag.readers import PAGE_BREAK, ArticleError, extract, read_extracted, store_extracted
from tests import formats


def test_pdf_text_keeps_paragraphs_and_pages():
    article = parse_article(formats.pdf(), "water_report.pdf")
    assert article.kind == "pdf" and article.title == "Valdern Water Authority: Annual Report 2025"
    assert article.text.count(PAGE_BREAK) == 2  # three pages
    # Printed lines are joined back into sentences: a sentence cut at a line end is whole again.
    source = (formats.DATA / "water_report.txt").read_text(encoding="utf-8")
    for para in formats.paragraphs(source.replace("=PAGE=", "\n\n")):
        assert para in article.text
    pages = {p: article.extracted.page_of(article.text.index(p)) for p in ("412,000", "91 million", "99.94")}
    assert pages == {"412,000": 1, "91 million": 2, "99.94": 3}
    assert article.extracted.page_starts() == [0, *(i + 1 for i, c in enumerate(article.text) if c == "\f")]


def test_no_chunk_crosses_a_page_break():
    article = parse_article(formats.pdf(), "water_report.pdf")
    chunks = chunk_article(article, size=2000, overlap=200)
    assert len(chunks) >= 3
    assert all(PAGE_BREAK not in c.text and article.text[c.start : c.end] == c.text for c in chunks)


def test_docx_paragraphs_and_title():
    article = parse_article(formats.docx(), "release.docx")
    assert article.kind == "docx" and article.title == "Harlow University opens flood research centre"
    assert "The Centre for River Resilience is led by Professor Aiko Brandt" in article.text
    assert "“We want to give councils evidence" not in article.text  # the source uses straight quotes
    assert '"We want to give councils evidence they can act on' in article.text


HTML = b"""<html><head><title>Trams | City News</title>
<link rel="canonical" href="https://news.example/trams-extension">
<meta property="article:published_time" content="2025-06-03T08:00:00Z"></head>
<body><nav><a href="/">Home</a><a href="/city">City</a><a href="/sport">Sport</a></nav>
<article><h1>Council approves tram extension to Eastfield</h1>
<p>The city council voted 31 to 9 on Monday to extend the number 4 tram line by 3.2 kilometres
to Eastfield.</p>
<figure><img src="x.jpg"><figcaption>A tram at the Market Square stop. (Photo: City News)
</figcaption></figure>
<p>Work will begin in March 2026 and the first trams are due to run in late 2027, transport chief
Ines Moreau said.</p>
</article><aside><h2>Related stories</h2><ul><li><a href="/a">Bus fares to rise</a></li></ul></aside>
<footer>Privacy policy | Terms | Contact us</footer></body></html>"""


def test_html_main_text_url_and_publication_date():
    article = parse_article(HTML, "trams.html")
    assert article.kind == "html"
    assert article.title == "Council approves tram extension to Eastfield"
    assert article.url == "https://news.example/trams-extension"
    assert article.published == "2025-06-03"
    assert "voted 31 to 9 on Monday" in article.text and "first trams are due to run" in article.text
    for furniture in ("Related stories", "Privacy policy", "Sport", "Market Square stop"):
        assert furniture not in article.text


def test_html_without_a_date_in_its_metadata_is_undated():
    page = HTML.replace(b'<meta property="article:published_time" content="2025-06-03T08:00:00Z">', b"")
    assert parse_article(page, "trams.html").published is None  # not guessed from "March 2026"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("secret.pdf", formats.encrypted_pdf, "encrypted"),
        ("scan.pdf", formats.image_only_pdf, "no text layer"),
        ("broken.pdf", lambda: b"%PDF-1.4\nnot really", "not a readable PDF"),
        ("bomb.docx", formats.zip_bomb_docx, "zip bomb"),
        ("notes.docx", lambda: b"PK\x03\x04 truncated", "not a DOCX"),
        ("plain.docx", lambda: b"just text", "not a DOCX"),
        ("menu.html", lambda: (formats.HTML / "no_main_text.html").read_bytes(), "no main text"),
        ("notes.rtf", lambda: b"{\\rtf1 hello}", "unsupported file type"),
        ("empty.pdf", lambda: b"  ", "empty"),
    ],
)
def test_bad_files_are_refused_with_the_reason(name, data, message):
    with pytest.raises(ArticleError, match=message) as err:
        parse_article(data(), name)
    assert str(err.value).startswith(name)


def test_stored_text_is_what_citations_keep_indexing(tmp_path):
    data = formats.docx()
    article = parse_article(data, "release.docx")
    store_extracted(tmp_path, article.content_hash, article.extracted)
    stored = json.loads((tmp_path / f"{article.content_hash}.json").read_text(encoding="utf-8"))
    stored["text"] = stored["text"].replace("Harlow", "HARLOW")  # as if a reader library had changed
    (tmp_path / f"{article.content_hash}.json").write_text(json.dumps(stored), encoding="utf-8")
    assert read_extracted(data, "release.docx", tmp_path).text.startswith("HARLOW")
    assert read_extracted(data, "release.docx").text == extract(data, "release.docx").text
