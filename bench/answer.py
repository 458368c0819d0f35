"""Where answer time goes, and the LlamaIndex baseline on the same questions, in one run.

For each gold question the pipeline answers once (its own timings split retrieval,
prompt evaluation, decoding and verification); then the bare LLM gets the very same
prompt (same passages, same settings) and is timed alone; then plain LlamaIndex
(``CitationQueryEngine`` on the same Chroma collection, embedder and LLM) answers.
llama.cpp's prompt cache is cleared before every call, so no call reuses another's
evaluated prompt and the three are timed alike.
"""

from __future__ import annotations

import time
from typing import Any

from bench.stats import summary
from eval.baseline import LlamaIndexBaseline
from eval.metrics import fact_coverage, mean
from eval.runner import load_questions
from rag.answer import build_messages, merge_hits
from rag.factory import Pipeline


def gold_questions(n: int) -> list[dict[str, Any]]:
    """The first ``n`` answerable single-turn gold questions, spread over the kinds."""
    pool = [q for q in load_questions() if q["answerable"] and not q.get("history")]
    return pool[:: max(1, len(pool) // n)][:n]


def _cold(pipeline: Pipeline) -> None:
    forget = getattr(pipeline.llm, "forget_prompt", None)  # llama.cpp only; servers keep their own
    if forget is not None:
        forget()


def _llm_alone(pipeline: Pipeline, question: str) -> dict[str, float]:
    s = pipeline.settings
    passages = merge_hits(pipeline.retriever.search(question, s.top_k))
    messages = build_messages(question, passages)
    _cold(pipeline)
    t0 = time.perf_counter()
    first = None
    for _ in pipeline.llm.stream(messages, s.max_tokens, s.temperature):
        if first is None:
            first = time.perf_counter() - t0
    total = time.perf_counter() - t0
    return {"first_token_ms": (first or total) * 1000, "total_ms": total * 1000}


def bench_answers(pipeline: Pipeline, n_questions: int, progress: bool = True) -> dict[str, Any]:
    baseline = LlamaIndexBaseline(pipeline, top_k=pipeline.settings.top_k)
    rows = []
    questions = gold_questions(n_questions)
    for i, q in enumerate(questions, 1):
        _cold(pipeline)
        ours = pipeline.answerer.ask(q["question"])
        row: dict[str, Any] = {
            "id": q["id"],
            "ours": dict(ours.timings),
            "ours_abstained": ours.abstained,
            "ours_fact_coverage": fact_coverage(ours.answer, q["facts"]) if not ours.abstained else 0.0,
        }
        if "first_token_ms" in ours.timings:  # the LLM was called (no early abstention)
            row["llm_alone"] = _llm_alone(pipeline, q["question"])
        _cold(pipeline)
        base = baseline.ask(q["question"])
        row["baseline_total_ms"] = base["timings"]["total_ms"]
        row["baseline_fact_coverage"] = (
            fact_coverage(base["answer"], q["facts"]) if not base["abstained"] else 0.0
        )
        rows.append(row)
        if progress:
            print(
                f"  answer {i}/{len(questions)} {q['id']}: ours {row['ours']['total_ms']:.0f} ms, "
                f"llm alone {row.get('llm_alone', {}).get('total_ms', 0):.0f} ms, "
                f"llamaindex {row['baseline_total_ms']:.0f} ms",
                flush=True,
            )
    return _summarize(rows, pipeline.llm.name)


def _summarize(rows: list[dict[str, Any]], model: str) -> dict[str, Any]:
    called = [r for r in rows if "llm_alone" in r]
    ours_total = [r["ours"]["total_ms"] for r in rows]
    base_total = [r["baseline_total_ms"] for r in rows]
    # Ours minus the model's own time on the same prompt, per question, over our total.
    overhead = [max(0.0, r["ours"]["total_ms"] - r["llm_alone"]["total_ms"]) for r in called]
    stages = {
        stage: summary([r["ours"].get(f"{stage}_ms", 0.0) for r in called])
        for stage in ("retrieval", "prompt_eval", "decode", "verification")
    }
    ours_cov = mean([r["ours_fact_coverage"] for r in rows])
    base_cov = mean([r["baseline_fact_coverage"] for r in rows])
    return {
        "model": model,
        "questions": len(rows),
        "llm_called": len(called),
        "time_to_first_token": summary([r["ours"]["first_token_ms"] for r in called]),
        "total": summary(ours_total),
        "stages": stages,
        "llm_alone": {
            "time_to_first_token": summary([r["llm_alone"]["first_token_ms"] for r in called]),
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
