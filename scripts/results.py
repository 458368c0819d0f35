"""Answer each corpus's test split and compose eval/RESULTS.md (``make results``).

    python scripts/results.py                      # run every corpus below, then compose
    python scripts/results.py --only ninth         # run one corpus, compose from every run on disk
    python scripts/results.py --compose            # compose from the runs already on disk
    python scripts/results.py --dev --runs /tmp/a --out /tmp/a.md   # the dev splits, to tune on

Each corpus is ingested into a fresh temporary index, so the figures are those of the
current cleaning and chunking code, not of an index built by older code. Each run is one
`rag eval --no-claims --split SPLIT --out eval/runs/test-NAME` (its report.md and
report.json). The file keeps each run's figures, its misses by cause (issue 19's
breakdown) and its answers, and first a table pooled over every corpus beside the
targets, so a reader sees what each figure was made of.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from eval.runner import ANSWER_SETS as SETS
from eval.runner import AnswerSet, summarize

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "eval" / "runs"

# Issue 19's "done when", over the test splits of every corpus.
TARGETS = (
    ("fact_coverage", "required facts", ">=", 0.90),
    ("source_cited", "right source cited", ">=", 0.95),
    ("false_abstention_rate", "false abstention", "<=", 0.05),
    ("abstention_rate", "unanswerable declined", ">=", 0.90),
    ("quote_exactness", "quotes verbatim", ">=", 1.0),
    ("citation_recall", "shown sentences verified", ">=", 1.0),
)


def run(answer_set: AnswerSet, split: str, out: Path) -> None:
    rag = str(Path(sys.executable).parent / "rag")
    with tempfile.TemporaryDirectory(prefix=f"results-{answer_set.name}-") as data_dir:
        env = {**os.environ, "RAG_DATA_DIR": data_dir, "RAG_CORPUS_DIR": str(answer_set.articles)}
        print(f"== {answer_set.name}: ingest {answer_set.articles}", flush=True)
        subprocess.run([rag, "ingest"], env=env, check=True)
        print(f"== {answer_set.name}: answer the {split} split", flush=True)
        command = [rag, "eval", "--no-claims", "--split", split]
        command += ["--questions", str(answer_set.questions), "--out", str(out)]
        subprocess.run(command, env=env, check=True)


def records(folder: Path) -> list[dict[str, Any]]:
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return list(data["runs"]["rag"]["records"])


def section(name: str, folder: Path) -> str:
    report = (folder / "report.md").read_text(encoding="utf-8")
    rows = records(folder)
    body = report.split("\n", 1)[1]  # without its own "# Evaluation: N questions"
    answerable = sum(1 for r in rows if r["answerable"])
    head = f"## {name}: {len(rows)} questions ({answerable} answerable, {len(rows) - answerable} not)"
    return f"{head}\n\n{body.replace('## ', '### ')}"


def pooled(runs: list[tuple[str, Path]]) -> str:
    """Issue 19's figures over every corpus's test questions together, beside its targets.

    Each question counts once, so a corpus weighs by its number of questions.
    """
    rows = [r for _, folder in runs for r in records(folder)]
    summary = summarize(rows)
    answerable = sum(1 for r in rows if r["answerable"])
    lines = [
        f"## All corpora pooled: {len(rows)} questions "
        f"({answerable} answerable, {len(rows) - answerable} not)",
        "",
        "| figure | pooled | target | met |",
        "|---|---|---|---|",
    ]
    for key, label, op, target in TARGETS:
        value = summary[key]
        met = value >= target if op == ">=" else value <= target
        lines.append(f"| {label} (`{key}`) | {value:.3f} | {op} {target:.2f} | {'yes' if met else 'no'} |")
    lines += ["", "| corpus | questions | facts | false abstention | unanswerable declined | answer p50 s |"]
    lines.append("|---|---|---|---|---|---|")
    for name, folder in runs:
        s = summarize(records(folder))
        lines.append(
            f"| {name} | {s['questions']} | {s['fact_coverage']:.3f} | {s['false_abstention_rate']:.3f} "
            f"| {s['abstention_rate']:.3f} | {s['latency_p50_s']:.1f} |"
        )
    causes = Counter(r["miss_cause"] for r in rows if r.get("miss_cause"))
    listed = ", ".join(f"{cause} {n}" for cause, n in causes.most_common()) or "none"
    lines += ["", f"Misses by cause, pooled: {listed}"]
    return "\n".join(lines) + "\n"


def compose(runs: list[tuple[str, Path]], out: Path, kind: str = "test") -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False, cwd=ROOT
    ).stdout.strip()
    parts = [
        f"# Answers on the {kind} splits",
        "",
        f"Made by `scripts/results.py` at commit `{commit or 'unknown'}`: `rag eval --no-claims` on each "
        f"corpus's {kind} split, each corpus ingested afresh, the embedded Qwen2.5-Coder-1.5B in process. "
        "Misses by cause: retrieval_miss (no gold source retrieved), pre_check (declined before the "
        "model), model_declined, not_supported (no drafted sentence verified), not_an_answer (verified "
        "sentences that do not give what was asked), partial_answer (some facts missing).",
        "",
        pooled(runs),
    ]
    parts += [section(f"{name} corpus", folder) for name, folder in runs]
    out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    names = [s.name for s in SETS]
    parser.add_argument("--only", action="append", choices=names, help="run only these corpora")
    parser.add_argument("--compose", action="store_true", help="run nothing; compose from eval/runs")
    parser.add_argument("--dev", action="store_true", help="the dev splits (to tune on), not test")
    parser.add_argument("--runs", type=Path, default=RUNS, help="where each corpus's run goes")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "RESULTS.md")
    args = parser.parse_args()
    kind = "dev" if args.dev else "test"
    folders = {name: args.runs / f"{kind}-{name}" for name in names}
    if not args.compose:
        for answer_set in SETS:
            if not args.only or answer_set.name in args.only:
                run(answer_set, answer_set.dev if args.dev else answer_set.split, folders[answer_set.name])
    runs = [(name, folder) for name, folder in folders.items() if (folder / "report.json").exists()]
    missing = [name for name in names if (name, folders[name]) not in runs]
    if missing:
        print(f"no run on disk for: {', '.join(missing)} (left out of the file)", file=sys.stderr)
    compose(runs, args.out, kind)


if __name__ == "__main__":
    main()
