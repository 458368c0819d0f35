"""Runs the gold set through a target (in process, or a service over HTTP) and scores it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eval import metrics
from rag.answer import NOTES, split_draft
from rag.documents import spoken
from rag.evidence import CorpusTexts, DocumentText, Evidence
from rag.llm import LLMUnavailable

GOLD = Path(__file__).parent / "data" / "questions.jsonl"
_ROOT = Path(__file__).resolve().parent.parent
_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class AnswerSet:
    """A corpus with gold questions: its articles, its questions, its test split."""

    name: str
    articles: Path
    questions: Path
    split: str

    @property
    def dev(self) -> str:
        """The split tuned on: "test" pairs with "dev", "test3" with "dev3"."""
        return self.split.replace("test", "dev")

    @property
    def index(self) -> Path:
        """Where scripts keep a standing index of it: ``data``, ``data-corpus2`` …"""
        return _ROOT / ("data" if self.name == "seed" else f"data-{self.articles.parent.name}")


# Every corpus with gold questions (the fourth has labelled claims only).
ANSWER_SETS = (
    AnswerSet("seed", _ROOT / "corpus", GOLD, "test"),
    AnswerSet("second", _DATA / "corpus2" / "articles", _DATA / "corpus2" / "questions.jsonl", "test"),
    *(
        AnswerSet(
            name, _DATA / f"corpus{n}" / "articles", _DATA / f"corpus{n}" / "questions.jsonl", f"test{n}"
        )
        for n, name in ((3, "third"), (5, "fifth"), (6, "sixth"), (7, "seventh"), (8, "eighth"), (9, "ninth"))
    ),
)


def load_questions(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Target(Protocol):
    name: str

    def search(self, question: str, k: int) -> list[dict[str, Any]]: ...

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """An answer object shaped like ``rag ask --json``, with ``timings.first_sentence_ms``."""
        ...


@dataclass
class InProcessTarget:
    pipeline: Any  # rag.factory.Pipeline
    name: str = "rag"

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        return [h.as_dict() for h in self.pipeline.search(question, k)]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        standalone = self.pipeline.answerer.standalone(question, history) if history else question
        answer: dict[str, Any] = self.pipeline.answerer.ask(standalone).as_dict()
        answer["standalone_question"] = standalone
        return answer


@dataclass
class LlamaIndexVerifiedTarget:
    """Our verified answers through LlamaIndex's interfaces: ``VerifiedQueryEngine.query`` and
    ``PipelineRetriever.retrieve``, scored from what the ``Response`` carries (its text, source
    nodes and metadata). A conversation is handled as the CitationQueryEngine baseline handles
    it (the history in front of the question), so the two LlamaIndex runs get the same input.
    Each question starts cold: the ``rag`` run has just answered it on this very pipeline, and
    its evaluated prompt and remembered verdicts would otherwise time this run warm."""

    pipeline: Any  # rag.factory.Pipeline
    top_k: int = 5
    name: str = "llamaindex-verified"

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        from rag.llamaindex import as_retriever

        nodes = as_retriever(self.pipeline, similarity_top_k=k).retrieve(question)
        return [{key: n.node.metadata[key] for key in ("source", "title", "start", "end")} for n in nodes]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        from rag.llamaindex import as_query_engine, response_answer

        if history:
            question = " ".join(m["content"] for m in history) + " " + question
        forget = getattr(self.pipeline.llm, "forget_prompt", None)  # llama.cpp only
        if forget is not None:
            forget()
        if self.pipeline.judge is not None:
            self.pipeline.judge.forget()
        t0 = time.perf_counter()
        response = as_query_engine(self.pipeline, similarity_top_k=self.top_k).query(question)
        total = (time.perf_counter() - t0) * 1000
        answer = response_answer(response)
        # The query interface returns the whole answer at once: the first sentence is the last.
        answer["timings"] = {"first_sentence_ms": total, "total_ms": total}
        return answer


@dataclass
class HttpTarget:
    """A running service: /chat/ask over HTTP, the stream timed for first token."""

    url: str
    api_key: str | None = None
    name: str = "rag-http"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        import httpx

        r = httpx.post(
            f"{self.url}/search", json={"question": question, "k": k}, headers=self._headers(), timeout=60
        )
        r.raise_for_status()
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        import httpx

        messages = [*(history or []), {"role": "user", "content": question}]
        t0 = time.perf_counter()
        first: float | None = None
        final: dict[str, Any] = {}
        name = None
        with httpx.stream(
            "POST",
            f"{self.url}/chat",
            json={"messages": messages, "stream": True},
            headers=self._headers(),
            timeout=600,
        ) as r:
            if r.status_code != 200:
                r.read()
                raise RuntimeError(f"{self.url}/chat answered {r.status_code}: {r.text}")
            for line in r.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    if name == "sentence" and first is None:
                        first = time.perf_counter() - t0
                    elif name == "done":
                        final = json.loads(line[6:])
                    elif name == "error":
                        raise RuntimeError(line[6:])
        total = time.perf_counter() - t0
        # What a reader waits for: the first verified sentence (the whole answer if none streams).
        final["timings"] = {"first_sentence_ms": (first or total) * 1000, "total_ms": total * 1000}
        return final


def citation_scores(
    answer: dict[str, Any], evidence: Evidence, read: DocumentText
) -> tuple[list[bool], list[bool]]:
    """ALCE-style judgements for one answer: per sentence (supported by its citations?) and per
    citation (needed: supports alone, or support is lost without it). A sentence is judged
    against the spans it cites exactly as the pipeline judged it: ``Evidence.best`` over those
    spans, read back from their files; a quote that is not the file's text supports nothing."""
    by_id = {c["id"]: c for c in answer.get("citations", [])}

    def supports(claim: str, ids: list[int]) -> bool:
        return evidence.cited(claim, [by_id[i] for i in ids if i in by_id], read).supported

    sentence_ok: list[bool] = []
    citation_ok: list[bool] = []
    text = answer.get("answer", "")
    # A revision's or a dispute's framing ("The figure was revised; the latest report (22 April
    # 2026) says: “…” [2]. Earlier reports: 14 April 2026 [1].") is no claim of its own: what it
    # quotes must be its citations' words, and the dates it gives their publication dates.
    for s in answer.get("sentences", []):
        marked = s.get("marked")
        if not (s.get("supported") and marked and s.get("revision") and marked in text):
            continue
        # "<the sentence> [1] This figure (15 May 2026) revises earlier reports: …": the sentence
        # is scored as any other, its note as a framing.
        cut = next((marked.index(n) for n in NOTES if n in marked), None)
        framing, kept = (marked[cut:], marked[:cut]) if cut is not None else (marked, "")
        note = cut is not None
        text = text.replace(marked, f" {kept} ")
        ok = _framing_holds(framing, s["revision"], by_id, evidence, read, quoted=not note)
        sentence_ok.append(ok)
        citation_ok.extend(ok for n in s.get("citations", []) if f"[{n}]" in framing)
    for claim, ids in split_draft(text):
        supported = supports(claim, ids)
        sentence_ok.append(supported)
        for i in ids:
            rest = [j for j in ids if j != i]
            citation_ok.append(supports(claim, [i]) or (supported and not supports(claim, rest)))
    return sentence_ok, citation_ok


