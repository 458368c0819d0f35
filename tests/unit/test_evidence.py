"""The one evidence path: units, their context, and the best support for a claim."""

from __future__ import annotations

from pathlib import Path

from rag.evidence import CorpusTexts, Evidence, Span
from rag.grounding import Checker

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SOURCE = "002_625cb21f183bcfbb.txt"
TEXT = (CORPUS / SOURCE).read_text(encoding="utf-8")


def span_of(snippet: str) -> Span:
    start = TEXT.index(snippet)
    return Span(SOURCE, "T", start, start + len(snippet), snippet)


def test_a_person_named_in_full_earlier_may_be_named_in_full_in_the_claim():
    evidence = Evidence(Checker(), CorpusTexts(CORPUS))
    unit = span_of(
        "Klitschko expressed his views during a discussion on ceasefire options on the BBC, stating that"
    )
    claim = "Vitali Klitschko expressed his views on ceasefire options on the BBC."
    assert evidence.best(claim, [unit]).supported
    # Without the article at hand the first name is not known, and not accepted.
    assert not Evidence(Checker()).best(claim, [unit]).supported


def test_the_best_unit_is_a_sentence_of_the_passage_with_exact_offsets():
    passage = span_of(TEXT[TEXT.index("Klitschko expressed") : TEXT.index("temporary peace.") + 16])
    found = Evidence(Checker(), CorpusTexts(CORPUS)).best(
        "Klitschko said such a move could bring temporary peace.", [passage]
    )
    assert found.supported and found.span is not None
    assert TEXT[found.span.start : found.span.end] == found.span.text
    assert "temporary peace" in found.span.text
    assert passage.start <= found.span.start < found.span.end <= passage.end


# --- the judge's second opinion (scripted P(yes); the real model is in tests/integration) ---
from rag.judge import SupportJudge  # noqa: E402
from rag.llm import ScriptedLLM  # noqa: E402


def _judged(p_of: dict[str, float]) -> tuple[Evidence, ScriptedLLM]:
    """An evidence path whose judge answers P(yes) by the first key found in the prompt."""

    def judge(messages):  # type: ignore[no-untyped-def]
        prompt = messages[-1]["content"]
        return next((p for key, p in p_of.items() if key in prompt), 0.5)

    llm = ScriptedLLM(["unused"], judge=judge)
    return Evidence(Checker(), CorpusTexts(CORPUS), SupportJudge(llm, threshold=0.75)), llm


SENTENCE = "Klitschko expressed his views during a discussion on ceasefire options on the BBC"


def test_the_judge_can_reject_what_the_rules_accept():
    unit = span_of(SENTENCE)
    claim = "Klitschko expressed his views on ceasefire options on the BBC."
    assert Evidence(Checker(), CorpusTexts(CORPUS)).best(claim, [unit]).supported
    evidence, llm = _judged({"Sentence: Klitschko": 0.1})
    found = evidence.best(claim, [unit])
    assert found.judgement.verdict == "not_found" and found.judgement.second_opinion == 0.1
    assert len(llm.judged) == 1
    # What the judge reads: the headline and the whole paragraph, so "he" has a name.
    assert "Passage:\nT\n" in llm.judged[0][-1]["content"]


def test_the_judge_confirms_and_its_answer_is_remembered():
    unit = span_of(SENTENCE)
    claim = "Klitschko expressed his views on ceasefire options on the BBC."
    evidence, llm = _judged({"Sentence: Klitschko": 0.9})
    assert evidence.best(claim, [unit]).judgement.second_opinion == 0.9
    doubtful, _ = _judged({"Sentence: Klitschko": 0.7})
    assert not doubtful.best(claim, [unit]).supported  # below the threshold: not supported
    assert evidence.best(claim, [unit]).supported
    assert len(llm.judged) == 1


def test_a_paraphrase_the_rules_miss_is_accepted_only_when_the_judge_is_sure():
    unit = span_of(SENTENCE)
    claim = "Klitschko aired his opinions in a BBC debate on ceasefire ideas."
    rules = Evidence(Checker(), CorpusTexts(CORPUS)).best(claim, [unit])
    assert not rules.supported and not rules.judgement.hard_facts_missing
    sure, _ = _judged({"Sentence: Klitschko aired": 0.95})
    unsure, _ = _judged({"Sentence: Klitschko aired": 0.74})
    assert sure.best(claim, [unit]).supported
    assert not unsure.best(claim, [unit]).supported


