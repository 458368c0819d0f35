"""Versions of a figure across articles: which one is current, and what the reader is told."""

from __future__ import annotations

from pathlib import Path

from rag.documents import find_published, parse_article
from rag.evidence import CorpusTexts, Evidence, Span
from rag.grounding import Checker
from rag.revisions import Version, dated_by_itself, other_accounts, revision, versions
from rag.settings import Settings


def _whole(source: str, text: str) -> Span:
    """A unit that is the whole of a one-sentence article."""
    return Span(source, "T", 0, len(text), text)


def version(source: str, published: str | None, states: bool) -> Version:
    return Version(Span(source, "T", 0, 4, "text"), published, states, () if states else ("21",), 0.8)


def test_a_later_article_with_another_figure_supersedes():
    found = [
        version("a", "2026-03-09", True),
        version("b", "2026-03-18", False),
        version("c", "2026-04-16", False),
    ]
    r = revision(found[0].span, found)
    assert r is not None and r.kind == "superseded" and [v.source for v in r.others] == ["c"]


def test_the_latest_word_confirming_it_leaves_it_current():
    found = [
        version("a", "2026-03-09", True),
        version("b", "2026-03-18", False),
        version("c", "2026-04-16", True),
    ]
    assert revision(found[0].span, found) is None
    latest = revision(found[2].span, found)
    assert latest is not None and latest.kind == "latest"  # current, and it revised earlier figures


def test_a_figure_that_revised_earlier_ones_is_told_so_though_a_later_article_repeats_it():
    # 94 on 5 June, then 213 on 24 June ("remained at 213") and 1 July ("was 213"): the 24 June
    # sentence is current, and the reader is told it revised the earlier figure.
    found = [
        version("a", "2026-06-05", False),
        version("b", "2026-06-24", True),
        version("c", "2026-07-01", True),
    ]
    r = revision(found[1].span, found)
    assert r is not None and r.kind == "latest" and not r.superseded
    assert [v.source for v in r.others] == ["b"]


def test_same_date_sources_with_different_figures_conflict():
    other = Version(Span("c", "T", 0, 4, "text"), "2026-04-16", False, ("23",), 0.8)
    found = [version("a", "2026-03-09", True), version("b", "2026-04-16", False), other]
    r = revision(found[0].span, found)
    assert r is not None and r.kind == "conflict" and {v.source for v in r.others} == {"b", "c"}
    same_day = [version("a", "2026-04-16", True), version("b", "2026-04-16", False)]
    r = revision(same_day[0].span, same_day)
    assert r is not None and r.kind == "conflict"


def test_undated_articles_are_never_taken_as_the_latest():
    found = [version("a", "2026-03-09", True), version("b", None, False)]
    assert revision(found[0].span, found) is None
    undated = [version("a", None, True), version("b", "2026-03-09", False)]
    assert revision(undated[0].span, undated) is None  # an undated statement has no place in the order


def test_publication_dates_from_datelines_and_bylines_only():
    lines = lambda t: [(0, len(t))]  # noqa: E731
    for text, expected in [
        ("LYON, May 2, 2025 (Agency) – The mayor said.", "2025-05-02"),
        ("BRANNOCK, 17 June 2026 (Ostvale Press Agency) - Cases rose.", "2026-06-17"),
        ("Published on 12 March 2026", "2026-03-12"),
        # Wire style abbreviates the month.
        ("HALLORAN, Oct. 14, 2026 (Northern Wire) — Systems went down.", "2026-10-14"),
        ("DENVER, Sept. 3, 2025 (AP) — The mayor said.", "2025-09-03"),
        ("Published: 2026-03-12", "2026-03-12"),
        ("WASHINGTON, D.C. — Trump will call Putin on Tuesday.", None),  # a dateline without a date
        ("The talks of 7 March 2026 ended without a deal.", None),  # a date in the story is not one
        ("LYON, May 2 (Agency) – The mayor said.", None),  # no year: not guessed
    ]:
        assert find_published(text, lines(text)) == expected, text