_QUOTED = re.compile(r"“([^”]+)”\s*((?:\[\d+\]\s*)+)")
_DATED = re.compile(r"(\d{1,2} [A-Z][a-z]+ \d{4})\)?:?\s*\[(\d+)\]")
# An earlier report's figure before its date: "Earlier reports: 2,300 (3 August 2026) [2], …".
_FIGURE_DATED = re.compile(
    r"(?:[:,]|and) ([^:;,()\[\]]*?\d[^:;()\[\]]*?) \(\d{1,2} [A-Z][a-z]+ \d{4}\) \[(\d+)\]"
)


def _framing_holds(
    marked: str,
    revision: dict[str, Any],
    by_id: dict[int, Any],
    evidence: Evidence,
    read: DocumentText,
    quoted: bool = True,
) -> bool:
    """Each quotation of a revision's framing is supported by the citations after it (one at
    least, when ``quoted``), each date given beside a citation is that article's publication
    date, and each figure given beside one is in its cited text, word for word."""
    quotes = _QUOTED.findall(marked)
    for quote, marks in quotes:
        cited = [by_id[int(n)] for n in re.findall(r"\d+", marks) if int(n) in by_id]
        if not evidence.cited(quote, cited, read).supported:
            return False
    published = {v["citation"]: v.get("published") for v in revision.get("versions", [])}
    for day, n in _DATED.findall(marked):
        if int(n) in published and spoken(published[int(n)]) != day:
            return False
    for figure, n in _FIGURE_DATED.findall(marked):
        c = by_id.get(int(n))
        text = (read(c["source"]) or "")[c["start"] : c["end"]] if c else ""
        if not all(re.search(rf"(?<![\w,.]){re.escape(f)}(?![\w])", text) for f in figure.split(" and ")):
            return False
    return bool(quotes) or not quoted


