"""Sentence-level evidence selection, with the real embedder on real article text."""

from __future__ import annotations

from pathlib import Path

from rag.answer import Passage
from rag.selection import select_sentences

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SOURCE = "004_fe0d15e1fe376c9e.txt"
TEXT = (CORPUS / SOURCE).read_text(encoding="utf-8")


def paragraph_passage(snippet: str) -> Passage:
    start = TEXT.index(snippet)
    end = TEXT.index("\n", start)
    return Passage(SOURCE, "T", start, end, TEXT[start:end], similarity=0.6)


def test_the_answering_sentence_is_kept_and_every_passage_is_an_exact_span(embedder):
    fighting = paragraph_passage("Despite diplomatic efforts, fighting continues")
    other = Passage(SOURCE, "T", 0, 900, TEXT[:900], similarity=0.5)
    question = "How many drones did Russia launch overnight?"
    sources = select_sentences(question, [other, fighting], embedder, 300)
    chosen = [p for source in sources for p in source]
    assert sum(len(p.text) for p in chosen) <= 300
    assert any("137 drones" in p.text for p in chosen)
    for p in chosen:
        assert TEXT[p.start : p.end] == p.text


def test_neighbouring_kept_sentences_form_one_run_and_a_small_input_is_kept_whole(embedder):
    fighting = paragraph_passage("Despite diplomatic efforts, fighting continues")
    whole = select_sentences("drones", [fighting], embedder, 10_000)
    assert whole == [[fighting]]
    question = "Despite diplomatic efforts, is fighting going on? Did Russian forces launch a drone assault?"
    (chosen,) = select_sentences(question, [fighting], embedder, 200)
    assert len(chosen) == 1
    assert chosen[0].text.startswith("Despite diplomatic efforts") and chosen[0].text.endswith("country.")
