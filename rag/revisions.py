"""When the articles disagree: every version of a claim across the corpus, in publication order.

News is revised: a death toll goes 9 -> 14 -> 21. For a claim, each document's best unit
is judged (by the rules, which read numbers and dates reliably); a document either
**states** the claim, or **differs**: it says the same thing with another figure or date
(the checker's contradiction, with a number or month of the claim replaced by another).
Versions are ordered by the documents' publication dates; an undated document has no
place in that order and is listed last, never taken as the latest.

From the versions:

- a claim is **superseded** when a document published after the one that states it gives
  another figure (``Revision``);
- two documents of the same, latest date that give different figures **conflict**: both
  are shown, attributed, and neither is picked;
- a claim that gives the **latest** figure, which revised earlier ones, says so;
- within the stating article itself, a sentence that attributes another figure to another
  source ("the company says 22:40", "the governor said 02:15") **disputes** it: an article
  reporting a dispute picks neither side, and neither does the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rag.documents import MONTHS as _MONTH_NUMBERS
from rag.documents import days_named, spoken, without_dateline
from rag.evidence import Evidence, Span, Support, units
from rag.grounding import (
    AUXILIARIES,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    REPORTING,
    STOPWORDS,
    WEEKDAYS,
    WORD_TOKEN,
    as_written,
    counted_numbers,
    features,
    is_month,
    normalize_numbers,
    stem,
)
from rag.lexicon import NounGraph, first_senses, irregular_verbs, noun, noun_graph, noun_senses, singulars
from rag.sentences import OPENS_WITH_PRONOUN, sentence_spans

if TYPE_CHECKING:
    from rag.retrieval import HybridRetriever

_MONTH_NAMES = list(_MONTH_NUMBERS)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")  # a figure that is a year, not a count


def undated(figures: Sequence[str], text: str) -> list[str]:
    """The figures of ``text`` that are not a day of a month or a year there: what it counts
    or measures ("over three years"), not when ("on April 17, 2025").

    >>> undated(["17", "2025", "3"], "Talks on April 17, 2025 lasted 3 hours.")
    ['3']
    """
    days = features(text).dated
    return [f for f in figures if f not in days and not _YEAR.match(f)]


@dataclass(frozen=True)
class Version:
    span: Span
    published: str | None  # the document's publication date; None: undated
    states: bool  # True: states the claim; False: gives another figure or date
    figures: tuple[str, ...]  # the figures it gives in place of the claim's (when it differs)
    score: float
    replaces: tuple[str, ...] = ()  # the claim's figures it lacks (when it differs)
    masked: bool = False  # found only by the judge's reading with the numbers taken out

    @property
    def source(self) -> str:
        return self.span.source


@dataclass(frozen=True)
class Revision:
    """How the corpus's versions bear on a claim that one document states."""

    stated: Version  # the version that states the claim
    others: list[Version]  # superseded: the latest versions that differ; conflict: those that disagree
    versions: list[Version]  # all of them, in publication order
    # "superseded": a later document revises it; "conflict": same-date sources disagree;
    # "latest": it is the latest figure, and it revised earlier ones; "disputed": the stating
    # article itself attributes another figure to another source; "dated": a later document
    # gives another figure, but the claim names its own time, for which it stays true.
    kind: str

    @property
    def superseded(self) -> bool:
        return self.kind == "superseded"

    @property
    def outdated(self) -> bool:
        """Later articles give other figures: one ("superseded"), or several that disagree
        with each other, all published after the stating one (a "conflict" among them)."""
        later = self.others and (self.stated.published or "") < (self.others[0].published or "")
        return self.superseded or (self.kind == "conflict" and bool(later))


def mentions(text: str, form: str) -> bool:
    """``form`` in ``text`` as a whole figure: "41" is not in "141", "6 July" not in "16 July",
    "400,000" not in "1,400,000".

    >>> mentions("up to 41 people", "41"), mentions("141 people", "41"), mentions("on 16 July", "6 July")
    (True, False, False)
    """
    return re.search(_whole(form), text, re.IGNORECASE) is not None


def _whole(form: str) -> str:
    """A pattern for ``form`` as a whole figure, not part of a longer number or word."""
    return rf"(?<![\w,.]){re.escape(form)}(?!\w|[,.]\d)"


def _claimed(found: Sequence[Version]) -> tuple[str, ...]:
    """The claim's figures that the first version giving others replaces."""
    return next((v.replaces for v in found if not v.states and v.replaces), ())


def told(v: Version, r: Revision, senses: Mapping[str, frozenset[str]] | None = None) -> str:
    """The figure ``v`` gives for the claim of ``r``, as its article writes it ("8,475", "12
    August"): its own, or the claim's where it states it. Of its other figures, only those of
    the claim's kind, where a change stands rather than where it started, and (with WordNet's
    noun ``senses``) counting what the claim's figure counts. "" where that leaves none, or
    more than one, or the text does not write it in one piece: the reader has the citation.

    >>> span = Span("a.txt", "", 0, 40, "The area burned rose to 8,475 hectares from 7,380, and 96 homes.")
    >>> other = Version(span, "2026-08-24", False, ("8475", "7380", "96"), 1.0, ("7380",))
    >>> earlier = Span("b.txt", "", 0, 30, "It had burned 7,380 hectares.")
    >>> stating = Version(earlier, "2026-08-17", True, (), 1.0)
    >>> r = Revision(stating, [other], [stating, other], "superseded")
    >>> from rag.settings import Settings
    >>> told(other, r), told(stating, r), told(other, r, noun_senses(Settings().wordnet_dir))
    ('8,475', '7,380', '8,475')
    >>> reopens = Span("c.txt", "", 0, 9, "It is due to reopen on 12 August.")
    >>> road = Version(reopens, None, False, ("12",), 1.0)
    >>> told(road, Revision(stating, [road], [stating, road], "superseded"))
    '12 August'
    >>> told(Version(Span("c.txt", "", 0, 30, "Forty-one are in hospital."), None, False, ("41",), 1.0), r)
    ''
    >>> told(Version(Span("c.txt", "", 0, 30, "Police arrested five people."), None, False, ("5",), 1.0), r)
    'five'
    >>> toll = Version(Span("d", "", 0, 9, "The toll rose to 14 on Monday."), "2026-03-09", True, (), 1.0)
    >>> rose = Span("e", "", 0, 9, "The toll rose to 21 on Tuesday after two men died.")
    >>> then = Version(rose, "2026-03-18", False, ("2", "21", "tuesday"), 1.0, ("14", "monday"))
    >>> revised = Span("f", "", 0, 9, "It revised the toll to 23 from 21.")
    >>> now = Version(revised, "2026-04-16", False, ("23",), 1.0, ("14",))
    >>> r = Revision(toll, [now], [toll, then, now], "superseded")
    >>> told(toll, r), told(then, r), told(now, r)
    ('14', '21', '23')
    >>> left = Version(Span("g", "", 0, 9, "Some 4,200 people left."), "2026-03-07", True, (), 1.0)
    >>> both = Span("h", "", 0, 9, "The toll rose to 14 and the number of people evacuated reached 9,500.")
    >>> later = Version(both, "2026-03-09", False, ("14", "9500"), 1.0, ("4200",))
    >>> told(later, Revision(left, [later], [left, later], "superseded"), noun_senses(Settings().wordnet_dir))
    '9,500'
    """
    claimed = _claimed(r.versions)
    text = v.span.text
    keys = [k.replace(",", "") for k in (claimed if v.states else v.figures)]
    # Where a change stands, not where it started ("to 8,475 from 7,380").
    read = features(text)  # once: its changes and its days of a month
    started = {a for a, b in read.transitions if b in keys}
    keys = [k for k in keys if k not in started]
    if not v.states:
        stated = r.stated.span.text
        kinds = _kinds(stated, tuple(x.replace(",", "") for x in claimed)) if claimed else None
        keys = [
            k
            for k in keys
            if (kinds is None or _kinds(text, (k,)) & kinds)
            and (senses is None or _counts_alike(stated, list(claimed), text, [k], senses))
        ]
        # Where the claim's figure counts a known noun, one that counts it too ("the number of
        # people evacuated reached 9,500") is told before one that counts nothing known ("the
        # toll rose to 14").
        if len(keys) > 1 and senses is not None and any(_counted(stated, list(claimed), senses)):
            keys = [k for k in keys if any(_counted(text, [k], senses))] or keys
    # A count told with its day ("rose to 21 on Tuesday") is the figure revised; the day says when.
    if len(keys) > 1:
        counts = [k for k in keys if _kinds(text, (k,)) != {"date"}]
        keys = counts or keys
    # Of two counts, the one a version names as the figure it changed from ("revised the toll
    # to 23 from 21"), not another of the sentence ("after two men died").
    if len(keys) > 1:
        moved = {x for u in r.versions for pair in features(u.span.text).transitions for x in pair}
        keys = [k for k in keys if k in moved] or keys
    # A day of a month is told with its month ("12 August").
    for k in list(keys):
        if k in read.dated:
            around = re.search(rf"\b{k}(?:st|nd|rd|th)?\s+([A-Z][a-z]+)|\b([A-Z][a-z]+)\s+{k}\b", text)
            month = (around.group(1) or around.group(2)).lower() if around else ""
            if is_month(month):
                keys.append(MONTHS[month[:3]])
    shown = as_written(keys, text)
    if len(shown) == 1 and not mentions(text, shown[0]):
        # A count in one word ("arrested five people"), as the text writes it.
        words = (m.group() for m in _COUNT_WORD.finditer(text))
        shown = [w for w in words if NUMBER_WORDS[w.lower()] == shown[0]][:1]
    # Each one word for word in the text: a key it writes otherwise comes back as the key.
    written = all(mentions(text, x) for x in shown)
    return with_unit(text, shown[0]) if len(shown) == 1 and written else ""


# What a figure is in, as English writes it after the number: a per cent, or a scale and
# the noun it scales ("9 million euros"); a currency sign before it.
_UNIT_AFTER = re.compile(
    r"\s?%|\s(?:per\s?cent|percent)\b|\s(?:million|billion|trillion)\b"
    r"(?:\s(?!(?:a|an|the|of|per|in|on|at|to|for|and|or|by|from|each|every|this|that|last|next)\b)[a-z]+\b)?",
    re.I,
)