MISS_CAUSES = (
    "retrieval_miss",
    "pre_check",
    "model_declined",
    "not_supported",
    "not_an_answer",
    "partial_answer",
    "error",
)


def miss_cause(
    q: dict[str, Any], answer: dict[str, Any], retrieved: list[str], facts: float | None
) -> str | None:
    """Why an answerable question lost facts: its source was not retrieved, or the step that
    declined (the answer's ``abstain_cause``), or an answer that gave only part of them.

    >>> q = {"answerable": True, "sources": ["a.txt"]}
    >>> miss_cause(q, {"abstained": True, "abstain_cause": "model_declined"}, ["a.txt"], 0.0)
    'model_declined'
    >>> miss_cause(q, {"abstained": True}, ["b.txt"], 0.0), miss_cause(q, {}, ["a.txt"], 1.0)
    ('retrieval_miss', None)
    """
    if not q["answerable"] or facts is None or facts >= 1.0:
        return None
    if answer.get("error"):
        return "error"
    if not set(q["sources"]) & set(retrieved):
        return "retrieval_miss"
    if answer.get("abstained"):
        return str(answer.get("abstain_cause") or "model_declined")
    return "partial_answer"


def cites_gold(answer: dict[str, Any], sources: list[str]) -> bool:
    """Issue 19's "right source cited": an answer, not a refusal, citing at least one gold source.

    >>> cites_gold({"citations": [{"source": "a.txt"}, {"source": "b.txt"}]}, ["b.txt"])
    True
    >>> cites_gold({"citations": [{"source": "a.txt"}]}, ["b.txt"])
    False
    >>> cites_gold({"abstained": True, "citations": [{"source": "b.txt"}]}, ["b.txt"])
    False
    """
    if answer.get("abstained"):
        return False
    return any(c["source"] in sources for c in answer.get("citations", []))


def score_question(
    q: dict[str, Any],
    hits: list[dict[str, Any]],
    answer: dict[str, Any],
    corpus: Path,
    evidence: Evidence,
    read: DocumentText | None = None,
) -> dict[str, Any]:
    retrieved = [h["source"] for h in hits]
    read = read or CorpusTexts(corpus)  # each document's canonical text: what citations index
    gold_spans = []
    for passage in q.get("passages", []):
        for src in q["sources"]:
            text = read(src) or ""
            if passage in text:
                start = text.index(passage)
                gold_spans.append((src, start, start + len(passage)))
                break
    sentence_ok, citation_ok = citation_scores(answer, evidence, read)
    exact = []
    for c in answer.get("citations", []):
        text = read(c["source"]) or ""
        exact.append(text[c["start"] : c["end"]] == c["quote"])
    abstained = bool(answer.get("abstained"))
    cited = cites_gold(answer, q.get("sources", []))
    facts = (
        (0.0 if abstained else metrics.fact_coverage(answer.get("answer", ""), q["facts"]))
        if q["answerable"]
        else None
    )
    return {
        "id": q["id"],
        "question": q["question"],
        "answerable": q["answerable"],
        "answer": answer.get("answer", ""),
        "abstained": abstained,
        "citations": answer.get("citations", []),
        "sentences": answer.get("sentences", []),
        "retrieved": retrieved,
        "hit_at_1": metrics.hit_at_k(retrieved, q["sources"], 1) if q["answerable"] else None,
        "hit_at_5": metrics.hit_at_k(retrieved, q["sources"], 5) if q["answerable"] else None,
        "rr": metrics.reciprocal_rank(retrieved, q["sources"]) if q["answerable"] else None,
        "span_recall": metrics.span_recall([(h["source"], h["start"], h["end"]) for h in hits], gold_spans)
        if q["answerable"]
        else None,
        "fact_coverage": facts,
        "source_cited": cited if q["answerable"] else None,
        "miss_cause": miss_cause(q, answer, retrieved, facts),
        "sentence_supported": sentence_ok,
        "citation_relevant": citation_ok,
        "quote_exact": exact,
        "first_sentence_s": answer.get("timings", {}).get(
            "first_sentence_ms", answer.get("timings", {}).get("total_ms", 0)
        )
        / 1000,
        "total_s": answer.get("timings", {}).get("total_ms", 0) / 1000,
        "error": answer.get("error"),
    }


