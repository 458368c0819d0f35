"""Ingestion against a real embedded Chroma and the real embedder."""

from __future__ import annotations

import pytest

from rag.documents import read_article


def searchable_sources(pipeline) -> set[str]:
    return {h.source for h in pipeline.search("ceasefire Ukraine Russia Trump Putin", k=50)}


def test_ingest_is_idempotent(make_pipeline, corpus_copy):
    pipeline = make_pipeline()
    first = pipeline.ingest()
    assert sorted(first.added) == sorted(p.name for p in corpus_copy.iterdir())
    count = pipeline.store.chunk_count()
    second = pipeline.ingest()
    assert second.added == [] and second.updated == [] and len(second.unchanged) == 5
    assert pipeline.store.chunk_count() == count


def test_every_stored_chunk_is_verbatim(make_pipeline, corpus_copy):
    pipeline = make_pipeline()
    pipeline.ingest()
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus_copy.iterdir()}
    chunks = list(pipeline.store.iter_chunks())
    assert len(chunks) > 20
    for c in chunks:
        assert texts[c.source][c.start : c.end] == c.text


def test_changed_file_replaces_its_chunks(make_pipeline, corpus_copy):
    pipeline = make_pipeline()
    pipeline.ingest()
    path = corpus_copy / "004_fe0d15e1fe376c9e.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("137 drones", "212 drones"), encoding="utf-8")
    report = pipeline.ingest()
    assert report.updated == ["004_fe0d15e1fe376c9e.txt"] and len(report.unchanged) == 4
    assert not report.reprocessed  # its bytes changed: no "re-read" note
    new_hash = read_article(path).content_hash
    chunks = [c for c in pipeline.store.iter_chunks() if c.source == path.name]
    assert chunks and all(c.doc_hash.split(":")[0] == new_hash for c in chunks)
    top = pipeline.search("How many drones did Russia launch overnight?", k=3)
    assert any("212 drones" in h.text for h in top)
    assert not any("137 drones" in h.text for h in pipeline.search("137 drones", k=50))


def test_new_chunking_rebuilds_an_index_made_by_the_old(make_pipeline, corpus_copy):
    # Same files, other chunk settings (as after an upgrade of the cleaning or chunking code):
    # every document is read again, and no chunk of the old chunking is left or found.
    old = make_pipeline()
    old.ingest()
    old_ids = {c.id for c in old.store.iter_chunks()}
    new = make_pipeline(chunk_size=300, chunk_overlap=50)
    assert new.ingestor.processing != old.ingestor.processing
    report = new.ingest()
    assert sorted(report.updated) == sorted(p.name for p in corpus_copy.iterdir()) and not report.unchanged
    # Said as such: the files did not change, what reads them did.
    assert sorted(report.reprocessed) == sorted(report.updated)
    assert "re-read: the cleaning, chunking or embedder changed" in report.summary()
    chunks = list(new.store.iter_chunks())
    assert not old_ids & {c.id for c in chunks}, "chunks of the old chunking left behind"
    assert max(c.end - c.start for c in chunks) < 600
    docs = new.store.documents()
    assert all(c.doc_hash == docs[c.source].version for c in chunks)
    assert all(d.processing == new.ingestor.processing for d in docs.values())
    assert {h.source for h in new.search("drones launched overnight", k=5)}
    assert new.ingest().unchanged and not new.ingest().updated  # and once rebuilt, it stays


def test_bad_file_is_reported_and_the_rest_ingested(make_pipeline, corpus_copy):
    (corpus_copy / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    (corpus_copy / "empty.txt").write_bytes(b"")
    pipeline = make_pipeline()
    report = pipeline.ingest()
    assert not report.ok
    failed = dict(report.failed)
    assert set(failed) == {"broken.txt", "empty.txt"}
    assert "broken.txt" in failed["broken.txt"]
    assert len(report.added) == 5
    assert searchable_sources(pipeline) == {p.name for p in corpus_copy.iterdir()} - set(failed)


def test_ingest_dying_half_way_leaves_the_old_state(make_pipeline, corpus_copy):
    pipeline = make_pipeline(ingest_batch_documents=2)  # commits of 2, 2 and 1 documents
    pipeline.ingest()
    before = {c.id: c.source for c in pipeline.store.iter_chunks()}
    hits_before = [(h.source, h.start) for h in pipeline.search("Black Sea sanctions relief", k=5)]

    for p in corpus_copy.iterdir():  # every file changes
        p.write_text(p.read_text(encoding="utf-8") + "\nA late paragraph about nothing.", encoding="utf-8")

    real_put = pipeline.store.put_documents
    calls = {"n": 0}

    def dying_put(records):
        calls["n"] += 1
        if calls["n"] == 2:  # chunks of the second batch are written; its commit never happens
            raise KeyboardInterrupt("killed")
        return real_put(records)

    pipeline.store.put_documents = dying_put  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest()
    pipeline.store.put_documents = real_put  # type: ignore[method-assign]

    docs = pipeline.store.documents()
    # Two documents were committed in their new version; three keep their old one.
    texts = {p.name: read_article(p).content_hash for p in corpus_copy.iterdir()}
    assert sum(docs[s].content_hash == h for s, h in texts.items()) == 2
    hits = pipeline.search("Black Sea sanctions relief", k=5)
    assert [(h.source, h.start) for h in hits] == hits_before  # 003 untouched and searchable
    visible = pipeline.search("ceasefire", k=50)
    assert len(visible) > 10 and {h.source for h in visible} <= set(docs)
    assert not any(
        "late paragraph" in h.text and docs[h.source].content_hash != texts[h.source] for h in visible
    )
    # The three documents whose commit never happened keep exactly their old chunks.
    stale = {s for s, h in texts.items() if docs[s].content_hash != h}
    kept = {
        c.id
        for c in pipeline.store.iter_chunks()
        if c.source in stale and c.doc_hash == docs[c.source].version
    }
    assert len(stale) == 3 and kept == {i for i, s in before.items() if s in stale}

    report = pipeline.ingest()  # a re-run finishes the rest
    assert len(report.updated) == 3 and len(report.unchanged) == 2
    stored = list(pipeline.store.iter_chunks())
    docs = pipeline.store.documents()
    assert all(docs[c.source].content_hash == texts[c.source] for c in stored)
    assert all(c.doc_hash == docs[c.source].version for c in stored), "orphaned chunks left behind"


def test_prune_removes_documents_whose_files_are_gone(make_pipeline, corpus_copy):
    pipeline = make_pipeline()
    pipeline.ingest()
    (corpus_copy / "001_98a077d4f102de21.txt").unlink()
    assert pipeline.ingest().removed == []  # without --prune nothing is removed
    report = pipeline.ingest(prune=True)
    assert report.removed == ["001_98a077d4f102de21.txt"]
    assert "001_98a077d4f102de21.txt" not in pipeline.store.documents()
    assert "001_98a077d4f102de21.txt" not in searchable_sources(pipeline)


def test_second_process_view_sees_changes(make_pipeline, corpus_copy):
    """Two pipelines on one store: the reader's BM25 side follows the writer's commits."""
    writer, reader = make_pipeline(), make_pipeline()
    writer.ingest()
    assert reader.search("elephant in the room", k=1)[0].source == "001_98a077d4f102de21.txt"
    writer.ingestor.remove("001_98a077d4f102de21.txt")
    assert all(h.source != "001_98a077d4f102de21.txt" for h in reader.search("elephant in the room", k=10))
