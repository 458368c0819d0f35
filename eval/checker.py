"""The support checker measured as a classifier, per corpus, split, mode and kind of flaw.

Labelled (claim, span) pairs live beside each corpus:
- the seed articles (``corpus/``): ``eval/data/claims.jsonl`` is the dev split (the checker
  was tuned while looking at it) and ``eval/data/claims_seed_test.jsonl`` the test split,
  written later by someone who had not read the checker;
- a second corpus on another subject (``eval/data/corpus2/``), with its own
  ``claims.jsonl``, each pair marked dev or test;
- a held-out split (``claims_holdout.jsonl`` beside each), written last by someone who
  had read neither the checker nor its errors on the other splits: the cleanest figure.
- a second dev split (``claims_dev2.jsonl`` beside each, split ``dev2``), written on
  2 December by someone who had read neither the checker nor any labelled set: the first
  dev split was saturated (0.955), so changes are tuned on this one.
- a third corpus on yet another subject (``eval/data/corpus3/``), written on 4 December by
  someone who had read neither the checker nor any other labelled set, split into
  ``dev3`` (tune) and ``test3`` (report).
- a fourth corpus in American wire style (``eval/data/corpus4/``), labelled on 5 December by
  us, who know the checker, before running it on them; split by a fixed shuffle within each
  kind into ``dev4`` (tune) and ``test4`` (report). Written by the checker's authors, test4
  is a weaker held-out figure than test3 or holdout.
- a fifth corpus on public health (``eval/data/corpus5/``, a listeria outbreak), labelled on
  5 December (tenth session) by us, before running the checker on it, and split the same way
  into ``dev5`` and ``test5``; like test4, a weaker held-out figure.
- a sixth corpus on business and the courts (``eval/data/corpus6/``, an airline's collapse),
  written on 6 December by a helper who had read no code and no other labelled set, split
  within each kind into ``dev6`` (tune) and ``test6`` (report).
- a seventh corpus on sport and the courts (``eval/data/corpus7/``, a football federation's
  match-fixing inquiry), written on 6 December (seventeenth session) by a helper who had read
  no code and no other labelled set, split the same way into ``dev7`` and ``test7``.
- an eighth corpus on local politics and the courts (``eval/data/corpus8/``, a disputed mayoral
  election, its recount and a campaign-finance inquiry), written on 6 December (eighteenth
  session) the same way, split into ``dev8`` and ``test8``.
- a ninth corpus on crime and the courts (``eval/data/corpus9/``, paintings stolen from a city
  museum, arrests, an insurer's valuation and a dispute over a faulty alarm), written on
  6 December (nineteenth session) the same way, split into ``dev9`` and ``test9``.

Two modes, as a journalist uses the checker:
- ``span``: the claim against its labelled span (POST /check with ``claim``/``source``);
- ``search``: the claim as a one-sentence draft, evidence searched in the whole corpus
  (POST /check with ``text``); "supported" and "superseded" are the verdicts that count as
  support, since "superseded" says an older article supports the sentence and a newer one
  revises it. A flawed claim judged superseded is a false support (the older article is
  said to state it); a right one is not a rejection.

The figure that matters most is reported on its own: the share of flawed claims accepted
as supported (false support).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval import metrics

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LabelledSet:
    corpus: str  # a name for reports
    corpus_dir: Path
    files: tuple[Path, ...]


SETS = (
    LabelledSet(
        "seed",
        ROOT / "corpus",
        (
            DATA / "claims.jsonl",
            DATA / "claims_dev2.jsonl",
            DATA / "claims_seed_test.jsonl",
            DATA / "claims_holdout.jsonl",
        ),
    ),
    LabelledSet(
        "second",
        DATA / "corpus2" / "articles",
        (
            DATA / "corpus2" / "claims.jsonl",
            DATA / "corpus2" / "claims_dev2.jsonl",
            DATA / "corpus2" / "claims_holdout.jsonl",
        ),
    ),
    LabelledSet("third", DATA / "corpus3" / "articles", (DATA / "corpus3" / "claims.jsonl",)),
    LabelledSet("fourth", DATA / "corpus4" / "articles", (DATA / "corpus4" / "claims.jsonl",)),
    LabelledSet("fifth", DATA / "corpus5" / "articles", (DATA / "corpus5" / "claims.jsonl",)),
    LabelledSet("sixth", DATA / "corpus6" / "articles", (DATA / "corpus6" / "claims.jsonl",)),
    LabelledSet("seventh", DATA / "corpus7" / "articles", (DATA / "corpus7" / "claims.jsonl",)),
    LabelledSet("eighth", DATA / "corpus8" / "articles", (DATA / "corpus8" / "claims.jsonl",)),
    LabelledSet("ninth", DATA / "corpus9" / "articles", (DATA / "corpus9" / "claims.jsonl",)),
)
# Verdicts that say an article states the claim (see the module's note on search mode).
SUPPORT_VERDICTS = ("supported", "superseded")
SPLITS = (
    *("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9"),
    *("test", "test3", "test4", "test5", "test6", "test7", "test8", "test9"),
    *("holdout", "all"),
    # Pooled: every corpus's tuning splits, or every split nobody tuned on (test* and holdout).
    *("dev-all", "test-all"),
)


def in_split(row_split: str, split: str | None) -> bool:
    """Whether a pair of split ``row_split`` is asked for by ``split``.

    >>> [in_split(s, "test-all") for s in ("test", "test7", "holdout", "dev", "dev7")]
    [True, True, True, False, False]
    >>> [in_split(s, "dev-all") for s in ("dev", "dev2", "dev9", "test", "holdout")]
    [True, True, True, False, False]
    >>> in_split("test", "test"), in_split("test3", "test"), in_split("dev3", "all")
    (True, False, True)
    """
    if split in (None, "all"):
        return True
    if split in ("dev-all", "test-all"):
        return row_split.startswith("dev") == (split == "dev-all")
    return row_split == split


def load(labelled: LabelledSet, split: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for path in labelled.files:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row.setdefault("split", "dev")  # pairs written before splits existed were tuned on
                if in_split(row["split"], split):
                    rows.append(row)
    return rows


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Classifier figures for judged rows (each with ``supported`` and ``predicted``).

    >>> rows = [{"supported": True, "predicted": True, "kind": "paraphrase"},
    ...         {"supported": False, "predicted": True, "kind": "number"},
    ...         {"supported": False, "predicted": False, "kind": "date"}]
    >>> s = score(rows)
    >>> s["balanced_accuracy"], s["false_support_rate"], s["per_kind"]["number"]
    (0.75, 0.5, 0.0)
    """
    labels = [r["supported"] for r in rows]
    predicted = [r["predicted"] for r in rows]
    flawed = [r for r in rows if not r["supported"]]
    right = [r for r in rows if r["supported"]]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(float(r["predicted"] == r["supported"]))
    return {
        "count": len(rows),
        "balanced_accuracy": metrics.balanced_accuracy(labels, predicted) if rows else None,
        "false_support_rate": metrics.mean([float(r["predicted"]) for r in flawed]) if flawed else None,
        "false_rejection_rate": metrics.mean([float(not r["predicted"]) for r in right]) if right else None,
        "per_kind": {k: metrics.mean(v) for k, v in sorted(by_kind.items())},
    }


