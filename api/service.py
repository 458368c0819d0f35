"""The service behind the routes: owns the pipeline, runs blocking work off the event loop."""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Generator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from anyio import to_thread

from rag.answer import Answer
from rag.documents import SUPPORTED_SUFFIXES, ArticleError, content_hash, parse_article
from rag.embeddings import SentenceTransformerEmbedder
from rag.factory import Pipeline, build_pipeline
from rag.llm import LLM, LLMBusy, LLMTimeout, LLMUnavailable, create_llm
from rag.readers import Extracted
from rag.settings import Settings
from rag.store import DocumentRecord, StoreUnavailable

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


class ServiceError(Exception):
    """An error with an HTTP status and a machine-readable code."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def backend_error(exc: LLMUnavailable | StoreUnavailable) -> ServiceError:
    """What a backend failure means to the client: wait and retry, or the service is down."""
    if isinstance(exc, LLMBusy):
        return ServiceError(503, "llm_busy", str(exc), {"Retry-After": "30"})
    if isinstance(exc, LLMTimeout):
        return ServiceError(504, "llm_timeout", str(exc))
    if isinstance(exc, LLMUnavailable):
        return ServiceError(503, "llm_unavailable", str(exc))
    return ServiceError(503, "store_unavailable", str(exc))


def not_found(source: str) -> ServiceError:
    return ServiceError(404, "document_not_found", f"no document named {source!r} is indexed")


class RagService:
    """Builds the pipeline on first use, so the app starts (and /health answers) when a backend is down."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None, llm: LLM | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._llm = llm
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one upload/delete at a time: manifest updates stay ordered

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    try:
                        self._pipeline = build_pipeline(self.settings, llm=self._llm)
                    except StoreUnavailable as exc:
                        raise backend_error(exc) from exc
        return self._pipeline

    # --- asking ------------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        q = question.strip()
        if not q:
            raise ServiceError(422, "invalid_request", "question: must not be empty")
        if len(q) > self.settings.max_question_chars:
            raise ServiceError(
                422, "invalid_request", f"question: longer than {self.settings.max_question_chars} characters"
            )
        return q

    def _check_sources(self, sources: list[str] | None) -> list[str] | None:
        if not sources:
            return None
        known = self.pipeline.retriever.documents()
        unknown = [s for s in sources if s not in known]
        if unknown:
            raise ServiceError(404, "document_not_found", f"unknown sources: {', '.join(unknown)}")
        return sources

    async def open_stream(
        self,
        question: str,
        top_k: int | None = None,
        sources: list[str] | None = None,
        history: list[dict[str, str]] | None = None,
    ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Validate now (errors become plain 4xx/503 responses), then stream the pipeline's events."""
        question = self._check_question(question)
        answerer = await self.run(lambda: self.pipeline.answerer)
        sources = await self.run(lambda: self._check_sources(sources))

        def events() -> Generator[tuple[str, dict[str, Any]]]:
            standalone = answerer.standalone(question, history) if history else question
            if history:
                yield "question", {"standalone_question": standalone}
            yield from answerer.stream(standalone, top_k, sources)

        return self._pull(events())

    async def _pull(
        self, events: Generator[tuple[str, dict[str, Any]]]
    ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Each event is pulled in a worker thread so the event loop stays free."""
        sentinel = object()
        try:
            while True:
                item = await to_thread.run_sync(_next_or, events, sentinel)
                if item is sentinel:
                    return
                yield item
        except (LLMUnavailable, StoreUnavailable) as exc:
            raise backend_error(exc) from exc
        finally:
            # A client that goes away must not keep the model's lock.
            await to_thread.run_sync(events.close)

    async def ask(
        self,
        question: str,
        top_k: int | None = None,
        sources: list[str] | None = None,
        history: list[dict[str, str]] | None = None,
    ) -> tuple[Answer, str]:
        final: Answer | None = None
        standalone = question.strip()
        async for name, payload in await self.open_stream(question, top_k, sources, history):
            if name == "question":
                standalone = payload["standalone_question"]
            elif name == "done":
                final = payload["answer"]
        assert final is not None
        return final, standalone

    async def search(self, question: str, k: int) -> list[Any]:
        question = self._check_question(question)
        return list(await self.run(lambda: self.pipeline.search(question, k)))

    # --- documents ---------------------------------------------------------------
    async def list_documents(self) -> list[DocumentRecord]:
        docs = await self.run(lambda: self.pipeline.retriever.documents())
        return sorted(docs.values(), key=lambda d: d.source)

    async def get_document(self, source: str) -> tuple[DocumentRecord, Extracted]:
        """The record and the canonical text that its citations index."""
        docs = await self.run(lambda: self.pipeline.retriever.documents())
        record = docs.get(source)
        if record is None or not _SAFE_NAME.match(source):
            raise not_found(source)
        found = await self.run(lambda: self.pipeline.texts.details(source))
        if found is None:
            raise not_found(source)
        return record, found

    async def original(self, source: str) -> Path:
        """The original file as it was ingested (a PDF, a saved page, a DOCX or a text)."""
        docs = await self.run(lambda: self.pipeline.retriever.documents())
        path = self.settings.corpus_dir / source
        if source not in docs or not _SAFE_NAME.match(source) or not path.is_file():
            raise not_found(source)
        return path

    async def upload(
        self, filename: str, data: bytes, published: str | None = None
    ) -> tuple[DocumentRecord, bool]:
        """Validate, write into the corpus folder and ingest. Returns (record, replaced).
        ``published`` (ISO date) outranks a date the file states."""
        name = filename.strip()
        if "/" in name or "\\" in name or ".." in name:
            raise ServiceError(
                422, "invalid_file_name", "file name must be a plain name, without a path or '..'"
            )
        if not _SAFE_NAME.match(name):
            raise ServiceError(422, "invalid_file_name", "file name must be letters, digits, '.', '_' or '-'")
        if not name.lower().endswith(SUPPORTED_SUFFIXES):
            raise ServiceError(
                415, "unsupported_file_type", f"accepted file types: {', '.join(SUPPORTED_SUFFIXES)}"
            )
        if len(data) > self.settings.max_upload_bytes:
            raise ServiceError(
                413, "file_too_large", f"file is larger than {self.settings.max_upload_bytes} bytes"
            )

        if published is not None:
            try:
                published = date.fromisoformat(published.strip()).isoformat()
            except ValueError as exc:
                raise ServiceError(
                    422, "invalid_published", f"published: {published!r} is not a date (YYYY-MM-DD)"
                ) from exc

        def work() -> tuple[DocumentRecord, bool]:
            try:  # a PDF's or page's extraction takes time: off the event loop
                article = parse_article(data, name)
            except ArticleError as exc:
                raise ServiceError(422, "invalid_article", str(exc)) from exc
            return self._store_upload(name, data, article, published)

        return await self.run(work)

    def _store_upload(
        self, name: str, data: bytes, article: Any, published: str | None
    ) -> tuple[DocumentRecord, bool]:
        with self._write_lock:
            docs = self.pipeline.store.documents()
            digest = content_hash(data)
            twin = next((d for d in docs.values() if d.content_hash == digest), None)
            if twin is not None:
                detail = "is already indexed" if twin.source == name else f"duplicates {twin.source!r}"
                raise ServiceError(409, "duplicate_content", f"{name}: this content {detail}")
            corpus = self.settings.corpus_dir
            corpus.mkdir(parents=True, exist_ok=True)
            target = corpus / name
            tmp = corpus / f".{name}.upload"
            tmp.write_bytes(data)
            ingestor = self.pipeline.ingestor
            given_before = ingestor.given_dates().get(name)
            # A date given with this upload holds for this file; one given before is forgotten.
            ingestor.give_date(name, published)
            try:
                ingestor.ingest_article(article)
            except BaseException:
                tmp.unlink(missing_ok=True)  # a failed ingest leaves the index and the corpus as they were
                ingestor.give_date(name, given_before)
                raise
            tmp.replace(target)  # atomic: a reader never sees half a file
            return self.pipeline.store.documents()[name], name in docs

    async def delete(self, source: str) -> None:
        def work() -> None:
            with self._write_lock:
                if not self.pipeline.ingestor.remove(source):
                    raise not_found(source)
                path = self.settings.corpus_dir / source
                if _SAFE_NAME.match(source) and path.is_file():
                    path.unlink()

        await self.run(work)

    # --- health ------------------------------------------------------------------
    async def health(self) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            out: dict[str, Any] = {}
            try:
                pipeline = self.pipeline
                pipeline.store.heartbeat()
                out["documents"] = len(pipeline.store.documents())
                out["store"] = (True, self.settings.chroma_url or f"embedded at {self.settings.chroma_path}")
            except (ServiceError, StoreUnavailable) as exc:
                out["store"] = (False, str(exc))
                pipeline = None
            # Embedder and LLM are checked on their own: a store outage does not make them down.
            try:
                embedder = (
                    pipeline.embedder
                    if pipeline
                    else SentenceTransformerEmbedder(self.settings.embed_model_path)
                )
                out["embedder"] = (True, embedder.health())
            except RuntimeError as exc:
                out["embedder"] = (False, str(exc))
            try:
                llm = self._llm or (pipeline.llm if pipeline else create_llm(self.settings))
                llm.health()
                out["llm"] = (True, llm.name)
            except LLMUnavailable as exc:
                out["llm"] = (False, str(exc))
            return out

        return await to_thread.run_sync(work)

    async def run(self, fn: Any) -> Any:
        try:
            return await to_thread.run_sync(fn)
        except (LLMUnavailable, StoreUnavailable) as exc:
            raise backend_error(exc) from exc


def _next_or(it: Iterator[Any], default: object) -> Any:
    return next(it, default)
