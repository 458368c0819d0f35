"""How many gold passages reach the model: the sentence selection's recall, no model asked.

    python scripts/selection_recall.py dev,dev3,dev5,dev6,dev7,dev8,dev9

For each answerable gold question of the named splits (every corpus with questions), the
passages are retrieved and the sentences selected as an answer would (a question whose answer
is spread over articles: article by article; a compound one: part by part), and each of the
question's gold passages counts as reached when one selected run holds it whole. Each corpus
is indexed in its standing folder (`data`, `data-corpus2` …: `AnswerSet.index`); what is
not yet indexed, or was indexed by other cleaning or chunking code, is ingested first. The
settings come from the environment as for any command (`RAG_TOP_K`, `RAG_EVIDENCE_CHARS`).
Choose on dev splits only.
"""

from __future__ import annotations

import json
import re
import sys

from eval.runner import ANSWER_SETS
from rag.answer import gathers, sub_questions
from rag.factory import build_pipeline
from rag.settings import Settings


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def main() -> None:
    splits = set(sys.argv[1].split(",")) if len(sys.argv) > 1 else {s.dev for s in ANSWER_SETS}
    reached = total = 0
    for answer_set in ANSWER_SETS:
        name, questions = answer_set.name, answer_set.questions
        pipeline = build_pipeline(Settings(corpus_dir=answer_set.articles, data_dir=answer_set.index))
        pipeline.ingest()
        answerer = pipeline.answerer
        for line in questions.read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else None
            if not q or not q["answerable"] or q.get("split", "dev") not in splits:
                continue
            parts = sub_questions(q["question"])
            plan: list[tuple[str, list[str] | None]] = []
            for part in parts:
                articles = answerer.articles(part, None, None) if len(parts) == 1 and gathers(part) else []
                plan += [(part, [a]) for a in articles] if len(articles) > 1 else [(part, None)]
            runs = [
                _flat(p.text)
                for part, sources in plan
                for source in answerer.select(part, answerer.retrieve(part, None, sources))
                for p in source
            ]
            for passage in q["passages"]:
                total += 1
                if any(_flat(passage) in run for run in runs):
                    reached += 1
                else:
                    print(f"not reached: {name} {q['id']}: {passage[:90]}")
    print(f"gold passages reached: {reached} of {total} ({reached / max(total, 1):.3f})")


if __name__ == "__main__":
    main()