def with_unit(text: str, figure: str) -> str:
    """``figure`` as ``text`` writes it with its unit: "71%" or "9 million euros", not a bare
    "71" or "9" that a reader cannot place.

    >>> with_unit("Turnout was 71%, the union said.", "71"), with_unit("It cost $9 million a day.", "9")
    ('71%', '$9 million')
    >>> with_unit("It cost 9 million euros a day.", "9"), with_unit("Some 2,300 left.", "2,300")
    ('9 million euros', '2,300')
    """
    m = re.search(rf"(?:[$€£]\s?)?{_whole(figure)}", text)
    if m is None:
        return figure
    unit = _UNIT_AFTER.match(text, m.end())
    return text[m.start() : unit.end() if unit else m.end()]


def _counts_alike(
    claim: str, ours: Sequence[str], text: str, theirs: Sequence[str], senses: Mapping[str, frozenset[str]]
) -> bool:
    """Whether ``theirs`` in ``text`` count what ``ours`` count in ``claim`` (or either counts
    no noun): 8,475 hectares, not 96 homes, revises 7,380 hectares."""
    mine, other = _counted(claim, ours, senses), _counted(text, theirs, senses)
    return not mine or not other or any(a & b for a in mine for b in other)


def _figure(token: str) -> bool:
    return token[:1].isdigit() or token in MONTHS.values() or token in WEEKDAYS


_CLAUSE_BREAK = re.compile(r"[,;:–—]\s|\s(?:after|as|when|while|because|but|and said|said)\s")


def clause(sentence: str) -> str:
    """The clause that holds a sentence's first figure: what a later article restates when
    it revises it ("the death toll rose to 21 on Tuesday"), without the rest of the sentence.

    >>> clause("The death toll rose to 21 on Tuesday after two men died of their injuries, police said.")
    'The death toll rose to 21 on Tuesday'
    """
    pieces = _CLAUSE_BREAK.split(sentence)
    with_figure = next((p for p in pieces if _FIGURE.search(p) and len(p.split()) >= 4), None)
    return with_figure.strip() if with_figure else sentence


def _clause_with(sentence: str, figures: list[str]) -> str | None:
    """The clause of ``sentence`` that holds one of ``figures``.

    >>> _clause_with("VELDRA - The toll rose to 14 on Monday, as 9,500 fled.", ["14"])
    'VELDRA - The toll rose to 14 on Monday'
    """
    for piece in _CLAUSE_BREAK.split(sentence):
        if len(piece.split()) >= 4 and set(figures) & set(_NUMBER.findall(piece)):
            return piece.strip()
    return None


def _holding(text: str, figures: Sequence[str]) -> str | None:
    """The clause of ``text`` that holds one of ``figures`` (keys, as :func:`as_written` reads
    them), or its sentence where that clause is too short to search with.

    >>> _holding("Kessler had 1,312 points and Marin 1,298. Okafor, third, has 1,134.", ["1134"])
    'Okafor, third, has 1,134.'
    >>> _holding("The toll rose to 14 on Monday, as 9,500 fled.", ["14"])
    'The toll rose to 14 on Monday'
    """
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        written = [w for w in as_written(list(figures), sentence) if mentions(sentence, w)]
        if written:
            return _clause_with(sentence, written) or sentence
    return None


def _revisable(claim: str, missing: Sequence[str], differing: Sequence[str]) -> tuple[str, ...]:
    """The claim's figures, among those a unit lacks, that it can be said to revise.

    An ordinal places rather than counts ("the first warning"). A weekday is relative to the
    day an article was written: a later article that dates the same event ("6 March", "the
    next morning") does not revise "Saturday"; only another weekday can.

    >>> _revisable("The first warning came at 02:15 on Saturday.", ["1", "saturday"], ["6", "22:40"])
    ()
    >>> _revisable("The toll rose to 14 on Monday.", ["14", "monday"], ["21", "tuesday"])
    ('14', 'monday')
    """
    counted = counted_numbers(claim)
    other_day = any(d in WEEKDAYS for d in differing)
    return tuple(
        m
        for m in missing
        if (m[:1].isdigit() and m in counted) or m in MONTHS.values() or (m in WEEKDAYS and other_day)
    )


# "40% of our crane operators", "60 of the 900 drivers": what a share or a part counts.
# "131 of the 140 …": the first figure counts what the second does.
_OF_FIGURE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|our\s+)?(?=\d)")
_PART_OF = re.compile(r"\s*(?:%|percent\b|per cent\b)?\s*of\s+(?:the|our|its|their|his|her|all)\s+", re.I)


_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion", "bn"})  # not "m": metres too


def counted_nouns(
    text: str,
    figures: Sequence[str],
    senses: Mapping[str, frozenset[str]],
    parts: bool = False,
    through: bool = False,
) -> list[str]:
    """For each of ``figures`` in ``text`` that counts something, the noun it counts: the last
    of the nouns that follow it in its clause ("64 food stalls at" -> "stalls"). With
    ``parts``, a share or part counts what it is of ("40% of our crane operators"). With
    ``through``, a figure "of" another counts what that one does ("131 of the 140 postponed
    procedures"), and a participle before the noun is read past ("140 postponed procedures").

    >>> senses = {"crane": frozenset({"1"}), "operators": frozenset({"2"}), "procedures": frozenset({"3"})}
    >>> counted_nouns("About 40% of our crane operators came.", ["40"], senses, parts=True)
    ['operators']
    >>> counted_nouns("About 40% of our crane operators came.", ["40"], senses)
    []
    >>> counted_nouns("So 131 of the 140 postponed procedures were done.", ["131"], senses, through=True)
    ['procedures']
    >>> counted_nouns("It was sold in 2 neighbouring countries.", ["2"], {"countries": frozenset({"4"})})
    ['countries']
    >>> counted_nouns("The charges came to 11 million euros.", ["11"], {"euros": frozenset({"7"})})
    ['euros']
    >>> ill = {"people": frozenset({"5"}), "person": frozenset({"5"}), "ill": frozenset({"6"})}
    >>> counted_nouns("It made 24 people ill.", ["24"], ill)
    ['people']
    >>> counted_nouns("It crested half a metre above the record.", ["half"], {"metre": frozenset({"8"})})
    ['metre']
    >>> counted_nouns("It has recalled three of its products.", ["3"], {"products": frozenset({"9"})})
    ['products']
    """
    wanted = features(" ".join(figures)).numbers
    tokens = list(WORD_TOKEN.finditer(text))
    heads = []
    for i, token in enumerate(tokens):
        if not features(token.group()).numbers & wanted:
            continue
        head = None
        start = i
        if m := (_PART_OF if parts else _SOME_OF).match(text, token.end()):
            # Read on after "of our" (its last word): the noun phrase the part is of, or that
            # "three of its products" counts (a share, "40% of our operators", does not count
            # them: see ``parts``). Neither overlaps the readings below.
            start = max(k for k in range(i, len(tokens)) if tokens[k].end() <= m.end())
        elif through and (m := _OF_FIGURE.match(text, token.end())):
            start = next(k for k in range(i + 1, len(tokens)) if tokens[k].start() >= m.end())
        elif _FRACTION_OF_A.match(text, token.start()) and i + 1 < len(tokens):
            start = i + 1  # "half a metre" counts metres, as "half a million people" counts people
        for k, (before, after) in enumerate(zip(tokens[start:], tokens[start + 1 : start + 4], strict=False)):
            word = features(after.group())
            if (
                k == 0
                and after.group().lower() in _SCALE_WORDS
                and not text[before.end() : after.start()].strip()
            ):
                continue  # "18.4 million euros" counts euros
            if text[before.end() : after.start()].strip() or not word.content or word.numbers or word.months:
                break  # punctuation ends the phrase; a date's month or a stop word is no count
            if noun(after.group(), senses) is None:
                if k == 0 and after.group().lower().endswith(("ed", "ing")):
                    continue  # "140 postponed procedures", "two neighbouring countries"
                break
            if head is not None and _plural(head, senses) and not _plural(after.group(), senses):
                break  # "made 24 people ill": a plural noun ends the phrase ("sales offices" not)
            head = after.group()
        head = head or _number_of(text, token.start(), senses)
        if head:
            heads.append(head)
    return heads


_FRACTION_OF_A = re.compile(r"(?:half|quarter|third)\s+an?\b", re.I)
# A count of some of a group: "three of its products", "two of the victims" (not "14 of the
# 23", which ``through`` reads).
_SOME_OF = re.compile(r"\s+of\s+(?:the|its|their|our|his|her)\s+(?![\d])", re.I)


def _plural(word: str, senses: Mapping[str, frozenset[str]]) -> bool:
    """Whether ``word`` is the plural of a noun WordNet knows ("people", "stalls"; not "ill").

    >>> senses = {"person": frozenset({"1"}), "stall": frozenset({"2"}), "ill": frozenset({"3"})}
    >>> _plural("people", senses), _plural("stalls", senses), _plural("ill", senses)
    (True, True, False)
    """
    low = word.lower()
    return any(s != low and s in senses for s in singulars(low))


_NUMBER_OF = re.compile(r"\b(?:number|total|count|tally)\s+of\s+", re.I)


def _number_of(text: str, at: int, senses: Mapping[str, frozenset[str]]) -> str | None:
    """What a figure at ``at`` counts when its clause says so before it: "the number of
    laboratory-confirmed cases remained at 213" -> "cases". The noun phrase after the
    clause's last "number of" ends at its first word that is neither a noun nor, before the
    noun, a modifier.

    >>> senses = {"cases": frozenset({"1"}), "outbreak": frozenset({"2"})}
    >>> _number_of("The number of lab-confirmed cases in the outbreak was 213.", 54, senses)
    'cases'
    >>> _number_of("No cases, officials said, for 7 days.", 30, senses) is None
    True
    """
    clause = max(text.rfind(p, 0, at) for p in ",;:.") + 1
    found = list(_NUMBER_OF.finditer(text, clause, at))
    if not found:
        return None
    head = None
    for token in WORD_TOKEN.finditer(text, found[-1].end(), at):
        if not features(token.group()).content:
            break  # a stop word ("in", "the") ends the phrase
        if noun(token.group(), senses) is not None:
            head = token.group()
        elif head is not None:
            break
    return head


def _counted(
    text: str, figures: Sequence[str], senses: Mapping[str, frozenset[str]], parts: bool = False
) -> list[frozenset[str]]:
    """The senses of what each of ``figures`` counts (see :func:`counted_nouns`)."""
    return [noun(w, senses) or frozenset() for w in counted_nouns(text, figures, senses, parts=parts)]