def test_the_seed_articles_state_no_publication_date():
    from tests.conftest import CORPUS

    for path in sorted(CORPUS.glob("*.txt")):
        assert parse_article(path.read_bytes(), path.name).published is None, path.name


def test_a_weekday_is_read_as_its_date_counted_from_the_publication_date():
    from rag.evidence import Evidence
    from rag.grounding import Checker

    text = "The death toll rose to 21 on Tuesday, the Health Ministry said."
    unit = Span("103.txt", "Inquiry opens", 0, len(text), text)
    dated = Evidence(Checker(), published=lambda source: "2026-03-18")  # a Wednesday
    assert dated.best("The death toll rose to 21 on 17 March.", [unit]).supported
    assert not dated.best("The death toll rose to 21 on 16 March.", [unit]).supported
    assert not Evidence(Checker()).best("The death toll rose to 21 on 17 March.", [unit]).supported  # undated
    assert dated.whereabouts(unit) == {}  # no corpus texts at hand: nothing to say where it sits
    assert dated.relative_dates(unit) == [(text.index("Tuesday"), text.index("Tuesday") + 7, "2026-03-17")]


SECOND = Path(__file__).resolve().parents[2] / "eval" / "data" / "corpus2" / "articles"


def _stated(evidence: Evidence, source: str, sentence: str) -> Span:
    document = evidence.texts(source) if evidence.texts else None
    assert document is not None
    at = document.index(sentence)
    return Span(source, "", at, at + len(sentence), sentence)


def test_an_article_reporting_two_accounts_of_a_time_disputes_each():
    evidence = Evidence(Checker(), CorpusTexts(SECOND))
    source = "101_toll_rises_warning_dispute.txt"
    document = evidence.texts(source) or ""
    start = document.index("Tomas Reiner, the operations director")
    end = document.index("within two hours.", start) + len("within two hours.")
    stated = Span(source, "", start, end, document[start:end])
    claim = "The regional crisis centre was warned at 22:40 on Friday."
    found = other_accounts(evidence, claim, stated, None)
    assert len(found) == 1
    # "She said ..." is shown with the sentence before it, which names her.
    assert found[0].span.text.startswith("Governor Petra Vondel rejected that account. She said")
    assert "2:15" in found[0].figures and found[0].replaces == ("22:40", "friday")


def test_a_quoted_figure_is_disputed_by_another_quote_counting_the_same_thing(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        'Strike goes on\n\nThe two sides gave different accounts of the stoppage. "About 40% of our '
        'drivers reported for their shifts every day, and the depot never closed," spokeswoman Ana Ruiz '
        "said. Piet Vos, the union's negotiator, disputed that. \"Fewer than 60 of our 900 drivers "
        'crossed the picket line," he told reporters at the gate.\n',
        encoding="utf-8",
    )
    evidence = Evidence(Checker(), CorpusTexts(tmp_path))
    stated = _stated(
        evidence,
        "a.txt",
        '"About 40% of our drivers reported for their shifts every day, and the depot never closed," '
        "spokeswoman Ana Ruiz said.",
    )
    # In other words than the claim, but a figure of the same drivers, in a quote: another account.
    claim = "About 40% of the drivers reported for their shifts every day, and the depot never closed."
    found = other_accounts(evidence, claim, stated, None)
    assert len(found) == 1 and found[0].figures == ("60", "900")
    # '..." he told reporters' is shown with the sentence that names him.
    assert found[0].span.text.startswith("Piet Vos, the union's negotiator, disputed that.")


