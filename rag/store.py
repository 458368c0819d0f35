"""Vector store: a Protocol and the Chroma implementation (embedded or server).

Two collections: the chunks, and a manifest of committed documents. A document's
chunks become visible only when its manifest record names their content hash, so an
ingest that dies half-way leaves the previous state searchable (see ``rag.ingest``).
A random ``generation`` token, rewritten with every commit, lets other processes that
share the store notice change cheaply (the BM25 side rebuilds on it).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from rag.settings import Settings

_STATE_ID = "__state__"
_PAGE = 5000


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached."""


F = TypeVar("F", bound=Callable[..., Any])


def _guard(method: F) -> F:
    """A Chroma server that went away surfaces as ``StoreUnavailable`` (a 503), not as
    whatever its HTTP client raised; the next call simply tries again."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreUnavailable:
            raise
        except (ConnectionError, OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"Chroma is not answering: {exc}") from exc
        except Exception as exc:
            if _is_transport_error(exc):
                raise StoreUnavailable(f"Chroma is not answering: {exc}") from exc
            raise

    return wrapper  # type: ignore[return-value]


def _is_transport_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError) or "Could not connect" in str(exc)


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    source: str
    title: str
    start: int
    end: int
    doc_hash: str  # the version of its document: DocumentRecord.version
    distance: float | None = None


@dataclass(frozen=True)
class DocumentRecord:
    source: str
    title: str
    content_hash: str
    chunks: int
    ingested_at: str
    date: str | None = None
    dates: tuple[str, ...] = ()
    kind: str = "text"
    url: str | None = None
    published: str | None = None
    processing: str = ""  # the ingest's processing key; "" in an index built before it existed

    @staticmethod
    def version_of(content_hash: str, processing: str) -> str:
        """What a chunk's doc_hash holds: the bytes' hash, and the processing key when there is one.

        >>> DocumentRecord.version_of("ab12", "")
        'ab12'
        >>> DocumentRecord.version_of("ab12", "f00d")
        'ab12:f00d'
        """
        return f"{content_hash}:{processing}" if processing else content_hash

    @property
    def version(self) -> str:
        return self.version_of(self.content_hash, self.processing)


class VectorStore(Protocol):
    def add_chunks(self, chunks: list[StoredChunk], embeddings: NDArray[np.float32]) -> None: ...
    def delete_chunks(self, source: str, keep_hash: str | None = None) -> None: ...
    def query(self, embedding: NDArray[np.float32], n: int) -> list[StoredChunk]: ...
    def vectors(self, ids: list[str]) -> dict[str, NDArray[np.float32]]: ...
    def iter_chunks(self) -> Iterator[StoredChunk]: ...
    def chunk_count(self) -> int: ...
    def documents(self) -> dict[str, DocumentRecord]: ...
    def put_documents(self, records: list[DocumentRecord]) -> str: ...
    def delete_document(self, source: str) -> None: ...
    def generation(self) -> str: ...
    def bump_generation(self) -> str: ...
    def heartbeat(self) -> None: ...


class ChromaStore:
    """Chroma through ``PersistentClient`` (embedded) or ``HttpClient`` (server)."""

    def __init__(self, client: Any, collection: str) -> None:
        self._client = client
        self._chunks = client.get_or_create_collection(
            collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        # Manifest records carry a dummy 1-d vector: Chroma stores nothing without one.
        self._manifest = client.get_or_create_collection(f"{collection}-documents", embedding_function=None)

    @property
    def collection(self) -> Any:
        """The Chroma collection of chunks, for tools that read it directly (the LlamaIndex baseline)."""
        return self._chunks

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if settings.chroma_url:
                from urllib.parse import urlparse

                url = urlparse(settings.chroma_url)
                client = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                settings.chroma_path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
            return cls(client, settings.collection)
        except Exception as exc:  # chromadb raises several unrelated types for "cannot connect"
            where = settings.chroma_url or settings.chroma_path
            raise StoreUnavailable(f"cannot open the Chroma store at {where}: {exc}") from exc

    # --- chunks ------------------------------------------------------------------
    @_guard
    def add_chunks(self, chunks: list[StoredChunk], embeddings: NDArray[np.float32]) -> None:
        for i in range(0, len(chunks), _PAGE):
            batch = chunks[i : i + _PAGE]
            self._chunks.upsert(
                ids=[c.id for c in batch],
                embeddings=embeddings[i : i + _PAGE],
                documents=[c.text for c in batch],
                metadatas=[_chunk_meta(c) for c in batch],
            )

    @_guard
    def delete_chunks(self, source: str, keep_hash: str | None = None) -> None:
        where: dict[str, Any] = {"source": source}
        if keep_hash is not None:
            where = {"$and": [{"source": source}, {"doc_hash": {"$ne": keep_hash}}]}
        self._chunks.delete(where=where)

    @_guard
    def query(self, embedding: NDArray[np.float32], n: int) -> list[StoredChunk]:
        total = self._chunks.count()
        if total == 0:
            return []
        res = self._chunks.query(query_embeddings=[embedding], n_results=min(n, total))
        # A chunk deleted while the query ran comes back with its id but no metadata
        # (chroma-core/chroma#2007): it is gone, so it is skipped, not read.
        return [
            _chunk(id_, doc, meta, dist)
            for id_, doc, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            )
            if meta is not None
        ]

    @_guard
    def vectors(self, ids: list[str]) -> dict[str, NDArray[np.float32]]:
        """The stored vectors by id; an id deleted meanwhile is simply absent."""
        import numpy as np

        res = self._chunks.get(ids=ids, include=["embeddings"])
        found = zip(res["ids"], res["embeddings"], strict=True)
        return {i: np.asarray(v, dtype=np.float32) for i, v in found}

    @_guard
    def _page(self, offset: int) -> Any:
        return self._chunks.get(limit=_PAGE, offset=offset, include=["documents", "metadatas"])

    def iter_chunks(self) -> Iterator[StoredChunk]:
        offset = 0
        while True:
            res = self._page(offset)
            if not res["ids"]:
                return
            for id_, doc, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True):
                if meta is not None:  # deleted while paging (see ``query``)
                    yield _chunk(id_, doc, meta, None)
            offset += len(res["ids"])

    @_guard
    def chunk_count(self) -> int:
        return int(self._chunks.count())

    # --- manifest ------------------------------------------------------------------
    @_guard
    def documents(self) -> dict[str, DocumentRecord]:
        res = self._manifest.get(include=["metadatas"])
        out: dict[str, DocumentRecord] = {}
        for id_, meta in zip(res["ids"], res["metadatas"], strict=True):
            if id_ == _STATE_ID:
                continue
            out[id_] = DocumentRecord(
                source=id_,
                title=str(meta["title"]),
                content_hash=str(meta["content_hash"]),
                chunks=int(meta["chunks"]),
                ingested_at=str(meta["ingested_at"]),
                date=str(meta["date"]) or None,
                dates=tuple(d for d in str(meta.get("dates", "")).split(",") if d),
                kind=str(meta.get("kind") or "text"),
                url=str(meta.get("url") or "") or None,
                published=str(meta.get("published") or "") or None,
                processing=str(meta.get("processing") or ""),
            )
        return out

    @_guard
    def put_documents(self, records: list[DocumentRecord]) -> str:
        """Commit documents and a new generation token in one write: readers see the
        whole batch or none of it. Returns the token."""
        token = uuid.uuid4().hex
        metas: list[dict[str, Any]] = [
            {
                "title": r.title,
                "content_hash": r.content_hash,
                "chunks": r.chunks,
                "ingested_at": r.ingested_at,
                "date": r.date or "",
                "dates": ",".join(r.dates),
                "kind": r.kind,
                "url": r.url or "",
                "published": r.published or "",
                "processing": r.processing,
            }
            for r in records
        ]
        self._manifest.upsert(
            ids=[r.source for r in records] + [_STATE_ID],
            embeddings=[[1.0]] * (len(records) + 1),
            metadatas=[*metas, {"generation": token}],
        )
        return token

    @_guard
    def delete_document(self, source: str) -> None:
        self._manifest.delete(ids=[source])

    @_guard
    def generation(self) -> str:
        res = self._manifest.get(ids=[_STATE_ID], include=["metadatas"])
        return str(res["metadatas"][0]["generation"]) if res["ids"] else ""

    @_guard
    def bump_generation(self) -> str:
        token = uuid.uuid4().hex
        self._manifest.upsert(ids=[_STATE_ID], embeddings=[[1.0]], metadatas=[{"generation": token}])
        return token

    def heartbeat(self) -> None:
        try:
            self._client.heartbeat()
        except Exception as exc:
            raise StoreUnavailable(f"Chroma is not answering: {exc}") from exc


def _chunk_meta(c: StoredChunk) -> dict[str, Any]:
    return {"source": c.source, "title": c.title, "start": c.start, "end": c.end, "doc_hash": c.doc_hash}


def _chunk(id_: str, doc: str | None, meta: Any, distance: float | None) -> StoredChunk:
    return StoredChunk(
        id=id_,
        text=doc or "",
        source=str(meta["source"]),
        title=str(meta["title"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        doc_hash=str(meta["doc_hash"]),
        distance=distance,
    )
