"""Ingestion: read, chunk, embed and commit documents in batches.

Per batch the order is: write the new chunks (ids carry the content hash and the
processing key, so they never overwrite the live ones), commit the manifest records and a new generation
token in one write (the switch that makes them visible), then delete the chunks of
replaced versions. A crash at any point leaves each document in its old or its new
version, never a mix; at most the batch in flight is lost, and a re-run redoes it.

A document is read again when its bytes, its given publication date or the processing
key changed. The key fingerprints the code and settings that turn a file into stored
chunks (reading and cleaning, dates, sentences, chunking, the embedder): after an
upgrade that cleans or chunks otherwise, an index built by the old code is rebuilt on
the next ingest instead of serving the old chunks for ever.

Writing batch N to the store overlaps encoding batch N+1: the encoder is the
bottleneck, and the store write would otherwise sit on the critical path.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from rag import chunking, documents, readers, sentences
from rag.chunking import chunk_article
from rag.documents import SUPPORTED_SUFFIXES, Article, ArticleError, read_article
from rag.embeddings import Embedder
from rag.readers import store_extracted, stored_path
from rag.store import DocumentRecord, StoredChunk, VectorStore

Progress = Callable[[str], None]
Vectors = NDArray[np.float32]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    chunks: int = 0
    # Of ``updated``: the files whose bytes and date had not changed, read again because the
    # cleaning, chunking or embedder did (its processing key), so a user is not left guessing.
    reprocessed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line for the CLI.

        >>> print(IngestReport(updated=["a.txt", "b.txt"], reprocessed=["a.txt"]).summary())
        ... # doctest: +NORMALIZE_WHITESPACE
        added 0, updated 2 (1 unchanged but re-read: the cleaning, chunking or embedder
        changed), unchanged 0, removed 0, failed 0 (0 chunks written)
        """
        why = (
            f" ({len(self.reprocessed)} unchanged but re-read: the cleaning, chunking or embedder changed)"
            if self.reprocessed
            else ""
        )
        return (
            f"added {len(self.added)}, updated {len(self.updated)}{why}, unchanged {len(self.unchanged)}, "
            f"removed {len(self.removed)}, failed {len(self.failed)} ({self.chunks} chunks written)"
        )


def processing_key(chunk_size: int, chunk_overlap: int, embedder: str) -> str:
    """A short fingerprint of what turns a file into stored chunks: the source of the modules
    that read, clean, date, split and chunk it, the chunk settings and the embedder's name.

    Hashing the code rather than keeping a version number by hand: a number is forgotten,
    and an index built by older cleaning then keeps its old chunks (it happened once).
    The price is a re-ingest after any edit to those modules, which is what an upgrade is.
    """
    digest = hashlib.sha256(f"{chunk_size}:{chunk_overlap}:{embedder}".encode())
    for module in (readers, documents, sentences, chunking):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files and folders, sorted; hidden files skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith("."))
        else:
            files.append(path)
    return files