def test_a_wrong_number_is_never_rescued():
    unit = span_of(SENTENCE)
    claim = "Klitschko expressed his views on 12 ceasefire options on the BBC."
    evidence, llm = _judged({"Sentence": 0.99})
    found = evidence.best(claim, [unit])
    assert not found.supported and found.judgement.hard_facts_missing
    assert not llm.judged  # the rules settle it: the model is not asked


def test_the_judge_is_asked_at_most_max_calls_times_per_claim():
    paragraphs = [p for p in TEXT.split("\n") if len(p) > 80][:5]
    passages = [span_of(p) for p in paragraphs]
    evidence, llm = _judged({"Sentence": 0.1})
    # Not the article's own words (those need no second opinion): the sentence, reported.
    evidence.best(paragraphs[0].split(".")[0] + ", it was reported.", passages)
    assert 1 <= len(llm.judged) <= evidence.judge.max_calls  # type: ignore[union-attr]


def test_the_articles_own_words_are_supported_without_asking_the_judge():
    unit = span_of(SENTENCE)
    evidence, llm = _judged({"Sentence": 0.0})  # a judge that would reject anything
    found = evidence.best("The " + SENTENCE.replace(",", "") + " [1]", [unit])
    assert found.supported and found.span == unit and not llm.judged
    # One word changed is no copy: the judge is asked, and here it rejects.
    changed = SENTENCE.replace("expressed", "shared", 1)
    assert changed != SENTENCE and not evidence.best(changed, [unit]).supported and llm.judged


def test_a_model_that_cannot_judge_leaves_the_rules_verdict():
    unit = span_of(SENTENCE)
    claim = "Klitschko expressed his views on ceasefire options on the BBC."
    evidence = Evidence(Checker(), CorpusTexts(CORPUS), SupportJudge(ScriptedLLM(["x"])))
    assert evidence.best(claim, [unit]).supported
    assert not evidence.needs(evidence.judge.llm)  # type: ignore[union-attr]


def test_a_flip_the_rules_read_is_never_overruled_by_the_judge():
    """A dropped "not" or a reversed relation: the small judge said yes to such flips on the
    dev pairs (P 0.75-0.94), so it is not asked about them."""
    unit = span_of(SENTENCE)
    claim = "Klitschko did not express his views during a discussion on ceasefire options on the BBC."
    evidence, llm = _judged({"Sentence": 0.99})  # a judge that would accept anything
    found = evidence.best(claim, [unit])
    assert not found.supported and found.judgement.flip == "negation"
    assert not llm.judged
    # The policy before (RAG_JUDGE_FLIPS_STAND=false, for comparison runs): the judge decides.
    assert evidence.judge is not None
    evidence.judge.flips_stand = False
    assert evidence.best(claim, [unit]).supported and llm.judged


def test_the_judge_reads_weekdays_dated_as_the_rules_do():
    second = Path(__file__).resolve().parents[2] / "eval" / "data" / "corpus2" / "articles"
    source = "100_bridge_collapse_first_report.txt"
    text = (second / source).read_text(encoding="utf-8")
    start = text.index("The Kalder Bridge")
    unit = Span(source, "T", start, text.index(".", start) + 1, text[start : text.index(".", start) + 1])
    dated = Evidence(Checker(), CorpusTexts(second), published=lambda s: "2026-03-07")  # a Saturday
    assert "Saturday (7 March 2026)" in dated.reading(unit)
    assert "Saturday (" not in Evidence(Checker(), CorpusTexts(second)).reading(unit)