# "What is the latest …", "what was the final …": the opening of a question for a figure,
# before the word that names it ("count of", "death toll"); shared with rag.answer.
# Greedy: in "what is the total number of drones", "number", not "total", names the figure.
WHAT_IS_THE = r"what(?:'s|\s+is|\s+was|\s+are|\s+were)\s+the\s+(?:[a-z-]+\s+){0,2}"
# "How many …", "what is the latest count of …": a question that counts something.
_HOW_MANY = re.compile(rf"\bhow many\b|\b{WHAT_IS_THE}(?:number|count|total|tally)\s+of\b", re.I)
_WHEN = re.compile(
    r"^\s*(?:[a-z]+ly,?\s+)?(?:when|on what (?:date|day)|what (?:date|day|time)|by when)\b", re.I
)
_PERSON, _GROUP = 18, 14  # WordNet's lexicographer files noun.person and noun.group
_QUANTITY = 23  # noun.quantity: units of measure and of money ("euro", "hectare")


def asked_count(question: str, senses: Mapping[str, frozenset[str]]) -> str | None:
    """The noun a "how many" question counts ("How many confirmed cases of …" -> "cases").

    >>> senses = {"case": frozenset({"1"}), "food": frozenset({"2"}), "stall": frozenset({"3"})}
    >>> asked_count("How many confirmed cases of salmonella?", senses)
    'cases'
    >>> asked_count("How many food stalls were there?", senses)
    'stalls'
    >>> asked_count("What is the latest count of confirmed cases?", senses)
    'cases'
    >>> more = {"drones": frozenset({"5"}), "russia": frozenset({"6"}), "Russia": frozenset({"6"})}
    >>> asked_count("What is the total number of drones Russia launched?", senses | more)
    'drones'
    >>> asked_count("How many stalls a day is it expected to open?", senses | {"a": frozenset({"4"})})
    'stalls'
    """
    m = _HOW_MANY.search(question)
    if not m:
        return None
    head = None
    for token in WORD_TOKEN.findall(question[m.end() :])[:4]:
        if not features(token).content:  # a stop word ("a", "is") ends the noun phrase
            if head is not None:
                break
            continue
        if head is not None and token[:1].isupper():
            break  # a name after the noun begins a clause: "drones Russia launched"
        if noun(token, senses) is not None and not features(token).numbers:
            head = token
        elif head is not None:
            break
    return head


def _does(text: str, start: int) -> str | None:
    """The stem of the first word after ``start`` that is no auxiliary, or None at a clause's end."""
    for token in WORD_TOKEN.finditer(text, start):
        if text[start : token.start()].strip(" "):
            return None  # punctuation: the phrase ended with no verb
        low = token.group().lower()
        if low not in AUXILIARIES:
            return stem(low)
        start = token.end()
    return None


def does_what_was_asked(question: str, answer: str, asked: str, given: Sequence[str]) -> bool:
    """Whether the answer's counted things do what the question's do: False when the verb
    right after "how many people" ("attended") is in the answer, but another verb follows
    each counted noun there ("768 people have reported symptoms after attending"). A
    verb the answer does not use is left alone ("18,500 visitors came")."""
    # Only a past form right after the noun, or after "were"/"have been": "did Russia mass"
    # puts the subject first, and a verb not in the past is not read.
    m = re.search(
        rf"\b{re.escape(asked)}\s+(?:(?:were|was|have|has|had|been|being)\s+)*([a-z]+ed)\b", question
    )
    verb = stem(m.group(1)) if m else None
    if verb is None or verb not in {stem(w.lower()) for w in WORD_TOKEN.findall(answer)}:
        return True
    # Each counted noun where a figure counts it ("768 people", "18,500 food visitors").
    figure = r"(?:\d[\d,.]*|\b(?:" + "|".join(NUMBER_WORDS) + r"))"
    counted = [rf"(?i:{figure})\s+(?:[^\W\d]+\s+){{0,2}}{re.escape(g)}\b" for g in given]
    # "300 damaged homes": the participle before the noun says what they did; and so does a
    # relative clause of its own ("1,150 homes across the region that have now been declared
    # uninhabitable"), not a verb after another ("768 people have reported … after attending").
    done = [
        verb
        if verb in {stem(w.lower()) for w in WORD_TOKEN.findall(hit.group())}
        or _relative_does(answer, hit.end(), verb)
        else _does(answer, hit.end())
        for c in counted
        for hit in re.finditer(c, answer)
    ]
    return not done or verb in done or None in done


# A relative clause after a counted noun: "that have now been declared".
_RELATIVE_PRONOUN = re.compile(r"\b(?:that|which|who)\b", re.I)


def _relative_does(text: str, start: int, verb: str) -> bool:
    """Whether a relative clause in the phrase after ``start`` (up to its clause's end) has
    ``verb`` (a stem) within its first five words.

    >>> _relative_does("1,150 homes across the region that have now been declared unfit", 11, "declar")
    True
    >>> _relative_does("768 people have reported symptoms after attending", 10, "attend")
    False
    """
    phrase = re.split(r"[,;:.]", text[start:], maxsplit=1)[0]
    m = _RELATIVE_PRONOUN.search(phrase)
    return m is not None and verb in {stem(w.lower()) for w in WORD_TOKEN.findall(phrase[m.end() :])[:5]}


def counts_what_was_asked(question: str, answer: str, figures: Sequence[str], wordnet_dir: Path) -> bool:
    """Whether ``figures`` in ``answer`` can count what a "how many" question asks about:
    False only when the question's noun and the noun of every figure are known, and none is
    a kind of the other (WordNet's hypernyms) nor of a like class (their most frequent
    senses' lexicographer files, people and groups of them alike). "18,500 visitors" does
    not say how many food stalls there were, nor "300 homes" how many people died; "14
    victims" does, and so do "5,000 soldiers" for "troops"."""
    senses = noun_senses(wordnet_dir)
    asked = asked_count(question, senses)
    # A date's day and year count nothing ("on 24 June 2026, 768 people ..."): not figures here;
    # nor a change's first figure, which counts what its last one does ("to 13,100, up from
    # 12,700, after counting residents": the 12,700 people).
    moved_from = {a for a, b in features(answer).transitions if b in figures}
    figures = [f for f in undated(figures, answer) if f not in moved_from]
    given = counted_nouns(answer, figures, senses, through=True)
    if asked is None or not given or len(given) < len(features(" ".join(figures)).numbers):
        return True  # a figure that counts no noun ("the toll rose to 21") may be the answer
    graph, first = noun_graph(wordnet_dir), first_senses(wordnet_dir)

    def kind(word: str) -> int | None:
        for candidate in singulars(word.lower()):
            if candidate in first:
                return graph.lexfile.get(first[candidate])
        return None

    def alike(a: str, b: str) -> bool:
        if graph.same_kind(noun(a, senses) or frozenset(), noun(b, senses) or frozenset(), common=True):
            return True
        ka, kb = kind(a), kind(b)
        return ka is None or kb is None or ka == kb or {ka, kb} <= {_PERSON, _GROUP}

    return any(alike(asked, g) for g in given) and does_what_was_asked(question, answer, asked, given)


def concerns_the_answer(question: str, claim: str, replaced: Sequence[str]) -> bool:
    """Whether a revision of ``replaced`` in ``claim`` revises what a "how many" question asks:
    False when another figure of the claim is told in more of the question's words ("23
    vessels were diverted to Aldhaven" for "how many ships were diverted to Aldhaven?") than
    any revised one ("and 41 were still waiting at anchor": later 17). Each figure is read
    with the words that follow it, up to the next figure.

    >>> c = "23 vessels were diverted to Aldhaven and 41 were still waiting at anchor on Tuesday."
    >>> concerns_the_answer("How many ships were diverted to Aldhaven?", c, ["41"])
    False
    >>> concerns_the_answer("How many ships were waiting at anchor?", c, ["41"])
    True
    >>> concerns_the_answer("What happened on Tuesday?", c, ["41"])
    True

    An ordinal is no figure of its own ("a second shelter" counts no shelters):

    >>> e = "The number in shelters rose to 1,240 from 860, and a second shelter has opened."
    >>> concerns_the_answer("How many evacuees are staying in shelters?", e, ["1240"])
    True

    A "when" question asks for a date: a revision of the claim's percentage or count is not one.

    >>> d = "It was agreed on Wednesday 13 May and raises wages by 6.8%."
    >>> concerns_the_answer("On what date was it agreed?", d, ["6.8"])
    False
    >>> concerns_the_answer("On what date was it agreed?", d, ["13"])
    True
    >>> concerns_the_answer("When was it agreed?", d, ["may"])
    True
    """
    if not replaced:
        return True
    if _WHEN.search(question):
        return bool(_kinds(claim, tuple(replaced)) & {"time", "date", "year"})
    if not _HOW_MANY.search(question):
        return True
    asked = features(question).content
    told: dict[str, int] = {}
    tokens = WORD_TOKEN.findall(claim)
    numbers = [features(t).numbers for t in tokens]  # each token read once
    for i, figure in enumerate(numbers):
        if not figure:
            continue
        words = []
        for after, its in zip(tokens[i + 1 : i + 12], numbers[i + 1 : i + 12], strict=False):
            if its:
                break
            words.append(after)
        n = next(iter(figure))
        told[n] = max(told.get(n, 0), len(features(" ".join(words)).content & asked))
    # Not a day, a year or a rank: "a second shelter has opened" counts no shelters.
    ranked = features(claim).ranked
    figures = [n for n in undated(sorted(told), claim) if n not in ranked]
    revised = max((told[r] for r in replaced if r in told), default=0)
    return not any(told[n] > revised for n in figures if n not in replaced)


def for_the_question(question: str, claim: str, found: Revision | None) -> Revision | None:
    """``found`` as an answer to ``question`` shows it: a revision, or an update, of another
    figure of ``claim`` than the one asked is not the answer's, and is left out.

    >>> def v(states, figures, replaces):
    ...     return Version(Span("a", "", 0, 1, "x"), "2026-05-01", states, figures, 1.0, replaces)
    >>> claim = "It was agreed on Wednesday 13 May and raises wages by 6.8%."
    >>> earlier, stated = v(False, ("6",), ("6.8",)), v(True, (), ())
    >>> latest = Revision(stated, [stated], [earlier, stated], "latest")
    >>> for_the_question("On what date was it agreed?", claim, latest) is None
    True
    >>> for_the_question("How much will wages rise?", claim, latest) is latest
    True
    """
    if found is None or found.kind not in ("superseded", "latest") or not question:
        return found
    # What the other versions give instead of the claim's figures: for the latest figure,
    # what the earlier ones replaced.
    changed = found.others if found.superseded else [v for v in found.versions if not v.states]
    replaced = sorted({r for v in changed for r in v.replaces})
    return found if concerns_the_answer(question, claim, replaced) else None