def _read(path: Path) -> Article | str:
    """The parsed article, or why it cannot be ingested."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"{path.name}: unsupported file type (accepted: {', '.join(SUPPORTED_SUFFIXES)})"
    try:
        return read_article(path)
    except ArticleError as exc:
        return str(exc)


def _read_ahead(files: list[Path], depth: int) -> Iterator[tuple[Path, Article | str]]:
    """Parse files in a thread, at most ``depth`` ahead of the consumer: sentence
    splitting (pysbd) then overlaps encoding, which releases the GIL."""
    results: queue.Queue[tuple[Path, Article | str] | BaseException | None] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[Path, Article | str] | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for path in files:
                if not put((path, _read(path))):
                    return
            put(None)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    reader = threading.Thread(target=work, name="ingest-read", daemon=True)
    reader.start()
    try:
        while (item := results.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the consumer stopped early (error, interrupt): let the reader go


class Ingestor:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        chunk_size: int,
        chunk_overlap: int,
        batch_documents: int = 128,
        texts_dir: Path | None = None,
        dates_file: Path | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.batch_documents = batch_documents
        self.texts_dir = texts_dir  # where extracted texts (HTML, PDF, DOCX) are kept
        self.dates_file = dates_file  # publication dates given on upload, by file name
        self.processing = processing_key(chunk_size, chunk_overlap, embedder.name)

    def given_dates(self) -> dict[str, str]:
        """Publication dates given explicitly (on upload): they outrank what the file states."""
        if self.dates_file is None or not self.dates_file.is_file():
            return {}
        try:
            found = json.loads(self.dates_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def give_date(self, source: str, published: str | None) -> None:
        """Remember (or, with None, forget) the publication date given for ``source``."""
        if self.dates_file is None:
            return
        dates = self.given_dates()
        if published is None:
            dates.pop(source, None)
        else:
            dates[source] = published
        self.dates_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.dates_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(dates, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.dates_file)

    def dated(self, article: Article, given_dates: dict[str, str] | None = None) -> Article:
        """The article with the publication date given for it, if one was."""
        given = (self.given_dates() if given_dates is None else given_dates).get(article.source)
        return replace(article, published=given) if given else article

    def ingest_paths(
        self, paths: Iterable[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        report = IngestReport()
        files = collect_files(paths)
        known = self.store.documents()
        given_dates = self.given_dates()  # read once per ingest, not once per file
        reprocessing: set[str] = set()  # same bytes and date, another processing key
        batch: list[Article] = []
        pending: Future[None] | None = None

        def wait() -> None:
            nonlocal pending
            if pending is not None:
                done, pending = pending, None
                done.result()  # a failed write stops the ingest here, with its own error

        def commit(articles: list[Article], stored: list[list[StoredChunk]], vectors: Vectors) -> None:
            self._commit(articles, stored, vectors, replaced={a.source for a in articles} & set(known))
            for a, chunks in zip(articles, stored, strict=True):
                (report.updated if a.source in known else report.added).append(a.source)
                if a.source in reprocessing:
                    report.reprocessed.append(a.source)
                report.chunks += len(chunks)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write") as writer:

            def flush() -> None:
                nonlocal pending
                if not batch:
                    return
                articles = list(batch)
                batch.clear()
                stored, vectors = self._prepare(articles)  # overlaps the previous batch's write
                wait()
                pending = writer.submit(commit, articles, stored, vectors)

            try:
                for path, item in _read_ahead(files, depth=2 * self.batch_documents):
                    if progress:
                        progress(path.name)
                    if isinstance(item, str):
                        report.failed.append((path.name, item))
                        continue
                    item = self.dated(item, given_dates)
                    previous = known.get(item.source)
                    if (
                        previous is not None
                        and previous.content_hash == item.content_hash
                        and previous.published == item.published
                    ):
                        if previous.processing == self.processing:
                            report.unchanged.append(item.source)
                            continue
                        reprocessing.add(item.source)
                    batch.append(item)
                    if len(batch) >= self.batch_documents:
                        flush()
                flush()
            finally:
                # Let the write in flight finish (or fail) before anything else touches the store.
                wait()
        if prune:
            present = {p.name for p in files}
            for source in sorted(set(known) - present):
                self.remove(source)
                report.removed.append(source)
        return report

    def ingest_article(self, article: Article) -> int:
        article = self.dated(article)
        known = self.store.documents()
        stored, vectors = self._prepare([article])
        self._commit([article], stored, vectors, replaced={article.source} & set(known))
        return len(stored[0])

    def _prepare(self, articles: list[Article]) -> tuple[list[list[StoredChunk]], NDArray[np.float32]]:
        """Chunk and embed in one encoder call (it is fastest on large batches)."""
        stored: list[list[StoredChunk]] = []
        texts: list[str] = []
        for article in articles:
            key = f"{article.content_hash[:16]}::{self.processing}"
            version = DocumentRecord.version_of(article.content_hash, self.processing)
            chunks = chunk_article(article, self.chunk_size, self.chunk_overlap)
            stored.append(
                [
                    StoredChunk(
                        id=f"{article.source}::{key}::{c.index}",
                        text=c.text,
                        source=article.source,
                        title=article.title,
                        start=c.start,
                        end=c.end,
                        doc_hash=version,
                    )
                    for c in chunks
                ]
            )
            # The headline goes into the vector so a chunk keeps its article's context.
            texts += [f"{article.title}\n{c.text}" for c in chunks]
        return stored, self.embedder.embed(texts)

    def _commit(
        self,
        articles: list[Article],
        stored: list[list[StoredChunk]],
        vectors: NDArray[np.float32],
        replaced: set[str],
    ) -> None:
        if self.texts_dir is not None:
            # Keyed by the original's hash: an old version's text stays until its chunks go.
            for a in articles:
                if a.kind != "text":
                    store_extracted(self.texts_dir, a.content_hash, a.extracted)
        self.store.add_chunks([c for chunks in stored for c in chunks], vectors)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.store.put_documents(
            [
                DocumentRecord(
                    source=a.source,
                    title=a.title,
                    content_hash=a.content_hash,
                    chunks=len(chunks),
                    ingested_at=now,
                    date=a.date,
                    dates=a.dates,
                    kind=a.kind,
                    url=a.url,
                    published=a.published,
                    processing=self.processing,
                )
                for a, chunks in zip(articles, stored, strict=True)
            ]
        )
        for a in articles:
            if a.source in replaced:  # a new document has no other version to clean up
                self.store.delete_chunks(
                    a.source, keep_hash=DocumentRecord.version_of(a.content_hash, self.processing)
                )

    def remove(self, source: str) -> bool:
        docs = self.store.documents()
        if source not in docs:
            return False
        self.store.delete_document(source)  # invisible from here on
        self.store.delete_chunks(source)
        self.store.bump_generation()
        digest = docs[source].content_hash
        if source in self.given_dates():
            self.give_date(source, None)
        shared = any(d.content_hash == digest for s, d in docs.items() if s != source)
        if self.texts_dir is not None and not shared:
            stored_path(self.texts_dir, digest).unlink(missing_ok=True)
        return True