def test_an_undated_sentence_tells_its_figure_as_of_its_article_s_date():
    """A claim "As of 24 August, 315 ..." or "On 3 August, officials said ..." is what an
    article of that day says without a date of its own; another day, or an event "on" that
    day, is not."""
    text = "Fire update\n\nThe number of people in shelters fell to 315, the council said.\n"
    start = text.index("The number")
    unit = Span("a.txt", "Fire update", start, len(text) - 1, text[start:-1])
    evidence = Evidence(Checker(), published=lambda s: "2026-08-24")
    assert evidence.best("As of 24 August, 315 people were in shelters.", [unit]).supported
    assert evidence.best("On August 24, the council said 315 people were in shelters.", [unit]).supported
    assert not evidence.best("As of 20 August, 315 people were in shelters.", [unit]).supported
    assert not evidence.best("On 24 August, the number of people in shelters fell to 315.", [unit]).supported
    # Undated, the article tells nothing as of a day.
    assert not Evidence(Checker()).best("As of 24 August, 315 people were in shelters.", [unit]).supported
    # The judge reads the article's date only where the claim dates itself to it.
    assert "Published 24 August 2026." in evidence.reading(unit, "As of 24 August, 315 were in shelters.")
    assert "Published" not in evidence.reading(unit, "315 people were in shelters.")


def test_a_sentence_that_gives_another_day_is_not_rescued_by_its_neighbour():
    text = (
        "Labour Minister Tobias Lind on Monday appointed Agnes Mirow to mediate in the dispute. "
        "The first round of talks, chaired by Mirow, began at 18:00 on Tuesday at the Labour Ministry "
        "and ended shortly after midnight without an agreement."
    )
    passage = Span("a.txt", "T", 0, len(text), text)
    evidence = Evidence(Checker())
    wrong = "The first round of talks, chaired by Mirow, began at 18:00 on Monday at the Labour Ministry."
    assert evidence.best(wrong, [passage]).judgement.verdict == "contradicted"
    # Facts spread over the two sentences still add up.
    right = "Lind appointed Mirow on Monday, and the talks she chaired ended without an agreement."
    assert evidence.best(right, [passage]).supported


def test_a_datelines_date_is_not_the_date_of_the_events_it_reports():
    """The dateline says when the article was filed; "on Wednesday" is when the court ruled."""
    text = (
        "SALTMERE, 30 April 2026 (Coastal News Service) – The Court of Appeal in Veyra on Wednesday "
        "overturned the injunction that had suspended the strike at the port of Saltmere."
    )
    passage = Span("a.txt", "T", 0, len(text), text)
    evidence = Evidence(Checker(), published=lambda source: "2026-04-30")  # a Thursday
    wrong = "The Court of Appeal overturned the injunction on 30 April 2026."
    assert evidence.best(wrong, [passage]).judgement.verdict == "contradicted"
    right = "The Court of Appeal overturned the injunction on 29 April 2026."
    assert evidence.best(right, [passage]).supported
    # The place it was filed from stays: the judge reads it, without the filing date.
    assert evidence.reading(passage).startswith("T\nSALTMERE – The Court of Appeal")
    # A sentence with no time of its own is true as of its dateline's date.
    timeless = "SALTMERE, 30 April 2026 (Coastal News Service) – The union represents 3,400 employees."
    as_of = Span("b.txt", "T", 0, len(timeless), timeless)
    assert evidence.best("As of 30 April 2026, the union represented 3,400 employees.", [as_of]).supported


def test_a_sentence_about_another_thing_is_not_put_to_the_judge():
    """The 1.5B judge said yes (P 0.75) to "The tentative agreement ended the strike with a 5%
    pay rise" against the 2011 strike's sentence; the rules read that it is about another thing."""
    text = "The last full strike at Saltmere, in 2011, lasted 12 days and ended with a 5% pay rise."
    passage = Span("a.txt", "T", 0, len(text), text)
    claim = "The tentative agreement ended the Saltmere strike with a 5% pay rise."
    evidence, llm = _judged({"Sentence": 0.99})  # a judge that would accept anything
    found = evidence.best(claim, [passage])
    assert not found.supported and found.judgement.flip == "subject"
    assert not llm.judged


