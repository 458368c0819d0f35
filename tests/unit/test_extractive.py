"""The extractive fallback: when the model declines or its draft fails, an article sentence
that plainly answers the question is quoted instead; a near miss is still declined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rag.answer import Answer, Answerer, Passage
from rag.evidence import CorpusTexts, Evidence
from rag.grounding import Checker
from rag.llm import ScriptedLLM
from rag.settings import Settings
from tests.stubs import Passages

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def paragraph(source: str, snippet: str, corpus: Path = CORPUS) -> Passage:
    """The line of ``source`` (in ``corpus``) that begins at ``snippet``, as a retrieved passage."""
    text = (corpus / source).read_text(encoding="utf-8")
    start = text.index(snippet)
    end = text.index("\n", start)
    return Passage(source, "T", start, end, text[start:end], similarity=0.7)


DECLINE = "The articles don't say."
KALLAS = paragraph("003_720a6b9c76bcb648.txt", "EU High Representative Kaja Kallas")
DRONES = paragraph("004_fe0d15e1fe376c9e.txt", "Despite diplomatic efforts, fighting continues")


def answerer(draft: str, embedder, *passages: Passage) -> Answerer:  # type: ignore[no-untyped-def]
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    retriever = Passages(*passages)
    retriever.embedder = embedder  # type: ignore[attr-defined]
    evidence = Evidence(Checker(), CorpusTexts(CORPUS))
    return Answerer(retriever, ScriptedLLM([draft]), evidence, settings)  # type: ignore[arg-type]


def test_a_declined_question_whose_answer_is_in_a_passage_is_answered_by_quoting_it(embedder):
    a = answerer(DECLINE, embedder, DRONES, KALLAS).ask("Who accused Trump of appeasing Russia?")
    assert not a.abstained and a.extractive
    assert "Kallas" in a.answer and "appeasing" in a.answer
    (c,) = a.citations
    text = (CORPUS / c.source).read_text(encoding="utf-8")
    assert text[c.start : c.end] == c.quote and c.quote.rstrip(".") in a.answer
    assert all(s.supported for s in a.sentences if s.text in a.answer)


def test_an_invented_draft_falls_back_to_the_quote_and_is_never_shown(embedder):
    draft = "Emmanuel Macron launched 300 drones at Kyiv [1]."
    a = answerer(draft, embedder, DRONES, KALLAS).ask("How many drones did Russian forces launch overnight?")
    assert not a.abstained and "137" in a.answer and "Macron" not in a.answer


def test_the_answer_judge_reads_the_models_drafts_not_the_articles_quoted_sentences(embedder):
    from rag.judge import AnswerJudge

    question = "How many drones did Russian forces launch overnight?"
    # Every answer read as beside the question: the model's own draft is held ...
    drafted = answerer("Russian forces launched 137 drones overnight [1].", embedder, DRONES)
    drafted.answer_judge = AnswerJudge(ScriptedLLM(["unused"], judge=lambda m: 0.1))
    drafted.settings.quote_fallback = False
    held = drafted.ask(question)
    assert held.abstained and held.abstain_cause == "not_an_answer"
    # With the fallback, the article's sentence stands in for the held draft, which is not
    # shown beside it.
    drafted.settings.quote_fallback = True
    drafted.llm = ScriptedLLM(["Russian forces launched 137 drones overnight [1]."])
    events = list(drafted.stream(question))
    replaced = events[-1][1]["answer"]
    streamed = [p["text"] for n, p in events if n == "sentence"]
    assert len(streamed) == 1 and streamed[0].startswith("Overnight,"), "the held draft never streams"
    assert not replaced.abstained and replaced.extractive
    own, quote = replaced.sentences
    assert own.off_topic and not own.supported and not own.citations
    assert own.text not in replaced.answer and quote.supported and quote.citations == [1]
    assert [c.id for c in replaced.citations] == [1]
    # ... the article's sentence that the quote fallback chose by stricter tests is not.
    declined = answerer(DECLINE, embedder, DRONES)
    declined.answer_judge = AnswerJudge(judge_llm := ScriptedLLM(["unused"], judge=lambda m: 0.1))
    quoted = declined.ask(question)
    assert not quoted.abstained and quoted.extractive and "137" in quoted.answer
    assert not judge_llm.judged
    # A quote whose scene ("in the power outages in Kyiv after the drone crash") came from
    # its paragraph passed the quote's tests with the paragraph's words, not its own: the
    # judge reads it ("six people were injured" in Russia is beside that question).
    scene = answerer(DECLINE, embedder, DRONES)
    scene.answer_judge = AnswerJudge(judge_llm := ScriptedLLM(["unused"], judge=lambda m: 0.1))
    held = scene.ask("How many people were hurt in the power outages in Kyiv after the drone crash?")
    assert held.abstained and judge_llm.judged
    assert "six people were injured" in judge_llm.judged[0][-1]["content"]


def test_a_near_miss_is_still_declined(embedder):
    # The passages speak of drones Russia launched and Ukraine intercepted: none gives a
    # number of Ukrainian soldiers, so there is nothing to quote.
    a = answerer(DECLINE, embedder, DRONES).ask("How many Ukrainian soldiers died overnight?")
    assert a.abstained and not a.extractive
    a = answerer(DECLINE, embedder, DRONES, KALLAS).ask("Who accused Zelenskyy of appeasing Russia?")
    assert a.abstained


def test_a_date_question_needs_the_event_it_dates(embedder):
    # A sentence with a date and every other word of the question, but not the event asked
    # about ("expire"), is no answer to "when did it expire".
    talks = paragraph("003_720a6b9c76bcb648.txt", "Talks held in Saudi Arabia at the end of March 2025")
    a = answerer(DECLINE, embedder, talks).ask(
        "On what date did the energy infrastructure moratorium expire?"
    )
    assert a.abstained and not a.extractive


def test_the_questions_scene_may_be_set_by_the_paragraph_but_not_its_subject(embedder):
    # The chunk begins mid-paragraph: "in his call with Trump" is the sentence before it
    # ("A telephone call between President Trump and President Putin …"), read from the file.
    agreed = paragraph("003_720a6b9c76bcb648.txt", "President Putin did not agree to the full ceasefire")
    assert "Trump" not in agreed.text
    a = answerer(DECLINE, embedder, agreed, KALLAS).ask(
        "What did Putin agree to regarding energy infrastructure in his call with Trump?"
    )
    assert not a.abstained and a.extractive and "30 days" in a.answer
    # The one who agreed must be named in the sentence itself, and so must a name outside
    # the scene.
    for question in (
        "What did Trump agree to regarding energy infrastructure?",
        "What did Putin agree to regarding Zelenskyy in his call with Trump?",
    ):
        assert answerer(DECLINE, embedder, agreed, KALLAS, DRONES).ask(question).abstained, question


def test_a_question_about_a_name_alone_is_not_answered_by_a_sentence_naming_it(embedder):
    a = answerer(DECLINE, embedder, DRONES, KALLAS).ask("What is the population of Kyiv?")
    assert a.abstained


SECOND = CORPUS.parent / "eval" / "data" / "corpus2" / "articles"


def test_a_sentence_that_opens_with_a_pronoun_is_quoted_with_the_sentences_naming_its_subject(embedder):
    source = "101_toll_rises_warning_dispute.txt"
    text = (SECOND / source).read_text(encoding="utf-8")
    start = text.index("Governor Petra Vondel rejected")
    whole = Passage(source, "T", start, text.index("\n", start), text[start : text.index("\n", start)], 0.7)
    cut = text.index("She called the company")
    alone = Passage(source, "T", cut, whole.end, text[cut : whole.end], 0.7)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    question = "What did Governor Petra Vondel call the version Orsa Hydro gave of its warning?"
    for passage, quoted in ((whole, True), (alone, False)):
        retriever = Passages(passage)
        retriever.embedder = embedder  # type: ignore[attr-defined]
        evidence = Evidence(Checker(), CorpusTexts(SECOND))
        a = Answerer(retriever, ScriptedLLM([DECLINE]), evidence, settings).ask(question)  # type: ignore[arg-type]
        if not quoted:
            # "She" alone names nobody: the question's Petra Vondel is not in what would be quoted.
            assert a.abstained
            continue
        assert not a.abstained and a.extractive and "fairy tale" in a.answer
        assert a.answer.startswith("Governor Petra Vondel rejected that account")
        assert len([s for s in a.sentences if s.supported]) == 3
        assert all(text[c.start : c.end] == c.quote for c in a.citations)


def test_a_declined_answer_is_asked_once_more_from_the_sentences_that_hold_it(embedder):
    settings = Settings(_env_file=None, quote_fallback=False, retry_declined=True)  # type: ignore[call-arg]
    retriever = Passages(DRONES, KALLAS)
    retriever.embedder = embedder  # type: ignore[attr-defined]
    evidence = Evidence(Checker(), CorpusTexts(CORPUS))
    llm = ScriptedLLM(
        [DECLINE, "EU High Representative Kaja Kallas accused President Trump of appeasing Russia [1]."]
    )
    a = Answerer(retriever, llm, evidence, settings).ask("Who accused President Trump of appeasing Russia?")  # type: ignore[arg-type]
    assert len(llm.calls) == 2 and not a.abstained and "Kallas" in a.answer and a.timings["retries"] == 1
    retry = llm.calls[1][-1]["content"]
    assert "Kaja Kallas" in retry and len(retry) < len(llm.calls[0][-1]["content"])  # the best sentences only
    # A near miss has no sentence that holds the answer: no second call, still declined.
    llm = ScriptedLLM([DECLINE, "Russia lost 300 soldiers [1]."])
    a = Answerer(retriever, llm, evidence, settings).ask("How many Ukrainian soldiers died overnight?")  # type: ignore[arg-type]
    assert len(llm.calls) == 1 and a.abstained


def test_the_answer_judge_quotes_a_sentence_the_rules_cannot_tie_to_the_question(embedder):
    from rag.judge import AnswerJudge

    # "charged" is not the article's "accused", and "the US" is named in the sentence's
    # paragraph, not in the sentence: the rules' quote fails; the judge reads the best
    # sentences and the one it is sure of is quoted, verified like any other.
    question = "Who charged the US president with appeasing Russia?"
    kallas = paragraph("003_720a6b9c76bcb648.txt", "The US had faced criticism prior to the meeting")

    def judged(p: Callable[[str], float]) -> tuple[Answer, ScriptedLLM]:
        a = answerer(DECLINE, embedder, DRONES, kallas)
        a.answer_judge = AnswerJudge(
            judge_llm := ScriptedLLM(["unused"], judge=lambda m: p(m[-1]["content"]))
        )
        return a.ask(question), judge_llm

    sure, judge_llm = judged(lambda text: 0.9 if "Kallas" in text else 0.2)
    assert not sure.abstained and sure.extractive and "Kaja Kallas" in sure.answer
    (c,) = sure.citations
    assert (CORPUS / c.source).read_text(encoding="utf-8")[c.start : c.end] == c.quote
    assert len(judge_llm.judged) >= 2  # it read more than the one it quoted
    # Unsure (below the threshold): declined.
    unsure, _ = judged(lambda text: 0.7)
    assert unsure.abstained and not unsure.extractive
    # A near miss: Belgorod is named in a retrieved passage, not in the Kallas paragraph, so
    # the judge, however sure, is never asked whether Kallas is the answer.
    a = answerer(DECLINE, embedder, DRONES, kallas)
    a.answer_judge = AnswerJudge(judge_llm := ScriptedLLM(["unused"], judge=lambda m: 0.99))
    near = a.ask("Who charged Belgorod's governor with appeasing Russia?")
    assert "Kallas" not in near.answer
    assert not any("Kallas" in m[-1]["content"] for m in judge_llm.judged)


REVISED = CORPUS.parent / "eval" / "data" / "revisions" / "articles"


def test_the_scene_may_be_named_by_the_articles_headline_and_lead(embedder):
    # "There were 64 food stalls at this year's festival" is a paragraph of its own; the
    # article names the festival "Brannock Lantern Market" in its headline and lead only.
    source = "001_lantern_market_illness.txt"

    def line(snippet: str) -> Passage:
        return paragraph(source, snippet, REVISED)

    stalls, ran, opening = (
        line("There were 64 food stalls"),
        line("The festival ran from"),
        line("BRANNOCK, 2 June"),
    )
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    retriever = Passages(stalls, ran, opening)
    retriever.embedder = embedder  # type: ignore[attr-defined]
    evidence = Evidence(Checker(), CorpusTexts(REVISED))

    def ask(question: str) -> Answer:
        return Answerer(retriever, ScriptedLLM([DECLINE]), evidence, settings).ask(question)  # type: ignore[arg-type]

    answer = ask("How many food stalls were there at this year's Lantern Market?")
    assert not answer.abstained and answer.extractive and "64" in answer.answer
    # Only the headline and lead: "Harbour Market Hall" is named further down, not there;
    # and they lend names, not a date the sentence and its paragraph never state (the lead's
    # dateline has "2 June"; the market ran from 29 to 31 May).
    assert ask("How many food stalls were there at the Harbour Market Hall reopening?").abstained
    assert ask("How many food stalls were there at the Lantern Market on 2 June?").abstained


def test_what_a_sentence_calls_the_network_its_articles_lead_names_in_full(embedder, tmp_path):
    """A story names "the Halvard Water Authority" once, in its lead, then says "the
    authority": the sentence that answers a question about Halvard is read by the judge,
    though it never names Halvard. A lead about another body lends it nothing."""
    from rag.judge import AnswerJudge

    body = (
        "The state's auditor, Colin Redfern, said his office had opened an inquiry into whether "
        "the authority had tested the water often enough."
    )
    later = "Halvard's own tests found no bacteria."
    for source, name in (("a.txt", "the Halvard Water Authority"), ("b.txt", "the Corlane Port Company")):
        lead = f"Boil notice lifted\n\nTOWN, 2 March 2026 (Wire) – {name} lifted its boil-water notice.\n\n"
        (tmp_path / source).write_text(f"{lead}{body}\n\n{later}\n", encoding="utf-8")

    def ask(source: str) -> tuple[Answer, ScriptedLLM]:
        text = (tmp_path / source).read_text(encoding="utf-8")
        found = [(text.index(t), t) for t in (body, later)]
        retriever = Passages(
            *(Passage(source, "Boil notice lifted", s, s + len(t), t, 0.7) for s, t in found)
        )
        retriever.embedder = embedder  # type: ignore[attr-defined]
        evidence = Evidence(Checker(), CorpusTexts(tmp_path))
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        a = Answerer(retriever, ScriptedLLM([DECLINE]), evidence, settings)  # type: ignore[arg-type]
        a.answer_judge = AnswerJudge(judge_llm := ScriptedLLM(["unused"], judge=lambda m: 0.9))
        return a.ask("Who is investigating whether Halvard tested its water?"), judge_llm

    answer, _ = ask("a.txt")
    assert not answer.abstained and answer.extractive and "Colin Redfern" in answer.answer
    other, judge_llm = ask("b.txt")
    assert other.abstained and other.abstain_cause != "pre_check" and not judge_llm.judged


def test_a_quote_states_the_act_the_question_asks_about(embedder, tmp_path):
    """ "Which hospitals stopped accepting ambulances?" is not answered by a sentence of
    hospitals accepting them again, which holds every other word of the question."""
    again = "Emergency departments at all four hospitals were again accepting ambulances by Thursday."
    stopped = "Emergency departments at Halloran General and St. Agnes stopped accepting ambulances at 7 a.m."
    (tmp_path / "a.txt").write_text(f"Hospitals hit\n\n{again}\n\n{stopped}\n", encoding="utf-8")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")

    def ask(*sentences: str) -> Answer:
        found = [(text.index(t), t) for t in sentences]
        retriever = Passages(*(Passage("a.txt", "Hospitals hit", s, s + len(t), t, 0.7) for s, t in found))
        retriever.embedder = embedder  # type: ignore[attr-defined]
        evidence = Evidence(Checker(), CorpusTexts(tmp_path))
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        a = Answerer(retriever, ScriptedLLM([DECLINE]), evidence, settings)  # type: ignore[arg-type]
        return a.ask("Which hospitals stopped accepting ambulances?")

    both = ask(again, stopped)
    assert not both.abstained and both.extractive and "Halloran General" in both.answer
    assert ask(again).abstained


def test_the_judged_quotes_reading_budget_is_spent_on_sentences_that_can_answer(embedder):
    from rag.judge import AnswerJudge

    # The 24 June lead names everything asked about but counts no cases, and its dateline's
    # "24 June 2026" is no count: it is not read. The one sentence the judge may read is the
    # one that gives a count; the article's lead names the market it leaves unnamed.
    source = "006_no_new_cases_for_a_week.txt"

    def line(snippet: str) -> Passage:
        return paragraph(source, snippet, REVISED)

    passages = (line("KELLSPORT, 24 June"), line("The number of laboratory-confirmed cases"))
    settings = Settings(_env_file=None, judged_quote_candidates=1)  # type: ignore[call-arg]
    retriever = Passages(*passages)
    retriever.embedder = embedder  # type: ignore[attr-defined]
    a = Answerer(retriever, ScriptedLLM([DECLINE]), Evidence(Checker(), CorpusTexts(REVISED)), settings)  # type: ignore[arg-type]
    a.answer_judge = AnswerJudge(judge_llm := ScriptedLLM(["unused"], judge=lambda m: 0.9))
    answer = a.ask("How many confirmed cases of salmonella are linked to the Brannock Lantern Market?")
    assert not answer.abstained and answer.extractive and "213" in answer.answer
    assert [m for m in judge_llm.judged if "KELLSPORT" in m[-1]["content"]] == []


def test_a_question_for_the_total_number_is_quoted_like_how_many(embedder):
    # "the total number of drones Russia launched": the figure is "number" (not "total"), and
    # it counts drones (not Russia, the name that begins the clause after the noun).
    a = answerer(DECLINE, embedder, DRONES, KALLAS).ask(
        "What is the total number of drones Russia launched overnight?"
    )
    assert not a.abstained and a.extractive and "137" in a.answer


def test_a_count_for_another_years_event_is_no_answer(embedder):
    # This year's toll is true, and no answer to how many died in the 1998 flood; the same
    # sentence answers for the year its article was published.
    second = CORPUS.parent / "eval" / "data" / "corpus2" / "articles"
    source = "102_kelmar_record_crest_aid.txt"

    def line(snippet: str) -> Passage:
        return paragraph(source, snippet, second)

    # The lead (the crest, above "the record of 7.9 metres set in 1998") and the toll.
    passages = (line("KELMAR, 12 March 2026"), line("The death toll rose to 19"))

    def ask(question: str) -> Answer:
        settings = Settings(_env_file=None, quote_fallback=False, retry_declined=False)  # type: ignore[call-arg]
        retriever = Passages(*passages)
        retriever.embedder = embedder  # type: ignore[attr-defined]
        evidence = Evidence(Checker(), CorpusTexts(second), published=lambda s: "2026-03-12")
        llm = ScriptedLLM(["The death toll rose to 19 after rescuers found five bodies [2]."])
        return Answerer(retriever, llm, evidence, settings).ask(question)  # type: ignore[arg-type]

    then = ask("How many people died in the 1998 Orsa flood?")
    assert then.abstained and then.abstain_cause == "not_an_answer", then.answer
    now = ask("How many people died in the 2026 Orsa flood?")
    assert not now.abstained and "19" in now.answer, (now.abstain_reason, now.sentences)
