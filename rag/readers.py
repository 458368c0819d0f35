"""Readers: the canonical text of a file, whatever its format.

A ``.txt`` or ``.md`` article is its own canonical text. An HTML page, a PDF or a DOCX is
read once into plain text, one paragraph per line; that text becomes the document: it is
stored beside the index, citations index into it (``text[start:end] == quote``), and the
original file is kept for download. Every format then goes through the same cleaning,
date finding and chunking (``rag.documents``).

- HTML: trafilatura, a main-text extractor made for news pages (chosen by measurement, see
  the README), with the page's canonical URL and publication date from its metadata only.
- PDF: pypdf, pages joined by a form feed, so a citation's page is the number of form feeds
  before it, plus one. A PDF without a text layer is refused, not guessed at.
- DOCX: python-docx, after the archive's declared sizes are checked (a zip bomb is refused
  before anything is inflated).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import Any

PLAIN = (".txt", ".md")
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
SUPPORTED_SUFFIXES = tuple(FORMATS)
PAGE_BREAK = "\f"
# A DOCX is a zip of XML; real ones inflate to a few MB. Past these, it is refused unread.
_DOCX_MAX_INFLATED = 64_000_000
_DOCX_MAX_RATIO = 200
_MIN_SENTENCE_WORDS = 6


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message names the file."""


