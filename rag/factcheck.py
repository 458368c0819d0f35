"""Check a draft: each sentence judged against the corpus by the same ``Checker`` the
answer pipeline uses, with the exact passages that support or contradict it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rag.grounding import Checker, Judgement
from rag.retrieval import HybridRetriever
from rag.sentences import Span, evidence_units, sentence_spans


def span_context(text: str, start: int, end: int, title: str) -> str:
    """The headline and the paragraph(s) around a span: who "he" is, which country "it" is."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return f"{title}\n{text[para_start : para_end if para_end >= 0 else len(text)]}"


class CheckError(ValueError):
    """Bad input to a check: says what is wrong."""


@dataclass
class Evidence:
    source: str
    start: int
    end: int
    quote: str  # the file's text at [start:end], verbatim


@dataclass
class SentenceCheck:
    text: str
    verdict: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # for contradicted: the evidence's own words
    missing: list[str] = field(default_factory=list)  # the claim's facts the evidence lacks

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class DraftChecker:
    def __init__(self, retriever: HybridRetriever, checker: Checker, corpus_dir: Path, k: int = 6) -> None:
        self.retriever = retriever
        self.checker = checker
        self.corpus_dir = corpus_dir
        self.k = k

    def check_span(self, claim: str, source: str, start: int, end: int) -> Judgement:
        """The pipeline's own check: one claim against one span of one file."""
        if not claim.strip():
            raise CheckError("claim: must not be empty")
        record = self.retriever.documents().get(source)
        if record is None:
            raise CheckError(f"source: no document named {source!r} is indexed")
        text = (self.corpus_dir / source).read_text(encoding="utf-8")
        if not 0 <= start < end <= len(text):
            raise CheckError(f"span: [{start}, {end}) is outside {source} (length {len(text)})")
        return self.checker.judge(claim, text[start:end], span_context(text, start, end, record.title))

    def check_text(self, text: str) -> list[SentenceCheck]:
        if not text.strip():
            raise CheckError("text: must not be empty")
        return [self._check_sentence(text[s:e]) for s, e in sentence_spans(text)]

    def _check_sentence(self, sentence: str) -> SentenceCheck:
        hits = self.retriever.search(sentence, self.k)
        units: list[tuple[str, str, Span, str]] = []  # (source, quote, span, context)
        for h in hits:
            for sp in evidence_units(h.text, h.start):
                units.append(
                    (h.source, h.text[sp.start - h.start : sp.end - h.start], sp, f"{h.title}\n{h.text}")
                )
        ranked = self.checker.rank(sentence, [u[1] for u in units], [u[3] for u in units])
        if not ranked:
            return SentenceCheck(sentence, "not_found", 0.0)
        best = ranked[0][1]
        evidence: list[Evidence] = []
        for i, j in ranked:
            if j.verdict != best.verdict or len(evidence) == 3:
                break
            source, quote, sp, _ = units[i]
            if any(e.source == source and e.start < sp.end and sp.start < e.end for e in evidence):
                continue  # overlapping units of one passage: the best one is enough
            evidence.append(Evidence(source, sp.start, sp.end, quote))
        return SentenceCheck(
            sentence, best.verdict, best.score, evidence, list(best.differing), list(best.missing)
        )
