"""Which sentences of the retrieved passages the model reads.

Prompt evaluation is most of an answer's time on a laptop CPU (60-80 prompt tokens a
second on this project's 2 cores), so the model is given the sentences most likely to answer, not whole
chunks: each sentence of the passages is scored against the question (embedding
similarity plus the share of the question's content words it contains) and the best are
kept within a character budget. A retrieved passage stays one numbered source, now its
kept runs of neighbouring sentences; every run is an exact span of its file, so
citations and checks read it as they read a chunk.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from rag.grounding import features
from rag.sentences import sentence_spans

if TYPE_CHECKING:
    from rag.answer import Passage
    from rag.embeddings import Embedder


def sentence_scores(
    question: str, passages: list[Passage], embedder: Embedder
) -> list[tuple[int, int, int, float]]:
    """(passage index, start, end in its text, score) of every sentence of ``passages``:
    embedding similarity to the question plus the share of its content words present.
    Remembered for the last few questions: selection and the quote fallback score the same
    sentences for the same question, and the embedding is the cost."""
    return list(_scores(question, tuple(passages), embedder))  # type: ignore[arg-type]  # hashed by identity


@lru_cache(maxsize=8)
def _scores(
    question: str, passages: tuple[Passage, ...], embedder: Embedder
) -> tuple[tuple[int, int, int, float], ...]:
    spans = [(i, s, e) for i, p in enumerate(passages) for s, e in sentence_spans(p.text)]
    if not spans:
        return ()
    texts = [passages[i].text[s:e] for i, s, e in spans]
    vectors = embedder.embed([question, *texts])
    similarity = vectors[1:] @ vectors[0]
    asked = features(question).content
    overlap = [len(asked & features(t).content) / max(1, len(asked)) for t in texts]
    return tuple(
        (i, s, e, float(sim + o)) for (i, s, e), sim, o in zip(spans, similarity, overlap, strict=True)
    )


def best_sentence_similarity(question: str, passages: list[Passage], embedder: Embedder) -> float:
    """The highest embedding similarity of any one sentence of ``passages`` to the question
    (-1.0 when they hold none): a long passage's own similarity dilutes its one sentence
    that is about the question."""
    texts = [p.text[s:e] for p in passages for s, e in sentence_spans(p.text)]
    if not texts:
        return -1.0
    vectors = embedder.embed([question, *texts])
    return float((vectors[1:] @ vectors[0]).max())


def select_sentences(
    question: str, passages: list[Passage], embedder: Embedder, budget: int
) -> list[list[Passage]]:
    """The best sentences of ``passages`` within ``budget`` characters: for each passage that
    keeps any (in the retriever's rank order), its kept runs of neighbouring sentences in
    file order. A passage stays one numbered source to the model, its runs joined by "…"."""
    if sum(len(p.text) for p in passages) <= budget:
        return [[p] for p in passages]
    scored = sentence_scores(question, passages, embedder)
    order = np.argsort([-score for *_, score in scored], kind="stable")
    kept: set[int] = set()
    used = 0
    for j in order:
        size = scored[j][2] - scored[j][1] + 1
        if kept and used + size > budget:
            continue
        kept.add(int(j))
        used += size
    out: list[list[Passage]] = []
    for i, p in enumerate(passages):
        runs: list[tuple[int, int]] = []
        for j in sorted(j for j in kept if scored[j][0] == i):
            s, e = scored[j][1], scored[j][2]
            if runs and not p.text[runs[-1][1] : s].strip():
                runs[-1] = (runs[-1][0], e)  # the next sentence: the same run
            else:
                runs.append((s, e))
        if runs:
            out.append([sub_passage(p, s, e) for s, e in runs])
    return out


def sub_passage(p: Passage, s: int, e: int) -> Passage:
    return replace(p, start=p.start + s, end=p.start + e, text=p.text[s:e])
