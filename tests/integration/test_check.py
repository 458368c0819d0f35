"""Check a draft: the CLI contract, the classifier figure, and the span check."""

from __future__ import annotations

import json
import os

import pytest

from eval.claims import evaluate
from rag.evidence import Evidence
from rag.factcheck import CheckError, DraftChecker
from tests.conftest import CORPUS
from tests.stubs import rag_cli


def test_checker_as_a_classifier_on_the_labelled_claims(indexed):
    result = evaluate(indexed.evidence, CORPUS)
    assert result["count"] >= 80
    assert result["balanced_accuracy"] >= 0.9, result["errors"]
    assert set(result["per_kind"]) >= {
        "paraphrase",
        "number",
        "date",
        "person",
        "place",
        "negation",
        "added_detail",
        "other_event",
    }


def test_draft_sentences_get_verdicts_and_verbatim_evidence(indexed):
    results = indexed.factchecker.check_text(
        "Russia launched 46 drones overnight. Kaja Kallas accused Trump of appeasing Russia. "
        "Emmanuel Macron hosted the talks in Geneva."
    )
    assert [r.verdict for r in results] == ["contradicted", "supported", "not_found"]
    assert "137" in results[0].differing and "137" in results[0].evidence[0].text
    for r in results[:2]:
        e = r.evidence[0]
        assert (CORPUS / e.source).read_text(encoding="utf-8")[e.start : e.end] == e.text
    assert results[1].evidence[0].source == "003_720a6b9c76bcb648.txt"


def test_a_drafts_list_items_are_checked_without_their_markers(indexed):
    """A "1." before a sentence is no figure of it: the item is checked as the sentence after
    the marker, and the result keeps the sentence as the draft wrote it."""
    results = indexed.factchecker.check_text(
        "Key points:\n1. Russia launched 137 drones overnight.\n2. Russia launched 46 drones overnight.\n"
        "- Kaja Kallas accused Trump of appeasing Russia."
    )
    by_text = {r.text: r.verdict for r in results}
    assert by_text["1. Russia launched 137 drones overnight."] == "supported"
    assert by_text["2. Russia launched 46 drones overnight."] == "contradicted"
    assert by_text["- Kaja Kallas accused Trump of appeasing Russia."] == "supported"


def test_span_check_and_its_errors(indexed):
    text = (CORPUS / "004_fe0d15e1fe376c9e.txt").read_text(encoding="utf-8")
    start = text.index("Overnight, Russian forces")
    end = text.index("across the country.") + len("across the country.")
    fc = indexed.factchecker
    assert fc.check_span(
        "Russia launched 137 drones overnight.", "004_fe0d15e1fe376c9e.txt", start, end
    ).supported
    assert fc.check_span(
        "Russia launched 46 drones overnight.", "004_fe0d15e1fe376c9e.txt", start, end
    ).verdict == ("contradicted")
    with pytest.raises(CheckError, match="outside"):
        fc.check_span("x y z", "004_fe0d15e1fe376c9e.txt", 10, 10**7)
    with pytest.raises(CheckError, match="no document"):
        fc.check_span("x y z", "nope.txt", 0, 5)
    with pytest.raises(CheckError, match="empty"):
        fc.check_text("   ")


