"""When the articles disagree: scored on a corpus whose figures are revised over weeks.

``eval/data/revisions`` holds articles of a fictional outbreak whose figures change from
article to article (and, once, conflict on the same day), with gold questions and labelled
draft sentences, each in a dev or test split. Scored:

- **latest-figure questions**: the answer gives the latest figure and says it was revised;
- **outdated as current**: an answer that gives an earlier figure and no revision note,
  or no latest figure (target 0);
- **conflicts**: both same-date figures shown;
- **stable** controls: the figure given, no revision claimed;
- **as of** a date ("how many by 10 June?"): that date's figure, and none published later;
- **draft sentences**: the "superseded" verdict's precision and recall, and each label's accuracy.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from rag.revisions import mentions

DATA = Path(__file__).parent / "data" / "revisions"

Wrap = Callable[[Iterable[Any], str, int], Iterator[Any]]


def load(name: str, split: str, data: Path = DATA) -> list[dict[str, Any]]:
    rows = [json.loads(x) for x in (data / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def _any(text: str, forms: list[str]) -> bool:
    return any(mentions(text, f) for f in forms)


# A revision note's list of earlier reports, each "<figure> (<date>) [n]": figures it gives
# as earlier, not as the answer.
_EARLIER = re.compile(r"(?:Earlier reports|revises earlier reports): (?:[^\[\]]*?\[\d+\](?:, )?)+")


def without_earlier(text: str) -> str:
    """``text`` without its lists of earlier reports: a figure there is not given as current.

    >>> without_earlier("It is 7,380 [1]. Earlier reports: 2,300 (3 August 2026) [2], 5,640 (7 August) [3].")
    'It is 7,380 [1]. .'
    """
    return _EARLIER.sub("", text)


def score_answer(q: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    # What the answer gives as its figure: not the earlier reports its note lists.
    text = without_earlier(answer["answer"])
    kinds = [s["revision"]["kind"] for s in answer["sentences"] if s.get("supported") and s.get("revision")]
    noted = any(k in ("superseded", "latest") for k in kinds)
    out: dict[str, Any] = {
        "id": q["id"],
        "kind": q["kind"],
        "abstained": answer["abstained"],
        "revisions": kinds,
    }
    out["latest_given"] = _any(text, q["latest"])
    out["outdated_given"] = _any(text, q["outdated"])
    if q["kind"] == "conflict":
        # Each conflicting figure as the articles write it (in digits); the word forms a set
        # may list beside them ("one hundred and forty-three") are not all required at once.
        out["both_shown"] = all(mentions(text, f) for f in q["latest"] if any(c.isdigit() for c in f))
        flagged = bool(kinds)  # superseded, latest or conflict: the reader is told
        out["outdated_as_current"] = out["outdated_given"] and not (flagged and out["latest_given"])
        out["ok"] = out["both_shown"] and not out["outdated_as_current"]
        return out
    if q["kind"] == "as_of":
        # The figure as of the date asked, and none that came out later.
        out["later_given"] = _any(text, q["later"])
        out["ok"] = out["latest_given"] and not out["later_given"]
        return out
    if q["kind"] == "stable":
        out["ok"] = out["latest_given"] and not noted
        return out
    out["revision_noted"] = noted
    # Current means: shown without the note that it was revised, or without the latest figure.
    out["outdated_as_current"] = out["outdated_given"] and not (noted and out["latest_given"])
    out["ok"] = out["latest_given"] and noted and not out["outdated_as_current"]
    return out


def evaluate(pipeline: Any, split: str, wrap: Wrap, data: Path = DATA) -> dict[str, Any]:
    """``data``: a folder like ``eval/data/revisions`` (``articles/``, ``questions.jsonl``,
    ``claims.jsonl``), already ingested into ``pipeline``."""
    from api.schemas import ask_response, check_text_response

    questions, claims = load("questions.jsonl", split, data), load("claims.jsonl", split, data)
    answers = []
    for q in wrap(questions, "questions", len(questions)):
        t0 = time.perf_counter()
        try:
            answer = ask_response(pipeline.answerer.ask(q["question"])).model_dump()
        except (
            Exception
        ) as exc:  # one failed question (a timeout) is scored as no answer, and the run goes on
            answer = {
                "answer": "",
                "abstained": True,
                "sentences": [],
                "error": f"{type(exc).__name__}: {exc}",
            }
        scored = score_answer(q, answer)
        scored.update(answer=answer["answer"], seconds=round(time.perf_counter() - t0, 1))
        if "error" in answer:
            scored["error"] = answer["error"]
        answers.append(scored)
    verdicts = []
    for c in wrap(claims, "claims", len(claims)):
        got = check_text_response(pipeline.factchecker.check_text(c["claim"])).sentences
        verdict = got[0].verdict if len(got) == 1 else "not_found"
        verdicts.append({"id": c["id"], "label": c["label"], "verdict": verdict, "claim": c["claim"]})
    return {
        "split": split,
        "data": data.name,
        "answers": answers,
        "claims": verdicts,
        "summary": summarise(answers, verdicts),
    }


def _share(items: list[bool]) -> float | None:
    return round(sum(items) / len(items), 3) if items else None


def summarise(answers: list[dict[str, Any]], verdicts: list[dict[str, Any]]) -> dict[str, Any]:
    latest = [a for a in answers if a["kind"] == "latest"]
    said = [v["verdict"] == "superseded" for v in verdicts]
    truth = [v["label"] == "superseded" for v in verdicts]
    hits = sum(s and t for s, t in zip(said, truth, strict=True))
    by_label = {
        label: _share([v["verdict"] == label for v in verdicts if v["label"] == label])
        for label in sorted({v["label"] for v in verdicts})
    }
    return {
        "latest_questions": len(latest),
        "latest_answered_with_revision": _share([a["ok"] for a in latest]),
        "latest_figure_given": _share([a["latest_given"] for a in latest]),
        "outdated_as_current": sum(a.get("outdated_as_current", False) for a in answers),
        "conflicts_both_shown": _share([a["ok"] for a in answers if a["kind"] == "conflict"]),
        "stable_ok": _share([a["ok"] for a in answers if a["kind"] == "stable"]),
        "as_of_ok": _share([a["ok"] for a in answers if a["kind"] == "as_of"]),
        "as_of_later_given": sum(a.get("later_given", False) for a in answers),
        "superseded_precision": round(hits / sum(said), 3) if sum(said) else None,
        "superseded_recall": round(hits / sum(truth), 3) if sum(truth) else None,
        "label_accuracy": by_label,
        "claims": len(verdicts),
        "errors": sum("error" in a for a in answers),
        "confusion": dict(Counter(f"{v['label']}->{v['verdict']}" for v in verdicts)),
    }


def markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = [
        f"# Revised figures ({report['split']} split)",
        "",
        f"Made by `rag eval revisions` on `eval/data/{report.get('data', 'revisions')}`: articles whose "
        "figures are revised from one to the next, with same-date articles in conflict (see its README).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| latest-figure questions answered with the latest figure and the revision | "
        f"{round((s['latest_answered_with_revision'] or 0) * s['latest_questions'])} "
        f"of {s['latest_questions']} |",
        f"| latest figure given (with or without the note) | {s['latest_figure_given']} |",
        f"| answers presenting an outdated figure as current (target 0) | {s['outdated_as_current']} |",
        f"| conflicts: both same-date figures shown | {s['conflicts_both_shown']} |",
        f"| stable controls: figure given, no revision claimed | {s['stable_ok']} |",
        f"| 'as of' a date: that date's figure given, no later one | {s.get('as_of_ok')} |",
        f"| 'as of' answers giving a figure published after the date (target 0) | "
        f"{s.get('as_of_later_given', 0)} |",
        f"| draft sentences: 'superseded' precision / recall | "
        f"{s['superseded_precision']} / {s['superseded_recall']} |",
        f"| draft sentences: accuracy per label | {s['label_accuracy']} |",
        "",
        "## Answers",
        "",
    ]
    for a in report["answers"]:
        flag = "ok" if a["ok"] else "MISS"
        lines.append(f"- {a['id']} ({a['kind']}, {flag}, {a['seconds']} s): {a['answer'][:300]}")
    lines += ["", "## Draft sentences that got another verdict", ""]
    for v in report["claims"]:
        if v["verdict"] != v["label"]:
            lines.append(f"- {v['id']}: {v['label']} -> {v['verdict']}: {v['claim']}")
    return "\n".join(lines) + "\n"
