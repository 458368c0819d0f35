"""Compose eval/RESULTS.md from answer-evaluation runs, one per corpus (``make results``).

    python scripts/results.py "seed=eval/runs/seed" "second=eval/runs/second" --out eval/RESULTS.md

Each run folder is one `rag eval --out DIR` (its report.md and report.json). The file keeps
each run's figures, its misses by cause (issue 19's breakdown) and its answers, so a reader
sees what each figure was made of.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path


def section(name: str, folder: Path) -> str:
    report = (folder / "report.md").read_text(encoding="utf-8")
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    records = data["runs"]["rag"]["records"]
    body = report.split("\n", 1)[1]  # without its own "# Evaluation: N questions"
    answerable = sum(1 for r in records if r["answerable"])
    head = f"## {name}: {len(records)} questions ({answerable} answerable, {len(records) - answerable} not)"
    return f"{head}\n\n{body.replace('## ', '### ')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="+", help="name=folder, one per corpus")
    parser.add_argument("--out", type=Path, default=Path("eval/RESULTS.md"))
    parser.add_argument("--title", default="Answers on the test splits")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    parts = [
        f"# {args.title}",
        "",
        f"Made by `make results` at commit `{commit or 'unknown'}`: `rag eval --no-claims` on each "
        "corpus's test split, the embedded Qwen2.5-Coder-1.5B in process. Misses by cause: "
        "retrieval_miss (no gold source retrieved), pre_check (declined before the model), "
        "model_declined, not_supported (no drafted sentence verified), not_an_answer (verified "
        "sentences that do not give what was asked), partial_answer (some facts missing).",
        "",
    ]
    for run in args.runs:
        name, _, folder = run.partition("=")
        parts.append(section(name, Path(folder)))
    args.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
