"""Answering: retrieve -> choose evidence -> prompt -> generate -> parse -> verify.

Policy on unsupported sentences: they are removed from ``answer`` and kept in
``sentences`` with ``supported: false``, so a reader can see what was withheld and
why, while the answer text itself only says what a cited passage states. When no
sentence survives, or the evidence is too weak to try, the pipeline abstains.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rag import prompts, revisions
from rag.documents import as_of, spoken, without_as_of, without_dateline, without_filing_line
from rag.evidence import Evidence, Span, Support, paragraph
from rag.grounding import (
    AUXILIARIES,
    DETERMINERS,
    REPORTING,
    STOPWORDS,
    WORD_TOKEN,
    capital_names,
    counted_numbers,
    features,
    name_difference,
    stem,
)
from rag.judge import AnswerJudge
from rag.lexicon import first_senses, irregular_verbs, noun_graph, noun_senses, singulars, verbs
from rag.llm import LLM, Message
from rag.retrieval import Hit, HybridRetriever
from rag.revisions import Revision
from rag.selection import best_sentence_similarity, select_sentences, sentence_scores, sub_passage
from rag.sentences import LIST_MARKER, OPENS_WITH_PRONOUN, sentence_spans
from rag.settings import Settings

Event = tuple[str, dict[str, Any]]  # (name, payload): status | sentence | withheld | done

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# "claim. [1]" -> "claim [1]." so the marker stays with the sentence it follows.
_MARKER_AFTER_STOP = re.compile(r"([.!?][\"”’']?)((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)")
_DECLINE = re.compile(r"\b(articles?|sources?) (do(es)?n['’]t|do(es)? not) (say|answer|mention|state)", re.I)


# The model's references to the prompt's sources ("According to the first source, ...",
# "..., as stated in source 2.", "According to the article, ..."): the citation marker says
# which source; the words would be read as a claim's own ("first" is a rank, "2" a figure)
# and mean nothing to a reader.
_ORDINAL_WORD = r"(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)?)"
_SOURCE_WORD = r"(?:source|passage|article|document)"
_WHICH_SOURCE = rf"(?:the\s+(?:{_ORDINAL_WORD}\s+)?{_SOURCE_WORD}s?|{_SOURCE_WORD}\s+\[?\d+\]?)"
_META_OPENING = re.compile(
    rf"^(?:according\s+to|as\s+(?:stated|reported|noted)\s+in|in)\s+{_WHICH_SOURCE}\s*,\s*", re.I
)
_META_CLOSING = re.compile(
    rf",?\s+(?:according\s+to|as\s+(?:stated|reported|noted)\s+in)\s+{_WHICH_SOURCE}(?=\s*[.!?]?$)", re.I
)


def without_source_references(sentence: str) -> str:
    """A draft sentence without the model's words for the prompt's sources.

    >>> without_source_references("According to the first source, about 40% reported for work.")
    'About 40% reported for work.'
    >>> without_source_references("The toll rose to 23, as stated in source 2.")
    'The toll rose to 23.'
    >>> without_source_references("According to the article, Putin insisted on it.")
    'Putin insisted on it.'
    >>> without_source_references("The US aims to finish by mid-April, according to the sources.")
    'The US aims to finish by mid-April.'
    >>> without_source_references("According to the first report of the commission, 40 died.")
    'According to the first report of the commission, 40 died.'
    """
    stripped = _META_CLOSING.sub("", _META_OPENING.sub("", sentence))
    if stripped == sentence or not stripped.strip(" ."):
        return sentence
    return stripped[0].upper() + stripped[1:]


def declines(text: str) -> bool:
    """Whether a model's text says the sources don't answer (our abstention, or the model's own).

    >>> declines("The articles don't say."), declines("The articles say no.")
    (True, False)
    """
    return bool(_DECLINE.search(text))


@dataclass(frozen=True)
class Passage(Span):
    """A run of retrieved text from one file, shown to the model as one numbered source."""

    similarity: float = 0.0


@dataclass
class Citation:
    id: int
    source: str
    title: str
    start: int
    end: int
    quote: str  # the file's text at [start:end], verbatim: the sentence-level evidence
    page: int | None = None  # PDF: the page the quote starts on
    url: str | None = None  # HTML: the page's canonical URL
    published: str | None = None  # the publication date its file declares
    dates: list[dict[str, str]] = field(default_factory=list)  # "Monday" -> its date, in the quote


@dataclass
class SentenceResult:
    text: str
    citations: list[int]
    supported: bool
    verdict: str = "not_found"
    score: float = 0.0
    # When later articles revise its figure, or same-date ones dispute it: what the reader is
    # shown instead (with its own [n] markers), the model's sentence, and the versions.
    marked: str | None = None
    draft: str | None = None
    revision: dict[str, Any] | None = None
    # Verified, but left out: in an answer read article by article it names none of the
    # question's names, holds under half its other words and continues no sentence shown; or
    # the draft's verified sentences did not answer, and an article's own sentence replaced them.
    off_topic: bool = False


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    sentences: list[SentenceResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""
    abstain_reason: str | None = None
    # Which step declined: pre_check (weak or off-topic evidence, the model not asked),
    # model_declined, not_supported (no sentence of the draft verified), not_an_answer
    # (verified sentences that do not give what was asked).
    abstain_cause: str | None = None
    extractive: bool = False  # the answer is an article's own sentence: the model's draft failed
    # A compound question: the questions it was split into, and those the articles don't answer.
    parts: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    as_of: str | None = None  # asked "as of" this date: answered from the articles published by then

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def merge_hits(hits: list[Hit]) -> list[Passage]:
    """Overlapping hits of one file become one passage (rank order kept).

    >>> t = "abcdefghij"
    >>> h = lambda s, e: Hit("f", "T", s, e, t[s:e], 0.0, 0.5)
    >>> [(p.start, p.end, p.text) for p in merge_hits([h(4, 8), h(0, 6), h(9, 10)])]
    [(0, 8, 'abcdefgh'), (9, 10, 'j')]
    """
    passages: list[Passage] = []
    for h in hits:
        for i, p in enumerate(passages):
            if p.source == h.source and h.start < p.end and p.start < h.end:
                a, b = sorted([(p.start, p.end, p.text), (h.start, h.end, h.text)])
                text = a[2] if b[1] <= a[1] else a[2] + b[2][a[1] - b[0] :]
                sim = max(p.similarity, h.dense_similarity)
                passages[i] = Passage(p.source, p.title, a[0], max(a[1], b[1]), text, similarity=sim)
                break
        else:
            passages.append(Passage(h.source, h.title, h.start, h.end, h.text, similarity=h.dense_similarity))
    return passages


Source = list[Passage]  # one numbered source: a passage, or the runs kept of one


def build_messages(
    question: str, sources: Sequence[Passage | Source], section: str = "answer"
) -> list[Message]:
    """The answer prompt; ``section`` names its templates ("retry": after a refusal, from the
    sentences that hold the answer)."""
    source_tpl = prompts.template("answer", "source")
    runs = [[s] if isinstance(s, Passage) else s for s in sources]
    blocks = [
        source_tpl.format(id=i, title=_defang(r[0].title), text=" … ".join(_defang(p.text) for p in r))
        for i, r in enumerate(runs, 1)
    ]
    return [
        {"role": "system", "content": prompts.template(section, "system")},
        {
            "role": "user",
            "content": prompts.template(section, "user").format(
                sources="\n\n".join(blocks), question=question.strip()
            ),
        },
    ]


def _defang(text: str) -> str:
    """Article text is data: it cannot close our source tags or forge citation markers."""
    text = re.sub(r"</?\s*source", "(source", text, flags=re.I)
    return _MARKER.sub(lambda m: f"({m.group(1)})", text)


def split_draft(draft: str, common: Callable[[str], bool] | None = None) -> list[tuple[str, list[int]]]:
    """Sentences of the model's draft with the source numbers each cites.

    >>> split_draft("Russia wants relief [1]. It wants SWIFT. [2][3]")
    [('Russia wants relief.', [1]), ('It wants SWIFT.', [2, 3])]
    >>> split_draft('He said "no deal." [1] Then he left [2].')
    [('He said "no deal."', [1]), ('Then he left.', [2])]
    >>> split_draft("According to the second source, the toll rose to 23 [2].")
    [('The toll rose to 23.', [2])]

    A list's items are claims only with their lead-in: each is checked as the sentence they
    make together. ``common`` says whether an item's capitalised first word is a common word,
    to be lower-cased inside the sentence (a name keeps its capital, and stays a name).

    >>> common = {"Lifting"}.__contains__
    >>> split_draft("Its demands include:\\n1. Lifting sanctions [1].\\n2. Kyiv's neutrality [2].", common)
    [('Its demands include: lifting sanctions.', [1]), ("Its demands include: Kyiv's neutrality.", [2])]
    """
    return [(claim, ids) for _, claim, ids in _draft_sentences(draft, common)]


# The model's words for its prompt within a sentence ("The demands Russia made across the
# articles include …"): "articles" is no word of any article.
_META_WITHIN = re.compile(
    rf"\s+(?:across|in)\s+(?:all\s+|both\s+)?the\s+(?:provided\s+|given\s+)?{_SOURCE_WORD}s\b", re.I
)


def _draft_sentences(
    draft: str, common: Callable[[str], bool] | None = None
) -> list[tuple[int, str, list[int]]]:
    """(start in ``draft``, clean text, cited numbers) of each sentence. Moving a marker before
    the full stop keeps every offset: the two swap places, their total length unchanged. The
    items of a list start where its lead-in does: they are complete only together."""
    text = _MARKER_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), draft)
    found: list[tuple[int, str, list[int]]] = []
    for s, e in sentence_spans(text):
        piece = text[s:e]
        ids: list[int] = []
        for m in _MARKER.finditer(piece):
            ids.extend(int(x) for x in m.group(1).split(","))
        clean = re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub("", piece).replace("**", ""))
        clean = without_source_references(_META_WITHIN.sub("", " ".join(clean.split())))
        if clean.strip(" .") or ids:
            found.append((s, clean, list(dict.fromkeys(ids))))
    out: list[tuple[int, str, list[int]]] = []
    lead: tuple[int, str, list[int]] | None = None
    for k, (s, clean, ids) in enumerate(found):
        item = LIST_MARKER.match(clean)
        if item is None:
            lead = None
            following = found[k + 1][1] if k + 1 < len(found) else ""
            if clean.endswith(":") and LIST_MARKER.match(following):
                lead = (s, clean[:-1].rstrip(), ids)  # said only by its items
            else:
                out.append((s, clean, ids))
            continue
        body = clean[item.end() :]
        if lead is None:
            out.append((s, body[:1].upper() + body[1:], ids))
            continue
        first = body.split(maxsplit=1)[0]
        if common is not None and first[:1].isupper() and not first.isupper() and common(first):
            body = body[:1].lower() + body[1:]
        out.append((lead[0], f"{lead[1]}: {body}", list(dict.fromkeys(ids + lead[2]))))
    return out


_PARTIAL_MARKER = re.compile(r"\[[\d,\s]*$")
_WORD_THEN_SPACE = re.compile(r"[^\W\d_]{2,}\W*\s")


def complete_sentences(
    draft: str, common: Callable[[str], bool] | None = None
) -> tuple[list[tuple[str, list[int]]], int]:
    """The sentences of a draft being generated that are certainly complete, and where the rest
    begins. A sentence is complete once the next one has begun with a whole word: its
    markers cannot follow any more, and a stop inside "U.S." or "2.5" is no boundary.

    >>> complete_sentences("Russia wants relief. [1] It")
    ([], 0)
    >>> complete_sentences("Russia wants relief. [1] It wants")
    ([('Russia wants relief.', [1])], 25)
    >>> complete_sentences("Aid rose 2.5% in the U.S. ")
    ([], 0)
    """
    sentences = _draft_sentences(draft, common)
    if len(sentences) < 2:
        return [], 0
    tail = _PARTIAL_MARKER.sub("", _MARKER.sub("", draft[sentences[-1][0] :]))
    if not _WORD_THEN_SPACE.search(tail):
        return [], 0
    # Inside an open quotation a stop is no boundary yet: the splitter joins a quote's
    # sentences once it is closed.
    for k in range(len(sentences) - 1, 0, -1):
        start = sentences[k][0]
        if start != sentences[k - 1][0] and not _open_quote(draft[:start]):
            return [(claim, ids) for _, claim, ids in sentences[:k]], start
    return [], 0


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


# A question may open with an adverb before its question word: "Roughly how many…",
# "Approximately when…", "Exactly who…".
_OPENS = r"^\s*(?:[a-z]+ly,?\s+)?"
_ASKS_DATE = re.compile(
    _OPENS + r"(when|by when|on (what|which) (date|day)|(what|which) (date|day|year|month)"
    r"|in (what|which) (year|month))\b",
    re.I,
)
_WHEN_ANY = re.compile(_OPENS + r"(when|by when|on (what|which) day)\b", re.I)
_ASKS_NUMBER = re.compile(
    # "What figure did the airline give?": in news English a figure is a number.
    _OPENS + r"(how (many|much|long|far|old)|what (number|share|percentage|proportion|figure)"
    # "What is the latest count of …", "what was the final death toll": a figure asked for.
    rf"|{revisions.WHAT_IS_THE}(?:number|count|total|tally|toll|amount|size|figure)(?:\s+of)?)\b",
    re.I,
)
_ASKS_PERSON = re.compile(
    _OPENS + r"(who|whom|which (\w+ )?(official|leader|minister|president|person|politician)"
    r"|what (is|was|are|were) the names? of)\b",
    re.I,
)


def _first_word_names(question: str) -> frozenset[str]:
    """A question's first word is capitalised as a sentence's is ("Roughly how much…"): no
    sign of a name, so it is not one of the names the evidence must mention."""
    words = question.split()
    return features(words[0]).names if words else frozenset()


_WHO = re.compile(_OPENS + r"(who|whom)\b", re.I)
# "What kind of data was stolen?", "Which types of vehicles …": a question for a kind.
_ASKS_KIND = re.compile(r"\b(?:what|which)\s+(?:kinds?|types?|sorts?)\s+of\b", re.I)


def _names_in_full(question: str, passages: Sequence[Passage]) -> bool:
    """Whether a retrieved passage names someone the question names in full ("Who is Jara
    Novak?"). A question that short is far from any passage by embedding, though one names
    her: the similarity floor is for questions about nothing the articles hold, and a full
    name found is something they hold. Whether they answer is still the model's and the
    checker's to show.
    """
    first = _first_word_names(question)
    named = [keys - first for _, keys in features(question).full_names]
    named = [keys for keys in named if len(keys) >= 2]
    if not named:
        return False
    found = (features(f"{p.title} {p.text}").content for p in passages)
    return any(all(keys <= content for keys in named) for content in found)


def _focus(question: str, verbs: frozenset[str] = frozenset()) -> tuple[str | None, frozenset[str]]:
    """The word a "how many", "who" or "when" question asks about, and the words of its
    frame ("how many", "on what date"), which are no content to match. The word asked about
    is the counted thing ("how many *drones*"), what the person did ("who *accused*"), or
    the event dated: the question's last word that ``verbs`` holds ("when did the
    moratorium *expire*"). A sentence that answers holds it.

    >>> _focus("How many drones did Russia launch?"), _focus("Who accused Trump?")
    (('drone', frozenset({'mani'})), ('accus', frozenset()))
    >>> _focus("What is the total number of drones Russia launched?")[0]
    'drone'
    >>> _focus("On what date did the moratorium expire?", frozenset({"expire"}))
    ('expir', frozenset({'date'}))

    "Who is the authority's chief epidemiologist?" asks for the one in a role: the role's
    noun, not its first word ("authority"), is what an answer names.

    >>> _focus("Who is the food safety authority's chief epidemiologist?")[0]
    'epidemiolog'
    """
    m = _ASKS_NUMBER.search(question) or _WHO.match(question) or _ASKS_DATE.search(question)
    if not m:
        return None, frozenset()
    frame = features(m.group()).content
    rest = question[m.end() :]
    f = features(rest)
    if m.re is _WHO and (role := _role(rest)):
        return role, frame
    if m.re is _ASKS_DATE:
        words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() in verbs]
        keys = [k for w in reversed(words) for k in features(w.lower()).content if k not in f.names]
        return (keys[0] if keys else None), frame
    return next((w for w, _ in f.sequence if w not in f.names and w not in f.numbers), None), frame


# "Who is the …", "who was the …": the role a person holds, named by the phrase's last noun.
_COPULA_ROLE = re.compile(r"^\s*(?:is|was|are|were)\s+(?:the|an?)\s+([^?]+)", re.I)


def _role(rest: str) -> str | None:
    """The stem of the role noun after "who is the" (``rest`` follows "who"): the last word of
    the phrase before any preposition; None when that word is capitalised (a name or a
    title: "who is the Prime Minister", read as before) or there is no such phrase.

    >>> _role(" is the chief executive of Hollis Valley Dairy?"), _role(" accused Trump?")
    ('execut', None)
    """
    m = _COPULA_ROLE.match(rest)
    if not m:
        return None
    words = _PREPOSITION.split(m.group(1), maxsplit=1)[0].split()
    if not words or words[-1][:1].isupper():
        return None
    keys = features(words[-1]).content
    return next(iter(keys)) if len(keys) == 1 else None


def counts(text: str, thing: str, known: frozenset[str] = frozenset(), reach: int = 4) -> bool:
    """Whether ``text`` gives a number of ``thing`` (a stem): a new number at most ``reach``
    words from it ("137 drones", "drones: 137"), not one that counts something else in
    another clause ("the pontoon cost 4.5 million … a permanent replacement").

    >>> counts("Russia launched 137 drones overnight.", "drone")
    True
    >>> counts("The pontoon cost 4.5 million euros; no design for a permanent bridge exists.", "perman")
    False
    """
    words = [features(w) for w in WORD_TOKEN.findall(text)]
    at = [i for i, f in enumerate(words) if thing in f.content]
    numbers = [i for i, f in enumerate(words) if f.numbers - known]
    return any(abs(i - j) <= reach for i in at for j in numbers)


def asks_for_kind(question: str) -> bool:
    """Whether the question asks for a date, a number or a person (which one sentence gives).

    >>> asks_for_kind("How many drones did Russia launch?"), asks_for_kind("Why did talks fail?")
    (True, False)
    """
    return bool(_ASKS_DATE.search(question) or _ASKS_NUMBER.search(question) or _ASKS_PERSON.search(question))


# A closing circumstance of a question: "in his call with Trump", "at the summit in Riyadh",
# "after the talks". Its names and words set the scene: an article states them once, in the
# paragraph, not again in the sentence that answers.
_SETTING = re.compile(
    r"\b(?:in|at|during|after|before|following)\s+(?:the|his|her|their|its|a|an|this|that)\b[^?]*", re.I
)


def setting(question: str) -> str:
    """The scene-setting phrase that closes ``question``, if any.

    >>> setting("What did Putin agree to regarding energy in his call with Trump?")
    'in his call with Trump'
    >>> setting("What did Klitschko say about NATO?"), setting("What did she say in response to it?")
    ('', '')
    """
    m = _SETTING.search(question)
    return m.group().strip() if m else ""


_TOPIC = re.compile(r"\b(?:about|regarding|concerning)\s+([^?]+)", re.I)
_PREPOSITION = re.compile(
    r"\b(?:for|to|of|with|on|in|at|from|by|against|after|before|during|over|under|between|without)\b", re.I
)


def topic(question: str) -> frozenset[str]:
    """What a "what did X say *about* T" question is about: T's words (stems) other than
    names, and the names of its head, up to its first preposition ("Trump" of "Trump's
    approach to Russia", not "Russia" of "sanctions relief for Russia"). An answer names
    one of them; T's names alone when it has no other words ("about Crimea").

    >>> sorted(topic("What did Keir Starmer say about sanctions relief for Russia?"))
    ['relief', 'sanction']
    >>> sorted(topic("What did Kallas say about Trump's approach to Russia?")), topic("Why?")
    (['approach', 'trump'], frozenset())
    >>> sorted(topic("What did the report say about the cause of the flood?"))
    ['caus', 'flood']
    """
    m = _TOPIC.search(question)
    if not m:
        return frozenset()
    phrase = m.group(1)
    scene = setting(phrase)
    phrase = phrase[: len(phrase) - len(scene)] if scene else phrase
    whole, head = features(phrase), features(_PREPOSITION.split(phrase, maxsplit=1)[0])
    return (whole.content - whole.names) | head.names or whole.content


def answers_the_question(question: str, answer: str, wordnet_dir: Path | None = None) -> bool:
    """An answer to "when", "how many" or "who" must state a date, a number or a name the
    question did not already contain; a true sentence about something else is no answer.
    With ``wordnet_dir``, a "how many" answer's new figures must count what was asked
    (:func:`rag.revisions.counts_what_was_asked`: "18,500 visitors" for "how many stalls" is no answer).

    >>> answers_the_question("How many soldiers has Ukraine lost since 2022?", "Russia invaded in 2022.")
    False
    >>> answers_the_question("When did the talks start?", "They started on 18 February 2025.")
    True
    >>> answers_the_question("When was it warned?", "It was warned at 22:40 on Friday.")
    True
    >>> answers_the_question("In what year was it built?", "It was opened on Friday.")
    False
    >>> answers_the_question("In what year was it built?", "It cost 1,200 euros."), answers_the_question(
    ...     "In what year was it built?", "It was built in 1998.")
    (False, True)
    >>> answers_the_question("Who accused Trump of appeasing Russia?", "Kaja Kallas accused Trump.")
    True
    >>> answers_the_question("What is the name of the Kelmar spokesman?", "A Kelmar spokesman said so.")
    False
    >>> answers_the_question("What did Starmer say about sanctions relief?", "Starmer questioned Russia.")
    False
    >>> answers_the_question("Roughly how long had the war lasted?", "Talks were held on April 17, 2025.")
    False
    >>> answers_the_question("Roughly how long had the war lasted?", "The war has lasted over three years.")
    True
    >>> answers_the_question("How many cases are there?", "LYON, 5 June 2026 (AFP) – Cases rose.")
    False
    >>> answers_the_question("How many cases are there?", "The hall will reopen on 6 July.")
    False
    >>> answers_the_question("What is the latest count of cases?", "No new cases were recorded.")
    False
    >>> answers_the_question("Who is Tomas Reiner?", "Tomas Reiner is the operations director.")
    True
    >>> answers_the_question("Who is the operations director?", "The operations director spoke.")
    False
    >>> answers_the_question("Which products did the dairy recall?", "It recalled three of its products.")
    False
    >>> answers_the_question("Which products did the dairy recall?", "It recalled its brie and camembert.")
    True
    >>> q = "Roughly what share of the valid votes separated the two candidates?"
    >>> answers_the_question(q, "Verrick had 48,905 votes against 48,493 for Morvane [1].")
    False
    >>> answers_the_question(q, "The margin was about 0.4 percent of the valid votes [1].")
    True
    >>> q = "What is the latest figure for households left without power?"
    >>> answers_the_question(q, "Power was cut to homes in the valley on Friday [1].")
    False
    >>> answers_the_question(q, "About 4,300 households were still without power [1].")
    True
    >>> q = "What did the mayor call the council's plan for the bridge?"
    >>> answers_the_question(q, "The mayor called the council's plan for the bridge on Friday at 10:00 [1].")
    False
    >>> answers_the_question(q, 'The mayor called the plan "a bridge to nowhere" on Friday [1].')
    True
    """
    answer = _MARKER.sub("", answer)  # a citation's "[1]" is no figure of the answer
    q, a = features(question), features(answer)
    about = topic(question)
    if about and not about & a.content:
        return False  # "what did Starmer say about sanctions relief": something else he said
    if (things := _WHICH_THINGS.match(question)) and only_counted(answer, things.group(1)):
        return False  # "recalled three of its products" says how many, not which
    if _ASKS_DATE.search(question):
        # A year is written as one: "1998", not "3,400" or "1,200 euros".
        years = set(_YEAR.findall(answer)) - q.numbers
        if (a.months - q.months) or years:
            return True
        # "When" is answered by a weekday or a time of day too ("at 22:40 on Friday"); a
        # question for the year or the month asks for more.
        clock = {n for n in a.numbers - q.numbers if ":" in n}
        return bool(_WHEN_ANY.match(question) and ((a.days - q.days) or clock))
    if _ASKS_SHARE.search(question):
        # "What share of the valid votes separated them" asks for a part of a whole: vote
        # counts beside it are no answer (dev8 c8q07).
        return bool(_A_SHARE.search(answer))
    if _ASKS_NUMBER.search(question):
        # A figure is no day of a month or year ("reopen on 6 July"), nor the dateline's filing
        # date: neither counts or measures anything.
        new = revisions.undated(sorted(features(without_dateline(answer)).numbers - q.numbers), answer)
        if new and wordnet_dir is not None:
            return revisions.counts_what_was_asked(question, answer, new, wordnet_dir)
        return bool(new)
    if _WHO_IS_NAMED.fullmatch(question):
        # "Who is Tomas Reiner?" asks what the named person is ("the operations director"),
        # not for another name: any words about them beyond the name answer it.
        return bool(q.names & a.names) and bool(a.content - q.content)
    if _ASKS_PERSON.search(question):
        # A new name, and for "who is the <role>" one given in that role.
        return bool(name_difference(a.names, q.names | q.content)) and names_the_role(
            question, answer, wordnet_dir
        )
    if _ASKS_WORDS.match(question) and q.content & REPORTING:
        # "What did Vondel call the company's version?" asks for words: an answer that adds
        # only a time or a date to the question's own words ("… at 02:15 on Saturday") gives
        # when, not what.
        added = a.content - q.content
        return not added or not added <= (a.numbers | a.months | a.days)
    return True


# A question for a part of a whole, and the forms English gives one in: "0.4 percent", "12%",
# "a third", "one in five", "3 out of 10".
_ASKS_SHARE = re.compile(r"\bwhat\s+(?:share|percentage|proportion|fraction|percent|per\s?cent)\b", re.I)
_A_SHARE = re.compile(
    r"\d\s?%|\d\s+(?:percent|per\s?cent)\b|\b(?:half|thirds?|quarters?|fifths?|tenths?|majority|minority)\b"
    r"|\bone\s+in\s+\w+|\b\d+\s+(?:out\s+)?of\s+(?:every\s+)?\d+\b|\b\d+/\d+\b",
    re.I,
)

# "What did X call …", "What has X said about …": a question for someone's words.
_ASKS_WORDS = re.compile(r"\s*what\s+(?:did|does|do|has|have|had|was|were)\b", re.I)


# "What is the name of the federation's integrity officer to whom…", "Who is the lawyer
# representing…": the role asked for, up to where the phrase that picks one out begins.
_ROLE_ASKED = re.compile(
    r"\s*(?:what\s+(?:is|was|are|were)\s+the\s+names?\s+of|who\s+(?:is|was|are|were))\s+"
    r"(?:the|a|an|its|their|his|her)\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+?)"
    r"(?=\s+(?:to|who|whom|whose|that|which|of|in|at|for|on|with|from|by|\w+ing)\b|\s*\?|\s*$)",
    re.I,
)


@lru_cache(maxsize=256)
def _role_senses(wordnet_dir: Path, word: str) -> frozenset[str]:
    """``word``'s noun senses (or its singular's)."""
    senses = noun_senses(wordnet_dir)
    return frozenset().union(*(senses.get(w, frozenset()) for w in singulars(word)))


def names_the_role(question: str, answer: str, wordnet_dir: Path | None = None) -> bool:
    """Whether an answer to "who is the <role>" or "what is the name of the <role>" gives a
    name beside the role's word ("Maximilian Treu is the lawyer", "Okrent's attorney,
    Maximilian Treu"), not a name in another role ("Matthias Odlander, the federation's
    president" for the integrity officer) or a name elsewhere ("the letter went to the
    integrity officer", said Odlander). With ``wordnet_dir``, a synonym or a kind of the role
    counts ("attorney" for "lawyer", "spokeswoman" for "spokesperson").

    >>> q = "What is the name of the integrity officer to whom the letter was addressed?"
    >>> names_the_role(q, "Odlander said the letter was addressed to the integrity officer.")
    False
    >>> names_the_role(q, "Kvell wrote to Matthias Odlander, the federation's president.")
    False
    >>> names_the_role(q, "The integrity officer, Petra Lind, received the letter.")
    True
    >>> names_the_role("Who is the lawyer representing Okrent?", "Okrent's lawyer is Max Treu.")
    True
    >>> names_the_role("Who accused Trump?", "Kaja Kallas accused Trump.")
    True
    >>> from rag.settings import Settings
    >>> q, w = "Who is the commander of the fire service?", Settings().wordnet_dir
    >>> names_the_role(q, "It is headed by Lena Marek.", w), names_the_role(q, "Lena Marek.", w)
    (True, True)
    >>> names_the_role(q, "Jonas Metz, the director of civil protection, spoke.", w)
    False
    """
    asked = _ROLE_ASKED.match(question)
    if asked is None:
        return True
    role = asked.group(1).split()[-1].lower()
    mine = _role_senses(wordnet_dir, role) if wordnet_dir is not None else frozenset()
    graph = noun_graph(wordnet_dir) if wordnet_dir is not None and mine else None

    def is_role(token: str) -> bool:
        low = token.lower()
        if low in (role, role.rstrip("s")) or low.rstrip("s") == role.rstrip("s"):
            return True
        if graph is None or wordnet_dir is None:
            return False
        theirs = _role_senses(wordnet_dir, low)
        return bool(theirs & mine or graph.kinds(theirs) & mine)

    asked_words = {w.lower() for w in re.findall(r"[\w'’-]+", question)}

    def new_name(token: str) -> bool:
        return token[:1].isupper() and token.lower() not in asked_words and token.lower() not in STOPWORDS

    mentioned = False
    for sentence in re.split(r"(?<=[.!?])\s+", answer):
        for word in re.finditer(r"[\w'’-]+", sentence):
            if not is_role(word.group().removesuffix("'s").removesuffix("’s")):
                continue
            mentioned = True
            # "Omar Kell, the chief surgeon", "Kell is the surgeon"; "the surgeon, Omar Kell",
            # "the chief surgeon is Omar Kell": not "Ames said the surgeon…".
            before = _NAMED_BEFORE.search(sentence[: word.start()])
            after = _NAMED_AFTER.match(sentence[word.end() :])
            if any(m is not None and new_name(m.group(1)) for m in (before, after)):
                return True
    if mentioned or graph is None or wordnet_dir is None:
        return False  # the role is there, with no one's name beside it
    # Said in other words ("the service is headed by Lena Marek", or the name alone): held
    # only where a name the answer gives is apposed with another role ("Matthias Odlander,
    # the federation's president"): the answer is about people in other roles.
    first = first_senses(wordnet_dir)

    def a_person(word: str) -> bool:
        return any(graph.lexfile.get(first.get(w, "")) == _PERSON_NOUNS for w in singulars(word.lower()))

    return not any(
        a_person(w) for m in _APPOSED.finditer(answer) for w in re.findall(r"\b[a-z][\w-]+", m.group(2) or "")
    )


# A name set beside a role: before it ("Kell, the hospital's chief", "Kell is its") or after
# it ("surgeon, Omar Kell", "surgeon is Dr Omar Kell").
_NAMED_BEFORE = re.compile(r"([A-Z][\w'’-]+)(?:,|\s+(?:is|was|as))\s+(?:[\w'’-]+\s+){0,5}$")
_NAMED_AFTER = re.compile(r"(?:'s|’s)?(?:,|\s+(?:is|was))?\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?([A-Z][\w'’-]+)")
# A name and what follows it up to the next comma or full stop (an apposition, if any).
_APPOSED = re.compile(r"\b((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)(?:,\s+([^,.;]{3,80}))?")
_PERSON_NOUNS = 18  # WordNet's lexicographer file noun.person


# "Which products did …", "What conditions has …": a question for which things, by name.
_WHICH_THINGS = re.compile(
    r"\s*(?:which|what)\s+([a-z]+s)\s+(?:did|do|does|were|are|was|is|have|has|had|will|would)\b", re.I
)


def only_counted(text: str, thing: str) -> bool:
    """Whether every mention of ``thing`` (a plural noun) in ``text`` is counted by a number
    at most three words before it ("three of its products"), and there is one.

    >>> only_counted("It recalled three of its products.", "products")
    True
    >>> only_counted("Three products, Brie among them, are sold as Hollis products.", "products")
    False
    """
    key = features(thing).content
    words = [features(w) for w in WORD_TOKEN.findall(text)]
    at = [i for i, f in enumerate(words) if key and key <= f.content]
    return bool(at) and all(any(w.numbers for w in words[max(0, i - 3) : i]) for i in at)


_YEAR = re.compile(r"(?<![\d,.])[12]\d{3}(?![\d,]\d)")
# "in 2025", "during January 2025", "in early 2024": a year an event is set in. Not "since
# 2022" or "before 2020", which ask about a span of years.
_IN_YEAR = re.compile(
    r"\b(?i:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(1[89]\d\d|2\d\d\d)\b"
)


def years_asked(question: str) -> frozenset[str]:
    """The years ``question`` sets its event in: its scene's ("in the 1998 Orsa flood") and
    any "in <year>".

    >>> sorted(years_asked("How many people died in the 1998 Orsa flood?"))
    ['1998']
    >>> sorted(years_asked("How many drones did Russia launch at Odesa in January 2025?"))
    ['2025']
    >>> years_asked("How many soldiers has Ukraine lost since 2022?"), years_asked("Who won?")
    (frozenset(), frozenset())
    """
    scene = setting(question)
    return frozenset(_YEAR.findall(scene) if scene else ()) | frozenset(_IN_YEAR.findall(question))


def in_year_asked(years: frozenset[str], sentence: str, paragraph: str, published: str | None) -> bool:
    """Whether ``sentence`` tells of an event in one of ``years``: it names one of them; or
    it names no year, and its ``paragraph`` names one or its article was ``published``
    (ISO date) in one. A true sentence about this year's flood is no answer for 1998's,
    though both are about "the Orsa flood".

    >>> y = frozenset({"1998"})
    >>> in_year_asked(y, "It crested above the record set in 1998.", "", "2026-03-12")
    True
    >>> in_year_asked(y, "The death toll rose to 19.", "The death toll rose to 19.", "2026-03-12")
    False
    >>> p = "The 1998 flood was the worst. It killed 31 people."
    >>> in_year_asked(y, "It killed 31 people.", p, "2026-03-12")
    True
    >>> in_year_asked(y, "It rose on Tuesday (10 March 2026).", "In 1998 it rose too.", "2026-03-12")
    False
    >>> in_year_asked(frozenset({"2026"}), "The death toll rose to 19.", "", "2026-03-12")
    True
    >>> s = "Founded in 1996, it carried 3.4 million passengers last year."
    >>> [in_year_asked(frozenset({y}), s, s, "2027-01-20") for y in ("2025", "2026")]
    [False, True]
    """
    named = years_told(sentence, published)
    if named:
        return bool(named & years)
    if years_told(paragraph, published) & years:
        return True
    return published is not None and published[:4] in years


_YEAR_SHIFT = {"last year": -1, "this year": 0, "next year": 1}


def years_told(text: str, published: str | None) -> set[str]:
    """The years ``text`` names, and its "last year", "this year" and "next year" (as the
    features read periods: "the coming year" too) counted from ``published`` (ISO date; not
    counted when undated).

    >>> sorted(years_told("Founded in 1996, it carried 3.4 million passengers last year.", "2027-01-20"))
    ['1996', '2026']
    >>> sorted(years_told("It carried 3.4 million passengers last year.", None))
    []
    """
    found = set(_YEAR.findall(text))
    if published:
        found |= {
            str(int(published[:4]) + _YEAR_SHIFT[p]) for p in features(text).periods if p in _YEAR_SHIFT
        }
    return found


# "Who is Jara Novak?", "Who was Felix Amsel?": a question for what someone named is.
_WHO_IS_NAMED = re.compile(r"\s*(?i:who)\s+(?i:is|was|are|were)\s+(?:[A-Z][\w'’.-]*\s*){1,4}\??\s*")


_QUESTION_WORD = r"(?:what|who|whom|whose|when|where|why|which|how)\b"
# ", and what …", "; who …", " and how …": where a second question begins.
_NEXT_QUESTION = re.compile(rf"(?:\s*[,;]\s*(?:and\s+|but\s+)?|\s+and\s+)(?={_QUESTION_WORD})", re.I)


def sub_questions(question: str) -> list[str]:
    """The questions a compound question asks: clauses joined by "and" (or a comma) that each
    open with a question word and name someone or something of their own. A clause that
    names nothing ("…, and what did each send?") leans on the one before for its subject,
    so such a question is answered whole; but a count of the same thing ("How many ballots
    were rejected, and how many remained rejected?") is asked of that thing again.

    >>> sub_questions("Who accused Trump of appeasing Russia, and what did Putin demand?")
    ['Who accused Trump of appeasing Russia?', 'What did Putin demand?']
    >>> sub_questions("How high did the Orsa crest, and how did that compare with the record?")
    ['How high did the Orsa crest, and how did that compare with the record?']
    >>> sub_questions("What did Putin say about the talks between Russia and Ukraine?")
    ['What did Putin say about the talks between Russia and Ukraine?']
    >>> sub_questions("Ahead of the call with Putin, what did Trump say about the talks?")
    ['Ahead of the call with Putin, what did Trump say about the talks?']
    >>> sub_questions("In March, who met Putin in Moscow, and what did Witkoff say of him?")
    ['In March, who met Putin in Moscow?', 'What did Witkoff say of him?']
    """
    whole = question.strip()
    pieces = _pieces(whole)
    if len(pieces) < 2 or not all(stands_alone(p) for p in pieces):
        return [whole]
    return pieces


def leaning_parts(question: str) -> list[str]:
    """The questions of a compound question whose later parts lean on the first for what they
    are about ("…, and what did each send?"): each to be made to stand alone from the first
    before it is asked. [] for a question that is not such a compound.

    >>> leaning_parts("Roughly how long was the Kalder Bridge, and when was it built?")
    ['Roughly how long was the Kalder Bridge?', 'When was it built?']
    >>> leaning_parts("Who accused Trump, and what did Putin demand?")
    []
    >>> leaning_parts("How many people died, and who ordered it?")
    ['How many people died?', 'Who ordered it?']
    >>> leaning_parts("What happened, and who ordered it?"), leaning_parts("Who won?")
    ([], [])
    """
    pieces = _pieces(question.strip())
    if len(pieces) < 2 or not stands_alone(pieces[0]) or all(stands_alone(p) for p in pieces):
        return []
    return pieces


def parts_left(question: str, answer: str, wordnet_dir: Path | None = None) -> list[str]:
    """The later parts of a compound question answered whole ("Who accused Trump, and when
    did she say it?") that ask for a date, a number or a name ``answer`` does not give.
    The first part is the one the answer was checked against; a part asking "what" or "why"
    cannot be told answered from its words, so it is not listed.

    >>> q = "Who accused Trump of appeasing Russia, and when did she say it?"
    >>> parts_left(q, "Kaja Kallas accused Trump of appeasing Russia [1].")
    ['When did she say it?']
    >>> parts_left(q, "Kaja Kallas accused Trump of appeasing Russia on 12 March [1].")
    []
    >>> parts_left("Who leads it, and how many staff does it have?", "Ana Ruiz leads it [1].")
    ['How many staff does it have?']
    >>> parts_left("Who leads it, and what did he say?", "Ana Ruiz leads it [1]."), parts_left(
    ...     "Who won the vote?", "Ana Ruiz won [1].")
    ([], [])
    """
    pieces = _pieces(question.strip())
    if len(pieces) < 2:
        return []
    return [p for p in pieces[1:] if asks_for_kind(p) and not answers_the_question(p, answer, wordnet_dir)]


def stands_alone(question: str) -> bool:
    """Whether a question names what it is about, or counts a thing of its own."""
    question = question.rstrip(" ?")
    return bool(_names(question)) or _stands_as_count(question)


def _pieces(whole: str) -> list[str]:
    """The questions of ``whole``, each a question of its own (one: ``whole`` itself)."""
    pieces = [p.strip(" ,;?") for p in _NEXT_QUESTION.split(whole)]
    if len(pieces) >= 2 and not _OPENS_QUESTION.match(pieces[0]):
        # "Ahead of the call with Putin, what did Trump say …": a phrase that sets the scene
        # of the question after it, not a question of its own.
        pieces = [f"{pieces[0]}, {pieces[1]}", *pieces[2:]]
    counted = _counted(pieces[0])
    if counted:  # "…, and how many remained rejected": the count of the same thing
        pieces = [pieces[0], *(_HOW_MANY_VERB.sub(rf"\1 {counted}", p, count=1) for p in pieces[1:])]
    if len(pieces) < 2:
        return [whole]
    return [p[0].upper() + p[1:] + "?" for p in pieces]


_HOW_MANY = re.compile(r"^\s*(?:[a-z]+ly,?\s+)?how (?:many|much)\s+", re.I)
# "how many" straight before its verb ("how many were injured"): the count of a thing named before.
_HOW_MANY_VERB = re.compile(
    r"^(\s*how (?:many|much))(?=\s+(?:\w+ed|" + "|".join(sorted(AUXILIARIES)) + r")\b)", re.I
)
_LEANS = re.compile(r"\b(?:it|its|they|them|their|he|him|his|she|her|that|those|each)\b", re.I)


def _verb_like(word: str) -> bool:
    return word.lower() in AUXILIARIES or (word.lower().endswith("ed") and len(word) > 3)


def _counted(piece: str) -> str:
    """What a "how many" question counts: the words between "how many" and its verb
    ("ballots" in "How many ballots were rejected"); "" for another question.

    >>> _counted("How many ballots were rejected in the count"), _counted("Who won the vote")
    ('ballots', '')
    """
    opening = _HOW_MANY.match(piece)
    if not opening:
        return ""
    words = piece[opening.end() :].split()
    verb = next((i for i, w in enumerate(words) if _verb_like(w)), 0)
    return " ".join(words[:verb]) if 0 < verb <= 4 else ""


def _stands_as_count(piece: str) -> bool:
    """A "how many <things> <verb> …" question that leans on nothing before it ("how many were
    injured" does, as "how many of them" and "how many did it send" do)."""
    return bool(_counted(piece)) and not _LEANS.search(piece)


# A question's opening: a question word (after an adverb: "Roughly how …", "Briefly, what …")
# or an auxiliary ("Did …", "Is …").
_OPENS_QUESTION = re.compile(
    rf"\s*(?:[a-z]+ly,?\s+)?{_QUESTION_WORD}|\s*(?:did|does|do|is|are|was|were|has|have|had|can|will)\b",
    re.I,
)


_GATHERS = re.compile(
    r"^\s*(list|describe|summari[sz]e|outline|trace)\b|\bacross the\b|\b(each|every)\b"
    r"|\bhow (has|have|had|did|does|do) .+ (change|evolve|develop)",
    re.I,
)


def _names(question: str) -> frozenset[str]:
    """The names a question names (its capitalised first word is no sign of one)."""
    return features(question).names - _first_word_names(question)


def absent_names(names: frozenset[str], content: frozenset[str]) -> set[str]:
    """The names of ``names`` that ``content`` does not mention in any of their forms. A
    capital counts as mentioned where its country is: a question about what "Washington"
    did is about what the articles call the US.

    >>> absent_names(features("Washington and Paris").names, features("The US").content)
    {'pari'}
    """
    absent = name_difference(names, content)
    for capital, country in capital_names():
        if capital <= absent and not name_difference(country, content):
            absent -= capital
    return absent


def gathers(question: str) -> bool:
    """Whether a question asks for what several articles may each hold part of: a list, a
    description of a change, something about each one, or "across the articles".

    >>> gathers("List the decisions the ministry took."), gathers("Describe how the aid changed.")
    (True, True)
    >>> gathers("What did each country send?"), gathers("How many people died?")
    (True, False)
    """
    return bool(_GATHERS.search(question))


def _joined(question: str, parts: list[str], answers: list[Answer], check: _Verification | None) -> Answer:
    """A compound question's answer: the parts answered, in order, with the citations they use,
    and the parts the articles don't answer, named. When no part is answered it abstains.
    Without ``parts``, ``answers`` are one question's answers from one article each: those
    articles that answer it are joined, and the others go unmentioned."""
    every = check.every if check is not None else []
    model = answers[0].model
    unanswered = [p for p, a in zip(parts, answers, strict=False) if a.abstained]
    done = _untold([a for a in answers if not a.abstained])
    if not done:
        named = parts or [f"{a.question} (one article)" for a in answers]
        reason = "; ".join(f"{p} {a.abstain_reason}" for p, a in zip(named, answers, strict=True))
        cause = answers[0].abstain_cause
        abstention = prompts.abstention()
        return Answer(question, abstention, True, [], every, {}, model, reason, cause, False, parts, parts)
    # Each part's answer lists the numbering's every citation: keep those its shown sentences use.
    used = {
        n
        for a in done
        for r in a.sentences
        if r.supported
        for n in [*r.citations, *(v["citation"] for v in (r.revision or {}).get("versions", []))]
    }
    cited = [c for c in (check.citations.values() if check else []) if c.id in used]
    text = " ".join(a.answer for a in done)
    if unanswered:
        text += " " + _unanswered_note(unanswered)
    extractive = all(a.extractive for a in done)
    return Answer(question, text, False, cited, every, {}, model, None, None, extractive, parts, unanswered)


def _unanswered_note(parts: list[str]) -> str:
    """What closes an answer that leaves ``parts`` of its question unanswered."""
    return prompts.template("answer", "unanswered").format(questions=" ".join(parts))


def _untold(answers: list[Answer]) -> list[Answer]:
    """The answers that tell something the ones before them have not: a part of a compound
    question answered by what answered the part before, in other words ("The Orsa crested at
    8.4 metres, half a metre above the record" twice), is not told twice; nor is an article's
    answer to a question asked of each article that an earlier article's already gave. Its
    sentences were streamed as they were verified; the answer the page shows at the end has
    it once."""
    kept: list[Answer] = []
    told: set[str] = set()
    for a in answers:
        words = features(_MARKER.sub("", a.answer)).content
        if not kept or not words <= told:
            kept.append(a)
            told |= words
    return kept


_WHAT_DID = re.compile(r"^\s*what\s+(?:did|does|do|has|have|had|will|would|could|can|should)\s+(.+)", re.I)
_SAYING = frozenset({"say", "tell"})  # ask for whatever was said, in any reporting verb
_LIGHT_VERBS = frozenset("do be have happen make get".split())  # they say nothing of the answer


def _predicate(question: str, verbs: frozenset[str]) -> str | None:
    """The verb a "what did X *call* Y" question asks about: the first lower-case word after
    its auxiliary that WordNet has as a verb, not after a determiner ("the *company*").

    >>> v = frozenset({"call", "company", "say", "do"})
    >>> _predicate("What did Governor Vondel call it?", v), _predicate("What did the company say?", v)
    ('call', 'say')
    >>> _predicate("What did Orsa Hydro do with the level?", v), _predicate("Who called?", v)
    (None, None)
    """
    m = _WHAT_DID.match(question)
    if not m:
        return None
    words = re.findall(r"[A-Za-z]+", m.group(1))
    for k, w in enumerate(words):
        if w.islower() and w in verbs and not (k and words[k - 1].lower() in DETERMINERS):
            return None if w in _LIGHT_VERBS else w
    return None


def acts_asked(question: str, verbs: frozenset[str], irregular: Mapping[str, str]) -> frozenset[str]:
    """The verbs a question asks about in a past form ("List the countries that *sent* help",
    "the decisions the ministry *took*"), as lemmas; a base form ("help", "change") may be a
    noun, and a light verb ("made") says nothing of the answer.

    >>> acts_asked("List the countries that sent help.", frozenset({"send", "help"}), {"sent": "send"})
    frozenset({'send'})
    >>> sorted(acts_asked("List what was decided and changed.", frozenset({"decide", "change"}), {}))
    ['change', 'decide']
    """
    found = set()
    for w in re.findall(r"\b[a-z]+\b", question.split(None, 1)[1] if " " in question else ""):
        lemma = irregular.get(w) or next(
            (w[:-k] for k in (1, 2) if w.endswith("ed") and w[:-k] in verbs), None
        )
        if lemma and lemma != w and lemma not in _LIGHT_VERBS:
            found.add(lemma)
    return frozenset(found)


def states_verb(text: str, verb: str, irregular: Mapping[str, str]) -> bool:
    """Whether ``text`` uses ``verb`` as a verb, in any of its forms ("called", "told" for
    "tell"), not as a noun after a determiner ("the call shown in the log"). "What did X say"
    is answered by any reporting verb or a quotation; "call", "urge" by those verbs only.

    >>> states_verb("She called it a fairy tale.", "call", {}), states_verb("The call went out.", "call", {})
    (True, False)
    >>> states_verb("Lavrov told reporters no deal was near.", "say", {"told": "tell"})
    True
    >>> states_verb("The stolen files held names.", "steal", {"stolen": "steal"})
    True
    """
    asked = stem(verb)
    reporting = verb in _SAYING
    if reporting and re.search(r"[\"“”]", text):
        return True
    words = re.findall(r"[A-Za-z]+", text)
    for k, w in enumerate(words):
        low = w.lower()
        # After a determiner a word is a noun ("the call"), unless it is a past participle,
        # which says the act was done ("the stolen files", "the postponed procedures").
        participle = low in irregular or (low.endswith("ed") and low != verb)
        if k and words[k - 1].lower() in DETERMINERS and not participle:
            continue
        form = stem(irregular.get(low, low))
        if form == asked or (reporting and form in REPORTING):
            return True
    return False


def _with_antecedent(
    text: str, spans: list[tuple[int, int]], at: tuple[int, int], reach: int = 2
) -> list[str]:
    r"""The sentence of ``text`` at ``at``; when it opens with a pronoun, preceded by the
    sentences of its paragraph back to the nearest one that does not (at most ``reach``), so a
    quote names whom "she" is.

    >>> t = "Petra Vondel rejected it. She said no. She called it a fairy tale."
    >>> _with_antecedent(t, [(0, 25), (26, 38), (39, 66)], (39, 66))
    ['Petra Vondel rejected it.', 'She said no.', 'She called it a fairy tale.']
    >>> _with_antecedent("A said so.\nShe left.", [(0, 10), (11, 20)], (11, 20))
    ['She left.']
    """
    run = [at]
    k = spans.index(at)
    while OPENS_WITH_PRONOUN.match(text[run[0][0] : run[0][1]]) and k > 0 and len(run) <= reach:
        k -= 1
        if "\n" in text[spans[k][1] : run[0][0]]:
            break
        run.insert(0, spans[k])
    if OPENS_WITH_PRONOUN.match(text[run[0][0] : run[0][1]]):
        run = [at]  # no sentence of the paragraph names the subject
    return [text[s:e] for s, e in run]


class Answerer:
    def __init__(
        self,
        retriever: HybridRetriever,
        llm: LLM,
        evidence: Evidence,
        settings: Settings,
        answer_judge: AnswerJudge | None = None,
    ) -> None:
        self.retriever = retriever
        self.llm = llm
        self.settings = settings
        self.evidence = evidence
        self.answer_judge = answer_judge  # reads whether verified sentences answer; None: rules only

    def standalone(self, question: str, history: list[dict[str, str]]) -> str:
        """Rewrite a follow-up into a standalone question from the conversation so far."""
        if not history:
            return question
        lines = [f"{m['role']}: {' '.join(m['content'].split())}" for m in history[-6:]]
        messages: list[Message] = [
            {"role": "system", "content": prompts.template("rewrite", "system")},
            {
                "role": "user",
                "content": prompts.template("rewrite", "user").format(
                    history="\n".join(lines), question=question.strip()
                ),
            },
        ]
        rewritten = self.llm.complete(messages, 64, 0.0).strip().strip('"').splitlines()
        first = rewritten[0].strip() if rewritten else ""
        # A rewrite that drifted (empty, or an answer instead of a question) is not used.
        return first if first and len(first) < 4 * len(question) + 200 else question

    def stand_alone(self, question: str) -> list[str]:
        """A compound question whose later parts lean on the first ("Roughly how long was the
        Kalder Bridge, and when was it built?") as questions that each stand alone, each later
        part rewritten from the first as a follow-up is ("When was the Kalder Bridge built?").
        Asked whole, the small model answered one part and left the other. ``[question]`` when
        it is no such compound, or when a rewrite still leans, or asks another kind of
        question ("what" become "who"): the model did not make it stand alone."""
        pieces = leaning_parts(question)
        if not pieces:
            return [question]
        first, parts = pieces[0], [pieces[0]]
        for piece in pieces[1:]:
            if not stands_alone(piece):
                rewritten = self.standalone(piece, [{"role": "user", "content": first}])
                same_kind = rewritten.split(" ", 1)[0].lower() == piece.split(" ", 1)[0].lower()
                if not (
                    stands_alone(rewritten) and same_kind and rewritten.endswith("?") and rewritten != first
                ):
                    return [question]
                piece = rewritten
            parts.append(piece)
        return parts

    def ask(self, question: str, top_k: int | None = None, sources: list[str] | None = None) -> Answer:
        result: Answer | None = None
        for name, payload in self.stream(question, top_k, sources):
            if name == "done":
                result = payload["answer"]
        assert result is not None
        return result

    def stream(
        self, question: str, top_k: int | None = None, sources: list[str] | None = None
    ) -> Iterator[Event]:
        """Verified sentences as the model completes them, then the final answer.

        Nothing unverified is emitted: each sentence of the draft is checked the moment the
        next one begins, and only a supported one is sent (``sentence``); one that fails is
        announced without its text (``withheld``). For "who/when/how many" questions supported
        sentences are held until one gives what was asked, so a stream never shows a true
        sentence that the final answer then drops as no answer. ``done`` carries the answer.

        A compound question ("Who accused Trump, and what did Putin demand?") is answered part
        by part, each from its own evidence and verified on its own; the answer joins the parts
        answered, with one numbering of citations, and names the parts the articles don't answer.
        A question whose answer is spread over articles ("List…") is asked of each article; one
        "as of" a date is answered from the articles published by then.
        """
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        day, sources = self.known_by(question, sources)
        # An "as of" date bounds what is read: it is no fact the evidence must state again.
        asked = without_as_of(question) if day else question
        parts = sub_questions(asked)
        if len(parts) == 1:
            parts = self.stand_alone(asked)
        plan: list[tuple[str, list[str] | None]] = [(p, sources) for p in parts]
        articles = self.articles(asked, top_k, sources) if len(parts) == 1 and gathers(asked) else []
        if len(articles) > 1:
            # "List…", "Describe how … changed", "… each …": the answer is spread over several
            # articles, so each is asked on its own, oldest first, and the answers are joined.
            plan = [(asked, [a]) for a in articles]
        answers: list[Answer] = []
        check: _Verification | None = None
        # An article asked on its own may answer with something true of another subject: its
        # answer counts only if it names one of the question's names, and so does each sentence
        # shown (or it continues one that does).
        about = asked if len(plan) > 1 and len(parts) == 1 else ""
        for part, within in plan:
            check, sub = yield from self._part(part, top_k, within, check, timings, t0, about)
            answers.append(sub)
        if len(parts) > 1:
            answer = _joined(question, parts, answers, check)
        elif len(plan) > 1:
            answer = _joined(question, [], answers, check)
        else:
            answer = answers[0]
            if not answer.abstained and check is not None:
                # A compound question answered whole: a later part asking for a date, number
                # or name the shown sentences do not give is named, as a part answered on its
                # own and declined would be, not left for the reader to miss.
                said = " ".join(r.draft or r.text for r in check.shown())
                left = parts_left(asked, said, self.evidence.checker.wordnet_dir)
                if left:
                    answer.answer, answer.unanswered = f"{answer.answer} {_unanswered_note(left)}", left
        answer.question, answer.as_of = question, day
        timings["verification_ms"] = round(sum(a.timings.get("verification_ms", 0.0) for a in answers), 1)
        timings["total_ms"] = _ms(t0)
        answer.timings = timings
        yield "done", {"answer": answer}

    def _part(
        self,
        question: str,
        top_k: int | None,
        sources: list[str] | None,
        prior: _Verification | None,
        timings: dict[str, float],
        t0: float,
        about: str = "",
    ) -> Generator[Event, None, tuple[_Verification, Answer]]:
        """One question (or one part of a compound one) answered and verified; its events are
        yielded, and its verification and answer returned. ``prior`` is the
        verification of the parts before, whose citation numbers this one continues."""
        yield "status", {"stage": "searching"}
        t = time.perf_counter()
        passages = self.retrieve(question, top_k, sources)
        timings.setdefault("retrieval_ms", _ms(t))
        check = _Verification(
            self.evidence,
            [],
            passages,
            self._reviser(sources, question),
            prior,
            about,
            self.answer_judge,
            self.settings.quote_min_overlap,
        )

        reason = self._weak_evidence(question, passages)
        if reason:
            return check, self._abstain(question, reason, {}, t0)

        check.sources = shown = self.select(question, passages)
        timings.setdefault("selection_ms", round(_ms(t) - timings["retrieval_ms"], 1))
        yield "status", {"stage": "reading", "passages": len(shown)}
        held: list[SentenceResult] = []

        def release(results: list[SentenceResult]) -> Iterator[Event]:
            for r in results:
                if r.off_topic:
                    continue  # true, so not "withheld"; about something else, so not shown
                if not r.supported:
                    yield "withheld", {"index": check.index(r), "verdict": r.verdict, "score": r.score}
                    continue
                held.append(r)
                if not check.answers(question, check.shown()):
                    continue
                for h in held:
                    timings.setdefault("first_sentence_ms", _ms(t0))
                    yield "sentence", check.payload(h)
                held.clear()

        common = self.evidence.checker.common_word  # how a list item joins its lead-in
        t1 = time.perf_counter()
        draft = ""
        # When checking asks the same model, it must wait until the model has finished
        # writing: sentences are then checked, and sent, one by one after generation.
        waiting: list[tuple[str, list[int]]] = []
        defer = self.evidence.needs(self.llm)
        # A "who", "when" or "how many" question is answered by the first verified sentence
        # that gives a name, date or number: the rest of a draft costs seconds of decoding and
        # checking, and a journalist waits for the whole answer.
        # Not for a compound question answered whole: what answers its first part is not the
        # answer to its second ("…, and what figure did the airline give?").
        stop = (
            self.settings.stop_when_answered
            and not defer
            and asks_for_kind(question)
            and len(_pieces(question.strip())) == 1
        )
        pieces = self.llm.stream(
            build_messages(question, shown), self.settings.max_tokens, self.settings.temperature
        )
        for piece in pieces:
            if not draft:
                timings.setdefault("first_token_ms", _ms(t0))
                # Call to first token: the wait for the model's turn plus prompt evaluation.
                timings.setdefault("prompt_eval_ms", _ms(t1))
                yield "status", {"stage": "writing"}
            draft += piece
            complete, rest = complete_sentences(draft, common)
            if complete:
                draft = draft[rest:]
                if defer:
                    waiting.extend(complete)
                else:
                    yield from release(check.add(complete))
                    if stop and not held and check.shown():
                        draft = ""
                        timings["stopped_early"] = 1
                        break
        close = getattr(pieces, "close", None)
        if close is not None:
            close()  # frees the model at once when the answer was complete before the draft
        generation = _ms(t1)
        timings["generation_ms"] = round(timings.get("generation_ms", 0.0) + generation, 1)
        timings.setdefault("decode_ms", round(generation - timings.get("prompt_eval_ms", 0.0), 1))
        if defer:
            yield "status", {"stage": "checking"}
        for sentence in [*waiting, *split_draft(draft, common)]:
            yield from release(check.add([sentence]))

        def give(quote: list[str], judged: bool) -> Generator[Event, None, Answer | None]:
            """The article's own sentences ``quote``, verified like any other sentence; the
            answer they make, if it answers. ``judged``: the answer judge already read them."""
            # The quote stands in for the draft: its true sentences that did not answer were
            # never shown, and are not shown beside it ("Kallas is the EU High Representative
            # accused of President Trump…" ahead of the article's own sentence saying the same).
            check.retire()
            held.clear()
            quoted_results = check.add([(q, []) for q in quote])
            if judged or self._plainly_answers(question, " ".join(quote), focused=True, last=quote[-1]):
                # Its own words passed the quote's tests: not with its paragraph's scene
                # ("in the fire at a Kyiv school" read from the paragraph, "six people were
                # injured" from the sentence), nor as a restatement's weaker ones.
                check.quoted.update(id(r) for r in quoted_results)
            if not all(r.supported for r in quoted_results):
                # A quote stands whole or not at all: its lead sentences alone answer nothing.
                for r in quoted_results:
                    r.supported, r.citations = False, []
            yield from release(quoted_results)
            quoted = check.answer(question, self.llm.name)
            if quoted.abstained:
                return None
            quoted.extractive = True
            return quoted

        answer = check.answer(question, self.llm.name)
        if answer.abstained and self.settings.quote_fallback:
            # The model declined, or its draft failed the check: an article sentence that
            # plainly answers is given in its own words, verified like any other sentence.
            quote = self.quotable(question, passages) or self.restated(question, check.overruled)
            if quote is not None:
                answer = (yield from give(quote, judged=False)) or answer
        if answer.abstain_cause == "model_declined" and self.settings.retry_declined:
            # After the quote: a quote that plainly answers is surer than a second draft.
            # The small model declines with the answer in front of it: asked once more with
            # only the sentences that plainly hold it, it reads them. Verified like any draft.
            strong = self.strongest(question, passages)
            if strong:
                check.sources = [[p] for p in strong]
                retry = self.llm.complete(
                    build_messages(question, check.sources, "retry"),
                    self.settings.max_tokens,
                    self.settings.temperature,
                )
                for sentence in split_draft(retry, common):
                    yield from release(check.add([sentence]))
                answer = check.answer(question, self.llm.name)
                timings["retries"] = timings.get("retries", 0) + 1
        if answer.abstained and self.settings.quote_fallback and self.settings.judged_quote:
            # The rules' tests of a quote are strict (every name in the sentence itself, half
            # the question's words): the answer judge reads the best sentences that hold the
            # kind of answer asked for, and quotes one only when it surely answers.
            quote = self.judged_quote(question, passages)
            if quote is not None:
                answer = (yield from give(quote, judged=True)) or answer
                timings["judged_quotes"] = timings.get("judged_quotes", 0) + 1
        answer.timings = {"verification_ms": round(check.seconds * 1000, 1)}
        if answer.abstained:
            check.forget()  # nothing of it was shown: the next part's citations number on
        return check, answer

    def known_by(self, question: str, sources: list[str] | None) -> tuple[str | None, list[str] | None]:
        """For a question "as of" a date ("how many had died by 9 March?"): that date, and the
        articles published by then, so neither the answer nor its revision check reads a later
        figure. Undated articles cannot be placed and are left out; when no dated article
        qualifies, the question is answered from ``sources`` as asked."""
        records = self.retriever.documents()
        dated = {s: r.published for s, r in records.items() if r.published}
        day = as_of(question, list(dated.values()))
        if day is None:
            return None, sources
        known = [s for s, p in dated.items() if p <= day and (not sources or s in sources)]
        return (day, known) if known else (None, sources)

    def articles(
        self, question: str, top_k: int | None, sources: list[str] | None, most: int = 3
    ) -> list[str]:
        """The articles of the passages retrieved for ``question`` (at most ``most``, best
        first), put in publication order: the dated ones oldest first, then the undated."""
        found = list(dict.fromkeys(p.source for p in self.retrieve(question, top_k, sources)))[:most]
        records = self.retriever.documents()
        dated = sorted((d, s) for s in found if (d := getattr(records.get(s), "published", None)))
        oldest_first = [s for _, s in dated]
        return oldest_first + [s for s in found if s not in oldest_first]

    def _reviser(
        self, sources: list[str] | None, question: str = ""
    ) -> Callable[[str, Span], Revision | None] | None:
        """How a verified sentence's figure is checked against later articles, if it is. A
        revision of another figure of the sentence than the one a "how many" question asks
        for is not the answer's: "23 ships diverted, 41 at anchor" keeps its 23 when the
        41 is later 17."""
        retriever = self.retriever
        if not self.settings.revisions or retriever is None:  # verify() may run without one
            return None

        def revise(claim: str, span: Span) -> Revision | None:
            found = revisions.find_revision(retriever, self.evidence, claim, span, sources=sources)
            return revisions.for_the_question(question, claim, found)

        return revise

    def retrieve(
        self, question: str, top_k: int | None = None, sources: list[str] | None = None
    ) -> list[Passage]:
        """The retrieved passages: what the answer may be checked against."""
        return merge_hits(self.retriever.search(question, top_k or self.settings.top_k, sources=sources))

    def select(self, question: str, passages: list[Passage]) -> list[Source]:
        """What the model reads, source by source: the best sentences of ``passages`` when a
        budget is set, else the whole passages."""
        budget = self.settings.evidence_chars
        if not budget:
            return [[p] for p in passages]
        return select_sentences(question, passages, self.retriever.embedder, budget)

    def quotable(self, question: str, passages: list[Passage]) -> list[str] | None:
        """The passages' sentence that plainly answers the question, if one does: it names
        every name the question does, holds the kind of answer asked for (a number for "how
        many", a name for "who", a date for "when"), the word asked about ("how many
        *drones*", "who *accused*", "when did it *expire*"), and at least
        ``quote_min_overlap`` of the question's other content words.
        Near misses fail one of these, so they are still declined.

        A sentence that opens with a pronoun ("She called the company's version …") is read
        with the sentences of its paragraph that lead to the one naming its subject, and they
        are quoted with it: each is the article's own sentence, verified on its own."""
        if _ASKS_KIND.search(question):
            # Which kind is no word, figure or name the rules can look for: "data on 212,000
            # patients had been stolen" holds every word of "what kind of data was stolen?"
            # and names no kind. The answer judge reads such questions (judged_quote).
            return None
        scene = setting(question)  # only a question with a scene reads the paragraph
        for i, s, e, run in self._runs(question, passages):
            around = self._paragraph(passages[i], s, e) if scene else ""
            lead = self._lead(passages[i], s, e) if scene else ""
            if self._plainly_answers(
                question, " ".join(run), focused=True, last=run[-1], around=around, lead=lead
            ):
                return run
        return None

    def _runs(self, question: str, passages: list[Passage]) -> Iterator[tuple[int, int, int, list[str]]]:
        """The passages' sentences, best-scoring first, as (passage, start, end, run): the run
        is the sentence with those of its paragraph that lead to the one naming its subject."""
        scored = sentence_scores(question, passages, self.retriever.embedder)
        starts: dict[int, list[tuple[int, int]]] = {}
        for i, s, e, _ in scored:
            starts.setdefault(i, []).append((s, e))
        for i, s, e, _ in sorted(scored, key=lambda x: -x[3]):
            yield i, s, e, _with_antecedent(passages[i].text, sorted(starts[i]), (s, e))

    def judged_quote(self, question: str, passages: list[Passage]) -> list[str] | None:
        """Of the best-scoring sentences of ``passages`` (each with the sentences that name its
        subject) that hold the kind of answer asked for and whose surroundings name every name
        of the question, the first ``judged_quote_candidates``: the one the answer judge is
        surest answers ``question``, if its P(yes) is at least ``judged_quote_threshold``;
        else None. A near miss about someone else is not even asked about.

        The budget counts only sentences that pass those tests: a lead sentence that names
        everything but gives no count ranks high on the question's words, and would spend
        it ("the number of laboratory-confirmed cases remained at 213" ranked tenth).
        """
        judge = self.answer_judge
        if judge is None:
            return None
        names = _names(question)
        best: tuple[float, list[str]] | None = None
        read = 0
        for i, s, e, run in self._runs(question, passages):
            if read >= self.settings.judged_quote_candidates:
                break
            text = " ".join(run)
            # The question's names where the verification will look for them (see
            # _Verification._names_the_question): a quote that fails there is never shown.
            around = [text, *self.evidence.surroundings(sub_passage(passages[i], s, e))]
            wordnet = self.settings.wordnet_dir
            if absent_names(names, features(" ".join(around)).content):
                continue
            if not answers_the_question(question, text, wordnet):
                continue
            read += 1
            p = judge.p_yes(question, text)
            if p is not None and p >= self.settings.judged_quote_threshold and (best is None or p > best[0]):
                best = (p, run)
        return best[1] if best else None

    def _paragraph(self, at: Passage, s: int, e: int) -> str:
        """The paragraph of the sentence at ``[s:e]`` of passage ``at``, from its article."""
        return self.evidence.paragraph(sub_passage(at, s, e)) or paragraph(at.text, s, e)

    def _lead(self, at: Passage, s: int, e: int) -> str:
        """The headline and lead of the article of the sentence at ``[s:e]`` of ``at``: a story
        names its scene there once, then says "the festival" ("There were 64 food stalls at
        this year's festival", a paragraph of its own, answers "… at this year's Lantern
        Market")."""
        return self.evidence.lead(sub_passage(at, s, e))

    def strongest(self, question: str, passages: list[Passage], most: int = 2) -> list[Passage]:
        """The best-scoring sentences of ``passages`` (at most ``most``) when the best of them
        names every name of the question and holds the kind of answer asked for; else none.
        A question that names no one and asks for no kind of answer (a date, a number, a
        person: "Which matches were postponed?") has nothing to hold a sentence to: none."""
        if not asks_for_kind(question) and not _names(question):
            return []
        scored = sorted(sentence_scores(question, passages, self.retriever.embedder), key=lambda x: -x[3])
        best = [sub_passage(passages[i], s, e) for i, s, e, _ in scored[:most]]
        if not best or not self._plainly_answers(question, best[0].text, focused=False):
            return []
        return best

    def restated(self, question: str, units: Sequence[str]) -> list[str] | None:
        """The article's own words for what the model restated wrongly: a unit the rules
        matched to a draft sentence that the judge then rejected (a garbled or reversed
        restatement of the right passage). It is given when it passes :meth:`quotable`'s
        tests but the two that tie a sentence to the question (the asked-about word, the
        share of the question's words): the model's sentence already tied this unit to it."""
        return next(([u] for u in units if self._plainly_answers(question, u, focused=False)), None)

    def _plainly_answers(
        self,
        question: str,
        text: str,
        focused: bool,
        last: str | None = None,
        around: str = "",
        lead: str = "",
    ) -> bool:
        """``last``: the sentence of ``text`` that answers (the others name its subject); it
        must itself use the verb a "what did X *call* Y" question asks about. ``around``: its
        paragraph, where the question's scene ("in his call with Trump") may be set instead."""
        verb = _predicate(question, self.verbs) if focused else None
        irregular = irregular_verbs(self.settings.wordnet_dir)
        if verb and not states_verb(last or text, verb, irregular):
            return False
        # Without a "did X <verb>", the act the question asks about in a past form: "which
        # hospitals *stopped* accepting ambulances" is not answered by "all four hospitals were
        # again accepting ambulances". (With one, a past form is in a clause of its own: "what
        # did Vondel call the version Orsa Hydro *gave*".)
        acts = self._acts(question) if focused and not verb else frozenset()
        if any(not states_verb(last or text, a, irregular) for a in acts):
            return False
        q = features(question)
        first = _first_word_names(question)
        focus, frame = _focus(question, self.verbs)
        names, words = q.names - first, q.content - q.names - first - frame
        f = features(text)
        found = f.content
        scene = setting(question)
        if scene and around:
            # The scene's own words count where the paragraph states them; the rest of the
            # question (who did what, about what) must still be in the sentence itself.
            found = found | (features(scene).content & features(around).content)
        if scene and lead:
            # The headline and lead lend the scene's names only: not its year or its other
            # words ("in the 1998 Orsa flood" is not set by a lead about this year's flood).
            found = found | (features(scene).names & features(lead).content)
        if scene and features(scene).numbers - f.numbers - features(around).numbers:
            return False  # the scene's year or date is a fact: in the sentence or its paragraph
        if name_difference(names, found) or (focused and focus and focus not in f.content):
            return False
        # Every name is there (in one of its forms); what is said of them is in the other words.
        if focused and len(words & found) < self.settings.quote_min_overlap * len(words):
            return False
        if focus and _ASKS_NUMBER.search(question) and not counts(text, focus, q.numbers):
            return False
        return answers_the_question(question, text, self.settings.wordnet_dir)

    @property
    def verbs(self) -> frozenset[str]:
        return verbs(self.settings.wordnet_dir)

    def _acts(self, question: str) -> frozenset[str]:
        return acts_asked(question, self.verbs, irregular_verbs(self.settings.wordnet_dir))

    def _weak_evidence(self, question: str, passages: list[Passage]) -> str | None:
        """Reasons to abstain before asking the model: cheaper and never invents."""
        if not passages:
            return "no article matches the question"
        best = max(p.similarity for p in passages)
        if best < self.settings.min_evidence_similarity:
            # The gate asks whether anything retrieved is about the question; a passage is
            # one of its sentences diluted by the rest, so its sentences are asked too.
            best = max(best, best_sentence_similarity(question, passages, self.retriever.embedder))
        if best < self.settings.min_evidence_similarity and not _names_in_full(question, passages):
            floor = self.settings.min_evidence_similarity
            return f"best passage or sentence similarity {best:.2f} is below {floor:.2f}"
        # An ordinal ("on the first day of the flood") places what is asked; an article need
        # not state it as a figure: only the question's other numbers must be mentioned.
        figures = counted_numbers(question)
        evidence = features(" ".join(p.title + " " + p.text for p in passages))
        # A name counts as mentioned in any of its forms (Russian / Russia).
        absent = sorted(absent_names(_names(question), evidence.content) | (figures - evidence.numbers))
        if absent:
            return f"the retrieved passages never mention: {', '.join(absent)}"
        return None

    def _abstain(
        self,
        question: str,
        reason: str,
        timings: dict[str, float],
        t0: float,
    ) -> Answer:
        timings["total_ms"] = _ms(t0)
        return Answer(
            question, prompts.abstention(), True, [], [], timings, self.llm.name, reason, "pre_check"
        )

    def verify(self, question: str, draft: str, passages: list[Passage]) -> Answer:
        """Keep the sentences a passage supports, each cited to its exact sentence-level span."""
        check = _Verification(
            self.evidence, [[p] for p in passages], passages, self._reviser(None), judge=self.answer_judge
        )
        check.add(split_draft(draft, self.evidence.checker.common_word))
        return check.answer(question, self.llm.name)


class _Verification:
    """The sentences of one draft, checked one at a time as they are completed; citation
    numbers are given in the order the supported sentences come, so a streamed sentence's
    numbers are those of the final answer."""

    def __init__(
        self,
        evidence: Evidence,
        sources: list[Source],
        fallback: list[Passage],
        revise: Callable[[str, Span], Revision | None] | None = None,
        prior: _Verification | None = None,
        about: str = "",
        judge: AnswerJudge | None = None,
        share: float = 0.5,
    ) -> None:
        self.evidence = evidence
        # When set (a question read article by article): the question's names, of which the
        # answer must mention one, and its other words, of which a sentence that names none of
        # them must hold ``share`` to be shown (as a quote must).
        q, first = features(about), _first_word_names(about)
        self.about = q.names - first  # as _names(about) reads them, from one reading
        self.words = q.content - q.names - first
        self.share = share
        # The act asked about ("sent"): "Malvonia sent six units" answers "List the countries
        # that sent help to Dravenia" without naming Dravenia or the question's other words.
        self.irregular: Mapping[str, str] = {}
        self.acts: frozenset[str] = frozenset()
        if about:
            wordnet = evidence.checker.wordnet_dir
            self.irregular = irregular_verbs(wordnet)
            self.acts = acts_asked(about, verbs(wordnet), self.irregular)
        self.judge = judge
        # Once the shown sentences answer, they have been sent: more true sentences cannot
        # un-answer them, and the final answer must be what streamed.
        self.answered = False
        # The article's own sentences given by the quote fallback (by identity) that passed
        # its tests in their own words: stricter tests of what was asked (every name, the
        # word asked about, half the question's words) than a model's draft, so the answer
        # judge does not read them.
        self.quoted: set[int] = set()
        self.revise = revise
        self.sources = sources  # as numbered to the model
        self.fallback = fallback  # all that was retrieved
        # Shared with the parts of a compound question before this one: one numbering of
        # citations, and sentence indices that count from the answer's first sentence.
        self.citations: dict[tuple[str, int, int], Citation] = prior.citations if prior else {}
        self.every: list[SentenceResult] = prior.every if prior else []
        self.first = len(self.every)
        self.numbered = len(self.citations)  # citations of the parts before
        self.overruled: list[str] = []  # units the rules matched and the judge rejected, in order
        self.seconds = 0.0

    @property
    def results(self) -> list[SentenceResult]:
        """This draft's sentences."""
        return self.every[self.first :]

    def add(self, sentences: list[tuple[str, list[int]]]) -> list[SentenceResult]:
        t0 = time.perf_counter()
        out = []
        for claim, cited in sentences:
            if (r := self._check(claim, cited)) is not None:
                self.every.append(r)  # before the next is checked: it may continue this one
                out.append(r)
        self.seconds += time.perf_counter() - t0
        return out

    def _check(self, claim: str, cited: list[int]) -> SentenceResult | None:
        if declines(claim):
            return None
        sources = self.sources
        found = self.evidence.best(
            claim, [p for n in cited if 1 <= n <= len(sources) for p in sources[n - 1]]
        )
        self._note_overruled(found)
        if not found.supported:
            # The model cited the wrong source, or none: look in every passage retrieved.
            found = self.evidence.best(claim, self.fallback)
            self._note_overruled(found)
        judgement, span = found.judgement, found.span
        if span is None or not found.supported:
            return SentenceResult(claim, [], False, judgement.verdict, judgement.score)
        if not self._on_topic(claim):
            return SentenceResult(claim, [], False, judgement.verdict, judgement.score, off_topic=True)
        shown = without_filing_line(dated_in_place(claim, self.evidence.relative_dates(span), span.text))
        result = SentenceResult(shown, [self._cite(span)], True, judgement.verdict, judgement.score)
        revision = self.revise(claim, span) if self.revise is not None else None
        return self._revised(result, revision) if revision is not None else result

    def _cite(self, span: Span) -> int:
        key = (span.source, span.start, span.end)
        if key not in self.citations:
            self.citations[key] = Citation(
                len(self.citations) + 1,
                span.source,
                span.title,
                span.start,
                span.end,
                span.text,
                **self.evidence.whereabouts(span),
            )
        return self.citations[key].id

    def _revised(self, r: SentenceResult, revision: Revision) -> SentenceResult:
        """A figure later articles revised is not shown as current: the latest article's own
        sentence is, dated and cited, and the earlier reports are cited as revised. Same-date
        sources that disagree are all shown, attributed, and none is picked."""
        cited = [(self._cite(v.span), v) for v in revision.versions]
        by_version = {id(v): n for n, v in cited}
        current = [by_version[id(v)] for v in revision.others]
        info = {
            "kind": revision.kind,
            "current": current,
            "versions": [{"citation": n, "published": v.published, "states": v.states} for n, v in cited],
        }
        marks = "".join(f"[{n}]" for n in current)
        latest = revision.others[0]
        when = revisions.day(latest.published)
        if revision.superseded:
            earlier = _earlier(cited, latest)
            reports = _earlier_reports(earlier, revision, self.evidence.checker.wordnet_dir)
            # The earlier reports gave the draft's figure or others: all are cited, none called current.
            text = f"The figure was revised; the latest report ({when}) says: “{latest.span.text}” {marks}."
            text += f" Earlier reports: {reports}."
            shown = [*current, *(n for n, _ in earlier)]
            return SentenceResult(text, shown, True, r.verdict, r.score, text, r.text, info)
        if revision.kind == "latest":
            earlier = _earlier(cited, latest)
            reports = _earlier_reports(earlier, revision, self.evidence.checker.wordnet_dir)
            text = f"{_with_markers(r)}{NOTES[0]}{when}) revises earlier reports: {reports}."
            shown = [*r.citations, *(n for n, _ in earlier)]
            return SentenceResult(r.text, shown, True, r.verdict, r.score, text, r.text, info)
        if revision.kind == "disputed":
            # The article reports a dispute: both accounts in its own words, neither picked.
            both = [revision.stated, *revision.others]
            accounts = "; ".join(f"“{v.span.text}” [{by_version[id(v)]}]" for v in both)
            text = f"Accounts differ in the same article: {accounts}."
            shown = [by_version[id(v)] for v in both]
            return SentenceResult(text, shown, True, r.verdict, r.score, text, r.text, info)
        quotes = "; ".join(f"“{v.span.text}” [{by_version[id(v)]}]" for v in revision.others)
        if (revision.stated.published or "") < (latest.published or ""):
            # Later reports that disagree with each other: all of them, attributed, none picked;
            # the draft's older figure is cited among the earlier reports.
            earlier = _earlier(cited, latest)
            reports = _earlier_reports(earlier, revision, self.evidence.checker.wordnet_dir)
            text = f"The latest reports ({when}) differ: {quotes}. Earlier reports: {reports}."
            shown = [*current, *(n for n, _ in earlier)]
            return SentenceResult(text, shown, True, r.verdict, r.score, text, r.text, info)
        text = f"{_with_markers(r)}{NOTES[1]}{when}) differs: {quotes}."
        return SentenceResult(r.text, [*r.citations, *current], True, r.verdict, r.score, text, r.text, info)

    def _note_overruled(self, found: Support) -> None:
        if found.span is not None and found.judgement.overruled and found.span.text not in self.overruled:
            self.overruled.append(found.span.text)

    def retire(self) -> None:
        """Leave out this draft's supported sentences, none of them shown (they did not answer),
        and their citations."""
        for r in self.shown():
            r.supported, r.off_topic = False, True
        self.forget()

    def forget(self) -> None:
        """Drop this draft's new citations: it abstained, so none of them was sent."""
        for key in [k for k, c in self.citations.items() if c.id > self.numbered]:
            del self.citations[key]
        for r in self.results:
            r.citations = []

    def _on_topic(self, claim: str) -> bool:
        """Whether a sentence is about the question (when ``about`` is set): it names one of the
        question's names; or it holds ``share`` of the question's other words ("The tentative
        agreement raised wages…"; "A panel of three judges … ruled" for "List the judges who
        ruled…", whatever names it gives); or it states the act asked about ("Malvonia sent
        six units" for "List the countries that sent help to Dravenia"); or it opens with a
        pronoun right after a shown sentence of this draft, whose subject it continues."""
        if not self.about:
            return True  # every answer's sentences pass here: no reading of them unless asked
        f = features(claim)
        if len(absent_names(self.about, f.content)) < len(self.about):
            return True
        if len(self.words & f.content) >= self.share * len(self.words):
            return True
        if self._states_act(claim):
            return True
        results = self.results
        return bool(results) and results[-1].supported and bool(OPENS_WITH_PRONOUN.match(claim))

    def _states_act(self, text: str) -> bool:
        return any(states_verb(text, act, self.irregular) for act in self.acts)

    def answers(self, question: str, shown: list[SentenceResult]) -> bool:
        """Whether the supported sentences ``shown`` give what ``question`` asks (and name one
        of ``about``): the rules first, then the answer judge, once, on what they passed."""
        if self.answered:
            return True
        text = " ".join(r.text for r in shown)
        if (
            self.about
            and len(name_difference(self.about, features(text).content)) == len(self.about)
            and not self._states_act(text)
        ):
            return False
        if not self.about and not self._names_the_question(question, shown):
            return False  # (read article by article, ``about`` and the act asked decide)
        years = years_asked(question)
        if years and not all(self._in_year_asked(years, r) for r in shown):
            return False
        # The sentences as drafted; failing that, with the articles' own sentences that a
        # revision put in place of a draft's outdated figure (see _as_answered).
        wordnet = self.evidence.checker.wordnet_dir
        texts = dict.fromkeys(
            [" ".join(r.draft or r.text for r in shown), " ".join(map(self._as_answered, shown))]
        )
        drafted = next((t for t in texts if answers_the_question(question, t, wordnet)), None)
        if drafted is None:
            return False
        quoted = all(id(r) in self.quoted for r in shown)
        self.answered = self.judge is None or quoted or self.judge.answers(question, drafted)
        return self.answered

    def _names_the_question(self, question: str, shown: list[SentenceResult]) -> bool:
        """Whether every name the question gives is mentioned, in one of its forms, by the
        shown sentences or where a reader finds them: their paragraphs, their articles'
        leads, an earlier "the Ashcombe plant" for their "the plant". "The first round of
        talks took place in Saudi Arabia on 18 February" is true, but no answer to when the
        talks on a Black Sea ceasefire were held: nothing around it speaks of the Black Sea."""
        names = _names(question)
        if not names:
            return True
        by_id = {c.id: c for c in self.citations.values()}
        read = [r.draft or r.text for r in shown]
        for r in shown:
            for c in (by_id[i] for i in r.citations if i in by_id):
                read += self.evidence.surroundings(Span(c.source, c.title, c.start, c.end, c.quote))
        return not absent_names(names, features(" ".join(read)).content)

    def _in_year_asked(self, years: frozenset[str], r: SentenceResult) -> bool:
        """Whether shown sentence ``r`` tells of one of ``years``, those the question sets its
        event in (:func:`years_asked`): see :func:`in_year_asked`, read with each cited
        passage's paragraph and its article's publication date."""
        by_id = {c.id: c for c in self.citations.values()}
        published = self.evidence.published
        for c in (by_id[i] for i in r.citations if i in by_id):
            span = Span(c.source, c.title, c.start, c.end, c.quote)
            when = published(c.source) if published else None
            around = self.evidence.paragraph(span) or c.quote
            if in_year_asked(years, f"{r.draft or ''} {r.text}", around, when):
                return True
        return False

    def shown(self) -> list[SentenceResult]:
        return [r for r in self.results if r.supported]

    def _as_answered(self, r: SentenceResult) -> str:
        """What a shown sentence says: the model's sentence, or, where a later figure replaced
        it, the latest articles' own sentences shown in its place ("it now represents 3,400
        SCT employees" for a draft about 3,100 crane operators) without their framing ("The
        figure was revised; the latest report (22 April 2026) says: …"), which is about the
        figure, not the question, and whose dates count nothing. A dispute's accounts are the
        draft's, each attributed: read as drafted."""
        if r.draft is None or r.revision is None or r.text == r.draft or r.revision["kind"] == "disputed":
            return r.draft or r.text
        quotes = {c.id: c.quote for c in self.citations.values()}
        return " ".join(quotes[i] for i in r.revision["current"] if i in quotes) or r.draft

    def index(self, r: SentenceResult) -> int:
        return next(i for i, x in enumerate(self.every) if x is r)

    def payload(self, r: SentenceResult) -> dict[str, Any]:
        """A verified sentence as sent: its text with markers, as it stands in the answer."""
        by_id = {c.id: c for c in self.citations.values()}
        return {
            "index": self.index(r),
            "text": _with_markers(r),
            "citations": [asdict(by_id[i]) for i in r.citations],
            "verdict": r.verdict,
            "score": r.score,
            "revision": r.revision,
        }

    def answer(self, question: str, model: str) -> Answer:
        results, shown = self.results, self.shown()
        reason = cause = None
        if not shown and results:
            reason, cause = "no sentence of the draft is supported by the sources", "not_supported"
        elif not shown:
            reason, cause = "the model declined", "model_declined"
        elif not self.answers(question, shown):
            reason, cause = "the supported sentences do not give what the question asks for", "not_an_answer"
        if reason:
            return Answer(question, prompts.abstention(), True, [], results, {}, model, reason, cause)
        text = " ".join(_with_markers(r) for r in shown)
        return Answer(question, text, False, list(self.citations.values()), results, {}, model)


# How a note on a verified sentence's figure begins, after the sentence itself ("… [1] This
# figure (15 May 2026) revises earlier reports: …"): read back by the evaluation.
NOTES = (" This figure (", " Another report of the same date (")
_QUOTED_TEXT = re.compile(r"“[^”]*”|\"[^\"]*\"")


def dated_in_place(claim: str, dates: list[tuple[int, int, str]], evidence: str) -> str:
    """The claim with each weekday the evidence dates (by its article's publication date) given
    its date: "on Wednesday (13 May 2026)". Not inside a quotation, which stays word for word,
    nor where the claim dates it itself ("Wednesday, 13 May"), nor a weekday the evidence
    dates twice over.

    >>> ev = "The union suspended its strike on Wednesday."
    >>> dated_in_place("The strike ended on Wednesday.", [(34, 43, "2026-05-13")], ev)
    'The strike ended on Wednesday (13 May 2026).'
    >>> dated_in_place('He said: "we stop on Wednesday".', [(34, 43, "2026-05-13")], ev)
    'He said: "we stop on Wednesday".'
    >>> dated_in_place("It ended on Wednesday, May 13.", [(34, 43, "2026-05-13")], ev)
    'It ended on Wednesday, May 13.'
    >>> dated_in_place("It ended on Wednesday, Sept. 13.", [(34, 43, "2026-05-13")], ev)
    'It ended on Wednesday, Sept. 13.'
    """
    by_day: dict[str, set[str]] = {}
    for start, end, iso in dates:
        by_day.setdefault(evidence[start:end].lower(), set()).add(iso)
    quoted = [(m.start(), m.end()) for m in _QUOTED_TEXT.finditer(claim)]
    out, last = [], 0
    for m in re.finditer(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", claim):
        isos = by_day.get(m.group(1).lower(), set())
        if len(isos) != 1 or any(a <= m.start() < b for a, b in quoted):
            continue
        if re.match(r",?\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d)|\s*\(", claim[m.end() :]):
            continue  # dated already
        out.append(f"{claim[last : m.end()]} ({spoken(next(iter(isos)))})")
        last = m.end()
    return "".join(out) + claim[last:]


def _earlier(
    cited: list[tuple[int, revisions.Version]], latest: revisions.Version
) -> list[tuple[int, revisions.Version]]:
    """The cited versions published before ``latest``, in publication order."""
    return [(n, v) for n, v in cited if v.published and v.published < (latest.published or "")]


def _earlier_reports(
    earlier: list[tuple[int, revisions.Version]], revision: Revision, wordnet_dir: Path
) -> str:
    """Each earlier report's figure, as its article writes it, with its date and citation:
    "2,300 (3 August 2026) [2], 5,640 (7 August 2026) [1]" (its date alone where no one
    figure of the article's sentence is the one revised: :func:`rag.revisions.told`)."""
    senses = noun_senses(wordnet_dir)
    return ", ".join(
        f"{figure} ({revisions.day(v.published)}) [{n}]"
        if (figure := revisions.told(v, revision, senses))
        else f"{revisions.day(v.published)} [{n}]"
        for n, v in earlier
    )


def _with_markers(r: SentenceResult) -> str:
    """The sentence with its citation markers before its final stop; a stop that also ends an
    abbreviation of initials ("at 3:15 a.m.", "the U.S.") stays with it.

    >>> r = SentenceResult("It began at 3:15 a.m.", [1], True)
    >>> _with_markers(r), _with_markers(SentenceResult("It began in Kyiv.", [1, 2], True))
    ('It began at 3:15 a.m. [1].', 'It began in Kyiv [1][2].')
    """
    if r.marked is not None:
        return r.marked
    marks = "".join(f"[{i}]" for i in r.citations)
    body = r.text.rstrip()
    if re.search(r"\b[A-Za-z]\.[A-Za-z]\.$", body):
        return f"{body} {marks}."
    if body and body[-1] in ".!?":
        return f"{body[:-1]} {marks}{body[-1]}"
    return f"{body} {marks}"


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