_PERCENT_OF = re.compile(r"(\d[\d.,]*)\s*(?:%|percent\b|per cent\b)", re.I)


@lru_cache(maxsize=1024)
def _kinds(text: str, figures: tuple[str, ...]) -> frozenset[str]:
    """The kinds of ``figures`` in ``text``: a time of day, a date (weekday, month, day of a
    month), a year, a percentage, or a count.

    >>> text = "From 06:00 on Friday, 1 May, up 6.8% in 2026 with 18 ships."
    >>> sorted(_kinds(text, ("6:00", "friday", "1", "6.8", "2026", "18")))
    ['count', 'date', 'percent', 'time', 'year']
    """
    f = features(text)
    percents = {n for m in _PERCENT_OF.finditer(text) for n in features(m.group(1)).numbers}
    kinds = set()
    for x in figures:
        if ":" in x:
            kinds.add("time")
        elif x in MONTHS.values() or x in WEEKDAYS or x in f.dated:
            kinds.add("date")
        elif _YEAR.match(x):
            kinds.add("year")
        elif x in percents:
            kinds.add("percent")
        else:
            kinds.add("count")
    return frozenset(kinds)


# A figure given for each span of time: "each day", "per week", "a year", "daily"; not "a day
# after" or "a year ago", which place an event in time.
_RATE = re.compile(
    r"\b(?:each|every|per)\s+(?:day|week|month|year|hour)\b"
    r"|\ban?\s+(?:day|week|month|year|hour)\b(?!\s+(?:after|later|before|earlier|ago|on|in)\b)"
    r"|\b(?:daily|weekly|monthly|yearly|annual|annually|hourly)\b",
    re.I,
)


def _is_rate(text: str) -> bool:
    """Whether ``text`` gives a figure for each day, week, month, year or hour.

    >>> _is_rate("Each day of the strike would cost about 9 million euros."), _is_rate("It cost 9 million.")
    (True, False)
    >>> _is_rate("It raised its estimate of the daily cost to 11 million"), _is_rate("A day after, 14 died.")
    (True, False)
    """
    return _RATE.search(text) is not None


def same_quantity(
    claim: str,
    ours: Sequence[str],
    text: str,
    theirs: Sequence[str],
    senses: Mapping[str, frozenset[str]],
    graph: NounGraph | None = None,
) -> bool:
    """Whether ``theirs`` in ``text`` can be a revision of ``ours`` in ``claim``: False when both
    count something, and no two of what they count are the same noun or synonyms ("64 food
    stalls" is not revised by "58 food businesses", nor "18,500 visitors" by "768 people").

    >>> senses = {"stall": frozenset({"1"}), "business": frozenset({"2"}), "food": frozenset({"4"})}
    >>> same_quantity("There were 64 food stalls.", ["64"], "It saw 58 food businesses.", ["58"], senses)
    False
    >>> same_quantity("64 stalls.", ["64"], "It had 70 stalls, up from 64.", ["70"], senses)
    True
    >>> same_quantity("The toll was 14.", ["14"], "The toll rose to 21 on Monday.", ["21"], senses)
    True
    >>> same_quantity("64 food stalls.", ["64"], "It has 70 businesses, not the 64 it gave.", ["70"], senses)
    True
    >>> same_quantity("They strike from 06:00 on Friday, 1 May.", ["1", "6:00"],
    ...               "Wages rise 6.8% after 18 days.", ["18", "6.8"], senses)
    False
    >>> same_quantity("The strike cost about 190 million euros in total.", ["190"],
    ...               "Each day of the strike would cost about 9 million euros.", ["9"], senses)
    False
    >>> same_quantity("It recalled 40 stalls.", ["40"], "It was sold in 2 neighbouring towns.",
    ...               ["2"], {"stall": frozenset({"1"}), "towns": frozenset({"5"})})
    False
    """
    # A change the text itself tells from the claim's figure ("3,400 employees, not the 3,100
    # it gave last week") is of the same quantity, whatever each counts it as.
    moved = features(" ".join(ours)).numbers
    if any(a in moved for a, _b in features(text).transitions):
        return True
    if _far_apart(_scaled(claim, ours), _scaled(text, theirs)):
        return False  # a vote total is not a revised margin, nor one ballot a revised 6,210 votes
    if _is_rate(claim) != _is_rate(text):
        return False  # a cost "each day" is not revised by the strike's total cost
    # "18.4 million in airport charges" is part of "310 million, including airport charges";
    # "1,180 firefighters, with crews from Ardmoor" is a later count of "615 firefighters,
    # including crews from Ardmoor", which counts the same people.
    part = _a_part_of(claim, ours, text, theirs) or _a_part_of(text, theirs, claim, ours)
    if part and (graph is None or not _count_the_same(claim, ours, text, theirs, senses, graph)):
        return False
    # Cached: versions() asks this of the same claim for every unit it reads.
    if not _kinds(claim, tuple(ours)) & _kinds(text, tuple(theirs)):
        return False  # a time is not revised by a percentage, nor a date by a count
    return _counts_alike(claim, ours, text, theirs, senses)


_SCALE_VALUES = frozenset({"1000", "1000000", "1000000000"})  # "thousand", "million", "billion" as digits
_SCALE_AFTER = "|".join(sorted(_SCALE_VALUES, key=len, reverse=True))


def _scaled(text: str, figures: Sequence[str]) -> list[str]:
    """``figures`` at their scale in ``text``: "11.6 million" is one figure, 11600000, not the
    pair (11.6, 1000000) the features read it as, so a count of 8 works is a millionfold from
    it, not near its 11.6. A figure ``text`` does not scale stays as it is.

    >>> _scaled("valued at 11.6 million krovals", ["1000000", "11.6"])
    ['11600000']
    >>> _scaled("It covers all eight works taken on May 6-7.", ["6", "7", "8"])
    ['6', '7', '8']
    >>> _scaled("12.4 million krovals for 8 works", ["12.4", "8"])
    ['12400000', '8']
    >>> _scaled("a fee of €40k and a billion viewers", ["40", "1000000000"])
    ['40000', '1000000000']
    """
    written = normalize_numbers(in_digits(text))
    out: list[str] = []
    for figure in figures:
        scale = re.search(rf"(?<![\d.,]){re.escape(figure)}\s+({_SCALE_AFTER})\b", written)
        if scale:
            out.append(f"{round(float(figure.replace(',', '')) * int(scale.group(1))):d}")
        elif figure in _SCALE_VALUES and re.search(rf"\d\s+{figure}\b", written):
            continue  # the scale word of another figure here, read with it above
        else:
            out.append(figure)
    return out or list(figures)


def _far_apart(ours: Sequence[str], theirs: Sequence[str], factor: float = 100.0) -> bool:
    """Every figure of ``theirs`` a hundredfold or more from every one of ``ours``: news revises
    a count by less ("9 -> 14 -> 21", "412 -> 187"), so it is another quantity.

    >>> _far_apart(["6210"], ["1"]), _far_apart(["203"], ["49012"]), _far_apart(["5"], ["11"])
    (True, True, False)
    >>> _far_apart(["12"], ["June"]), _far_apart(["3.5"], ["0.01", "12000"])
    (False, True)
    """

    def value(figure: str) -> float | None:
        try:
            number = float(figure.replace(",", ""))
        except ValueError:
            return None
        return number if number > 0 else None

    mine = [v for v in map(value, ours) if v is not None]
    other = [v for v in map(value, theirs) if v is not None]
    return (
        bool(mine)
        and bool(other)
        and len(other) == len(theirs)
        and all(max(a, b) / min(a, b) >= factor for a in mine for b in other)
    )


def _count_the_same(
    claim: str,
    ours: Sequence[str],
    text: str,
    theirs: Sequence[str],
    senses: Mapping[str, frozenset[str]],
    graph: NounGraph,
) -> bool:
    """Whether both figures count the same people or things, not only the same unit of
    measure (WordNet's noun.quantity: "euros" counts no thing of its own)."""
    mine = {s for found in _counted(claim, ours, senses) for s in found}
    other = {s for found in _counted(text, theirs, senses) for s in found}
    return any(graph.lexfile.get(s) != _QUANTITY for s in mine & other)


def _a_part_of(part: str, figures: Sequence[str], whole: str, totals: Sequence[str]) -> bool:
    """Whether ``whole`` gives one of ``totals`` as a sum "including" what ``part``'s figure is
    of: the words just after the part's figure ("18.4 million euros in airport charges") and
    those after the total's "including" ("310 million euros, including fuel bills and charges
    due to airports") share a content word.

    >>> _a_part_of("It owed 18.4 million euros in airport charges.", ["18.4"],
    ...            "It owed 310 million euros, including fuel bills and airport charges.", ["310"])
    True
    >>> _a_part_of("It owed 330 million euros to its lenders.", ["330"],
    ...            "It owed 310 million euros, including fuel bills and airport charges.", ["310"])
    False
    """
    found = [
        m
        for t in totals
        if (m := re.search(rf"{_whole(t)}([^.;]*?)\bincluding\b([^.;]*)", whole, re.IGNORECASE))
    ]
    if not found:
        return False
    # Not the total's own unit ("310 million euros, including 20 million euros in fees").
    unit = features(" ".join(m.group(1) for m in found))
    included = features(" ".join(m.group(2) for m in found))
    included_words = included.content - included.numbers - unit.content
    for f in figures:
        m = re.search(rf"{_whole(f)}((?:\W+\w+){{1,8}})", part, re.IGNORECASE)
        if m and (features(m.group(1)).content & included_words):
            return True
    return False


def same_period(claim: str, text: str, published: str | None) -> bool:
    """Whether ``text`` can speak of the period of ``claim``: not when the claim's clause
    with its figure names a year ("five people who fell ill in 2023") that neither the text
    nor the year it was published in is. An earlier year's count is another quantity.

    >>> same_period("Five people fell ill in 2023.", "The toll has risen to 23.", "2026-06-11")
    False
    >>> same_period("Five people fell ill in 2026.", "The toll has risen to 23.", "2026-06-11")
    True
    >>> same_period("Five people fell ill in 2023.", "It was eight in 2023, not five.", None)
    True
    """
    years = {n for n in features(clause(claim)).numbers if _YEAR.match(n)}
    if not years:
        return True
    theirs = {n for n in features(without_dateline(text)).numbers if _YEAR.match(n)}
    if published:
        theirs.add(published[:4])
    return bool(years & theirs)


