"""The evaluation suite as one call: gold set -> targets -> report, and the regression gate.

The ``rag eval`` command is a thin shell over :func:`evaluate` and :func:`gate`."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from eval import claims as claims_mod
from eval.runner import (
    GOLD,
    HttpTarget,
    InProcessTarget,
    LlamaIndexVerifiedTarget,
    Target,
    load_questions,
    run,
)
from rag import prompts
from rag.factory import Pipeline, build_pipeline
from rag.settings import Settings

# (target name, number of questions) -> a wrapper that reports progress while iterating
ProgressFactory = Callable[[str, int], Callable[[Iterator[dict[str, Any]]], Iterator[dict[str, Any]]]]


class SuiteError(RuntimeError):
    """The suite cannot run as asked (says why)."""


def select(gold: list[dict[str, Any]], subset: int | None, split: str | None = None) -> list[dict[str, Any]]:
    """The questions of ``split`` (dev: tune on these; test: report these), then the first
    ``subset`` answerable and the first ``subset`` unanswerable of them.

    >>> qs = [{"id": i, "answerable": i % 2 == 0, "split": "dev" if i < 4 else "test"} for i in range(6)]
    >>> [q["id"] for q in select(qs, 2)], [q["id"] for q in select(qs, None, "test")]
    ([0, 2, 1, 3], [4, 5])
    """
    if split:
        gold = [q for q in gold if q.get("split") == split]
    if not subset:
        return gold
    return [q for q in gold if q["answerable"]][:subset] + [q for q in gold if not q["answerable"]][:subset]


def injected_pipeline(settings: Settings, extra: list[Path]) -> Pipeline:
    """corpus/ plus ``extra`` in a temporary corpus and index: the configured index is not touched."""
    if settings.chroma_url:
        raise SuiteError("--inject needs the embedded store (unset RAG_CHROMA_URL)")
    missing = [p for p in extra if not p.is_file()]
    if missing:
        raise SuiteError(f"{missing[0]}: no such file")
    root = Path(tempfile.mkdtemp(prefix="rag-eval-inject-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(settings.corpus_dir, root / "corpus")
    for path in extra:
        shutil.copy(path, root / "corpus" / path.name)
    moved = settings.model_copy(update={"corpus_dir": root / "corpus", "data_dir": root / "data"})
    return build_pipeline(moved)


def evaluate(
    pipeline: Pipeline,
    *,
    subset: int | None = None,
    split: str | None = None,
    url: str | None = None,
    api_key: str | None = None,
    baseline: bool = False,
    llamaindex_verified: bool = False,
    questions: Path | None = None,
    injected: list[Path] | None = None,
    progress: ProgressFactory | None = None,
    claims: bool = True,
) -> dict[str, Any]:
    """Run the gold set through the pipeline (or the service at ``url``), and the LlamaIndex
    baseline and our query engine behind LlamaIndex's interface if asked; score the checker on
    the labelled claims. Returns the report."""
    settings = pipeline.settings
    if not url:
        # The gold set is written against corpus/: make sure the index holds it (cheap when unchanged).
        ingested = pipeline.ingest()
        if not ingested.ok:
            raise SuiteError(f"corpus ingest failed: {ingested.failed}")
    gold = select(load_questions(questions or GOLD), subset, split)
    targets: list[Target] = [HttpTarget(url, api_key) if url else InProcessTarget(pipeline)]
    if baseline:
        from eval.baseline import LlamaIndexBaseline

        targets.append(LlamaIndexBaseline(pipeline, top_k=settings.top_k))
    if llamaindex_verified:
        targets.append(LlamaIndexVerifiedTarget(pipeline, top_k=settings.top_k))
    runs = {}
    for target in targets:
        wrap = progress(target.name, len(gold)) if progress else iter
        summary, records = run(target, gold, settings.corpus_dir, pipeline.evidence, progress=wrap)
        runs["rag" if target is targets[0] else target.name] = {"summary": summary, "records": records}
    model = settings.local_model if settings.llm_backend == "llama_cpp" else settings.llm_backend
    labelled = [c for c in claims_mod.load_claims() if (settings.corpus_dir / c["source"]).is_file()]
    return {
        "meta": {
            "questions": len(gold),
            "model": model,
            "prompt": prompts.version(),
            "top_k": settings.top_k,
            "target": url or "in-process",
            "injected": [p.name for p in injected or []],
        },
        "runs": runs,
        # The labelled claims are about the seed articles: scored when the corpus holds them.
        "claims": claims_mod.evaluate(pipeline.evidence, settings.corpus_dir, labelled)
        if claims and labelled
        else None,
    }


def gate(report: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """The metrics that miss their thresholds (``{"min": {...}, "max": {...}}``), as messages.

    >>> report = {"runs": {"rag": {"summary": {"mrr": 0.5}}}, "claims": {"balanced_accuracy": 0.9}}
    >>> gate(report, {"min": {"mrr": 0.8, "claims_balanced_accuracy": 0.85}})
    ['mrr = 0.500 < 0.8']
    """
    summary = dict(report["runs"]["rag"]["summary"])
    if report.get("claims"):
        summary["claims_balanced_accuracy"] = report["claims"]["balanced_accuracy"]
    failures = [
        f"{k} = {summary[k]:.3f} < {v}" if k in summary else f"{k}: not measured in this run"
        for k, v in thresholds.get("min", {}).items()
        if k not in summary or summary[k] < v
    ]
    failures += [
        f"{k} = {summary[k]:.3f} > {v}" for k, v in thresholds.get("max", {}).items() if summary[k] > v
    ]
    return failures
