"""Every labelled (claim, span) pair the checker is scored on names a real span of its file,
carries a known kind and a split the CLI accepts."""

from __future__ import annotations

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