def test_a_figure_of_another_thing_in_the_same_article_is_no_other_account(tmp_path: Path):
    text = (
        "KELLSPORT, 24 June 2026 (Meridian Newswire) – No new laboratory-confirmed cases have been "
        "recorded for seven days, the health authority said on Wednesday.\n\n"
        "The number of laboratory-confirmed cases remained at 213, the health authority said."
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    claim = "The number of laboratory-confirmed cases remained at 213, the health authority said."
    start = text.index(claim)
    stated = Span("a.txt", "T", start, start + len(claim), claim)
    # Neither the dateline's 24 June nor "seven days" is another account of the 213 cases.
    assert other_accounts(Evidence(Checker(), CorpusTexts(tmp_path)), claim, stated, None) == []


def test_no_dispute_without_attribution_or_another_figure(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "Toll rises\n\nThe bridge closed at 22:40 on Friday, the police said. "
        "Traffic was diverted through the old town, the mayor said.\n\n"
        "The bridge closed to traffic at 02:15 on Saturday.\n",
        encoding="utf-8",
    )
    evidence = Evidence(Checker(), CorpusTexts(tmp_path))
    stated = _stated(evidence, "a.txt", "The bridge closed at 22:40 on Friday, the police said.")
    # The other time is the article's own statement, not another source's account.
    assert other_accounts(evidence, "The bridge closed at 22:40 on Friday.", stated, None) == []
    unattributed = _stated(evidence, "a.txt", "The bridge closed to traffic at 02:15 on Saturday.")
    assert other_accounts(evidence, "The bridge closed at 02:15 on Saturday.", unattributed, None) == []


def test_an_ordinal_or_a_weekday_restated_as_a_date_is_no_revised_figure():
    dates = {"a": "2026-03-09", "b": "2026-04-16"}
    claim = "The first warning reached the crisis centre at 02:15 on Saturday."
    stated = _whole("a", "She said the first warning reached the crisis centre at 02:15 on Saturday.")
    # The later article keeps the time and dates the night; the ordinal counts nothing.
    restated = _whole(
        "b",
        "The committee could not establish whether the warning reached the crisis centre "
        "at 22:40 on 6 March or at 02:15 the next morning.",
    )
    evidence = Evidence(Checker())
    found = versions(evidence, claim, [stated, restated], dates.get)
    assert revision(stated, found) is None, found
    # Another time for the same warning is a revision.
    moved = _whole("b", "The first warning reached the crisis centre at 03:30 on Saturday, the report found.")
    found = versions(evidence, claim, [stated, moved], dates.get)
    r = revision(stated, found)
    assert r is not None and r.kind == "superseded" and "3:30" in r.others[0].figures, found


def test_a_figure_of_another_thing_is_no_revision():
    dates = {"a": "2026-06-02", "b": "2026-06-24"}
    evidence = Evidence(Checker())
    stalls = _whole("a", "There were 64 food stalls at this year's festival, according to the trust.")
    businesses = _whole(
        "b", "Officers have inspected 187 food businesses that traded at the festival, the council said."
    )
    found = versions(evidence, "There were 64 food stalls at the festival.", [stalls, businesses], dates.get)
    assert revision(stalls, found) is None, found
    # What the article counts decides, not the draft's word for it ("people" for "visitors").
    visitors = _whole("a", "The trust said an estimated 18,500 visitors attended this year's Lantern Market.")
    ill = _whole(
        "b",
        "The trust said that 768 people have reported symptoms after attending this year's Lantern Market.",
    )
    claim = "About 18,500 people attended this year's Lantern Market."
    found = versions(evidence, claim, [visitors, ill], dates.get, stated=visitors.text)
    assert revision(visitors, found) is None, found
    # The same thing counted again is a revision.
    more = _whole("b", "There were 70 food stalls at this year's festival, the trust said on Wednesday.")
    found = versions(evidence, "There were 64 food stalls at the festival.", [stalls, more], dates.get)
    r = revision(stalls, found)
    assert r is not None and r.kind == "superseded", found


def test_a_later_dateline_is_no_revised_date():
    dates = {"a": "2026-03-07", "b": "2026-03-18"}
    claim = "As of 7 March 2026, nine people had died after the bridge in Brennick collapsed."
    stated = _whole(
        "a", "BRENNICK, 7 March 2026 (Agency) - Nine people died after the bridge in Brennick collapsed."
    )
    # The later article's dateline dates its filing, not the collapse.
    filed = _whole(
        "b", "HALVIK, 18 March 2026 (Agency) - Nine people died after the bridge in Brennick collapsed."
    )
    found = versions(Evidence(Checker()), claim, [stated, filed], dates.get)
    assert revision(stated, found) is None, found
    # A date of the event in the later article's text still revises it.
    moved = _whole(
        "b",
        "HALVIK, 18 March 2026 (Agency) - As of 8 March 2026, nine people had died after the bridge "
        "in Brennick collapsed.",
    )
    found = versions(Evidence(Checker()), claim, [stated, moved], dates.get)
    r = revision(stated, found)
    assert r is not None and r.kind == "superseded" and "8" in r.others[0].figures, found


def test_a_count_moved_on_revises_the_count_not_the_day():
    dates = {"a": "2026-03-10", "b": "2026-04-16"}
    claim = "The death toll rose to 21 on Tuesday."
    stated = _whole("a", "The death toll rose to 21 on Tuesday, the Health Ministry said.")
    later = _whole(
        "b", "Police revised the death toll to 23 from 21 after two bodies were found downstream on Monday."
    )
    r = revision(stated, versions(Evidence(Checker()), claim, [stated, later], dates.get))
    assert r is not None and r.kind == "superseded"
    assert r.others[0].figures == ("23",) and r.others[0].replaces == ("21",), r.others
    # So a draft that dates its 21 reports that Tuesday's toll.
    assert dated_by_itself(claim, r).kind == "dated"


def test_a_figure_named_as_the_one_given_before_is_revised_whatever_each_counts():
    dates = {"a": "2026-04-14", "b": "2026-04-22"}
    claim = "The union represents about 3,100 crane operators, lashers and checkers employed by SCT."
    stated = _whole("a", claim)
    later = _whole(
        "b",
        "The union said that it now represents 3,400 SCT employees, not the 3,100 it gave last week.",
    )
    r = revision(stated, versions(Evidence(Checker()), claim, [stated, later], dates.get))
    assert r is not None and r.kind == "superseded", r
    assert r.others[0].figures == ("3400",) and r.others[0].replaces == ("3100",), r.others
    # A change told in the past is an event of its own: not superseded by the figure after it.
    cut = "During the session the union cut its demand from 9% to 8%."
    assert dated_by_itself(cut, r).kind == "dated"


def test_a_figure_that_fell_revises_one_that_rose():
    from rag.settings import Settings

    dates = {"a": "2026-08-11", "b": "2026-08-24"}
    claim = (
        "The number of people staying in emergency shelters rose to 1,240 from 860, the council said, "
        "and a second shelter has opened at Vanthorpe Agricultural Hall."
    )
    stated = _whole("a", claim)
    later = _whole(
        "b", "The number of people staying in emergency shelters fell to 315, most of them from Hallow Cross."
    )
    from rag.judge import SupportJudge
    from rag.llm import ScriptedLLM

    # The judge (scripted here) reads the later sentence as the claim's words put it: it says
    # yes to "rose to N" and no to "fell to N", as a small model reading the direction would.
    def p_yes(messages: list) -> float:  # type: ignore[type-arg]
        passage = messages[-1]["content"].split("Sentence:")[0]
        return 0.9 if "shelters rose to N" in passage else 0.1

    judge = SupportJudge(ScriptedLLM(["unused"], judge=p_yes))
    evidence = Evidence(Checker(wordnet_dir=Settings().wordnet_dir), judge=judge)
    r = revision(stated, versions(evidence, claim, [stated, later], dates.get))
    assert r is not None and r.kind == "superseded" and r.others[0].figures == ("315",), r


def test_a_revision_note_gives_each_earlier_reports_figure_as_its_article_writes_it():
    """ "Earlier reports: 3 August 2026 [2]" made a journalist open each citation to learn what
    it said: the note gives each earlier figure, in its article's own form, with its date."""
    from api.schemas import revision_summary
    from rag.answer import _earlier_reports

    first = _whole("a.txt", "Officials said 2,300 people had been evacuated.")
    second = _whole("b.txt", "The number evacuated rose to 5,640, the council said.")
    words = _whole("c.txt", "Officials now say seven thousand people have left.")
    found = [
        Version(first, "2026-08-03", True, (), 0.9),
        Version(second, "2026-08-07", False, ("5640",), 0.9, ("2300",)),
        Version(words, "2026-08-11", False, ("7000",), 0.9, ("2300",)),
    ]
    r = revision(first, found)
    assert r is not None and r.superseded
    earlier = [(2, found[0]), (1, found[1]), (3, found[2])]
    assert _earlier_reports(earlier, r, Settings().wordnet_dir) == (
        "2,300 (3 August 2026) [2], 5,640 (7 August 2026) [1], 11 August 2026 [3]"
    )
    assert revision_summary(r) == "supported by a.txt (3 August 2026), revised by c.txt (11 August 2026)"
    r2 = revision(first, found[:2])
    assert r2 is not None
    assert revision_summary(r2) == (
        "supported by a.txt (3 August 2026), revised by b.txt (7 August 2026): 5,640"
    )


def test_later_reports_that_differ_from_each_other_still_outdate_an_earlier_figure():
    """ "So far 96 homes have been lost" (11 August) against 158 and 143 homes, both of 17
    August: the later reports disagree with each other, but both revise 96 (revisions2 r2c19,
    which was "supported" once the second of them was found)."""
    stated = version("a", "2026-08-11", True)
    fire = Version(Span("b", "T", 0, 4, "158"), "2026-08-17", False, ("158",), 0.8, ("96",))
    council = Version(Span("c", "T", 0, 4, "143"), "2026-08-17", False, ("143",), 0.8, ("96",))
    r = revision(stated.span, [stated, fire, council])
    assert r is not None and r.kind == "conflict" and r.outdated and not r.superseded
    # The same day's other account is a conflict, not a revision of it.
    same_day = Version(Span("d", "T", 0, 4, "143"), "2026-08-11", False, ("143",), 0.8, ("96",))
    r = revision(stated.span, [stated, same_day])
    assert r is not None and r.kind == "conflict" and not r.outdated


def test_a_day_that_came_before_the_next_report_is_another_occasion_not_a_revised_day():
    # 1 September: a strike from Thursday (3 September). By 20 September it has been held, so a
    # strike "again" from 25 September is another one; on 2 September, a new day moves it.
    first = _whole("a", "The ferry crews will strike from 06:00 on Thursday, their union said on Tuesday.")
    again = _whole(
        "b", "The ferry crews will strike again from 06:00 on Friday, 25 September, their union said."
    )
    claim = "The ferry crews will strike again from 06:00 on Friday, 25 September."
    held = {"a": "2026-09-01", "b": "2026-09-20"}
    found = versions(Evidence(Checker()), claim, [first, again], held.get)
    assert any(not v.states for v in found), found  # the earlier day is read as another version
    assert revision(again, found) is None, found
    moved = {"a": "2026-09-01", "b": "2026-09-02"}
    found = versions(Evidence(Checker()), claim, [first, again], moved.get)
    r = revision(again, found)
    assert r is not None and r.kind == "latest", found


def test_an_earlier_report_of_the_figure_a_claim_changed_from_gives_that_figure():
    """ "Revised the toll to 23 from 21" against "the toll rose to 21": the earlier report's
    figure is 21. It had been read as another figure in the sentence ("two men"), and the
    note listed the report by its date alone (second corpus, dev c2q01)."""
    from rag.answer import _earlier_reports

    claim = "Officials revised the number of people evacuated to 5,200 from 4,800 after a recount."
    stated = _whole("b", claim)
    earlier = _whole(
        "a", "The number of people evacuated rose to 4,800 on Sunday after three villages were cleared."
    )
    dates = {"a": "2026-05-03", "b": "2026-05-10"}
    found = versions(Evidence(Checker()), claim, [stated, earlier], dates.get)
    r = revision(stated, found)
    assert r is not None and r.kind == "latest", found
    before = next(v for v in found if v.source == "a")
    assert before.figures == ("4800",) and before.replaces == ("5200",), before
    assert _earlier_reports([(1, before)], r, Settings().wordnet_dir) == "4,800 (3 May 2026) [1]"


def test_people_made_ill_are_counted_as_people_not_as_an_illness():
    """ "An outbreak that has now made 24 people ill" counts people: it revises "the number of
    people infected has risen to 23" (dev5 c5q01 kept 23 as current: "ill" was read as the
    noun counted, WordNet's "an illness")."""
    from rag.lexicon import noun_senses
    from rag.revisions import same_quantity

    senses = noun_senses(Settings().wordnet_dir)
    claim = "The number of people infected in the outbreak has risen to 23."
    later = "The company's chief resigned after an outbreak that has now made 24 people ill and killed three."
    assert same_quantity(claim, ["23"], later, ["24"], senses)
    assert not same_quantity("Some 64 food stalls traded.", ["64"], later, ["24"], senses)


def test_a_sum_in_millions_given_by_another_party_is_another_account(tmp_path: Path):
    """dev6 c6q13: another party's account of a sum in millions ("said" is not read: see
    _attributed); "18.4 million" against "11 million" differ though both say "million"; a cost "a day" in
    the same article is no account of a sum owed."""
    (tmp_path / "a.txt").write_text(
        "Museum row\n\nThe auditor told the council the museum owed 4.2 million euros in unpaid "
        "rent since May. The museum disputed that figure. The restoration is costing the city about "
        "0.3 million euros a day. A spokesman for the museum, Jon Hale, insisted the unpaid rent came "
        "to 2.9 million euros and that the rest was contested.\n",
        encoding="utf-8",
    )
    evidence = Evidence(Checker(), CorpusTexts(tmp_path))
    stated = _stated(
        evidence,
        "a.txt",
        "The auditor told the council the museum owed 4.2 million euros in unpaid rent since May.",
    )
    found = other_accounts(
        evidence, "The auditor said the museum owed 4.2 million euros in unpaid rent.", stated, None
    )
    assert len(found) == 1 and found[0].figures == ("2.9",), found
    assert found[0].span.text.startswith("A spokesman for the museum, Jon Hale, insisted")


def test_a_part_of_a_total_is_no_version_of_the_total():
    """dev6 c6q13: 18.4 million in airport charges is part of "310 million, including
    airport charges": no earlier report of it."""
    from rag.lexicon import noun_graph, noun_senses
    from rag.revisions import same_quantity

    senses, graph = noun_senses(Settings().wordnet_dir), noun_graph(Settings().wordnet_dir)
    claim = "The museum owed 4.2 million euros in unpaid rent and heating bills."
    total = "The museum owed its creditors 31 million euros, including loans, unpaid rent and staff wages."
    assert not same_quantity(claim, ["4.2"], total, ["31"], senses, graph)
    later = "The museum now owes 5.1 million euros in unpaid rent and heating bills."
    assert same_quantity(claim, ["4.2"], later, ["5.1"], senses, graph)
    # Both count guards, the later with its own crews: a later count, not a part (r2q10 had
    # lost its revision to a first version of this rule).
    first = "The museum now has 40 guards on duty, including staff sent from the city hall."
    again = "The number of guards on duty rose to 65 from 40, with more staff sent from the city hall."
    assert same_quantity(first, ["40"], again, ["65"], senses, graph)
