"""HTML, PDF and DOCX over HTTP: uploaded or put in the corpus, read into text, cited into
that text (with a PDF's page, an HTML page's URL and publication date), and refused with a
4xx that leaves the index and the corpus as they were."""

from __future__ import annotations

import httpx
import pytest

from rag.documents import parse_article
from rag.factory import build_pipeline
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests import formats
from tests.formats import QUESTIONS, TRAMS, formats_corpus


def settings_for(root, corpus) -> Settings:
    return Settings(_env_file=None, data_dir=root / "data", corpus_dir=corpus)  # type: ignore[call-arg]


@pytest.fixture
def empty_url(serve, tmp_path, corpus_copy, embedder):
    settings = settings_for(tmp_path, corpus_copy)
    pipeline = build_pipeline(settings, llm=ScriptedLLM(["x"]), embedder=embedder)
    assert pipeline.ingest().ok
    return serve(settings, pipeline=pipeline), pipeline, settings


UPLOADS = [
    ("water_report.pdf", formats.pdf, "pdf", "application/pdf"),
    ("harlow_release.docx", formats.docx, "docx", "application/vnd.openxmlformats"),
    ("kellbridge_trams.html", TRAMS.read_bytes, "html", "text/html"),
]


@pytest.mark.parametrize(("name", "make", "kind", "media"), UPLOADS)
def test_upload_each_format_then_read_search_and_download(empty_url, name, make, kind, media):
    url, _, settings = empty_url
    data = make()
    r = httpx.post(f"{url}/documents", files={"file": (name, data)}, timeout=60)
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == kind
    doc = httpx.get(f"{url}/documents/{name}").json()
    assert doc["text"] == parse_article(data, name).text  # the extracted text is the document
    assert doc["original"] == f"/documents/{name}/original"
    assert (doc["pages"] != []) == (kind == "pdf")
    if kind == "html":
        assert (
            doc["url"].startswith("https://www.kellbridgecourier.co.uk/") and doc["published"] == "2025-09-02"
        )
    original = httpx.get(f"{url}{doc['original']}")
    assert original.status_code == 200 and original.content == data
    assert original.headers["content-type"].startswith(media)
    hits = httpx.post(f"{url}/search", json={"question": doc["title"], "k": 20}).json()["results"]
    ours = [h for h in hits if h["source"] == name]
    assert ours and all(doc["text"][h["start"] : h["end"]] == h["text"] for h in ours)
    # The text it was cited on is kept beside the index, keyed by the original's hash.
    assert (settings.texts_path / f"{doc['content_hash']}.json").is_file()
    assert httpx.delete(f"{url}/documents/{name}").status_code == 204
    assert not (settings.texts_path / f"{doc['content_hash']}.json").exists()


@pytest.mark.parametrize(
    ("name", "make", "status", "message"),
    [
        ("secret.pdf", formats.encrypted_pdf, 422, "encrypted"),
        ("scan.pdf", formats.image_only_pdf, 422, "no text layer"),
        ("bomb.docx", formats.zip_bomb_docx, 422, "zip bomb"),
        ("menu.html", lambda: (formats.HTML / "no_main_text.html").read_bytes(), 422, "no main text"),
        ("notes.rtf", lambda: b"{\\rtf1 hello}", 415, "accepted file types"),
        ("huge.pdf", lambda: b"%PDF-1.4 " + b"0" * 20_000_001, 413, "larger than"),
    ],
)
def test_bad_files_get_a_4xx_and_leave_everything_as_it_was(
    empty_url, corpus_copy, name, make, status, message
):
    url, pipeline, settings = empty_url
    before_docs = httpx.get(f"{url}/documents").json()
    before_files = sorted(p.name for p in corpus_copy.iterdir())
    before_chunks = pipeline.store.chunk_count()
    r = httpx.post(f"{url}/documents", files={"file": (name, make())}, timeout=60)
    assert r.status_code == status, r.text
    assert message in r.json()["error"]["message"]
    assert httpx.get(f"{url}/documents").json() == before_docs
    assert sorted(p.name for p in corpus_copy.iterdir()) == before_files
    assert pipeline.store.chunk_count() == before_chunks
    assert not settings.texts_path.exists() or not any(settings.texts_path.iterdir())


@pytest.fixture(scope="module")
def formats_url(tmp_path_factory, embedder, llm):
    from api import create_app
    from tests.server import running

    root = tmp_path_factory.mktemp("formats")
    settings = settings_for(root, formats_corpus(root))
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    report = pipeline.ingest()
    assert report.ok and len(report.added) == 3, report.summary()
    with running(create_app(settings, pipeline=pipeline)) as url:
        yield url


@pytest.mark.llm
@pytest.mark.parametrize(("question", "source", "fact", "where"), QUESTIONS)
def test_questions_are_answered_from_each_format_with_verbatim_citations(
    formats_url, question, source, fact, where
):
    r = httpx.post(f"{formats_url}/ask", json={"question": question}, timeout=300)
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["abstained"], body
    assert fact in body["answer"]
    cited = [c for c in body["citations"] if c["source"] == source]
    assert cited, body["citations"]
    text = httpx.get(f"{formats_url}/documents/{source}").json()["text"]
    for c in body["citations"]:
        assert text[c["start"] : c["end"]] == c["quote"]
    assert any(fact in c["quote"] for c in cited)
    for key, value in where.items():
        assert all(c[key] == value for c in cited if fact in c["quote"]), cited


def test_a_publication_date_given_on_upload_is_kept_and_a_bad_one_refused(empty_url):
    url, pipeline, _ = empty_url
    note = b"Council notes\n\nThe council met and agreed the budget for the coming year in full."
    bad = httpx.post(f"{url}/documents", files={"file": ("note.txt", note)}, data={"published": "12/03/2026"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["error"]["message"]
    assert "note.txt" not in {d["source"] for d in httpx.get(f"{url}/documents").json()["documents"]}
    r = httpx.post(f"{url}/documents", files={"file": ("note.txt", note)}, data={"published": "2026-03-12"})
    assert r.status_code == 201 and r.json()["published"] == "2026-03-12"
    # Re-reading the corpus keeps it: the date belongs to the file, not to one upload request.
    pipeline.ingest()
    assert pipeline.store.documents()["note.txt"].published == "2026-03-12"
