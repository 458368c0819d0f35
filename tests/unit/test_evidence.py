"""The one evidence path: units, their context, and the best support for a claim."""

from __future__ import annotations

from pathlib import Path

from rag.evidence import CorpusTexts, Evidence, Span
from rag.grounding import Checker

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SOURCE = "002_625cb21f183bcfbb.txt"
TEXT = (CORPUS / SOURCE).read_text(encoding="utf-8")


def span_of(snippet: str) -> Span:
    start = TEXT.index(snippet)
    return Span(SOURCE, "T", start, start + len(snippet), snippet)


def test_a_person_named_in_full_earlier_may_be_named_in_full_in_the_claim():
    evidence = Evidence(Checker(), CorpusTexts(CORPUS))
    unit = span_of(
        "Klitschko expressed his views during a discussion on ceasefire options on the BBC, stating that"
    )
    claim = "Vitali Klitschko expressed his views on ceasefire options on the BBC."
    assert evidence.best(claim, [unit]).supported
    # Without the article at hand the first name is not known, and not accepted.
    assert not Evidence(Checker()).best(claim, [unit]).supported


def test_the_best_unit_is_a_sentence_of_the_passage_with_exact_offsets():
    passage = span_of(TEXT[TEXT.index("Klitschko expressed") : TEXT.index("temporary peace.") + 16])
    found = Evidence(Checker(), CorpusTexts(CORPUS)).best(
        "Klitschko said such a move could bring temporary peace.", [passage]
    )
    assert found.supported and found.span is not None
    assert TEXT[found.span.start : found.span.end] == found.span.text
    assert "temporary peace" in found.span.text
    assert passage.start <= found.span.start < found.span.end <= passage.end
