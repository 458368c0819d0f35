"""Runs the gold set through a target (in process, or a service over HTTP) and scores it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eval import metrics
from rag.answer import split_draft
from rag.grounding import Checker

GOLD = Path(__file__).parent / "data" / "questions.jsonl"


def load_questions(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Target(Protocol):
    name: str

    def search(self, question: str, k: int) -> list[dict[str, Any]]: ...

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """An answer object shaped like ``rag ask --json``, with ``timings.first_token_ms``."""
        ...


@dataclass
class InProcessTarget:
    pipeline: Any  # rag.factory.Pipeline
    name: str = "rag"

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        return [h.as_dict() for h in self.pipeline.search(question, k)]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        if history:
            question = self.pipeline.answerer.standalone(question, history)
        answer: dict[str, Any] = self.pipeline.answerer.ask(question).as_dict()
        return answer


def citation_scores(answer: dict[str, Any], checker: Checker) -> tuple[list[bool], list[bool]]:
    """ALCE-style judgements for one answer: per sentence (supported by its citations?)
    and per citation (needed: supports alone, or support is lost without it)."""
    quotes = {c["id"]: c["quote"] for c in answer.get("citations", [])}
    sentence_ok: list[bool] = []
    citation_ok: list[bool] = []
    for claim, ids in split_draft(answer.get("answer", "")):
        cited = [quotes[i] for i in ids if i in quotes]
        supported = bool(cited) and checker.judge(claim, " ".join(cited)).supported
        sentence_ok.append(supported)
        for i in ids:
            alone = i in quotes and checker.judge(claim, quotes[i]).supported
            rest = [quotes[j] for j in ids if j != i and j in quotes]
            without = bool(rest) and checker.judge(claim, " ".join(rest)).supported
            citation_ok.append(alone or (supported and not without))
    return sentence_ok, citation_ok


def score_question(
    q: dict[str, Any], hits: list[dict[str, Any]], answer: dict[str, Any], corpus: Path, checker: Checker
) -> dict[str, Any]:
    retrieved = [h["source"] for h in hits]
    gold_spans = []
    for passage in q.get("passages", []):
        for src in q["sources"]:
            text = (corpus / src).read_text(encoding="utf-8")
            if passage in text:
                start = text.index(passage)
                gold_spans.append((src, start, start + len(passage)))
                break
    sentence_ok, citation_ok = citation_scores(answer, checker)
    exact = []
    for c in answer.get("citations", []):
        path = corpus / c["source"]
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        exact.append(text[c["start"] : c["end"]] == c["quote"])
    abstained = bool(answer.get("abstained"))
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
        "fact_coverage": (0.0 if abstained else metrics.fact_coverage(answer.get("answer", ""), q["facts"]))
        if q["answerable"]
        else None,
        "sentence_supported": sentence_ok,
        "citation_relevant": citation_ok,
        "quote_exact": exact,
        "first_token_s": answer.get("timings", {}).get(
            "first_token_ms", answer.get("timings", {}).get("total_ms", 0)
        )
        / 1000,
        "total_s": answer.get("timings", {}).get("total_ms", 0) / 1000,
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
        "hit_at_1": metrics.mean([r["hit_at_1"] for r in answerable]),
        "hit_at_5": metrics.mean([r["hit_at_5"] for r in answerable]),
        "mrr": metrics.mean([r["rr"] for r in answerable]),
        "span_recall": metrics.mean([r["span_recall"] for r in answerable]),
        "fact_coverage": metrics.mean([r["fact_coverage"] for r in answerable]),
        "abstention_rate": metrics.mean([float(r["abstained"]) for r in unanswerable]),
        "false_abstention_rate": metrics.mean([float(r["abstained"]) for r in answerable]),
        "citation_recall": metrics.mean([float(x) for x in sentences]),
        "citation_precision": metrics.mean([float(x) for x in citations]),
        "quote_exactness": metrics.mean([float(x) for x in quotes]) if quotes else 1.0,
        "latency_p50_s": metrics.percentile([r["total_s"] for r in answered], 50),
        "latency_p95_s": metrics.percentile([r["total_s"] for r in answered], 95),
        "first_token_p50_s": metrics.percentile([r["first_token_s"] for r in answered], 50),
        "first_token_p95_s": metrics.percentile([r["first_token_s"] for r in answered], 95),
    }


def run(
    target: Target,
    questions: list[dict[str, Any]],
    corpus: Path,
    checker: Checker,
    progress: Callable[[Iterator[dict[str, Any]]], Iterator[dict[str, Any]]] = iter,
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    records = []
    for q in progress(iter(questions)):
        hits = target.search(q["question"], 5)
        t0 = time.perf_counter()
        answer = target.ask(q["question"], q.get("history"))
        answer.setdefault("timings", {}).setdefault("total_ms", (time.perf_counter() - t0) * 1000)
        records.append(score_question(q, hits, answer, corpus, checker))
    return summarize(records), records
