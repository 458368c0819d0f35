"""The Chroma store against a real embedded Chroma."""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.store import ChromaStore, StoredChunk


class _DeletedMidQuery:
    """The real collection, except that its answers carry the first hit as Chroma returns a
    record deleted while the query ran: the id, with no document and no metadata
    (chroma-core/chroma#2007; seen under the soak test's concurrent deletes)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def query(self, **kwargs: Any) -> Any:
        res = self._real.query(**kwargs)
        res["documents"][0][0] = None
        res["metadatas"][0][0] = None
        return res

    def get(self, **kwargs: Any) -> Any:
        res = self._real.get(**kwargs)
        if res["ids"]:
            res["documents"][0] = None
            res["metadatas"][0] = None
        return res


class _Client:
    """A real embedded Chroma client whose chunk collection answers as ``_DeletedMidQuery``
    once ``racing`` is set: the store is built through its public constructor."""

    def __init__(self, path: str) -> None:
        import chromadb

        self._real = chromadb.PersistentClient(path=path)
        self.racing = False

    def get_or_create_collection(self, name: str, **kwargs: Any) -> Any:
        real = self._real.get_or_create_collection(name, **kwargs)
        return real if name.endswith("-documents") else _Racing(real, self)


class _Racing(_DeletedMidQuery):
    def __init__(self, real: Any, client: _Client) -> None:
        super().__init__(real)
        self._client = client

    def query(self, **kwargs: Any) -> Any:
        return super().query(**kwargs) if self._client.racing else self._real.query(**kwargs)

    def get(self, **kwargs: Any) -> Any:
        return super().get(**kwargs) if self._client.racing else self._real.get(**kwargs)


def test_a_chunk_deleted_while_the_query_ran_is_skipped_not_a_crash(tmp_path):
    client = _Client(str(tmp_path / "chroma"))
    store = ChromaStore(client, "chunks")
    chunks = [
        StoredChunk(id=f"c{i}", text=f"text {i}", source="a.txt", title="A", start=i, end=i + 1, doc_hash="h")
        for i in range(3)
    ]
    vectors = np.eye(3, dtype=np.float32)
    store.add_chunks(chunks, vectors)
    # A lexical-only hit deleted since the BM25 index was built has no vector: absent, no KeyError.
    assert set(store.vectors(["c1", "deleted"])) == {"c1"}
    client.racing = True

    hits = store.query(vectors[0], 3)
    assert len(hits) == 2 and all(h.source == "a.txt" for h in hits)
    assert len(list(store.iter_chunks())) == 2
