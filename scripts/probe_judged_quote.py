"""Probe for the judged quote's threshold: for each gold question of one split (no follow-ups),
the best four retrieved sentences, whether each holds a gold passage, whether it passes the
name and kind guards, and the answer judge's P(yes). Tune on dev only.

    python scripts/probe_judged_quote.py corpus eval/data/questions.jsonl dev probe.jsonl

and for the second corpus its articles and questions (``eval/data/corpus2/``).
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
                        "gold": any(g in text or (len(text) > 40 and text[:60] in g) for g in q["passages"]),
                        "kind": answers_the_question(question, text),
                        "names_para": not absent_names(_names(question), around),
                        "p": judge.p_yes(question, text),
                    }
                )
            weak = answerer._weak_evidence(question, passages)
            record = {"id": q["id"], "answerable": q["answerable"], "weak": weak, "rows": rows}
            w.write(json.dumps(record) + "\n")
            print(q["id"], q["answerable"], weak is not None, [(r["gold"], r["p"]) for r in rows])


if __name__ == "__main__":
    main(*sys.argv[1:5])
