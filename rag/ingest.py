"""Ingestion: read, chunk, embed and commit documents one at a time.

Per document the order is: write the new chunks (ids carry the content hash, so they
never overwrite the live ones), commit the manifest record (the one-row switch that
makes them visible), delete the chunks of other versions, bump the generation. A
crash at any point leaves either the old or the new version visible, never a mix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rag.chunking import chunk_article
from rag.documents import SUPPORTED_SUFFIXES, Article, ArticleError, read_article
from rag.embeddings import Embedder
from rag.store import DocumentRecord, StoredChunk, VectorStore

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"removed {len(self.removed)}, failed {len(self.failed)} ({self.chunks} chunks written)"
        )


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files and folders, sorted; hidden files skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith("."))
        else:
            files.append(path)
    return files


class Ingestor:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        chunk_size: int,
        chunk_overlap: int,
        batch_documents: int = 16,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.batch_documents = batch_documents

    def ingest_paths(
        self, paths: Iterable[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        report = IngestReport()
        files = collect_files(paths)
        known = self.store.documents()
        batch: list[tuple[Article, bool]] = []  # (article, replaces a previous version)

        def flush() -> None:
            for article, replaced in batch:
                (report.updated if replaced else report.added).append(article.source)
            report.chunks += self.ingest_articles([a for a, _ in batch])
            batch.clear()

        for path in files:
            if progress:
                progress(path.name)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.failed.append((path.name, f"{path.name}: not a .txt or .md article"))
                continue
            try:
                article = read_article(path)
            except ArticleError as exc:
                report.failed.append((path.name, str(exc)))
                continue
            previous = known.get(article.source)
            if previous and previous.content_hash == article.content_hash:
                report.unchanged.append(article.source)
                continue
            batch.append((article, previous is not None))
            if len(batch) >= self.batch_documents:
                flush()
        flush()
        if prune:
            present = {p.name for p in files}
            for source in sorted(set(known) - present):
                self.remove(source)
                report.removed.append(source)
        return report

    def ingest_article(self, article: Article) -> int:
        return self.ingest_articles([article])

    def ingest_articles(self, articles: list[Article]) -> int:
        """Embed the articles' chunks in one batch (the encoder is fastest on large batches),
        then commit each document on its own, so a crash loses at most the uncommitted ones."""
        if not articles:
            return 0
        chunked = [(a, chunk_article(a, self.chunk_size, self.chunk_overlap)) for a in articles]
        # The headline goes into the vector so a chunk keeps its article's context.
        vectors = self.embedder.embed([f"{a.title}\n{c.text}" for a, chunks in chunked for c in chunks])
        offset = written = 0
        for article, chunks in chunked:
            key = article.content_hash[:16]
            stored = [
                StoredChunk(
                    id=f"{article.source}::{key}::{c.index}",
                    text=c.text,
                    source=article.source,
                    title=article.title,
                    start=c.start,
                    end=c.end,
                    doc_hash=article.content_hash,
                )
                for c in chunks
            ]
            self.store.add_chunks(stored, vectors[offset : offset + len(stored)])
            offset += len(stored)
            self.store.put_document(
                DocumentRecord(
                    source=article.source,
                    title=article.title,
                    content_hash=article.content_hash,
                    chunks=len(stored),
                    ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    date=article.date,
                    dates=article.dates,
                )
            )
            self.store.delete_chunks(article.source, keep_hash=article.content_hash)
            self.store.bump_generation()
            written += len(stored)
        return written

    def remove(self, source: str) -> bool:
        if source not in self.store.documents():
            return False
        self.store.delete_document(source)  # invisible from here on
        self.store.delete_chunks(source)
        self.store.bump_generation()
        return True
