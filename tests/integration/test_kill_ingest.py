"""kill -9 in the middle of a long ingest: the index holds exactly the documents completed
before, each whole, none twice; a re-run ingests the rest."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter

from rag.factory import build_pipeline
from rag.settings import Settings
from tests.conftest import CORPUS


def test_kill_minus_nine_mid_ingest_loses_nothing(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for i in range(40):  # distinct content per file, so no two are duplicates
        (corpus / f"doc_{i:03d}.txt").write_text(f"Dispatch number {i}\n\n{texts[i % 5]}\n", encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", corpus_dir=corpus)  # type: ignore[call-arg]
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(settings.data_dir),
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_INGEST_BATCH_DOCUMENTS": "8",
    }

    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "ingest"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Batches of 8: once the bar (which counts files read) is past 30, the first two batches
    # are committed (a batch waits for the previous commit) and the last is not.
    seen = ""
    deadline = time.monotonic() + 300
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        seen += proc.stderr.read(100)
        if re.search(r"\| (3[0-9])/40", seen):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    pipeline = build_pipeline(settings, embedder=embedder)
    docs = pipeline.store.documents()
    assert 0 < len(docs) < 40, len(docs)
    # Counts only chunks whose hash the manifest commits.
    per_doc = Counter(c.source for c in pipeline.retriever.visible_chunks())
    assert set(per_doc) == set(docs)
    for source, record in docs.items():
        assert per_doc[source] == record.chunks, f"{source} is half indexed"
    ids = [c.id for c in pipeline.store.iter_chunks()]
    assert len(ids) == len(set(ids))

    report = pipeline.ingest()
    assert len(report.unchanged) == len(docs) and len(report.added) == 40 - len(docs)
    final = build_pipeline(settings, embedder=embedder)
    counts = Counter(c.source for c in final.retriever.visible_chunks())
    assert len(counts) == 40
    assert all(counts[s] == r.chunks for s, r in final.store.documents().items())
    assert sum(counts.values()) == final.store.chunk_count(), "orphaned chunks of the killed document remain"
