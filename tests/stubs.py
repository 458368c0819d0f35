"""Stand-ins shared by unit tests."""

from __future__ import annotations

from rag.answer import Passage
from rag.retrieval import Hit
from rag.store import DocumentRecord


class Passages:
    """The retriever's place in ``stream``: these passages, as hits, for any question. Its
    documents have no records, so they are undated and no figure is checked for revisions."""

    def __init__(self, *passages: Passage, records: dict[str, DocumentRecord] | None = None) -> None:
        self.passages = passages
        self.records = records or {}

    def search(self, question, k, sources=None):  # type: ignore[no-untyped-def]
        return [Hit(p.source, p.title, p.start, p.end, p.text, dense_similarity=0.7) for p in self.passages]

    def documents(self) -> dict[str, DocumentRecord]:
        return self.records