def summarize(records: list[dict[str, Any]]) -> dict[str, float]:
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    sentences = [ok for r in records if not r["abstained"] for ok in r["sentence_supported"]]
    citations = [ok for r in records if not r["abstained"] for ok in r["citation_relevant"]]
    quotes = [ok for r in records for ok in r["quote_exact"]]
    answered = [r for r in records if not r["abstained"]]
    return {
        "questions": len(records),
        "errors": sum(1 for r in records if r.get("error")),
        "hit_at_1": metrics.mean([r["hit_at_1"] for r in answerable]),
        "hit_at_5": metrics.mean([r["hit_at_5"] for r in answerable]),
        "mrr": metrics.mean([r["rr"] for r in answerable]),
        "span_recall": metrics.mean([r["span_recall"] for r in answerable]),
        "fact_coverage": metrics.mean([r["fact_coverage"] for r in answerable]),
        # Correct and grounded: an answer counts only if every sentence it shows re-checks as supported.
        "grounded_fact_coverage": metrics.mean(
            [
                r["fact_coverage"] if not r["abstained"] and all(r["sentence_supported"]) else 0.0
                for r in answerable
            ]
        ),
        # Records made before the figure existed have no source_cited: leave them out, not count them wrong.
        "source_cited": metrics.mean(
            [float(r["source_cited"]) for r in answerable if r.get("source_cited") is not None]
        ),
        "abstention_rate": metrics.mean([float(r["abstained"]) for r in unanswerable]),
        "false_abstention_rate": metrics.mean([float(r["abstained"]) for r in answerable]),
        "citation_recall": metrics.mean([float(x) for x in sentences]),
        "citation_precision": metrics.mean([float(x) for x in citations]),
        "quote_exactness": metrics.mean([float(x) for x in quotes]) if quotes else 1.0,
        "latency_p50_s": metrics.percentile([r["total_s"] for r in answered], 50),
        "latency_p95_s": metrics.percentile([r["total_s"] for r in answered], 95),
        "first_sentence_p50_s": metrics.percentile([r["first_sentence_s"] for r in answered], 50),
        "first_sentence_p95_s": metrics.percentile([r["first_sentence_s"] for r in answered], 95),
    }


def run(
    target: Target,
    questions: list[dict[str, Any]],
    corpus: Path,
    evidence: Evidence,
    progress: Callable[[Iterator[dict[str, Any]]], Iterator[dict[str, Any]]] = iter,
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    records = []
    read = CorpusTexts(corpus)
    for q in progress(iter(questions)):
        t0 = time.perf_counter()
        try:
            answer = target.ask(q["question"], q.get("history"))
        except (LLMUnavailable, RuntimeError) as exc:
            # One question whose generation failed (a timeout on a loaded machine) is scored as
            # no answer and named in the report; the other questions still run.
            answer = {"answer": "", "abstained": True, "citations": [], "error": str(exc)}
        answer.setdefault("timings", {}).setdefault("total_ms", (time.perf_counter() - t0) * 1000)
        hits = target.search(answer.get("standalone_question") or q["question"], 5) or [
            {"source": c["source"], "start": c["start"], "end": c["end"]} for c in answer.get("citations", [])
        ]
        records.append(score_question(q, hits, answer, corpus, evidence, read))
    return summarize(records), records