def _differs(support: Support, claim: str) -> tuple[str, ...] | None:
    """The figures a contradicting unit gives in place of the claim's, if that is what it does."""
    j = support.judgement
    if j.verdict != "contradicted" or not _revisable(claim, j.missing, j.differing):
        return None
    # A dateline's date is when a later article was filed, not another date of the event.
    body = features(without_dateline(support.span.text)) if support.span is not None else None
    given = body.numbers | body.months | body.days if body is not None else frozenset()
    figures = tuple(d for d in j.differing if _figure(d) and (body is None or d in given))
    return figures or None


def versions(
    evidence: Evidence,
    claim: str,
    passages: Sequence[Span],
    published: Callable[[str], str | None],
    judge_calls: list[int] | None = None,
    stated: str = "",
) -> list[Version]:
    """Each document's version of ``claim`` among ``passages``, in publication order.
    ``stated``: the article's sentence that states it, whose words say what its figure counts
    (a draft may say "people" where the article says "visitors")."""
    same = _same_check(evidence, claim, published, stated)
    best: dict[str, Version] = {}
    said_words = _words(claim)  # read once, not for each unit
    for support in evidence.rank(claim, passages):
        span = support.span
        if span is None or span.source in best:
            continue
        figures = _differs(support, claim)
        if figures:
            figures = _of_the_claims_party(claim, stated, span.text, figures)
            if not figures:
                continue  # every figure it gives is another party's
        j = support.judgement
        # Also where the unit contradicts the claim otherwise: "revised the toll to 23 from 21
        # after bodies were found on Monday" revises "21 on Tuesday"'s count, not its day.
        # Or where it tells the claim's own figure changing, in two more of the claim's words
        # ("it now represents 3,400 SCT employees, not the 3,100 it gave last week").
        told = j.supported or figures is not None or _shared_words(said_words, span.text) >= 2
        moved = _moved_on(claim, span.text) if told else None
        if moved is not None:
            # "27 have been treated, up from the 12 reported earlier" names the claim's 12 only
            # as the figure before: it gives 27 in its place.
            best[span.source] = Version(span, published(span.source), False, moved[1], j.score, moved[0])
            continue
        before = _gave_before(claim, span.text) if told else None
        if before is not None and same(before[0], span.text, before[1], span.source):
            # "revised the toll to 23 from 21" and "the toll rose to 21": its figure is the 21.
            best[span.source] = Version(span, published(span.source), False, before[1], j.score, before[0])
            continue
        if not j.supported and figures is None:
            continue  # about something else, or said otherwise: see the masked reading below
        if figures and not same(_revisable(claim, j.missing, j.differing), span.text, figures, span.source):
            continue  # another figure of another thing
        best[span.source] = Version(
            span,
            published(span.source),
            j.supported,
            figures or (),
            j.score,
            _revisable(claim, j.missing, j.differing) if figures else (),
        )
    best.update(_changed_from_a_version(claim, passages, published, best, same))
    budget = judge_calls if judge_calls is not None else [evidence.judge.max_calls if evidence.judge else 0]
    best.update(_restated_with_other_figures(evidence, claim, passages, published, set(best), budget, same))
    return _ordered(list(best.values()))


_NAME_WORD = re.compile(r"\b[A-Z][a-z]+(?:['’]s)?\b")


def owners(text: str) -> dict[str, str]:
    """Each figure of ``text`` with the name it is given to, where a sentence gives figures to
    two or more names ("Kessler finished with 1,312 points and Marin with 1,298"; "28 were for
    Kessler, 12 for Marin"): the name after "for", else the nearest name before it in its
    sentence. Figures of a sentence that names one party or none are left out: who holds them
    is not read ("her lead over the champion, Ana Marin, shrank to 14 points").

    >>> owners("Kessler finished with 1,312 points and Marin with 1,298. It rained.")
    {'1312': 'kessler', '1298': 'marin'}
    >>> owners("Of those, 28 were for Kessler, 12 for Marin, lifting Kessler's lead to 203.")
    {'28': 'kessler', '12': 'marin', '203': 'kessler'}
    >>> owners("Her lead over the champion, Ana Marin, shrank from 41 points to 14.")
    {}
    >>> owners("TARNHAVN, Vastrenia, May 23, 2029 (Wire) — A Vastrenian firm valued it at 12.4 million.")
    {}
    """
    found: dict[str, str] = {}
    # A dateline's place is where the story was filed, not a party its figures are given to.
    text = in_digits(without_dateline(text))
    for start, end in sentence_spans(text):
        body = text[start:end]
        names = [
            (m.start(), low.removesuffix("'s").removesuffix("’s"))
            for m in _NAME_WORD.finditer(body)
            # Not "Of" ("Of those, 28 were for Verrick"), a month or a weekday.
            if (low := m.group().lower()) not in STOPWORDS and not is_month(low) and low not in WEEKDAYS
        ]
        given: dict[str, str] = {}
        for m in _NUMBER.finditer(body):
            after = re.match(r"\s+(?:\w+\s+){0,1}for\s+(?:the\s+)?([A-Z][a-z]+)", body[m.end() :])
            before = [n for at, n in names if at < m.start()]
            owner = after.group(1).lower() if after else (before[-1] if before else None)
            if owner is not None:
                given[m.group().replace(",", "")] = owner
        if len(set(given.values())) >= 2:
            found.update(given)
    return found


def _of_the_claims_party(claim: str, stated: str, text: str, figures: Sequence[str]) -> tuple[str, ...]:
    """``figures`` of ``text`` less those it gives to a party that neither the claim nor its
    stating sentence names, where it gives figures to several: "Kessler finished with 1,312
    points and Marin with 1,298" holds no version of the third rider's 1,120 points.

    >>> text = "Kessler had 1,312 and Marin 1,298. Okafor, third, has 1,134."
    >>> _of_the_claims_party("Okafor scored 1,120 points.", "", text, ["1312", "1298", "1134"])
    ('1134',)
    """
    given = owners(text)
    ours = features(f"{claim} {stated}").names
    if not given or not ours:
        return tuple(figures)
    return tuple(f for f in figures if stem(given.get(f.replace(",", ""), "")) in ours | {""})


SameCheck = Callable[[Sequence[str], str, Sequence[str], str], bool]  # (ours, text, theirs, source)


def _same_check(
    evidence: Evidence, claim: str, published: Callable[[str], str | None], stated: str = ""
) -> SameCheck:
    """Whether a text's figures count what the claim's count, in the same period (the stating
    article's sentence, ``stated``, says what the claim's figure counts when the draft does not)."""
    senses = noun_senses(evidence.checker.wordnet_dir)
    graph = noun_graph(evidence.checker.wordnet_dir)

    def same(ours: Sequence[str], text: str, theirs: Sequence[str], source: str) -> bool:
        said = stated if _counted(stated, ours, senses) else claim
        return same_quantity(said, ours, text, theirs, senses, graph) and same_period(
            said, text, published(source)
        )

    return same


def _changed_from_a_version(
    claim: str,
    passages: Sequence[Span],
    published: Callable[[str], str | None],
    found: Mapping[str, Version],
    same: SameCheck,
) -> dict[str, Version]:
    """Units of other articles that tell a figure another article gave changing to a new one
    ("his lead has shrunk from 412 votes to 187", where an earlier article gave the lead as
    412): the same quantity as it stood then, whatever words it is told in. Read before the
    judge's masked reading, which takes "finished with 49,012 votes" for a margin of votes.

    >>> peak = Version(Span("a", "", 0, 9, "It peaked at 412 cm and 2 m."), None, False, ("412", "2"), 1.0)
    >>> later = Span("b", "", 0, 9, "It has since fallen from 412 cm to 187, the agency said.")
    >>> other = Span("c", "", 0, 9, "Fares rose from 2 to 3 euros.")
    >>> never = lambda *args: False  # counts nothing alike: only a change from 412 is told
    >>> undated = lambda source: None
    >>> found = _changed_from_a_version("It stood at 203 cm.", [later, other], undated, {"a": peak}, never)
    >>> {source: v.figures for source, v in found.items()}
    {'b': ('187',)}
    """
    given = {f for v in found.values() if not v.states and not v.masked for f in v.figures}
    ours = tuple(sorted(set(_NUMBER.findall(in_digits(claim)))))
    if not given or not ours:
        return {}
    chained: dict[str, Version] = {}
    for passage in passages:
        known = found.get(passage.source)
        if (known is not None and not known.masked) or passage.source in chained:
            continue
        for unit in units(passage):
            text = in_digits(unit.text)
            moves = [(a, b) for a, b in features(text).transitions if a in given and b not in ours]
            # A change from a figure of three digits or more names that version by itself
            # ("shrunk from 412 votes to 187", whose 187 counts no noun); a smaller one may be
            # another thing's ("from 2 to 3 euros"), and must count what the claim's counts.
            if moves and (
                all(len(a.replace(",", "").replace(".", "")) >= 3 for a, _b in moves)
                or same(ours, text, [b for _a, b in moves], unit.source)
            ):
                new = tuple(dict.fromkeys(b for _a, b in moves))
                chained[unit.source] = Version(unit, published(unit.source), False, new, 0.0, ours)
                break
    return chained


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _words(text: str) -> frozenset[str]:
    """A text's content words other than its numbers."""
    f = features(text)
    return f.content - f.numbers


def _shared_words(words: frozenset[str], text: str) -> int:
    """How many of ``words`` (a claim's :func:`_words`) ``text`` has too.

    >>> _shared_words(_words("The union represents 3,100 SCT staff."), "It represents 3,400 SCT employees.")
    2
    """
    return len(words & _words(text))