def span_order(row: dict[str, Any]) -> tuple[str, int, int]:
    """Labelled pairs judged span by span: the judge's prompt gives the passage before the
    claim, so a claim about the passage it has just read reuses it (llama.cpp's cached prefix)
    instead of reading it again (on the 115 seed claims, 4,526 prompt tokens instead of 6,550)."""
    return row["source"], row["start"], row["end"]


def judge_span(pipeline: Any, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in sorted(rows, key=span_order):
        j = pipeline.factchecker.check_span(r["claim"], r["source"], r["start"], r["end"])
        yield {
            **r,
            "predicted": j.supported,
            "verdict": j.verdict,
            "missing": list(j.missing),
            "second_opinion": j.second_opinion,
            "overruled": j.overruled,
        }


def judge_search(pipeline: Any, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each claim checked as a draft against the whole corpus; a verdict per sentence.

    >>> from types import SimpleNamespace as NS
    >>> verdicts = {"a": ["superseded"], "b": ["supported", "not_found"], "c": []}
    >>> checker = NS(check_text=lambda t: [NS(verdict=v, evidence=[], second_opinion=None)
    ...                                    for v in verdicts[t]])
    >>> rows = [{"claim": c} for c in "abc"]
    >>> [(r["predicted"], r["verdict"]) for r in judge_search(NS(factchecker=checker), rows)]
    [(True, 'superseded'), (False, 'supported/not_found'), (False, '')]
    """
    for r in rows:
        checks = pipeline.factchecker.check_text(r["claim"])
        ok = bool(checks) and all(c.verdict in SUPPORT_VERDICTS for c in checks)
        cited = [f"{e.source}[{e.start}:{e.end}]" for c in checks for e in c.evidence[:1]]
        yield {
            **r,
            "predicted": ok,
            "verdict": "/".join(c.verdict for c in checks),
            "evidence": cited,
            "second_opinion": [c.second_opinion for c in checks],
        }


def evaluate(
    make_pipeline: Callable[[Path, Path], Any],
    split: str = "test",
    modes: tuple[str, ...] = ("span", "search"),
    sets: tuple[LabelledSet, ...] = SETS,
    progress: Callable[[str, int], Callable[[Iterator[dict[str, Any]]], Iterator[dict[str, Any]]]]
    | None = None,
) -> dict[str, Any]:
    """Score every labelled set in every mode. ``make_pipeline(corpus_dir, data_dir)`` builds a
    pipeline on a corpus; each corpus is indexed in a temporary folder and removed afterwards."""
    report: dict[str, Any] = {"split": split, "results": {}, "errors": {}}
    pooled: dict[str, list[dict[str, Any]]] = {}
    for labelled in sets:
        rows = load(labelled, split)
        if not rows:
            continue
        data_dir = Path(tempfile.mkdtemp(prefix=f"rag-checker-{labelled.corpus}-"))
        try:
            pipeline = make_pipeline(labelled.corpus_dir, data_dir)
            ingested = pipeline.ingest()
            if not ingested.ok:
                raise RuntimeError(f"{labelled.corpus}: ingest failed: {ingested.failed}")
            for mode in modes:
                judge = judge_span if mode == "span" else judge_search
                judged = judge(pipeline, rows)
                if progress:
                    judged = progress(f"{labelled.corpus}/{mode}", len(rows))(judged)
                done = list(judged)
                key = f"{labelled.corpus}/{mode}"
                report["results"][key] = score(done)
                pooled.setdefault(mode, []).extend(done)
                report["errors"][key] = [r for r in done if r["predicted"] != r["supported"]]
                # Every pair's verdict and the judge's P(yes): what a threshold is chosen from.
                report.setdefault("judged", {})[key] = [
                    {k: r.get(k) for k in ("id", "kind", "supported", "predicted", "verdict")}
                    | {"second_opinion": r.get("second_opinion"), "overruled": r.get("overruled")}
                    for r in done
                ]
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    if len({key.split("/")[0] for key in report["results"]}) > 1:
        # Every corpus's pairs in one figure per mode: the number to quote for a pooled split.
        for mode, done in pooled.items():
            report["results"][f"all corpora/{mode}"] = score(done)
    return report


def markdown(report: dict[str, Any]) -> str:
    results = report["results"]
    kinds = sorted({k for r in results.values() for k in r["per_kind"]})
    lines = [
        f"# Support checker: {report['split']} split",
        "",
        "| corpus/mode | pairs | balanced accuracy | false support | false rejection | "
        + " | ".join(kinds)
        + " |",
        "|---|---|---|---|---|" + "---|" * len(kinds),
    ]
    for key, r in results.items():
        cells = [metrics_fmt(r["per_kind"].get(k)) for k in kinds]
        lines.append(
            f"| {key} | {r['count']} | {metrics_fmt(r['balanced_accuracy'])} | "
            f"{metrics_fmt(r['false_support_rate'])} | {metrics_fmt(r['false_rejection_rate'])} | "
            + " | ".join(cells)
            + " |"
        )
    lines += [
        "",
        "Per kind: accuracy (share judged right). False support: flawed claims judged supported.",
        "",
    ]
    for key, errors in report["errors"].items():
        lines += [f"## Errors: {key}", ""]
        lines += [
            f"- {e['id']} ({e['kind']}, {'supported' if e['supported'] else 'flawed'}, judged "
            f"{e['verdict']}): {e['claim']}"
            for e in errors
        ]
        lines.append("")
    return "\n".join(lines)


def metrics_fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
