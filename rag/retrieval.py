"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank.

Only committed chunks are visible (their content hash is the one in the manifest).
The BM25 index is rebuilt from the store whenever the store's generation token
changes: the store is the single source of truth, so a process that did not do the
ingest (another replica on the same Chroma server) still sees the same documents,
and no BM25 file on local disk can drift from it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.embeddings import Embedder
from rag.evidence import Span
from rag.store import DocumentRecord, StoredChunk, VectorStore

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass(frozen=True)
class Hit(Span):
    """A retrieved chunk: its span, with the scores that ranked it."""

    score: float = 0.0  # fused reciprocal-rank score: comparable within one result list only
    dense_similarity: float = 0.0  # cosine similarity of question and chunk, -1..1
    bm25_score: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 6),
        }


def rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Reciprocal-rank fusion of ranked id lists.

    >>> sorted(rrf([["a", "b"], ["b", "c"]], k=60).items())[:2]
    [('a', 0.01639344262295082), ('b', 0.03252247488101534)]
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, id_ in enumerate(ranking):
            scores[id_] = scores.get(id_, 0.0) + 1.0 / (k + rank + 1)
    return scores


class _Lexical:
    """A BM25 index over the committed chunks of one store generation."""

    def __init__(self, chunks: list[StoredChunk]) -> None:
        import bm25s
        import Stemmer

        self.chunks = chunks
        self._stemmer = Stemmer.Stemmer("english")
        self._index = bm25s.BM25()
        if chunks:
            tokens = bm25s.tokenize(
                [c.text for c in chunks], stopwords="en", stemmer=self._stemmer, show_progress=False
            )
            self._index.index(tokens, show_progress=False)

    def search(self, query: str, n: int) -> list[tuple[StoredChunk, float]]:
        import bm25s

        if not self.chunks:
            return []
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )
        if not any(t in self._index.vocab_dict for t in tokens[0]):
            return []
        ids, scores = self._index.retrieve(tokens, k=min(n, len(self.chunks)), show_progress=False)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]


class HybridRetriever:
    def __init__(self, store: VectorStore, embedder: Embedder, candidates: int = 30, rrf_k: int = 60) -> None:
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._documents: dict[str, DocumentRecord] = {}
        self._lexical = _Lexical([])

    def documents(self) -> dict[str, DocumentRecord]:
        self.refresh()
        return self._documents

    def refresh(self) -> None:
        """Rebuild the BM25 side if the store changed since the last look (cheap when it did not)."""
        generation = self.store.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            documents = self.store.documents()
            visible = [c for c in self.store.iter_chunks() if _committed(c, documents)]
            visible.sort(key=lambda c: (c.source, c.start))  # deterministic BM25 ids
            self._lexical = _Lexical(visible)
            self._documents = documents
            self._generation = generation

    def visible_chunks(self) -> list[StoredChunk]:
        """The committed chunks: those a search can return."""
        self.refresh()
        return list(self._lexical.chunks)

    def lexical_search(self, query: str, n: int) -> list[tuple[StoredChunk, float]]:
        """The BM25 side alone (committed chunks only), best first."""
        self.refresh()
        return self._lexical.search(query, n)

    def embed_query(self, question: str) -> NDArray[np.float32]:
        return self.embedder.embed([question])[0]

    def search(
        self,
        question: str,
        k: int,
        sources: list[str] | None = None,
        query_vector: NDArray[np.float32] | None = None,
    ) -> list[Hit]:
        self.refresh()
        documents, lexical = self._documents, self._lexical
        wanted = set(sources) if sources else None

        def keep(c: StoredChunk) -> bool:
            return _committed(c, documents) and (wanted is None or c.source in wanted)

        vector = self.embed_query(question) if query_vector is None else query_vector
        n = self.candidates if wanted is None else self.candidates * 4
        dense = [c for c in self.store.query(vector, n) if keep(c)][: self.candidates]
        sparse = [(c, s) for c, s in lexical.search(question, n) if keep(c)][: self.candidates]

        by_id: dict[str, Hit] = {c.id: _hit(c, 1.0 - float(c.distance or 0.0)) for c in dense}
        lexical_only: set[str] = set()
        for c, s in sparse:
            if c.id not in by_id:
                by_id[c.id] = _hit(c, 0.0)
                lexical_only.add(c.id)
            by_id[c.id] = replace(by_id[c.id], bm25_score=s)
        fused = rrf([[c.id for c in dense], [c.id for c, _ in sparse]], self.rrf_k)
        top = sorted(by_id, key=lambda i: (-fused[i], by_id[i].source, by_id[i].start))[:k]
        missing = [i for i in top if i in lexical_only]
        if missing:
            # Lexical-only hits still need a dense similarity (the abstention rule reads it):
            # their stored vectors, not a new encoding. One deleted since the BM25 index was
            # built has no vector any more: it is gone, so it is not returned.
            stored = self.store.vectors(missing)
            top = [i for i in top if i not in lexical_only or i in stored]
            for i, v in stored.items():
                by_id[i] = replace(by_id[i], dense_similarity=float(np.dot(vector, v)))
        return [replace(by_id[i], score=fused[i]) for i in top]


def _committed(c: StoredChunk, documents: dict[str, DocumentRecord]) -> bool:
    record = documents.get(c.source)
    return record is not None and record.version == c.doc_hash


def _hit(c: StoredChunk, dense_similarity: float) -> Hit:
    return Hit(
        source=c.source,
        title=c.title,
        start=c.start,
        end=c.end,
        text=c.text,
        score=0.0,
        dense_similarity=dense_similarity,
    )