@dataclass(frozen=True)
class Extracted:
    """A document's canonical text and what its file says about it."""

    text: str
    kind: str = "text"  # text | html | pdf | docx
    url: str | None = None  # HTML: the canonical URL the page declares
    published: str | None = None  # ISO date from the page's metadata; None: undated

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of a character offset, for paginated formats.

        >>> Extracted("one\\n\\f\\ntwo", kind="pdf").page_of(6)
        2
        """
        return self.text.count(PAGE_BREAK, 0, offset) + 1 if self.kind == "pdf" else None

    def page_starts(self) -> list[int]:
        """Offsets where each page begins (PDF only)."""
        if self.kind != "pdf":
            return []
        return [0, *(m.end() for m in re.finditer(PAGE_BREAK, self.text))]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def kind_of(source: str) -> str | None:
    return FORMATS.get(PurePath(source).suffix.lower())


def extract(data: bytes, source: str) -> Extracted:
    """The canonical text of ``data``, read by the reader for ``source``'s suffix."""
    kind = kind_of(source)
    if kind is None:
        allowed = ", ".join(SUPPORTED_SUFFIXES)
        raise ArticleError(f"{source}: unsupported file type (accepted: {allowed})")
    if not data.strip():
        raise ArticleError(f"{source}: file is empty")
    if kind == "text":
        return Extracted(decode_text(data, source))
    reader = {"html": _html, "pdf": _pdf, "docx": _docx}[kind]
    extracted = reader(data, source)
    if not extracted.text.strip():
        raise ArticleError(f"{source}: no text could be extracted")
    return extracted


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text of a plain article, or an ``ArticleError`` that says why not."""
    if b"\x00" in data:
        raise ArticleError(f"{source}: looks like a binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{source}: not valid UTF-8 (byte {exc.start})") from exc
    if text.startswith("\ufeff"):
        # Offsets must index the file as people open it; a BOM is not part of the text.
        raise ArticleError(f"{source}: starts with a byte-order mark; save it as plain UTF-8")
    return text


def _paragraphs(lines: list[str]) -> str:
    """One paragraph per line, blank-line separated, inner whitespace collapsed."""
    kept = [re.sub(r"\s+", " ", line).strip() for line in lines]
    return "\n\n".join(line for line in kept if line)


# --- HTML -------------------------------------------------------------------------------------
def _html(data: bytes, source: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        # Publication date from the page's own markup only: no guessing from the text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found: dict[str, Any] = doc.as_dict() if doc is not None and not isinstance(doc, dict) else doc or {}
    body = str(found.get("text") or "")
    # What is left of a page without a story is a cookie notice or a login prompt: a story
    # has at least two full sentences.
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+", body) if len(s.split()) >= _MIN_SENTENCE_WORDS]
    if len(sentences) < 2:
        raise ArticleError(f"{source}: no main text found in the HTML page (only navigation or furniture)")
    lines = body.splitlines()
    title = re.sub(r"\s+", " ", str(found.get("title") or "")).strip()
    if title and (not lines or re.sub(r"\s+", " ", lines[0]).strip() != title):
        lines.insert(0, title)  # the headline leads the document, as in a text article
    url = str(found.get("url") or "") or None
    published = str(found.get("date") or "") or None
    return Extracted(_paragraphs(lines), "html", url=url, published=published)


# --- PDF --------------------------------------------------------------------------------------
def _pdf(data: bytes, source: str) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ArticleError(f"{source}: the PDF is encrypted; upload a copy without a password")
        pages = [_page_text(page) for page in reader.pages]
    except ArticleError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ArticleError(f"{source}: the PDF is encrypted; upload a copy without a password") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ArticleError(f"{source}: not a readable PDF ({exc})") from exc
    if not any(p.strip() for p in pages):
        raise ArticleError(
            f"{source}: the PDF has no text layer (scanned or image-only); run OCR on it first"
        )
    return Extracted(f"\n{PAGE_BREAK}\n".join(_reflow(p) for p in pages), "pdf")


def _page_text(page: Any) -> str:
    """Layout mode keeps the blank line between paragraphs; a page set in columns (wide runs
    of spaces inside lines) is read in content order instead, so columns are not interleaved."""
    laid_out = page.extract_text(extraction_mode="layout") or ""
    if re.search(r"\S {6,}\S", laid_out):
        return str(page.extract_text() or "")
    return str(laid_out)


def _reflow(page: str) -> str:
    """A PDF page's lines joined into paragraphs.

    PDF text comes as printed lines; a sentence cut at a line end would be split in two
    for chunking and checking, so a line is joined to the next unless it ends a paragraph:
    a blank line follows, or it is clearly shorter than the page's full lines.

    >>> _reflow("Council backs tram\\nThe council voted on Monday to extend the\\nline by 4 km.")
    'Council backs tram\\n\\nThe council voted on Monday to extend the line by 4 km.'
    """
    lines = [line.strip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = f"{current} {line}" if current else line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        ends = len(line) < 0.75 * width and (line[-1] in ".!?:”\"'’" or not nxt[:1].islower())
        if ends:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return _paragraphs(paragraphs)


# --- DOCX -------------------------------------------------------------------------------------
def _docx(data: bytes, source: str) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ArticleError(f"{source}: not a DOCX file (not a zip archive)") from exc
    with archive:
        infos = archive.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise ArticleError(f"{source}: not a DOCX file (no word/document.xml)")
        inflated = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if inflated > _DOCX_MAX_INFLATED or (inflated > 1_000_000 and inflated / packed > _DOCX_MAX_RATIO):
            raise ArticleError(
                f"{source}: the DOCX would inflate to {inflated:,} bytes from {packed:,}; "
                "refused as a possible zip bomb"
            )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed parts
        raise ArticleError(f"{source}: not a readable DOCX ({type(exc).__name__})") from exc
    return Extracted(_paragraphs([p.text for p in document.paragraphs]), "docx")


# --- the stored canonical text ------------------------------------------------------------------
def stored_path(texts_dir: Path, content_hash: str) -> Path:
    return texts_dir / f"{content_hash}.json"


def store_extracted(texts_dir: Path, content_hash: str, extracted: Extracted) -> None:
    """Keep an extracted text beside the index, keyed by the original's hash: citations
    keep indexing the text they were made on even if a reader library changes its output."""
    texts_dir.mkdir(parents=True, exist_ok=True)
    target = stored_path(texts_dir, content_hash)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(extracted.as_dict(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)  # atomic: a reader never sees half a file


def load_extracted(texts_dir: Path | None, content_hash: str) -> Extracted | None:
    if texts_dir is None:
        return None
    try:
        raw = json.loads(stored_path(texts_dir, content_hash).read_text(encoding="utf-8"))
        return Extracted(**raw)
    except (OSError, ValueError, TypeError):
        return None


def read_extracted(data: bytes, source: str, texts_dir: Path | None = None) -> Extracted:
    """A file's canonical text: as stored at ingest when it was, else extracted now."""
    if kind_of(source) != "text":
        stored = load_extracted(texts_dir, hashlib.sha256(data).hexdigest())
        if stored is not None:
            return stored
    return extract(data, source)