def test_what_the_lead_names_the_group_stands_for_it_and_says_who_acted(tmp_path):
    """ "The group demanded $4.5 million" in an article whose lead introduced "a hacker group
    calling itself Greywater": the claim naming Greywater is stated (it had been not found),
    and one naming the network the group attacked is not (the headline named it, and a bag of
    words had read it as stated). The judge reads the name beside "the group"."""
    article = (
        "Hacker group claims Tarnwick attack\n\n"
        "TARNWICK, Oct. 17, 2026 (Wire) — A hacker group calling itself Voltmark claimed the attack "
        "on the Tarnwick Water Board on Friday.\n\n"
        "In a post on its site, the group demanded $2 million and gave the board five days to pay.\n"
    )
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    evidence = Evidence(Checker(), CorpusTexts(tmp_path))
    start = article.index("In a post")
    end = article.index("to pay.") + len("to pay.")
    unit = Span("a.txt", "Hacker group claims Tarnwick attack", start, end, article[start:end])
    assert evidence.best("Voltmark demanded $2 million.", [unit]).supported
    wrong = evidence.best("Tarnwick demanded $2 million.", [unit])
    assert not wrong.supported and wrong.judgement.flip == "roles"
    assert "the group (Voltmark) demanded" in evidence.reading(unit)


def test_an_articles_lead_is_its_first_paragraph_not_its_byline(tmp_path):
    text = (
        "Lightning blamed for Greymoor fire\n\nBy Marta Selwick\n\nPublished: 11 August 2026\n\n"
        "Investigators said the Greymoor Forest fire was started by lightning.\n\n"
        "The council has set up a relief fund of 750,000 florins.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    start = text.index("The council")
    unit = Span("a.txt", "Lightning blamed for Greymoor fire", start, start + 56, text[start : start + 56])
    lead = Evidence(Checker(), CorpusTexts(tmp_path)).lead(unit)
    assert "Greymoor Forest fire was started by lightning" in lead and "Selwick" not in lead


def test_a_sentence_is_no_support_for_a_negation_its_neighbour_flips():
    """dev6 c6c043: the claim adds "a figure the club did not dispute" to the first sentence;
    the second says the club disputed it. The first alone lacks that part, so it cannot
    support it; the pair holds it and flips it."""
    text = (
        "The league said Harwick United owed 2.3 million pounds in unpaid wages since August. "
        "The club disputed that figure."
    )
    passage = Span("a.txt", "T", 0, len(text), text)
    evidence = Evidence(Checker())
    flipped = (
        "The league said Harwick United owed 2.3 million pounds in unpaid wages, "
        "which the club did not dispute."
    )
    judged = evidence.best(flipped, [passage]).judgement
    assert judged.verdict == "contradicted" and judged.flip == "negation"
    # Without the added negation the first sentence still supports it.
    plain = "The league said Harwick United owed 2.3 million pounds in unpaid wages since August."
    assert evidence.best(plain, [passage]).supported


def test_a_quote_given_to_a_pronoun_is_the_speaker_the_sentence_before_names():
    # dev9 c9c037 (search): '"…," he said' read with its paragraph took the spokesman named
    # two sentences later for "he"; the sentence before names the one who said it.
    doc = (
        "Mill fire\n\nThe owner, Marten Olsby, says he was never warned. "
        '"Nobody told me the boiler was unsafe," he said on Monday. A repair had been booked for Friday, '
        "spokesman Ivo Brask said.\n"
    )
    evidence = Evidence(Checker(), texts={"a.txt": doc}.get)
    start = doc.index("The owner")  # the passage a search found: the whole paragraph
    passage = Span("a.txt", "Mill fire", start, len(doc) - 1, doc[start:-1])
    found = evidence.best(
        '"Nobody told me the boiler was unsafe," spokesman Ivo Brask said on Monday.', [passage]
    )
    assert found.judgement.verdict == "contradicted" and found.judgement.misattributed, found
    assert evidence.best(
        '"Nobody told me the boiler was unsafe," Marten Olsby said on Monday.', [passage]
    ).supported


def test_an_antonym_in_the_neighbouring_sentence_about_something_else_flips_nothing():
    # dev9 c9c019 (search): "would stay shut" was contradicted by the pair whose first
    # sentence says the museum "opened in 1911"; the sentence that says it is "closed" is read alone.
    doc = (
        "Library closed\n\nThe Orvik library, which opened in 1954, lends about 90,000 books a year. "
        "It will remain closed at least until Friday, its director, Sanna Holm, said.\n"
    )
    evidence = Evidence(Checker(), texts={"a.txt": doc}.get)
    start = doc.index("The Orvik")
    passage = Span("a.txt", "Library closed", start, len(doc) - 1, doc[start:-1])
    found = evidence.best("Sanna Holm said the library would stay shut at least until Friday.", [passage])
    assert found.judgement.flip != "opposite", found
