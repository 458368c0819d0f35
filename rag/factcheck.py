"""Check a draft: each sentence judged against the corpus through the same :class:`Evidence`
the answer pipeline uses, with the exact spans that support or contradict it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.evidence import CorpusTexts, Evidence, Span
from rag.grounding import Judgement
from rag.retrieval import HybridRetriever
from rag.revisions import Revision, dated_by_itself, find_revision
from rag.sentences import LIST_MARKER, sentence_spans


class CheckError(ValueError):
    """Bad input to a check: says what is wrong."""


class DocumentNotFound(CheckError):
    """The named source is not indexed."""


@dataclass
class SentenceCheck:
    text: str
    verdict: str
    score: float
    evidence: list[Span] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # for contradicted: the evidence's own words
    missing: list[str] = field(default_factory=list)  # the claim's facts the evidence lacks
    second_opinion: float | None = None  # the LLM judge's P(yes), when it was asked
    # superseded: a later article gives another figure (``revised_by``, the latest ones);
    # a sentence that names its own time keeps "supported" and lists them ("dated");
    # a dispute among same-date articles keeps "supported" and lists them in ``revised_by``.
    revision: Revision | None = None
    reason: str | None = None  # for contradicted: what differs


class DraftChecker:
    def __init__(
        self,
        retriever: HybridRetriever,
        evidence: Evidence,
        texts: CorpusTexts,
        k: int = 6,
        revisions: bool = True,
    ) -> None:
        self.retriever = retriever
        self.evidence = evidence
        self.texts = texts
        self.k = k
        self.revisions = revisions  # check a supported figure against later articles

    def check_span(self, claim: str, source: str, start: int, end: int) -> Judgement:
        """One claim against one span of one file, judged as the pipeline judges a passage."""
        if not claim.strip():
            raise CheckError("claim: must not be empty")
        record = self.retriever.documents().get(source)
        text = self.texts(source) if record is not None else None
        if record is None or text is None:
            raise DocumentNotFound(f"source: no document named {source!r} is indexed")
        if not 0 <= start < end <= len(text):
            raise CheckError(f"span: [{start}, {end}) is outside {source} (length {len(text)})")
        return self.evidence.best(claim, [Span(source, record.title, start, end, text[start:end])]).judgement

    def check_text(self, text: str) -> list[SentenceCheck]:
        if not text.strip():
            raise CheckError("text: must not be empty")
        return [self._check_sentence(text[s:e]) for s, e in sentence_spans(text)]

    def _check_sentence(self, sentence: str) -> SentenceCheck:
        """``sentence`` judged without a list marker ("1. Russia launched…": the "1" is no
        figure of the claim); the check keeps the sentence as the draft has it."""
        marker = LIST_MARKER.match(sentence)
        claim = sentence[marker.end() :] if marker else sentence
        found = self._check_claim(claim)
        found.text = sentence
        return found

    def _check_claim(self, sentence: str) -> SentenceCheck:
        ranked = self.evidence.rank(sentence, self.retriever.search(sentence, self.k))
        if not ranked:
            return SentenceCheck(sentence, "not_found", 0.0)
        chosen = self.evidence.choose(sentence, ranked)
        best = chosen.judgement
        shown: list[Span] = [chosen.span] if chosen.span is not None else []
        for support in ranked:
            span = support.span
            if span is None or support.judgement.verdict != best.verdict or len(shown) == 3:
                break
            if self.evidence.judge is not None and best.supported:
                break  # other units were not put to the judge: only the one it confirmed is shown
            if any(e.source == span.source and e.start < span.end and span.start < e.end for e in shown):
                continue  # overlapping units of one passage: the best one is enough
            shown.append(span)
        revision = None
        if best.supported and chosen.span is not None and self.revisions:
            revision = find_revision(self.retriever, self.evidence, sentence, chosen.span)
            if revision is not None:
                # A draft's sentence dated by its own words ("21 on Tuesday") reports that day.
                revision = dated_by_itself(sentence, revision)
        return SentenceCheck(
            sentence,
            "superseded" if revision is not None and revision.outdated else best.verdict,
            best.score,
            shown,
            list(best.differing),
            list(best.missing),
            best.second_opinion,
            revision,
            best.reason,
        )
