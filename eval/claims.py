"""The support checker measured as a classifier on hand-labelled (claim, span) pairs."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from eval import metrics
from eval.checker import span_order
from rag.documents import read_article
from rag.evidence import Evidence, Span

CLAIMS = Path(__file__).parent / "data" / "claims.jsonl"


def load_claims(path: Path = CLAIMS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(evidence: Evidence, corpus: Path, claims: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Balanced accuracy overall and accuracy per kind of flaw (``paraphrase`` = supported claims).
    Each claim is judged against its span as POST /check judges one: the span is the passage."""
    claims = claims if claims is not None else load_claims()
    labels, predictions, rows = [], [], []
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for c in sorted(claims, key=span_order):
        article = read_article(corpus / c["source"])
        span = Span(c["source"], article.title, c["start"], c["end"], article.text[c["start"] : c["end"]])
        j = evidence.best(c["claim"], [span]).judgement
        predicted = j.supported
        labels.append(c["supported"])
        predictions.append(predicted)
        by_kind[c["kind"]].append(predicted == c["supported"])
        rows.append(
            {
                **c,
                "verdict": j.verdict,
                "score": j.score,
                "correct": predicted == c["supported"],
                "missing": list(j.missing),
            }
        )
    return {
        "balanced_accuracy": metrics.balanced_accuracy(labels, predictions),
        "per_kind": {k: metrics.mean([float(x) for x in v]) for k, v in sorted(by_kind.items())},
        "count": len(claims),
        "errors": [r for r in rows if not r["correct"]],
    }
