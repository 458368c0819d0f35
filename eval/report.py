"""Writing eval reports: JSON, Markdown."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

KEY_ORDER = [
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "span_recall",
    "fact_coverage",
    "abstention_rate",
    "false_abstention_rate",
    "citation_recall",
    "citation_precision",
    "quote_exactness",
    "latency_p50_s",
    "latency_p95_s",
    "first_token_p50_s",
    "first_token_p95_s",
]


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    names = list(runs)
    lines = [
        f"# Evaluation: {report['meta']['questions']} questions",
        "",
        "| metric | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key in KEY_ORDER:
        if any(key in runs[n]["summary"] for n in names):
            lines.append(f"| {key} | " + " | ".join(fmt(runs[n]["summary"].get(key)) for n in names) + " |")
    lines += ["", "Settings: " + ", ".join(f"{k}={v}" for k, v in report["meta"].items()), ""]
    for name in names:
        lines += [f"## {name}: per question", "", "| id | abstained | facts | answer |", "|---|---|---|---|"]
        for r in runs[name]["records"]:
            answer = r["answer"].replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {r['id']} | {r['abstained']} | {fmt(r['fact_coverage'])} | {answer} |")
        lines.append("")
    return "\n".join(lines)


def write(report: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    (out / "report.md").write_text(markdown(report))