def test_cli_check_json_contracts(indexed):
    env = {**os.environ, "RAG_DATA_DIR": str(indexed.settings.data_dir), "RAG_CORPUS_DIR": str(CORPUS)}
    run = lambda *a, **kw: rag_cli(env, "check", *a, **kw)  # noqa: E731
    out = run("Russia launched 46 drones overnight.", "--json")
    assert out.exit_code == 0, out.stderr
    body = json.loads(out.stdout)
    s = body["sentences"][0]
    assert set(s) == {
        "text",
        "verdict",
        "score",
        "evidence",
        "differing",
        "missing",
        "reason",
        "second_opinion",
        "revised_by",  # these three: when another article revises or disputes its figure
        "versions",
        "summary",
    }
    assert s["revised_by"] == s["versions"] == [] and s["summary"] is None  # the seed articles are undated
    assert s["verdict"] == "contradicted" and "137" in s["differing"]
    assert s["reason"] == "the article gives 137, not 46"
    assert set(s["evidence"][0]) == {"source", "title", "start", "end", "quote"}

    text = (CORPUS / "003_720a6b9c76bcb648.txt").read_text(encoding="utf-8")
    start = text.index("EU High Representative Kaja Kallas")
    span = ["--source", "003_720a6b9c76bcb648.txt", "--start", str(start), "--end", str(start + 80)]
    out = run("Kallas accused Trump of appeasing Russia.", *span, "--json")
    assert json.loads(out.stdout)["verdict"] == "supported"
    assert set(json.loads(out.stdout)) == {"verdict", "score", "missing", "reason", "second_opinion"}

    # A draft on stdin: the article's own sentence, supported without the judge (a paraphrase
    # here tested the judge's P(yes) near its threshold, not the CLI: 0.742 against 0.75).
    article = (CORPUS / "002_625cb21f183bcfbb.txt").read_text(encoding="utf-8")
    own = next(line for line in article.splitlines() if "former boxing champion Vitali Klitschko" in line)
    out = run("--json", stdin=own + "\n")
    assert out.exit_code == 0 and json.loads(out.stdout)["sentences"][0]["verdict"] == "supported"

    bad = run("x", "--source", "003_720a6b9c76bcb648.txt", "--start", "5", "--end", "1", "--json")
    assert bad.exit_code == 2 and "outside" in bad.stderr


def test_the_second_opinion_catches_what_shared_words_hide(indexed):
    """Through the real model: a reversed relation shares every word with its source, and the
    rules alone accept it; the judge does not. A quotation given to the wrong speaker is the
    rules' catch (another name of the same kind), and the judge may not overrule it. The
    right versions are accepted, on the judge's word."""
    bank = "Russia demanded that the Russian Agricultural Bank be {} the SWIFT payments system."
    quote = '{} said Putin\'s response was "highly predictable and manipulative".'
    rules_only = DraftChecker(indexed.retriever, Evidence(indexed.checker, indexed.texts), indexed.texts)
    (reversed_by_rules,) = rules_only.check_text(bank.format("cut off from"))
    assert reversed_by_rules.verdict == "supported"  # the rules cannot tell the two apart
    (reversed_,) = indexed.factchecker.check_text(bank.format("cut off from"))
    assert reversed_.verdict != "supported"
    assert reversed_.second_opinion is not None and reversed_.second_opinion < 0.75
    (misattributed,) = indexed.factchecker.check_text(quote.format("Trump"))
    assert misattributed.verdict == "contradicted" and "zelenskyy" in misattributed.differing
    for right in (bank.format("reconnected to"), quote.format("Zelenskyy")):
        (judged,) = indexed.factchecker.check_text(right)
        assert judged.verdict == "supported", judged
        assert judged.second_opinion is not None and judged.second_opinion >= 0.75
        e = judged.evidence[0]
        assert (CORPUS / e.source).read_text(encoding="utf-8")[e.start : e.end] == e.text


def test_another_person_doing_the_same_thing_is_contradicted_with_the_real_embedder(indexed):
    # dev7 c7c059: the embedding's cosine of two sentences that differ only in the person is
    # mostly the names (0.4 there), and the pair was read as off topic: "not found", which the
    # judge then overruled. The words say it is the same event, so it is a contradiction.
    from rag.grounding import Checker

    checker = Checker(indexed.embedder)
    evidence = "Emil Straka, a defender, was released Friday after a court set bail at 50,000 euros."
    judged = checker.judge(
        "Lukas Brennholt was freed on Friday after a court set his bail at 50,000 euros.", evidence
    )
    assert judged.similarity < checker.min_similarity  # what made it "not found" before
    assert judged.verdict == "contradicted" and "straka" in judged.differing, judged
