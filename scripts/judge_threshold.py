"""What the support judge's veto threshold would keep and overrule, from checker reports.

    python scripts/judge_threshold.py eval/runs/dev.json eval/runs/dev2.json eval/runs/dev3.json

Each file is the JSON beside a `rag eval checker --split … --out F.md` report (its `judged`
rows). Counted over the pairs the rules accepted and the judge read, against the span: for
each threshold, the flawed pairs it would keep as supported and the right ones it would veto.
Choose on dev splits only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)


def read(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        judged = json.loads(path.read_text(encoding="utf-8")).get("judged", {})
        rows += [r for key, rs in judged.items() if key.endswith("/span") for r in rs]
    # The rules' support the judge read: kept (predicted) or vetoed (overruled), with its P(yes).
    return [r for r in rows if r["second_opinion"] is not None and (r["predicted"] or r["overruled"])]


def main() -> None:
    rows = read([Path(p) for p in sys.argv[1:]])
    flawed = [r for r in rows if not r["supported"]]
    right = [r for r in rows if r["supported"]]
    print(
        f"{len(rows)} pairs the rules accepted and the judge read: {len(flawed)} flawed, {len(right)} right"
    )
    print("| threshold | flawed kept | right vetoed |\n|---|---|---|")
    for t in THRESHOLDS:
        kept = sum(r["second_opinion"] >= t for r in flawed)
        vetoed = sum(r["second_opinion"] < t for r in right)
        print(f"| {t} | {kept} | {vetoed} |")


if __name__ == "__main__":
    main()
