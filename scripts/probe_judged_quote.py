"""Probe for the judged quote's threshold: for each gold question of one split (no follow-ups),
the best four retrieved sentences, whether each holds a gold passage, whether it passes the
name and kind guards, and the answer judge's P(yes). Tune on dev only.

    python scripts/probe_judged_quote.py corpus eval/data/questions.jsonl dev probe.jsonl

and for the second corpus its articles and questions (``eval/data/corpus2/``). Then, over
both probes, what a threshold does (the README's figures):

    python scripts/probe_judged_quote.py summary 0.8 probe.jsonl p2.jsonl
"""

from __future__ import annotations

import json
import sys
import tempfile
from itertools import islice
from pathlib import Path

from rag.answer import _names, absent_names, answers_the_question
from rag.factory import build_pipeline
from rag.grounding import features
from rag.settings import Settings


def main(corpus: str, questions: str, split: str, out: str) -> None:
    lines = Path(questions).read_text(encoding="utf-8").splitlines()
    qs = [json.loads(line) for line in lines if line.strip()]
    qs = [q for q in qs if q.get("split") == split and not q.get("history")]
    settings = Settings(corpus_dir=Path(corpus), data_dir=Path(tempfile.mkdtemp()), chroma_url=None)
    pipeline = build_pipeline(settings)
    pipeline.ingest()
    answerer, judge = pipeline.answerer, pipeline.answer_judge
    assert judge is not None
    with open(out, "w", encoding="utf-8") as w:
        for q in qs:
            question = q["question"]
            passages = answerer.retrieve(question)
            rows = []
            for i, s, e, run in islice(answerer._runs(question, passages), 4):
                text = " ".join(run)
                around = features(text + " " + answerer._paragraph(passages[i], s, e)).content
                rows.append(
                    {
                        "text": text[:300],
                        "gold": _gold(text, q),
                        "kind": answers_the_question(question, text),
                        "names_para": not absent_names(_names(question), around),
                        "p": judge.p_yes(question, text),
                    }
                )
            weak = answerer._weak_evidence(question, passages)
            # The rules' quote, as the fallback would give it, and what the judge makes of it.
            quote = answerer.quotable(question, passages)
            said = " ".join(quote) if quote else None
            record = {
                "id": q["id"],
                "answerable": q["answerable"],
                "weak": weak,
                "rows": rows,
                "quote": said
                and {"text": said[:300], "gold": _gold(said, q), "p": judge.p_yes(question, said)},
            }
            w.write(json.dumps(record) + "\n")
            print(
                q["id"],
                q["answerable"],
                weak is not None,
                [(r["gold"], r["p"]) for r in rows],
                record["quote"],
            )


def _gold(text: str, q: dict[str, object]) -> bool:
    """Whether ``text`` holds one of the question's gold passages (or is held in one)."""
    passages = q["passages"]
    assert isinstance(passages, list)
    return any(g in text or (len(text) > 40 and text[:60] in g) for g in passages)


def summary(threshold: float, paths: list[str], candidates: int = 3) -> None:
    """Among the questions that pass the pre-check: for the answerable ones, how often the
    judged quote would pick a gold sentence, a wrong one, or none; for the unanswerable ones,
    the best P(yes) of a sentence that passes the guards (it must stay below the threshold)."""
    records = [json.loads(line) for path in paths for line in Path(path).read_text().splitlines()]
    reached = [r for r in records if not r["weak"]]
    right = wrong = none = 0
    for r in (r for r in reached if r["answerable"]):
        eligible = [x for x in r["rows"][:candidates] if x["kind"] and x["names_para"]]
        sure = [x for x in eligible if (x["p"] or 0) >= threshold]
        if not sure:
            none += 1
        elif max(sure, key=lambda x: x["p"])["gold"]:
            right += 1
        else:
            wrong += 1
    unanswerable = [
        max([x["p"] or 0 for x in r["rows"][:candidates] if x["kind"] and x["names_para"]] or [0.0])
        for r in reached
        if not r["answerable"]
    ]
    print(f"answerable: {right} gold, {wrong} wrong, {none} none of {right + wrong + none}")
    best = max(unanswerable)
    print(f"unanswerable reaching the model: {len(unanswerable)}, best guarded P(yes) {best:.2f}")
    quotes = [r for r in reached if r.get("quote")]
    for kind, rows in [
        ("gold", [r for r in quotes if r["quote"]["gold"]]),
        ("other", [r for r in quotes if not r["quote"]["gold"]]),
    ]:
        ps = sorted(round(r["quote"]["p"] or 0, 2) for r in rows)
        print(f"rules' quotes, {kind}: {len(rows)}, P(yes) {ps}")


if __name__ == "__main__":
    if sys.argv[1] == "summary":
        summary(float(sys.argv[2]), sys.argv[3:])
    else:
        main(*sys.argv[1:5])