def _moved_on(claim: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(the claim's figures, the new ones) when ``text`` reports the claim's figure changing
    to another ("rose to 27, up from 12"; "from 12 to 27") that the claim does not give.

    >>> later = "A total of 27 have been treated, up from the 12 reported."
    >>> _moved_on("12 people were treated.", later), _moved_on("27 people were treated.", later)
    ((('12',), ('27',)), None)
    """
    said = features(claim).numbers
    moves = [(a, b) for a, b in features(text).transitions if a in said and b not in said]
    if not moves:
        return None
    return tuple(dict.fromkeys(a for a, _ in moves)), tuple(dict.fromkeys(b for _, b in moves))


def _gave_before(claim: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(the claim's figures, those ``text`` gives) when the claim tells its figure changing
    from one that ``text`` gives without the new one ("revised the toll to 23 from 21"; "the
    toll rose to 21"): the text tells the figure as it stood before.

    >>> _gave_before("The toll was revised to 23 from 21.", "The toll rose to 21 on Tuesday.")
    (('23',), ('21',))
    >>> _gave_before("It went to 23 from 21.", "It rose from 21 to 23."), _gave_before("It was 23.", "21.")
    (None, None)
    """
    # _moved_on with the roles swapped: the change is the claim's, the figure the text's.
    moved = _moved_on(text, claim)
    return (moved[1], moved[0]) if moved is not None else None


def _masked(text: str, by: str = "") -> str:
    """The sentence with its numbers taken out (or replaced by ``by``): what it says, not how many.

    >>> _masked("The toll rose to 1,204 on Monday."), _masked("A 12 b", "N")
    ('The toll rose to on Monday.', 'A N b')
    """
    return re.sub(r" {2,}", " ", _NUMBER.sub(by, text))


# Where a told change started: "from 2,300 earlier in the week", ", up from the 12 reported".
_STARTED_FROM = re.compile(r",?\s*(?:(?:up|down)\s+)?from\s+(?:the\s+)?\d[\d,.]*(?:\s+(?!to\b)[a-z]+){0,4}")


def _where_it_stands(claim: str) -> str:
    """The claim without where its figure's change started: what a later article restates
    when it gives the figure again ("7,380 people have now been evacuated" restates "rose to
    5,640", not "from 2,300 earlier in the week").

    >>> _where_it_stands("Evacuations rose to 5,640 from 2,300 earlier in the week, after rain.")
    'Evacuations rose to 5,640, after rain.'
    >>> _where_it_stands("The toll rose from 9 to 14 on Sunday.")
    'The toll rose to 14 on Sunday.'
    >>> _where_it_stands("Officials came from 3 towns.")
    'Officials came from 3 towns.'
    """
    if not features(claim).transitions:
        return claim
    return _STARTED_FROM.sub("", claim)


def _aligned(text: str, claim: str, opposites: Mapping[str, frozenset[str]]) -> str:
    """``text`` with each word that is the opposite (WordNet's) of a word of ``claim`` put as
    the claim has it: with the numbers taken out, "fell to" a new figure restates the same
    quantity as "rose to" an earlier one. Which way a figure moved is no part of what it is.

    >>> _aligned("Shelters fell to 315.", "Shelters rose to 1,240.", {"rose": frozenset({"fell"})})
    'Shelters rose to 315.'
    """
    mine = {stem(w.lower()): w for w in WORD_TOKEN.findall(claim)}
    flips = {o: w for k, w in mine.items() for o in opposites.get(k, ())}
    return WORD_TOKEN.sub(lambda m: flips.get(stem(m.group().lower()), m.group()), text)


# Words between an act and the figure it counts: "arrested about 40", "killed at least 14".
_HEDGES = frozenset(
    "about around some nearly almost roughly approximately at least more than over another".split()
)


def _acts(
    text: str, figures: Sequence[str], senses: Mapping[str, frozenset[str]], wordnet_dir: Path
) -> set[str]:
    """What is done to what ``figures`` count, or what it does, as the stems of the
    participles that follow that noun, past auxiliaries and adverbs: "the number of people
    evacuated rose" and "7,380 people have now been evacuated" both count people evacuated;
    "people staying in emergency shelters" count others.

    >>> from rag.settings import Settings
    >>> senses, where = {"people": frozenset({"1"}), "homes": frozenset({"2"})}, Settings().wordnet_dir
    >>> _acts("The number of people evacuated rose to 5,640.", ["5640"], senses, where)
    {'evacu'}
    >>> _acts("It said 7,380 people have now been evacuated and 96 homes destroyed.", ["7380"], senses, where)
    {'evacu'}
    >>> _acts("The outbreak has now made 24 people ill.", ["24"], senses, where)
    set()
    >>> _acts("The number of people staying in shelters fell to 315.", ["315"], senses, where)
    {'stay'}
    >>> _acts("It has 615 people on the ground, including crews.", ["615"], senses, where)
    set()
    >>> _acts("It said 400 people had not been evacuated.", ["400"], senses, where)
    set()

    Or the act done to them right before the figure: "police arrested 5 people" count people
    arrested, as "the number of people arrested rose to 11" does.

    >>> _acts("Police arrested 5 people.", ["5"], senses, where)
    {'arrest'}
    >>> _acts("It rose to 9 people.", ["9"], senses, where)
    set()
    """
    irregular = irregular_verbs(wordnet_dir)
    found: set[str] = set()
    for figure in figures:
        for at in re.finditer(rf"(?<![\d.,]){re.escape(figure)}(?![\d,]|\.\d)", text):
            before = [t.group() for t in WORD_TOKEN.finditer(text[max(0, at.start() - 60) : at.start()])]
            while before and before[-1].lower() in _HEDGES:
                before.pop()  # "arrested about 40", "detained at least 8"
            low = before[-1].lower() if before else ""
            # A regular past only: "made 24 people ill" or "had 615 people" does nothing to them.
            if low.endswith("ed") and len(low) > 4 and not low.endswith("eed"):
                found.add(stem(low))
    for counted in set(counted_nouns(text, figures, senses, parts=True)):
        for at in re.finditer(rf"\b{re.escape(counted)}\b", text):
            for token in WORD_TOKEN.finditer(text, at.end()):
                if text[at.end() : token.start()].strip(" "):
                    break  # punctuation ends the phrase
                low = token.group().lower()
                if low in AUXILIARIES or low.endswith("ly") or low in ("now", "already", "still"):
                    at = token  # "have now been", "were officially": read on ("not" ends it)
                    continue
                participle = low.endswith(("ed", "ing")) and len(low) > 4 and not low.endswith("eed")
                if participle or low in irregular:
                    found.add(stem(irregular.get(low, low)))
                break
    return found


def _restated_with_other_figures(
    evidence: Evidence,
    claim: str,
    passages: Sequence[Span],
    published: Callable[[str], str | None],
    known: set[str],
    judge_calls: list[int],
    same: Callable[[Sequence[str], str, Sequence[str], str], bool],  # (ours, text, theirs, source)
) -> dict[str, Version]:
    """Units of the other articles that say what the claim says once the numbers are taken out
    of both, and give other numbers: "480 people say they fell ill" against "705 people have
    reported symptoms", which the rules do not call a contradiction (the words differ)."""
    ours = set(_NUMBER.findall(claim))
    if not ours:
        return {}
    candidates = [
        (u, p)
        for p in passages
        if p.source not in known
        for u in units(p)
        if _NUMBER.search(in_digits(u.text))
    ]
    candidates = [(u, p) for u, p in candidates if not ours <= set(_NUMBER.findall(in_digits(u.text)))]
    if not candidates:
        return {}
    # The judge reads where the figure stands, without where its change started; the rules
    # the whole claim (without its "from 2,300", "people staying in shelters rose to" read as
    # "people evacuated rose to").
    standing = _where_it_stands(claim)
    opposites = evidence.checker.opposites
    where = evidence.checker.wordnet_dir
    senses = noun_senses(where)
    # What is done to what the claim counts is read only where each of its figures counts the
    # same noun: not "the toll rose to 14, as 9,500 people were evacuated", whose 9,500 people
    # evacuated would make any later count of evacuees a version of the toll.
    counts = [counted_nouns(standing, [f], senses, parts=True) for f in ours if f in standing]
    one_count = bool(counts) and all(counts) and len({c[0].lower() for c in counts}) == 1
    # Read once: the claim's side is the same for every unit compared below.
    mine = _acts(standing, sorted(ours), senses, where) if one_count else set()
    ranked = evidence.checker.rank(
        _masked(claim),
        [_masked(_aligned(u.text, claim, opposites)) for u, _ in candidates],
        [evidence.context(u, p) for u, p in candidates],
    )
    found: dict[str, Version] = {}
    judge = evidence.judge
    for i, j in ranked:
        unit = candidates[i][0]
        if unit.source in found:
            continue
        text = in_digits(unit.text)  # "bringing the number detained to eight"
        theirs = tuple(n for n in _NUMBER.findall(without_dateline(text)) if n not in ours)
        theirs = _of_the_claims_party(claim, "", text, theirs)
        if not theirs:
            continue  # its other numbers were its dateline's, or another party's
        # Before the judge is asked: its few calls are not spent on a lead that gives the
        # hectares burned when the claim counts homes.
        if not same(sorted(ours), text, theirs, unit.source):
            # The same words about another count: "visitors attended", "people fell ill after attending".
            continue
        # The same noun counted, with the same thing done to it ("people evacuated", "7,380
        # people have now been evacuated"): the same quantity however the rest is worded.
        done = _acts(text, theirs, senses, where)
        if mine and done and not mine & done and not j.supported:
            continue  # the same noun, another thing done: "people staying in shelters", not evacuated
        if not j.supported and not mine & done:
            # Said in other words: the judge reads the two with their numbers as "N", for the
            # best few units of other articles.
            if judge is None or judge_calls[0] <= 0 or j.overlap < judge.min_overlap:
                continue
            judge_calls[0] -= 1  # one budget for a whole revision check, its phrasings and hops
            reading = _aligned(evidence.reading(unit), claim, opposites)
            p = judge.p_yes(_masked(standing, "N"), _masked(reading, "N"))
            if p is None or p < judge.threshold:
                continue
        found[unit.source] = Version(
            unit, published(unit.source), False, theirs, j.score, tuple(sorted(ours)), masked=True
        )
    return found


def revision(stated_in: Span, found: list[Version]) -> Revision | None:
    """How ``found`` bears on the claim as ``stated_in`` states it; None when every dated
    document agrees with it (or there is none)."""
    stated = next((v for v in found if v.source == stated_in.source), None)
    if stated is None or stated.published is None:
        return None
    found = this_occasion(stated, found)
    later = [v for v in found if v.published is not None and v.published > stated.published]
    earlier = [v for v in found if v.published and v.published < stated.published and not v.states]
    if later:
        day = max(v.published or "" for v in later)
        latest = [v for v in later if v.published == day]
        if any(v.states for v in latest):
            # The latest word confirms it ("remained at 213" on 24 June, "was 213" on 1 July):
            # still the figure that revised the earlier ones, which the reader is told.
            return Revision(stated, [stated], found, "latest") if earlier else None
        # Two latest sources giving different figures conflict: both shown, neither picked.
        kind = "superseded" if len({v.figures for v in latest}) == 1 else "conflict"
        return Revision(stated, latest, found, kind)
    same_day = [v for v in found if v.published == stated.published and not v.states]
    if same_day:
        return Revision(stated, same_day, found, "conflict")
    # The latest figure, which revised earlier ones: the reader is told it was revised.
    return Revision(stated, [stated], found, "latest") if earlier else None


def _day_set(v: Version, figures: Sequence[str]) -> str | None:
    """The latest day among ``figures`` that ``v`` names and that lay ahead when its article
    was written: a day set for an event ("will walk out on Thursday"), not one it reports."""
    if v.published is None:
        return None
    named = days_named(without_dateline(v.span.text), v.published)
    ahead = [
        iso
        for words, iso in named
        if iso > v.published and set(WORD_TOKEN.findall(words.lower())) & set(figures)
    ]
    return max(ahead, default=None)


def this_occasion(stated: Version, found: list[Version]) -> list[Version]:
    """The versions, among ``found`` (in publication order), that date the occasion ``stated``
    dates, where the claim's figures are days. A day set ahead for an event, that came before
    the next article was written, is the day that event was held: the next article's other
    day is of another occasion, not a revision of it ("will stop work again from 1 May" on 30
    April, after "will walk out on Thursday" on 14 April). A day moved before it came ("the
    reopening, due on 15 June, is pushed back to 22 June", on 10 June) is one occasion's.

    >>> def v(source, published, text, figures=(), replaces=()):
    ...     span = Span(source, "", 0, len(text), text)
    ...     return Version(span, published, not figures, figures, 1.0, replaces)
    >>> walk = v("a", "2026-04-14", "They will walk out on Thursday.", ("thursday",), ("friday", "1", "may"))
    >>> again = v("b", "2026-04-30", "They will stop work again from Friday, 1 May.")
    >>> [x.source for x in this_occasion(again, [walk, again])]
    ['b']
    >>> due = v("a", "2026-06-02", "The hall is due to reopen on 15 June.", ("15",), ("22",))
    >>> moved = v("b", "2026-06-10", "The reopening was pushed back to 22 June.")
    >>> [x.source for x in this_occasion(moved, [due, moved])]
    ['a', 'b']
    >>> recalled = v("c", "2026-06-17", "The council had previously said it would reopen on 22 June.")
    >>> later = v("d", "2026-07-01", "It will reopen on 6 July.", ("6", "july"), ("22", "june"))
    >>> [x.source for x in this_occasion(moved, [due, moved, recalled, later])]
    ['a', 'b', 'c', 'd']
    """
    claimed = _claimed(found)
    # Only the claim's figures its article writes: a draft may add a day it resolved itself.
    written = tuple(c for c in claimed if re.search(_whole(c), stated.span.text, re.IGNORECASE))
    if not written or _kinds(stated.span.text, written) != {"date"}:
        return found  # a count is revised whenever a later article gives another
    occasions: list[list[Version]] = [[]]
    for v in (x for x in found if x.published):
        last = occasions[-1]
        newest = [u for u in last if u.published == last[-1].published] if last else []
        # Another article's restatement may give the day as what was said before ("the
        # council had previously said the hall would reopen on 22 June"): it sets no day.
        setters = [u for u in newest if u is stated or not u.states]
        days = [
            _day_set(u, u.figures or written) for u in setters if (u.published or "") < (v.published or "")
        ]
        if any(d is not None and d < (v.published or "") for d in days):
            occasions.append([])
        occasions[-1].append(v)
    ours = next((o for o in occasions if stated in o), [stated])
    return ours + [x for x in found if not x.published]


_FIGURE = re.compile(r"\d|\b(?:" + "|".join(m.capitalize() for m in _MONTH_NAMES) + r")\b")


def states_a_figure(claim: str) -> bool:
    """Only a number or a date can be revised.

    >>> [states_a_figure(t) for t in ("The toll rose to 14.", "Talks resumed in March.", "Talks ended.")]
    [True, True, False]

    A count in words is a figure too ("arrested five people", as agencies write numbers under
    ten); an ordinal is not ("the first raids").

    >>> states_a_figure("Police arrested five people."), states_a_figure("The first raids began.")
    (True, False)
    """
    return bool(_FIGURE.search(claim)) or bool(counted_numbers(claim))


# Words that put a claim in the present: "now 21", "so far 38" is revised by a later figure,
# whatever date the sentence also names.
_CURRENT = re.compile(r"\b(?:now|so far|currently|to date|latest)\b", re.I)
_PERFECT = re.compile(r"\b(?:has|have|'s|’s)\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en|wn|un|ut|ne)\b", re.I)


def dated_by_itself(claim: str, found: Revision) -> Revision:
    """A superseded claim that names its own time ("on Tuesday", "as of 7 March"), other than
    the figure revised, reports that moment: a later figure does not make it wrong, and the
    revision becomes "dated". A date that is itself the revised figure ("due to reopen on 15
    June"), or a claim in the present ("now", "so far"), stays superseded.

    >>> from rag.evidence import Span
    >>> def rev(claim, replaces):
    ...     v = Version(Span("a.txt", "", 0, 1, "x"), "2026-03-10", False, ("23",), 1.0, replaces)
    ...     return dated_by_itself(claim, Revision(v, [v], [v], "superseded")).kind
    >>> rev("The toll reached 21 on Tuesday.", ("21",))
    'dated'
    >>> rev("The toll now stands at 21, as of Tuesday.", ("21",))
    'superseded'
    >>> rev("The hall is due to reopen on 15 June.", ("15",))
    'superseded'
    >>> rev("The toll has reached 21.", ("21",))
    'superseded'
    >>> rev("The toll reached 21 on Tuesday.", ("21", "tuesday"))
    'dated'
    >>> rev("The hall will reopen on 15 June.", ("15", "june"))
    'superseded'

    A change told in the past ("cut its demand from 9% to 8%") is an event, dated by itself;
    the present perfect ("has risen to 21 from 14") says where the figure stands now.

    >>> rev("The union cut its demand from 9% to 8% during the talks.", ("8",))
    'dated'
    >>> rev("The toll has risen to 21 from 14.", ("21",))
    'superseded'
    """
    if not found.superseded:
        return found
    f = features(claim)
    if f.transitions and not _CURRENT.search(claim) and not _PERFECT.search(claim):
        return replace(found, kind="dated")
    when = f.months | f.days
    # What the later versions replace; when that was not recorded, the claim's own figures.
    replaced = {r for v in found.others for r in v.replaces} or set(f.numbers)
    # Only a count revised makes the date an anchor: a later report of another count is
    # dated too, so its day differs as well; a date alone revised is the figure itself.
    counts = [r for r in replaced if not (r in when or r in f.dated or _YEAR.match(r))]
    if not when or not counts or _CURRENT.search(claim):
        return found
    return replace(found, kind="dated")


# Counts in words, as agencies write those under ten ("arrested five people"): not "one"
# ("one of the clubs" counts nothing revisable), "half" or the ordinals ("the first raids").
_COUNT_WORD = re.compile(
    r"\b(?:"
    + "|".join(w for w, n in NUMBER_WORDS.items() if n.isdigit() and w not in ORDINALS and w != "one")
    + r")\b(?!-)",
    re.I,
)


def in_digits(text: str) -> str:
    """``text`` with its counts in words written as digits, as the figures of later articles
    are compared ("the number of people arrested rose to 11" revises "arrested five people").

    >>> in_digits("Police arrested five people; one of the first three clubs, a three-year ban.")
    'Police arrested 5 people; one of the first 3 clubs, a three-year ban.'
    """
    return _COUNT_WORD.sub(lambda m: NUMBER_WORDS[m.group().lower()], text)


def stated_clause(stated: str, claim: str) -> str | None:
    """The clause of the stating sentence that holds the claim's figures, without its
    article's dateline: the dateline's date ("30 April") is no figure of the claim's, and
    read as one it made earlier articles "versions" of a date no one revised.

    >>> stated_clause("SALTMERE, 30 April 2026 (Agency) – The court on 29 April 2026 lifted the ban.",
    ...               "The court lifted the ban on 29 April 2026.")
    'The court on 29 April 2026 lifted the ban.'
    """
    return _clause_with(in_digits(without_dateline(stated)), _NUMBER.findall(in_digits(claim)))


def find_revision(
    retriever: HybridRetriever,
    evidence: Evidence,
    claim: str,
    stated_in: Span,
    sources: list[str] | None = None,
    k: int = 12,
    hops: int = 3,
) -> Revision | None:
    """Whether the corpus revises, or disputes, the figure ``stated_in`` gives for ``claim``."""
    # An article's first sentence quoted whole: its dateline dates the article, not the figure.
    claim = in_digits(without_dateline(claim).strip() or claim)
    if not states_a_figure(claim):
        return None
    docs = retriever.documents()

    def published(source: str) -> str | None:
        return docs[source].published if source in docs else None

    # At most this many judge calls for the whole check (about a second each on 2 cores).
    budget = [evidence.judge.max_calls if evidence.judge else 0]
    # Compared twice: in the draft's words, and as the article's own clause that holds the
    # figure (later articles restate the figure in the article's terms, not the draft's).
    found: list[Version] = []
    for said in dict.fromkeys([claim, stated_clause(stated_in.text, claim) or claim]):
        passages: list[Span] = list(retriever.search(said, k, sources=sources))
        if not any(h.source == stated_in.source for h in passages):
            passages.append(stated_in)  # the stating unit is a version whether or not it ranked
        seen = {v.source for v in found}
        found = _ordered(
            [
                *found,
                *(
                    v
                    for v in versions(evidence, said, passages, published, budget, stated_in.text)
                    if v.source not in seen
                ),
            ]
        )
    # "Latest" is by publication date, not by rank: the articles published after the stating
    # one are searched on their own, so a later version is not crowded out of the hits by the
    # stating article's own chunks (dev6 c6q01: four of five hits were the 12 March article,
    # and the 30 March one that gives the final count ranked below twelve).
    after = published(stated_in.source)
    seen = {v.source for v in found}
    later = [
        source
        for source, record in docs.items()
        if after
        and record.published
        and record.published > after
        and source not in seen
        and (sources is None or source in sources)
    ]
    if later:
        said = stated_clause(stated_in.text, claim) or claim
        hits = list(retriever.search(said, k, sources=later))
        found = _ordered([*found, *versions(evidence, said, hits, published, budget, stated_in.text)])
    found = _chained(retriever, evidence, claim, stated_in, found, published, sources, k)
    found = _stood_before(retriever, evidence, claim, stated_in, found, published, k)
    if not any(v.states and v.source == stated_in.source for v in found):
        # The pipeline found it supported (the judge may have read a paraphrase the rules did
        # not): its article states the claim, whatever the rules made of it.
        found = _ordered(
            [v for v in found if v.source != stated_in.source]
            + [Version(stated_in, published(stated_in.source), True, (), 1.0)]
        )
    found_revision = revision(stated_in, found)
    # A chain of revisions (9 -> 14 -> 21 -> 23) is followed from the latest version found:
    # later articles restate that one more closely than the first claim.
    for _ in range(hops):
        if found_revision is None or not found_revision.superseded:
            break
        latest = found_revision.others[0]
        seen = {v.source for v in found}
        # The clause that holds its own figure, not the sentence's first ("Verrick finished with
        # 49,012 votes and Morvane with 48,825. Rennick has 6,203" for Rennick's votes).
        restated = _holding(in_digits(latest.span.text), latest.figures) or in_digits(
            clause(latest.span.text)
        )
        hits = retriever.search(restated, k, sources)
        again = versions(evidence, restated, hits, published, budget, stated_in.text)
        after = latest.published or ""
        newer = [
            replace(v, states=False)
            for v in again
            # Same date too: another agency's figure that day is a conflict, not a revision.
            if v.source not in seen and v.published and v.published >= after and not v.states
        ]
        if not newer:
            break
        found = _ordered([*found, *newer])
        found_revision = revision(stated_in, found)
    if found_revision is None:
        # The stating sentence itself, as cited, is the account the others dispute.
        stated = Version(stated_in, published(stated_in.source), True, (), 1.0)
        disputing = other_accounts(evidence, claim, stated_in, stated.published)
        if disputing:
            found_revision = Revision(stated, disputing, [stated, *disputing], "disputed")
    return found_revision


def _stood_before(
    retriever: HybridRetriever,
    evidence: Evidence,
    claim: str,
    stated_in: Span,
    found: list[Version],
    published: Callable[[str], str | None],
    k: int,
) -> list[Version]:
    """``found``, with an earlier article's version read where a later one names the figure it
    changed from ("valued the eight works at 12.4 million, up from the museum's initial
    estimate of about 9 million"): the earlier article's sentence that gives that figure, of
    the same quantity, in place of another of its figures ("the painting alone had been
    valued at 4.2 million", the value of one of the works)."""
    said = in_digits(stated_clause(stated_in.text, claim) or claim)
    ours = _NUMBER.findall(said)
    if len(ours) != 1:
        return found
    same = _same_check(evidence, claim, published, stated_in.text)
    out = list(found)
    # The figures the versions already tie together (each one's figures and what it tells them
    # changing from): a version with one of them is part of the chain and stays as found
    # ("cut the lead from 412 votes to 187" does not make 412 the 187-vote article's version).
    moves = [features(in_digits(v.span.text)).transitions for v in found]  # read once each
    moved = {x for pairs in moves for pair in pairs for x in pair}
    chained = [{f for u in found if u is not w for f in u.figures} | moved for w in found]
    for v, told in zip(found, moves, strict=True):
        for a in {a for a, b in told if b in v.figures and a not in ours}:
            for i, w in enumerate(out):
                earlier = bool(w.published and v.published and w.published < v.published)
                if w.states or a in w.figures or not earlier or set(w.figures) & chained[i]:
                    continue
                hits = retriever.search(re.sub(rf"\b{re.escape(ours[0])}\b", a, said), k, sources=[w.source])
                for unit in (u for h in hits for u in units(h)):
                    text = in_digits(unit.text)
                    one = len(sentence_spans(text)) == 1  # the sentence, not the pair around it
                    if one and a in features(text).numbers and same(ours, text, [a], w.source):
                        out[i] = Version(unit, w.published, False, (a,), w.score, tuple(ours))
                        break
    return _ordered(out)


def _chained(
    retriever: HybridRetriever,
    evidence: Evidence,
    claim: str,
    stated_in: Span,
    found: list[Version],
    published: Callable[[str], str | None],
    sources: list[str] | None,
    k: int,
) -> list[Version]:
    """``found``, with the articles that tell an earlier version's figure changing ("his lead
    has shrunk from 412 votes to 187") given as that change's figure. They are searched with
    the stating clause at each earlier figure, and take the place of a version the judge read
    with the numbers masked (dev8 c8q01: "finished with 49,012 votes" read as the margin)."""
    said = stated_clause(stated_in.text, claim) or claim
    ours = _NUMBER.findall(in_digits(said))
    earlier = [f for v in found if not v.states and not v.masked for f in v.figures if _NUMBER.fullmatch(f)]
    if len(ours) != 1 or not earlier:
        return found
    hits: list[Span] = []
    for figure in list(dict.fromkeys(earlier))[:2]:  # two distinct figures at most
        hits += retriever.search(
            re.sub(rf"\b{re.escape(ours[0])}\b", figure, in_digits(said)), k, sources=sources
        )
    known = {v.source: v for v in found}
    same = _same_check(evidence, claim, published, stated_in.text)
    chained = _changed_from_a_version(claim, hits, published, known, same)
    return _ordered([v for v in found if v.source not in chained] + list(chained.values()))


def _attributed(text: str) -> bool:
    """Said by someone: the sentence has a reporting verb ("said", "told", "insists"), or
    quotes someone (whose "said" the features keep with the quote, not the content).

    >>> _attributed('"About 40% reported for work," spokeswoman Nadia Ferrant said.')
    True
    >>> _attributed("About 40% reported for work.")
    False
    """
    # Not "said", a stop word of the features: reading it (for dev6 c6q13) made "the network
    # said 212,000 patients" another account of "18,000 patients' test results" (fourth corpus).
    f = features(text)
    return bool(f.content & REPORTING or f.speakers)


def other_accounts(evidence: Evidence, claim: str, stated_in: Span, published: str | None) -> list[Version]:
    """Another account of the claim in the article that states it: a sentence with a reporting
    verb that gives another figure of the same kind, where the stating sentence has one too.
    Who says each is not compared: the same source giving two figures is shown the same way.
    A sentence that opens with "She said" is shown with the one before it, which names her."""
    document = evidence.texts(stated_in.source) if evidence.texts else None
    if document is None or document[stated_in.start : stated_in.end] != stated_in.text:
        return []
    if not _attributed(stated_in.text):
        return []  # the article states it itself: a figure elsewhere in it is another matter
    spans = sentence_spans(document)
    candidates = [
        Span(stated_in.source, stated_in.title, s, e, document[s:e])
        for s, e in spans
        if (e <= stated_in.start or s >= stated_in.end)
        and _FIGURE.search(document[s:e])
        and _attributed(document[s:e])
    ]
    said = features(claim)
    # On the claim's topic as the checker's contradictions are (its overlap), without their
    # similarity floor: a long sentence that also says who said it has a low cosine to a short claim.
    on_topic = evidence.checker.min_overlap - 0.2
    senses = noun_senses(evidence.checker.wordnet_dir)
    counts = _counted(claim, sorted(said.numbers), senses, parts=True)
    claimed = _figures_alone(claim)  # "18.4 million" is 18.4: read once, not per candidate
    for support in evidence.rank(claim, candidates):
        span = support.span
        if span is None:
            continue
        if not any(s == span.start and e == span.end for s, e in spans):
            continue  # a pair of sentences: the single ones are judged on their own
        text = without_dateline(span.text)  # its filing date is no account of anything
        other = features(text)
        if support.judgement.overlap < on_topic:
            # In other words, but a figure of the same thing: "fewer than 60 of our 900 crane
            # operators crossed the picket line" against "about 40% of our crane operators
            # reported for their shifts".
            counted = _counted(text, sorted(other.numbers - said.numbers), senses, parts=True)
            if not any(a & b for a in counts for b in counted):
                continue
        # "18.4 million" against "11 million": their "million" is no figure both give.
        kinds = [
            (claimed, _figures_alone(text)),
            (said.months, other.months),
            (said.days, other.days),
        ]
        # Of a kind the claim states: none of the claim's values, and others of its own.
        differing = [(ours, theirs) for ours, theirs in kinds if ours and not ours & theirs and theirs]
        if not differing:
            continue
        figures = tuple(sorted(set().union(*(theirs for _o, theirs in differing))))
        replaced = tuple(sorted(set().union(*(ours for ours, _t in differing))))
        if _moved_on(claim, span.text) is not None:
            continue  # the figure's change over time, not another account of it
        if _is_rate(text) and not _is_rate(claim):
            continue  # "1.2 million euros a day" is no account of a sum owed
        theirs = _counted(text, figures, senses, parts=True)
        if counts and theirs and not any(a & b for a in counts for b in theirs):
            continue  # "no new cases for seven days" counts days, not the claim's 213 cases
        at = next(i for i, (s, _e) in enumerate(spans) if s == span.start)
        # "She said ..." or a quote "... ," he told reporters: shown with who "she" or "he" is.
        unnamed = OPENS_WITH_PRONOUN.match(span.text) or (
            other.speakers and not any(names for _q, names in other.speakers)
        )
        if unnamed and at and "\n" not in document[spans[at - 1][1] : span.start]:
            begin = spans[at - 1][0]
            span = Span(span.source, span.title, begin, span.end, document[begin : span.end])
        return [Version(span, published, False, figures, support.judgement.score, replaced)]
    return []


def _figures_alone(text: str) -> frozenset[str]:
    """A text's numbers, without the scale word after a figure read as one of its own.

    >>> sorted(_figures_alone("It owed 18.4 million euros, a thousand more than 2 billion."))
    ['1000', '18.4', '2']
    """
    return features(_SCALED.sub("", text)).numbers


_SCALED = re.compile(rf"(?<=\d)\s+(?:{'|'.join(_SCALE_WORDS)})\b", re.I)


def _ordered(found: list[Version]) -> list[Version]:
    """Undated last; within a date, the one that states the claim first."""
    return sorted(found, key=lambda v: (v.published is None, v.published or "", not v.states))


def day(iso: str | None) -> str:
    """An ISO date as a reader writes it (``rag.documents.spoken``)."""
    return spoken(iso)
