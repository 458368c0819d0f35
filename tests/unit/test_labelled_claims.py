"""Every labelled (claim, span) pair the checker is scored on names a real span of its file,
carries a known kind and a split the CLI accepts."""

from __future__ import annotations

import json

import pytest

from eval import checker

KINDS = {
    "paraphrase",
    "number",
    "date",
    "person",
    "speaker",
    "place",
    "negation",
    "inverted_relation",
    "added_detail",
    "other_event",  # the seed dev split's oldest pairs: an event the span does not tell
}

PAIRS = [(labelled, row) for labelled in checker.SETS for row in checker.load(labelled)]


def test_every_corpus_has_labelled_pairs():
    assert {labelled.corpus for labelled, _ in PAIRS} == {s.corpus for s in checker.SETS}


@pytest.mark.parametrize("labelled,row", PAIRS, ids=[f"{s.corpus}-{r['id']}" for s, r in PAIRS])
def test_a_labelled_span_is_text_of_its_file(labelled, row):
    text = (labelled.corpus_dir / row["source"]).read_text(encoding="utf-8")
    assert 0 <= row["start"] < row["end"] <= len(text)
    assert text[row["start"] : row["end"]].strip(), row["id"]
    assert row["kind"] in KINDS and row["split"] in checker.SPLITS
    assert row["supported"] is (row["kind"] == "paraphrase")


def test_a_pooled_split_scores_each_corpus_and_all_of_them_together(tmp_path):
    # A scripted checker (the real one is measured by `rag eval checker`): "right" claims are
    # supported, the others not found; what is under test is which pairs are read and how pooled.
    from types import SimpleNamespace as NS

    def labelled(name, rows):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        return checker.LabelledSet(name, tmp_path, (path,))

    def pair(i, split, supported, claim):
        kind = "paraphrase" if supported else "number"
        return {
            "id": i,
            "split": split,
            "kind": kind,
            "supported": supported,
            "claim": claim,
            "source": "a.txt",
            "start": 0,
            "end": 1,
        }

    def check_span(claim, *_):
        verdict = "supported" if claim.startswith("right") else "not_found"
        return NS(
            supported=verdict == "supported",
            verdict=verdict,
            missing=(),
            second_opinion=None,
            overruled=False,
        )

    pipeline = NS(ingest=lambda: NS(ok=True), factchecker=NS(check_span=check_span))
    sets = (
        labelled(
            "one",
            [
                pair("a", "test", True, "right"),
                pair("b", "dev", False, "right"),
                pair("c", "holdout", False, "wrong"),
            ],
        ),
        labelled("two", [pair("d", "test3", True, "wrong"), pair("e", "dev3", True, "right")]),
    )
    report = checker.evaluate(lambda *_: pipeline, "test-all", ("span",), sets=sets)
    results = report["results"]
    assert [results[k]["count"] for k in ("one/span", "two/span", "all corpora/span")] == [2, 1, 3]
    pooled = results["all corpora/span"]
    assert pooled["false_rejection_rate"] == 0.5 and pooled["false_support_rate"] == 0.0
    assert [e["id"] for e in report["errors"]["two/span"]] == ["d"]
    dev = checker.evaluate(lambda *_: pipeline, "dev-all", ("span",), sets=sets)["results"]
    assert dev["all corpora/span"]["false_support_rate"] == 1.0  # b, wrongly supported
