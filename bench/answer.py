"""Where answer time goes, and the LlamaIndex baseline on the same questions, in one run.

The pipeline answers each gold question (its own timings split retrieval, prompt
evaluation, decoding and verification, and give the moment its first verified sentence
went out); then the bare LLM gets the very same prompt (same selected evidence, same
settings) and is timed alone; then plain LlamaIndex (``CitationQueryEngine`` on the same
Chroma collection, embedder and LLM) answers. Each of the three runs as its own pass over
the questions, as a server answering one question after another: llama.cpp then reuses
the evaluated prefix a prompt shares with the one before (a constant system prompt), and
no pass inherits another's prompt (the cache is cleared between passes).
"""

from __future__ import annotations

import time
from typing import Any

from bench.stats import summary
from eval.baseline import LlamaIndexBaseline
from eval.metrics import fact_coverage, mean
from eval.runner import load_questions
from rag.answer import build_messages, complete_sentences
from rag.factory import Pipeline


def gold_questions(n: int, split: str = "test") -> list[dict[str, Any]]:
    """``n`` answerable single-turn gold questions of ``split``, spread over the kinds."""
    pool = [
        q for q in load_questions() if q["answerable"] and not q.get("history") and q.get("split") == split
    ]
    return pool[:: max(1, len(pool) // n)][:n]


def _cold(pipeline: Pipeline) -> None:
    forget = getattr(pipeline.llm, "forget_prompt", None)  # llama.cpp only; servers keep their own
    if forget is not None:
        forget()


def _llm_alone(pipeline: Pipeline, question: str) -> dict[str, float]:
    s, answerer = pipeline.settings, pipeline.answerer
    messages = build_messages(question, answerer.select(question, answerer.retrieve(question)))
    t0 = time.perf_counter()
    first = sentence = None
    draft = ""
    for piece in pipeline.llm.stream(messages, s.max_tokens, s.temperature):
        draft += piece
        if first is None:
            first = time.perf_counter() - t0
        if sentence is None and complete_sentences(draft)[0]:
            sentence = time.perf_counter() - t0  # a first sentence, unchecked
    total = time.perf_counter() - t0
    return {
        "first_token_ms": (first or total) * 1000,
        "first_sentence_ms": (sentence or total) * 1000,
        "total_ms": total * 1000,
    }


def bench_answers(pipeline: Pipeline, n_questions: int, progress: bool = True) -> dict[str, Any]:
    baseline = LlamaIndexBaseline(pipeline, top_k=pipeline.settings.top_k)
    questions = gold_questions(n_questions)
    rows: list[dict[str, Any]] = []

    def say(msg: str) -> None:
        if progress:
            print(msg, flush=True)

    _cold(pipeline)
    for i, q in enumerate(questions, 1):
        ours = pipeline.answerer.ask(q["question"])
        rows.append(
            {
                "id": q["id"],
                "ours": dict(ours.timings),
                "ours_abstained": ours.abstained,
                "ours_fact_coverage": fact_coverage(ours.answer, q["facts"]) if not ours.abstained else 0.0,
            }
        )
        say(f"  ours {i}/{len(questions)} {q['id']}: {ours.timings['total_ms']:.0f} ms")
    _cold(pipeline)
    for i, (q, row) in enumerate(zip(questions, rows, strict=True), 1):
        if "first_token_ms" in row["ours"]:  # the LLM was called (no early abstention)
            row["llm_alone"] = _llm_alone(pipeline, q["question"])
            say(f"  llm alone {i}/{len(questions)} {q['id']}: {row['llm_alone']['total_ms']:.0f} ms")
    _cold(pipeline)
    for i, (q, row) in enumerate(zip(questions, rows, strict=True), 1):
        base = baseline.ask(q["question"])
        row["baseline_total_ms"] = base["timings"]["total_ms"]
        row["baseline_fact_coverage"] = (
            fact_coverage(base["answer"], q["facts"]) if not base["abstained"] else 0.0
        )
        say(f"  llamaindex {i}/{len(questions)} {q['id']}: {row['baseline_total_ms']:.0f} ms")
    return _summarize(rows, pipeline.llm.name, pipeline.settings.evidence_chars)


def _summarize(rows: list[dict[str, Any]], model: str, evidence_chars: int) -> dict[str, Any]:
    called = [r for r in rows if "llm_alone" in r]
    ours_total = [r["ours"]["total_ms"] for r in rows]
    base_total = [r["baseline_total_ms"] for r in rows]
    # Ours minus the model's own time on the same prompt, per question, over our total.
    overhead = [max(0.0, r["ours"]["total_ms"] - r["llm_alone"]["total_ms"]) for r in called]
    stages = {
        stage: summary([r["ours"].get(f"{stage}_ms", 0.0) for r in called])
        for stage in ("retrieval", "selection", "prompt_eval", "decode", "verification")
    }
    ours_cov = mean([r["ours_fact_coverage"] for r in rows])
    base_cov = mean([r["baseline_fact_coverage"] for r in rows])
    return {
        "model": model,
        "evidence_chars": evidence_chars,
        "questions": len(rows),
        "llm_called": len(called),
        "time_to_first_token": summary([r["ours"]["first_token_ms"] for r in called]),
        # What a reader waits for: the first sentence shown, verified (answers that show one).
        "time_to_first_verified_sentence": summary(
            [r["ours"]["first_sentence_ms"] for r in rows if "first_sentence_ms" in r["ours"]]
        ),
        "total": summary(ours_total),
        "stages": stages,
        "llm_alone": {
            "time_to_first_token": summary([r["llm_alone"]["first_token_ms"] for r in called]),
            "time_to_first_sentence": summary([r["llm_alone"]["first_sentence_ms"] for r in called]),
            "total": summary([r["llm_alone"]["total_ms"] for r in called]),
        },
        "ours_outside_llm": summary(overhead),
        "overhead_share": round(sum(overhead) / max(1e-9, sum(r["ours"]["total_ms"] for r in called)), 4),
        "fact_coverage": round(ours_cov, 3),
        "llamaindex_baseline": {
            "total": summary(base_total),
            "fact_coverage": round(base_cov, 3),
            "latency_ratio_baseline_over_ours": round(
                summary(base_total)["p50_ms"] / max(1e-9, summary(ours_total)["p50_ms"]), 3
            ),
            "fact_coverage_ratio_ours_over_baseline": round(ours_cov / base_cov, 3) if base_cov else None,
        },
        "per_question": rows,
    }
