"""The support checker: does a passage state what a sentence claims?

One function, ``Checker.judge``, decides. The answer pipeline uses it to decide which
of the model's sentences may be shown, the evaluation suite to score groundedness,
and ``rag check`` to fact-check a journalist's own draft. It needs no model beyond
the embedder and is deterministic.

A claim is supported when
- most of its content words (stemmed, stop words dropped) are in the passage,
- every number, month and name it states is in the passage (digits and number words,
  name variants and demonyms normalised: "12 February" = "February 12",
  "Zelensky" = "Zelenskyy", "Russian" = "Russia"),
- it does not flip the passage's polarity (a "not" on one side only), and
- its embedding is close enough to the passage's.
It is contradicted when it is on the passage's topic but states a different number,
date or name of the same kind, or the opposite polarity; otherwise it is not found.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from rag.lexicon import (
    american_spellings,
    antonyms,
    capitals,
    common_words,
    irregular_verbs,
    lemmas,
    places_within,
    similar_adjectives,
    with_forms,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from rag.embeddings import Embedder

Verdict = Literal["supported", "contradicted", "not_found"]

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto over under about after
    before during between through against among than then that this these those there here it its
    it's itself is are was were be been being am has have had having do does did done will would
    shall should can could may might must also very just only so such too not no nor any all each
    every some more most other own same both either neither he she they them their theirs his her
    hers him we us our you your i me my mine who whom whose which what when where why how while once
    again further up down out off said says say stated according reported reportedly per via yet
    still already ago upon until unless since because although though however whether also even mr
    mrs ms""".split()
)
# Auxiliary verbs: stop words whose WordNet antonyms ("have"/"lack") are other senses.
AUXILIARIES = frozenset(
    "is are was were be been being am has have had having do does did done will would shall should "
    "can could may might must".split()
)
# English negators; "lacking" negates as "without" does ("compromises lacking support" is
# "compromises that are not supported").
NEGATIONS = frozenset(
    {"not", "no", "never", "n't", "cannot", "nor", "without", "neither", "lack", "lacks", "lacked", "lacking"}
)
# English verbs that negate the verb they govern: "failed to produce an agreement" says no
# agreement was produced, "stopped short of urging" that nobody urged, "denied getting the
# call" that he did not get it. Each with the words that must follow it; "declined to 5%" is
# a fall, not a refusal, so no figure may follow.
_IMPLICATIVE = re.compile(
    r"\b(?:(?:fail|refus|declin)(?:e|es|s|ed|ing)?\s+to|unable\s+to|(?:stop|stops|stopped|stopping)\s+short\s+of"
    r"|refrain(?:s|ed|ing)?\s+from|(?:deny|denies|denied|denying)(?=\s+\w+ing\b))"
    r"\s+(?![\d$€£]|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)",
    re.I,
)
# Honorifics and offices are capitalised but are not names that must match.
TITLES = frozenset(
    """president prime minister foreign deputy secretary spokesman spokesperson spokeswoman envoy
    special adviser advisor aide chancellor senator governor mayor general minister's""".split()
)
# English reporting verbs (stems): a claim with one says who said something.
REPORTING = frozenset(
    """say said tell told call describ accus warn claim announc state quot insist argu urg admit deni
    remark note ad wrote write emphas emphasiz stress explain comment declar label reiter ask suggest
    indic confirm report""".split()
)
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "hundred": "100",
    "thousand": "1000",
    "half": "half",
    "dozen": "12",
}
# Ordinal words: read as their numbers ("the second crest" is crest 2), but an ordinal places
# something more often than it counts ("the first day of the flood").
ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5"}
NUMBER_WORDS |= ORDINALS
_ORDINAL = re.compile(r"\b(?:" + "|".join(ORDINALS) + r")\b", re.I)


# A text's words and numbers, each a token ("137", "1,204", "Zelenskyy's", "war-torn").
WORD_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+(?:['’-][^\W\d_]+)*")


def is_month(word: str) -> bool:
    """A month's name or its abbreviation of three letters or more ("Sept", "march"), not a
    word that only begins as one does ("Marin", "Junior").

    >>> is_month("Sept"), is_month("march"), is_month("Marin"), is_month("Ma")
    (True, True, False, False)
    """
    low = word.lower()
    return len(low) >= 3 and low[:3] in MONTHS and MONTHS[low[:3]].startswith(low)


def counted_numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` states as counts or figures, not its ordinals.

    >>> sorted(counted_numbers("The first warning came at 02:15; two men died."))
    ['2', '2:15']
    """
    return features(_ORDINAL.sub(" ", text)).numbers


MONTHS = {
    m[:3]: m
    for m in [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
}
# Abbreviations of a few country names (general English, not any corpus's): one key each.
# Other variants are matched by form: see ``same_name``.
VARIANTS = {
    "u.s": "usa",
    "us": "usa",
    "america": "usa",
    "american": "usa",
    "americans": "usa",
    "u.k": "uk",
    "britain": "uk",
    "british": "uk",
}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Endings that make one name's other forms: demonyms (Russia/Russian, Ukraine/Ukrainian,
# Europe/European) and transliterations (Zelensky/Zelenskyy/Zelenskiy), after stemming.
_LONG_ENDINGS = frozenset({"", "n", "an", "ian", "ean", "ns", "ans", "ians", "s", "y", "i", "e", "yy", "iy"})
_SHORT_ENDINGS = frozenset({"", "a", "e", "i", "y"})


def same_name(a: str, b: str) -> bool:
    """Two name keys are one name in other forms: a shared stem of five letters or more, and
    only an ending of a demonym or a transliteration beyond it.

    >>> same_name("russia", "russian"), same_name("ukrain", "ukrainian"), same_name("zelenski", "zelenskyy")
    (True, True, True)
    >>> same_name("austria", "australia"), same_name("iran", "iraq"), same_name("putin", "putin")
    (False, False, True)
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    for cut in range(len(short), 4, -1):
        if long_.startswith(short[:cut]) and short[cut:] in _SHORT_ENDINGS and long_[cut:] in _LONG_ENDINGS:
            return True
    return False


def name_difference(names: frozenset[str] | set[str], others: frozenset[str] | set[str]) -> set[str]:
    """The names of ``names`` that no name of ``others`` is a form of."""
    return {n for n in names if not any(same_name(n, o) for o in others)}


# Temporal order, which WordNet has no antonym pointer for.
# Stems. "while" and "during" put an event at the same time as another, which "before" and
# "after" do not: "return home while engineers checked" against "not ... until they had".
ORDER_OPPOSITES = {
    "befor": frozenset({"after", "while", "dure"}),
    "after": frozenset({"befor", "while", "dure"}),
    "while": frozenset({"befor", "after"}),
    "dure": frozenset({"befor", "after"}),
}
# Words that put a figure above or below a mark, and words that put it only near one (by stem).
_BEYOND = (
    frozenset({"abov", "over", "more", "higher", "exceed", "beyond", "greater", "top"}),
    frozenset({"below", "under", "less", "fewer", "lower"}),
)
_NEAR = frozenset({"close", "near", "almost", "about", "around", "rough", "approxim"})
_NUM = r"(\d+(?:[.,]\d+)*)"
_TRANSITIONS = (
    (re.compile(rf"\bfrom {_NUM}\S*(?: \w+){{0,2}} to {_NUM}", re.I), False),  # from X (people) to Y
    (
        re.compile(rf"\bto {_NUM}\S*(?: \w+){{0,2}},? (?:up |down )?from {_NUM}", re.I),
        True,
    ),  # to Y, up from X
    (
        re.compile(rf"\b{_NUM}\S*(?: [\w’']+){{0,8}},? (?:up|down) from (?:the |an? )?{_NUM}", re.I),
        True,
    ),  # 27 people have now been treated, up from the 12 reported earlier
    (
        re.compile(
            rf"\b{_NUM}\S*(?: [\w’']+){{0,8}},? (?:up|down) from (?:the |an? |its |their )?"
            rf"(?:[\w’']+ ){{1,4}}(?:of|at) (?:about |around |some |roughly |nearly |almost |just )?{_NUM}",
            re.I,
        ),
        True,
    ),  # 12.4 million, up from the museum's initial estimate of about 9 million
    (
        re.compile(
            rf"\b{_NUM}\S*(?: [\w’']+){{0,3}},? (?:not|rather than|instead of) (?:the |an? )?{_NUM}", re.I
        ),
        True,
    ),  # it now represents 3,400 employees, not the 3,100 it gave last week
    (
        re.compile(
            rf"\b{_NUM}\S*(?: [\w’']+){{0,12}},? (?:more|less|fewer|higher|lower|greater|larger|smaller) than"
            rf"(?: \w+(?: times)?)? the {_NUM}(?: \w+){{0,3}} (?:estimated|reported|given|gave|announced|put|"
            r"said|stated|expected|feared|counted)\b",
            re.I,
        ),
        True,
    ),  # 212,000 patients' data was stolen, more than three times the 60,000 it had estimated
)


def _transitions(text: str) -> frozenset[tuple[str, str]]:
    """Changes of a figure, as (from, to).

    >>> sorted(_transitions("It now represents 3,400 SCT employees, not the 3,100 it gave."))
    [('3100', '3400')]
    >>> sorted(_transitions("The toll rose from 9 to 14, and to 21, up from 14, by Monday."))
    [('14', '21'), ('9', '14')]
    >>> sorted(_transitions("212,000 were hit, more than three times the 60,000 it had estimated."))
    [('60000', '212000')]
    >>> sorted(_transitions("It put it at 12.4 million, up from its first estimate of about 9 million."))
    [('9', '12.4')]
    """
    found = set()
    for pattern, backwards in _TRANSITIONS:
        for m in pattern.finditer(text):
            a, b = (m.group(i).replace(",", "") for i in (1, 2))
            if a != b:
                found.add((b, a) if backwards else (a, b))
    return frozenset(found)


_TOKEN = re.compile(r"[A-Za-z]+(?:[.’'][A-Za-z]+)*\.?|\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?")
# English titles abbreviated before a name ("Dr.", "Sen.", "St."): no name of their own. A list,
# not a shape: "Sea." or "Kyiv." ending a sentence before the next one's capital is a name.
_HONORIFIC = re.compile(
    r"(?:Dr|Mr|Mrs|Ms|Mx|St|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Maj|Adm|Prof|Rev|Hon|Fr|Pres|Supt|Insp|Det|Cllr)\."
)
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
_DIGITS = re.compile(r"^(\d+(?:[.,:]\d+)*)(?:st|nd|rd|th)?$")


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """A lower-case word's stem, as the checker compares words ("called" -> "call")."""
    return str(_stemmer().stemWord(word))


def _norm(token: str) -> str:
    if token.rstrip(".") in ("US", "U.S"):  # the country, not the pronoun "us"
        return "usa"
    t = token.lower().rstrip(".").replace("’", "'")
    t = t.removesuffix("'s")
    if t == "u.k":
        return "uk"
    if t == "us":
        return t
    # One spelling for words spelt two ways ("Defence Ministry" = "Defense Ministry"); then
    # -ise as -ize ("criticised" = "criticized") beyond a 5-letter root, for words it lacks.
    t = american_spellings().get(t, t)
    t = re.sub(r"(?<=[a-z]{5})is(e|ed|es|ing|ation|ations)$", r"iz\1", t)
    return VARIANTS.get(t, t)


def name_key(word: str) -> str:
    """The key a word is compared by, as :func:`features` makes it ("Ukraine" -> "ukrain")."""
    low = _norm(word)
    return low if low in VARIANTS.values() else stem(low)


@dataclass(frozen=True)
class Features:
    content: frozenset[str]  # stemmed content words (numbers and names included)
    numbers: frozenset[str]
    months: frozenset[str]
    names: frozenset[str]
    affirmed: frozenset[str]  # content words outside any negation's reach
    negations: frozenset[
        tuple[str, ...]
    ]  # the (up to 2) content words right after each "not", "never", "n't"
    sequence: tuple[tuple[str, bool], ...]  # content words in order, with "is negated"
    quotes: frozenset[str] = frozenset()  # quoted words, flattened: must appear verbatim
    flat: str = ""  # the whole text, flattened, to look quotes up in
    days: frozenset[str] = frozenset()  # weekdays: dates, not names
    # Every word outside a negation (stop words too: "more", "above", "before") with the next
    # content word: "before" against "after" flips a claim only about the same thing.
    polar: frozenset[tuple[str, str]] = frozenset()
    # Capitalised words at a sentence's start ("Trains", "Around"): names only if the other
    # side also capitalises them, or they are not common English words.
    initial: frozenset[str] = frozenset()
    # Changes of a figure, as (from, to): "from 120 to 310", "to 13,100, up from 12,700".
    transitions: frozenset[tuple[str, str]] = frozenset()
    # What is not done yet, two ways: negated with "yet" ("had not yet been decided", "has yet
    # to decide") and in progress ("was still deciding"), by stem.
    not_yet: frozenset[str] = frozenset()
    still: frozenset[str] = frozenset()
    # Who did what to whom: (word, names before it, names after it) in its sentence, the
    # passive ("was criticised by") turned active.
    roles: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()
    # The same for parties named by common nouns ("Police urged galleries"): see _noun_roles.
    noun_roles: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()
    # Each past-tense verb with the first figure after it in its clause (see _bound).
    bound: frozenset[tuple[str, str]] = frozenset()
    # Who says each quotation: its flattened words -> the names its sentence gives the speaker
    # (before the reporting verb, or after it: "..., Putin remarked"). Empty: a pronoun.
    speakers: tuple[tuple[str, frozenset[str]], ...] = ()
    # Who is named as saying what the text reports, outside quotations (see _reporters).
    reporters: tuple[frozenset[str], ...] = ()
    # Runs of capitalised words by their initials: "United Nations" -> ("un", its name keys),
    # so "UN" in one text and "United Nations" in the other are one name.
    runs: tuple[tuple[str, frozenset[str]], ...] = ()
    # Names of two or more capitalised words side by side ("Yuri Ushakov", "Orsa Hydro"),
    # titles left out: someone named in full.
    full_names: tuple[tuple[str, frozenset[str]], ...] = ()
    # Numbers that occur only as a day of a month ("7 March", "March 7th"): not counts.
    dated: frozenset[str] = frozenset()
    # Numbers that occur only as ordinal words ("the third anniversary"): a rank, not a count.
    ranked: frozenset[str] = frozenset()
    # The common nouns a claim opens with before its verb ("The tentative agreement ended..."):
    # what it is about, when no name says so.
    opening: frozenset[str] = frozenset()
    # Names that stand only as another's possessor in an apposition: "Malvonia, Dravenia's
    # southern neighbour, sent…", "Dravenia's neighbour Malvonia sent…" (Dravenia).
    apposed: frozenset[str] = frozenset()
    # The name(s) a text opens with, as the subject of its first clause ("Dravenia sent…").
    subject: frozenset[str] = frozenset()
    # A duration's figure in the neighbouring unit: "48 hours" also says 2 (days), "two weeks"
    # 14 (days), "3 days" 72 (hours).
    lasting: frozenset[str] = frozenset()
    # What happens before and after "after"/"before" in its sentence: ("after", the content
    # words before it, those after it). "A after B" against "B after A" is an inversion.
    orders: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()
    # Names right after a preposition of place ("in Moscow", "to Kyiv"): places, where a
    # capital elsewhere ("Moscow demanded") may stand for its government.
    located: frozenset[str] = frozenset()
    # What is where: a common noun right before "in"/"at"/"near" and the name after it
    # ("its hangar in Eskeby" -> (hangar, eskeby)).
    placed: frozenset[tuple[str, str]] = frozenset()
    # Names that act (followed by a verb: "Moscow demanded", "Washington has") and pairs of
    # names joined by "and" ("Washington and Moscow"): a capital in either names a government.
    acting: frozenset[str] = frozenset()
    paired: frozenset[frozenset[str]] = frozenset()
    # Periods named relative to the article's time: "next week", "later this month" ("this
    # month"), "last year". Another one of the same unit is another time.
    periods: frozenset[str] = frozenset()
    # Points of the compass ("eastern", "north-west", "southwards"): another one is another place.
    directions: frozenset[str] = frozenset()
    # Who or what something is against, with the words before it: ("the claim it filed
    # against the union" -> ({claim, file}, union)).
    opposed: tuple[tuple[frozenset[str], str], ...] = ()
    # What the text has only a part of: "published part of the data" ({data}), "most of the
    # staff", "some patients". A claim about all of it says more.
    partial: tuple[frozenset[str], ...] = ()
    # Who did each act, when a name stands right before its past-tense verb: "In a post,
    # Greywater demanded" -> (demand, {greywat}).
    agents: tuple[tuple[str, frozenset[str]], ...] = ()


_ONCE = re.compile(
    r"(?<![,;–—] )(?<!was )(?<!were )(?<!had )(?<!has )(?<!have )(?<!are )(?<!is )\b([Oo])nce"
    r"(?= (?:the|a|an|it|they|he|she|we|you|this|that|these|those|all|its|their|his|her)\b)"
)
# "no single company may give more than 20,000" bounds a figure, as "caps donations at
# 20,000" does: read as "at most", not as a negation of the company's giving.
_AT_MOST = re.compile(
    r"\b(?:[Nn]o|[Nn]ot)\b((?:\s+(?!(?:whether|that|if|when|which|who|because|but|and|or)\b)[\w'’-]+){0,6}?)"
    r"\s+(?:more than|over|in excess of|above)\s+(?=[\d$€£])"
)
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())} | {
    w: i + 10
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD = "|".join([*_UNITS, *_TENS, *_SCALES])
_NUMBER_RUN = re.compile(
    rf"\b(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?=(?:{_NUMBER_WORD})\b))?)+\b", re.I
)
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2})|\.(\d{2})(?=\s*[ap]\.?m\b))(?:\s*([ap])\.?m\.?)?(?!\w)", re.I)


# "6 a.m.", "at 6pm": an hour alone; "noon" and "midday" are 12:00. "82%" is "82 percent".
_HOUR = re.compile(r"\b(1[0-2]|0?[1-9])\s*(?:o'clock\s*)?([ap])\.?m\b\.?", re.I)
_NOON = re.compile(r"\b(?:12\s+)?(?:noon|midday|mid-day)\b", re.I)  # "12 noon" is noon too
_PERCENT = re.compile(r"(\d)\s*(?:%|per\s?cent\b)")

# "at 2.15 the next morning": a time of day written with a point, which only its place tells
# from a decimal ("rose at 2.15 percent" is followed by its unit).
_AT_CLOCK = re.compile(
    r"\b(at|until|till|by|from|around|about|before|after) ([01]?\d|2[0-3])\.([0-5]\d)"
    r"(?=\s*(?:$|[,;:)!?]|\.(?!\d)|(?:the|on|in|this|that|local|when|as|last|next|yesterday|today"
    r"|tonight|tomorrow|hours|GMT|UTC)\b))"
)


def _number_value(words: list[str]) -> int | None:
    total, current = 0, 0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
    return total + current


_SCALE_LETTERS = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion"}
_ABBREVIATED_SCALE = re.compile(r"([€$£¥]\s?\d[\d.,]*?)\s?(bn|mn|m|b|k)\b|(\b\d[\d.,]*?)\s?(bn)\b", re.I)


def normalize_numbers(text: str) -> str:
    """Numbers in words become digits, and clock times one form (24-hour, no leading zero).

    >>> normalize_numbers("four thousand two hundred people, six hundred and forty homes, twenty-three dead")
    '4200 people, 640 homes, 23 dead'
    >>> normalize_numbers("at 3:50 a.m., at 10.40 pm and at 03:50")
    'at 3:50, at 22:40 and at 3:50'
    >>> normalize_numbers("only at 2.15 the next morning; inflation at 2.15 percent")
    'only at 2:15 the next morning; inflation at 2.15 percent'
    >>> normalize_numbers("at half past one, ten past five and a quarter to six")
    'at 1:30, 5:10 and a 5:45'
    >>> normalize_numbers("at 6 a.m., at 6pm, at noon, 12 p.m., by 12 noon, 82% and 4.5 per cent")
    'at 6:00, at 18:00, at 12:00, 12:00, by 12:00, 82 percent and 4.5 percent'
    >>> normalize_numbers("landed at twenty to midnight; landed at 11:40 p.m.")
    'landed at 23:40; landed at 23:40'
    >>> normalize_numbers("bets of €2.1m, a $5bn deal, a £40k fee, 3bn people; a 48m tower")
    'bets of €2.1 1000000, a $5 1000000000 deal, a £40 1000 fee, 3 1000000000 people; a 48m tower'
    """
    # Money abbreviated as newsrooms write it: "€2.1m" is "2.1 million euros"; a bare "48m"
    # may be metres, and only "bn" is a scale without a currency sign.
    text = _ABBREVIATED_SCALE.sub(
        lambda m: f"{m.group(1) or m.group(3)} {_SCALE_LETTERS[(m.group(2) or m.group(4)).lower()]}", text
    )

    def words(m: re.Match[str]) -> str:
        parts = [w for w in re.split(r"[\s-]+", m.group().lower()) if w != "and"]
        if len(parts) == 1 and parts[0] not in _SCALES:
            return m.group()  # single words are read one by one (NUMBER_WORDS), ordinals and all
        value = _number_value(parts)
        return m.group() if value is None else str(value)

    def clock(m: re.Match[str]) -> str:
        hour, minute = int(m.group(1)), m.group(2) or m.group(3)
        if m.group(4) and m.group(4).lower() == "p" and hour < 12:
            hour += 12
        if m.group(4) and m.group(4).lower() == "a" and hour == 12:
            hour = 0
        return f"{hour}:{minute}"

    def hour(m: re.Match[str]) -> str:
        value = int(m.group(1)) % 12 + (12 if m.group(2).lower() == "p" else 0)
        return f"{value}:00"

    spoken = _FRACTION.sub(_fraction, _SPOKEN_CLOCK.sub(_spoken_clock, text))
    clocked = _CLOCK.sub(clock, _AT_CLOCK.sub(r"\1 \2:\3", _NUMBER_RUN.sub(words, spoken)))
    clocked = _HOUR.sub(hour, _NOON.sub(lambda m: "12:00", clocked))
    return _PERCENT.sub(lambda m: f"{m.group(1)} percent", clocked)


# Fractions of a whole, as the percentages a paraphrase gives for them ("a fifth of its
# territory" is "20 percent of it"): English, not any corpus's.
_PARTS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0}
_PARTS |= {"quarters": 25.0, "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}
_FRACTION = re.compile(
    r"\b(?:(a|an|one|two|three|four)[\s-]+)?(half|halves|thirds?|quarters?|fifths?|tenths?)(?= of\b)", re.I
)


def _fraction(m: re.Match[str]) -> str:
    """ "a fifth of" -> "20 percent of", "two-thirds of" -> "67 percent of"; "half of" too.

    >>> _FRACTION.sub(_fraction, "one-fifth of the land, two thirds of homes, half of them, the fifth day")
    '20 percent of the land, 67 percent of homes, 50 percent of them, the fifth day'
    """
    count = {"two": 2, "three": 3, "four": 4}.get((m.group(1) or "").lower(), 1)
    part = m.group(2).lower()
    if m.group(1) is None and part != "half":
        return m.group()  # "the fifth of May", "a third of" needs its article
    return f"{round(count * _PARTS[part])} percent"


_HOURS = "one two three four five six seven eight nine ten eleven twelve".split()
# Midnight and noon as the hours of a spoken time ("twenty to midnight" is 23:40).
_NAMED_HOURS = {"midnight": 24, "noon": 12, "midday": 12}
_SPOKEN_CLOCK = re.compile(
    r"\b(half|quarter|five|ten|twenty|twenty[- ]five|\d{1,2}(?= minutes))(?: minutes)? (past|to) "
    rf"({'|'.join([*_HOURS, *_NAMED_HOURS])}|\d{{1,2}})\b(?! (?:minutes|hours|days|o'clock))",
    re.I,
)


def _spoken_clock(m: re.Match[str]) -> str:
    """ "half past one" -> "1:30", "ten past five" -> "5:10", "quarter to six" -> "5:45".

    >>> _SPOKEN_CLOCK.sub(_spoken_clock, "twenty to midnight, ten past midnight, quarter past noon")
    '23:40, 0:10, 12:15'
    """
    amount = m.group(1).lower().replace("-", " ")
    minutes = {"half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twenty five": 25}.get(amount)
    if minutes is None:
        minutes = int(amount)
    hour_word = m.group(3).lower()
    hour = _NAMED_HOURS.get(hour_word) or (
        _HOURS.index(hour_word) + 1 if hour_word in _HOURS else int(hour_word)
    )
    if not (0 < minutes < 60 and 0 < hour <= 24):
        return m.group()
    if m.group(2).lower() == "to":
        hour, minutes = (hour - 1) or 12, 60 - minutes
    return f"{hour % 24}:{minutes:02d}"


def features(text: str) -> Features:
    """Words, numbers, months and names of a text, normalised for comparison.

    >>> f = features("On Monday 12th February, Zelensky's Kyiv rejected thirty U.S. demands.")
    >>> sorted(f.numbers), sorted(f.months), sorted(f.days), sorted(f.names)
    (['12', '30'], ['february'], ['monday'], ['kyiv', 'usa', 'zelenski'])
    """
    stem = _stemmer().stemWord
    content: set[str] = set()
    numbers: set[str] = set()
    months: set[str] = set()
    days: set[str] = set()
    names: set[str] = set()
    affirmed: set[str] = set()
    negations: list[list[str]] = []
    sequence: list[tuple[str, bool]] = []
    chain: list[tuple[str, bool]] = []  # (stem, is a content word), outside negations
    tokens: list[tuple[int, str, str, bool]] = []  # (sentence, lower-case form, key, is a name)
    quoted_at: list[bool] = []  # each token: inside a quotation
    initial: set[int] = set()  # tokens capitalised at a sentence's start
    mid: set[str] = set()  # capitalised within a sentence: names for sure
    sentence, last_end = 0, 0
    scope = 0  # content words still inside the last negation's reach
    negated_at = (0, 0)  # where the last negation was: (token, sequence position)
    text = normalize_numbers(re.sub(r"\bUnited States\b", "USA", text))
    # "prior to" is "before", so that "after" against it flips as "before" does.
    text = re.sub(r"\b([Pp])rior to\b", lambda m: "Before" if m.group(1) == "P" else "before", text)
    # "once the report is published" is "after" it (not "X, once the capital", "was once").
    text = _ONCE.sub(lambda m: "After" if m.group(1) == "O" else "after", text)
    text = _AT_MOST.sub(lambda m: f"{m.group(1)} at most ", text)
    # The first word of each implicative phrase ("failed to"): a negation, the rest skipped.
    implicative = {m.start(): m.end() for m in _IMPLICATIVE.finditer(text)}
    skip_to = 0
    occurrences: dict[str, int] = {}
    as_day: dict[str, int] = {}
    as_rank: dict[str, int] = {}
    for d in _DAY_OF_MONTH.finditer(text):
        as_day[d.group(1) or d.group(2)] = as_day.get(d.group(1) or d.group(2), 0) + 1
    inside = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    offsets: list[int] = []  # each token's start
    for i, m in enumerate(_TOKEN.finditer(text)):
        offsets.append(m.start())
        quoted_at.append(any(a < m.start() < b for a, b in inside))
        raw = m.group()
        low = _norm(raw)
        if re.search(r"[.!?;]", text[last_end : m.start()]):
            sentence += 1
        if scope and "," in text[last_end : m.start()] and _attribution(text, m.start()):
            scope = 0  # "were not exported, the authority said": who said it is not negated
        if tokens and tokens[-1][0] != sentence:
            # "before then. (Saturday 7 March)": no word is followed by the next sentence's.
            chain.append((_BREAK, False))
            scope = 0  # "without an agreement. SCT raised": a negation ends with its sentence
        last_end = m.end()
        tokens.append((sentence, low, "", False))
        if raw.endswith(".") and len(raw) > 4 and "." not in raw[:-1]:
            sentence += 1  # "fell." ends its sentence; "U.S." and "Mr." do not
        if m.start() < skip_to:
            continue  # "to", "short of", "from" after an implicative verb
        if m.start() in implicative:
            skip_to = implicative[m.start()]
            if scope and negations and not negations[-1]:
                # "not refusing to pay": two negations cancel, and "pay" is affirmed.
                negations.pop()
                scope = 0
                continue
        if low == "without" and scope and negations and negations[-1]:
            # "cannot be resolved without pressure": two negations, and neither word is denied.
            negations.pop()
            scope = 0
            continue
        if low == "not" and re.match(r"\s+(?:only|just|merely)\b", text[m.end() :]):
            continue  # "not only on Ukraine but also ...": says both, negates neither
        if low in NEGATIONS or low.endswith("n't") or m.start() in implicative:
            if low.startswith("den"):
                content.add(stem(low))  # "denied getting": still a reporting verb (who said so)
            scope = 2
            negations.append([])
            negated_at = (len(tokens), len(sequence))
            continue
        digits = _DIGITS.match(raw)
        if digits:
            number = digits.group(1).replace(",", "")
            occurrences[number] = occurrences.get(number, 0) + 1
            numbers.add(number)
            content.add(number)
            chain.append((number, True))
            continue
        if low in NUMBER_WORDS:
            occurrences[NUMBER_WORDS[low]] = occurrences.get(NUMBER_WORDS[low], 0) + 1
            if low in ORDINALS:
                as_rank[ORDINALS[low]] = as_rank.get(ORDINALS[low], 0) + 1
            numbers.add(NUMBER_WORDS[low])
            content.add(NUMBER_WORDS[low])
            chain.append((NUMBER_WORDS[low], True))
            continue
        # "May" is the month when capitalised inside a sentence or next to a day's number; the
        # modal verb otherwise.
        month_may = low == "may" and (
            (
                raw.rstrip(".") == "May"
                and i > 0
                and not text[: m.start()].rstrip().endswith((".", "!", "?", '"', "“"))
            )
            or bool(re.match(r"\s+\d{1,2}\b", text[m.end() :]))
            or bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?(?: of)?\s+$", text[: m.start()]))
        )
        if is_month(low) and (low != "may" or month_may):
            months.add(MONTHS[low[:3]])
            content.add(MONTHS[low[:3]])
            chain.append((MONTHS[low[:3]], True))
            continue
        if low in WEEKDAYS:
            days.add(low)
            content.add(low)
            chain.append((low, True))
            continue
        # Within the negation's sentence: "did not order an evacuation of the riverside
        # districts until 04:30" has eight words between.
        if (
            low == "until"
            and negations
            and len(tokens) - negated_at[0] <= 12
            and tokens[negated_at[0] - 1][0] == sentence
        ):
            # "did not order an evacuation until 04:30" says when it was ordered, not that it
            # was not: the words are affirmed, and "until" orders them as "after" does.
            for key in negations.pop():
                affirmed.add(key)
            sequence[negated_at[1] :] = [(w, False) for w, _ in sequence[negated_at[1] :]]
            scope = 0
            chain.append(("after", False))  # "not lifted until they withdraw": lifted after it
            continue
        if low in STOPWORDS:
            if scope and low in _CLAUSE:
                scope = 0  # "would not say whether ...": the negation ends with its clause
            if not scope and low not in AUXILIARIES:
                chain.append((stem(low), False))
            continue
        if _HONORIFIC.fullmatch(raw) and re.match(r"\s+[A-Z]", text[m.end() :]):
            continue  # "Dr." or "St." before a name: a title, no name that must match
        key = low if low in VARIANTS.values() else stem(low)
        content.add(key)
        if not scope:
            chain.append((key, True))
        sequence.append((key, scope > 0))
        if scope:
            negations[-1].append(key)
            scope -= 1
        else:
            affirmed.add(key)
        is_name = raw[0].isupper() and low not in TITLES and not (i == 0 and low in STOPWORDS)
        if is_name:
            names.add(key)
            starts = i == 0 or tokens[-2][0] != tokens[-1][0] or text[m.start() - 1 : m.start()] in '"“'
            if starts:
                initial.add(len(tokens) - 1)
            else:
                mid.add(key)
        tokens[-1] = (tokens[-1][0], low, key, is_name)
    quotes = frozenset(
        q for q in (_flat(m.group(1) or m.group(2)) for m in _QUOTED.finditer(text)) if len(q.split()) >= 2
    )
    return Features(
        frozenset(content),
        frozenset(numbers),
        frozenset(months),
        frozenset(names),
        frozenset(affirmed),
        frozenset(tuple(n) for n in negations if n),
        tuple(sequence),
        quotes,
        _flat(text),
        frozenset(days),
        polar=_followed(chain),
        initial=_initial(tokens, initial, mid),
        transitions=_transitions(text),
        not_yet=frozenset(stem((m.group(1) or m.group(2)).lower()) for m in _NOT_YET.finditer(text)),
        still=frozenset(stem(w.lower()) for w in _STILL.findall(text)),
        roles=_roles(tokens),
        noun_roles=_noun_roles(tokens),
        bound=_bound(tokens),
        orders=_orders(tokens),
        speakers=_speakers(text, tokens, quoted_at, offsets),
        reporters=_reporters(text, tokens, quoted_at, offsets),
        runs=_runs(text),
        full_names=_full_names(text),
        dated=frozenset(n for n, k in occurrences.items() if as_day.get(n, 0) >= k),
        ranked=frozenset(n for n, k in occurrences.items() if as_rank.get(n, 0) >= k),
        opening=_opening(tokens),
        located=_located(tokens),
        placed=_placed(tokens),
        acting=_acting(tokens),
        paired=_paired(tokens),
        lasting=_durations(text),
        periods=_periods(text),
        directions=_directions(text),
        apposed=_apposed(text),
        subject=_subject(text),
        opposed=_opposed(tokens),
        partial=_partial(tokens),
        agents=_agents(tokens),
    )


_CLAUSE_TEXT = re.compile(r"[^,.;:!?]*")


def _attribution(text: str, at: int) -> bool:
    """Whether the clause of ``text`` from ``at`` (after a comma) only says who said it.

    >>> _attribution("the authority said, without naming them.", 0), _attribution("said Peskov.", 0)
    (True, True)
    >>> _attribution("and the company said it would appeal.", 0)
    False
    """
    m = _CLAUSE_TEXT.match(text, at)
    clause = m.group() if m else ""
    words = clause.split()
    return 0 < len(words) <= 6 and words[0].lower() != "and" and reports(clause)


_PERIOD = re.compile(r"\b(this|next|last|coming|past)\s+(week|month|year|weekend)\b", re.I)
# Relations that name one period the same way ("the coming week" is "next week").
_SAME_PERIOD = {"coming": "next", "past": "last"}
PERIOD_UNITS = frozenset({"week", "month", "year", "weekend"})


def _periods(text: str) -> frozenset[str]:
    """Periods named relative to the time of writing, as "relation unit".

    >>> sorted(_periods("at a hearing later this week; by next month, the coming year"))
    ['next month', 'next year', 'this week']
    """
    return frozenset(
        f"{_SAME_PERIOD.get(m.group(1).lower(), m.group(1).lower())} {m.group(2).lower()}"
        for m in _PERIOD.finditer(text)
    )


_DIRECTION = re.compile(r"\b(north|south|east|west)(?:[\s-]?(east|west))?(?:ern|wards?)?\b", re.I)


def _directions(text: str) -> frozenset[str]:
    """Points of the compass a text names, one form each.

    >>> sorted(_directions("in eastern Ukraine, north-west of Kyiv, heading Southwards"))
    ['east', 'northwest', 'south']
    """
    return frozenset((m.group(1) + (m.group(2) or "")).lower() for m in _DIRECTION.finditer(text))


_DURATION = re.compile(r"\b(\d+)[\s-]+(hours?|days?|weeks?)\b", re.I)


def _durations(text: str) -> frozenset[str]:
    """The figures a duration has in the neighbouring units, when whole.

    >>> sorted(_durations("in the 48 hours before, for 3 days, 14-day ban, 2 weeks"))
    ['14', '2', '336', '72']
    """
    found: set[int] = set()
    for m in _DURATION.finditer(text):
        n, unit = int(m.group(1)), m.group(2).lower()
        if unit.startswith("hour") and n % 24 == 0:
            found.add(n // 24)
        elif unit.startswith("day"):
            found.add(n * 24)
            if n % 7 == 0:
                found.add(n // 7)
        elif unit.startswith("week"):
            found.add(n * 7)
    return frozenset(str(n) for n in found)


_MONTH_WORD = "|".join([*MONTHS.values(), *(m for m in MONTHS if m != "may")])
_DAY_OF_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH_WORD})\b|\b(?:{_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.I,
)


_LEADING = frozenset("the a an in on at by for of and but as after before when while if from to with".split())
_RUN = re.compile(r"\b[A-Z][a-z][\w’'-]*(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][a-z][\w’'-]*)+")


_FULL_NAME = re.compile(r"\b[A-Z][a-z][\w’'-]*(?:[^\S\n]+[A-Z][a-z][\w’'-]*)+")


def _full_names(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Runs of capitalised words with nothing between them, as name keys without titles or a
    sentence's first word ("Moscow and Washington" is two names, "Governor Petra Vondel" one).

    >>> said = "The Kremlin said Governor Petra Vondel met Moscow and Washington."
    >>> [(i, sorted(k)) for i, k in _full_names(said)]
    [('pv', ['petra', 'vondel'])]
    """
    return tuple(("".join(w[0] for w in words).lower(), frozenset(keys)) for words, keys in _name_words(text))


def _name_words(text: str) -> list[tuple[list[str], list[str]]]:
    """Each run of capitalised words that names someone: its words and their name keys, in order.

    >>> _name_words("Under the deal, Sorrel Airways said")
    [(['Sorrel', 'Airways'], ['sorrel', 'airway'])]
    """
    stem = _stemmer().stemWord
    found = []
    for m in _FULL_NAME.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in _LEADING and w.lower() not in TITLES]
        if len(words) >= 2:
            found.append((words, [stem(_norm(w)) for w in words]))
    return found


def _runs(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Names of two or more capitalised words, by their initials.

    >>> [i for i, _ in _runs("The United Nations and the North Atlantic Treaty Organization")]
    ['un', 'nato']
    """
    found = []
    for m in _RUN.finditer(text):
        # A sentence's capitalised first word ("The", "In") is no part of the name.
        words = [w for w in m.group().split() if w[0].isupper() and w.lower() not in _LEADING]
        if len(words) < 2:
            continue
        found.append(("".join(w[0] for w in words).lower(), frozenset(stem(_norm(w)) for w in words)))
    return tuple(found)


# Prepositions of place: the name after one is where something happened.
_LOCATIVE = frozenset("in at near outside inside to into from around across via toward towards".split())
# Words that open a new clause: a negation before them does not reach past them.
_CLAUSE = frozenset("whether that if which who because but although while when where".split())
DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())
_PRONOUNS = frozenset("he she they we i it who".split())
# Words that leave who acts to the surrounding text: a name there may stand for them.
_STAND_FOR = frozenset("he she they we it his her their its him them".split())


def _reporting(low: str) -> bool:
    """A lower-case word is a reporting verb ("said", "remarked", "told")."""
    return _stemmer().stemWord(low) in REPORTING


def reports(text: str) -> bool:
    """Whether ``text`` tells that someone said something: it has a reporting verb.

    >>> reports("On 3 August, officials said 2,300 had left."), reports("2,300 had left.")
    (True, False)
    """
    return any(_reporting(w.lower()) for w in re.findall(r"[A-Za-z]+", text))


def _initial(tokens: list[tuple[int, str, str, bool]], at: set[int], mid: set[str]) -> frozenset[str]:
    """Sentence-initial capitals that may be common words: not capitalised elsewhere, and not
    a speaker ("Trump said") or part of a longer name ("Orsa Hydro")."""
    found = set()
    for k in at:
        nxt = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1][0] == tokens[k][0] else None
        if nxt is not None and (nxt[3] or _reporting(nxt[1])):
            continue
        found.add(tokens[k][2])
    return frozenset(found - mid)


_BREAK = "\x00"


def _followed(chain: list[tuple[str, bool]]) -> frozenset[tuple[str, str]]:
    """Each word with the next content word after it in its sentence (one pass, from the end;
    ``_BREAK`` ends a sentence)."""
    pairs = set()
    nxt: str | None = None
    for word, is_content in reversed(chain):
        if word == _BREAK:
            nxt = None
            continue
        if nxt is not None:
            pairs.add((word, nxt))
        if is_content:
            nxt = word
    return frozenset(pairs)


def _speakers(
    text: str, tokens: list[tuple[int, str, str, bool]], quoted_at: list[bool], offsets: list[int]
) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each quotation of two words or more with the names its sentence gives as saying it
    (empty when a pronoun says it: who "he" is, another sentence tells).

    A reporting verb that opens its sentence before a comma is a participle's clause ("Asked
    about the Northgate box, he said: ..."): what follows it is the topic, not the speaker.

    >>> def said(text): return [sorted(names) for _words, names in features(text).speakers]
    >>> said('Asked about the Northgate box, he said: "It is embarrassing."')
    [[]]
    >>> said('Asked about it, Lindqvar said: "It is embarrassing."')
    [['lindqvar']]
    >>> said('Said Kvell, bluntly: "Nothing has changed at all."')
    [['kvell']]
    """
    found: list[tuple[str, frozenset[str]]] = []
    for q in _QUOTED.finditer(text):
        words = _flat(q.group(1) or q.group(2))
        if len(words.split()) < 2:
            continue
        first = next((k for k, at in enumerate(offsets) if at > q.start()), None)
        if first is None:
            continue
        sent = tokens[first][0]
        outside = [(k, t) for k, t in enumerate(tokens) if t[0] == sent and not quoted_at[k]]
        # Reporting verbs, not the nouns ("the call", "a report").
        verbs = [
            n
            for n, (_k, t) in enumerate(outside)
            if _reporting(t[1]) and not (n and outside[n - 1][1][1] in DETERMINERS)
        ]
        if not verbs:
            continue  # no one is said to say it: nothing to compare
        verb = verbs[0]
        if verb == 0 and outside[0][0] < first:
            # "Asked about X, he said": the clause's verb, when another reporting verb follows a comma.
            commas = (n for n, (k, _t) in enumerate(outside) if n and text[: offsets[k]].rstrip()[-1:] == ",")
            comma = next(commas, None)
            later = next((n for n in verbs if comma is not None and n >= comma), None)
            if later is not None and comma is not None:
                outside, verb = outside[comma:], later - comma
        if any(t[1] in _PRONOUNS for _k, t in outside[max(verb - 2, 0) : verb]):
            found.append((words, frozenset()))  # "which he labeled": who "he" is, another sentence says
            continue
        before = frozenset(t[2] for _k, t in outside[:verb] if t[3])
        after = frozenset(t[2] for _k, t in outside[verb + 1 :] if t[3])
        by = verb + 1 < len(outside) and outside[verb + 1][1][1] == "by"  # "was told by X"
        found.append((words, after if by or not before else before))
    return tuple(found)


# Reporting verbs that may follow what was said, their speaker after them ("…, said Peskov").
_INVERTED = frozenset(
    "said says added adds wrote writes asked asks noted notes explained stated continued".split()
)


def _reporters(
    text: str, tokens: list[tuple[int, str, str, bool]], quoted_at: list[bool], offsets: list[int]
) -> tuple[frozenset[str], ...]:
    """Who a text names as saying what it reports, outside quotations, as runs of name keys:
    the names next to each reporting verb ("Kremlin spokesman Dmitry Peskov said", "..., said
    Peskov") and after "according to" ("according to Russian presidential press secretary
    Dmitry Peskov"). A pronoun ("he said") or a role ("the council said") names no one.

    >>> def runs(text): return sorted(sorted(r) for r in features(text).reporters)
    >>> runs("They entered a difficult phase, according to Russian press secretary Dmitry Peskov.")
    [['dmitri', 'peskov'], ['russian']]
    >>> runs("Orsa Hydro spokeswoman Ilse Varga said insurers were not refusing to pay.")
    [['hydro', 'orsa'], ['ils', 'varga']]
    >>> runs("The talks were difficult, said Peskov, and he said so again.")
    [['peskov']]
    >>> runs("The council said the call had been made by Orsa Hydro.")
    []
    >>> runs("The office in Corlane confirmed it but did not comment on Greywater's claims.")
    []
    >>> runs("Yermak, an adviser to Zelenskyy, said so, said Jara Novak of the association.")
    [['jara', 'novak'], ['yermak']]
    >>> runs("Ingrid Falkmo, the authority's director general, said the law did not require it.")
    [['falkmo', 'ingrid']]
    >>> runs("On Friday, the EU's top diplomat, Kaja Kallas, told reporters it would not.")
    [['kaja', 'kalla']]
    >>> runs("It hit villages including Tamsey Green, Valdren County Council said.")
    [['council', 'counti', 'valdren']]
    """
    found: list[frozenset[str]] = []

    def named(k: int) -> bool:
        return tokens[k][3] and not quoted_at[k]

    def runs(ks: list[int]) -> None:
        """The name runs among the tokens ``ks`` (in order): titles and "the" part them."""
        run: set[str] = set()
        for k in [*ks, -1]:
            if k >= 0 and named(k):
                run.add(tokens[k][2])
            elif run:
                found.append(frozenset(run))
                run = set()

    def span(k: int, step: int, sentence: int) -> list[int]:
        """Tokens from ``k`` on that are names or titles: a speaker and their titles, up to a
        comma ("villages including Tamsey Green, Valdren County Council said")."""
        ks: list[int] = []
        while 0 <= k < len(tokens) and tokens[k][0] == sentence and (named(k) or tokens[k][1] in TITLES):
            a, b = sorted((k, ks[-1])) if ks else (k, k)
            if re.search(r"[,;:()\"“”–—]", text[offsets[a] : offsets[b]]):
                break
            ks.append(k)
            k += step
        return ks if step > 0 else ks[::-1]

    for k, (sentence, low, _key, _name) in enumerate(tokens):
        if quoted_at[k]:
            continue
        if low == "according" and k + 1 < len(tokens) and tokens[k + 1][1] == "to":
            # Its phrase, up to a comma or a stop: "according to X, the talks ...".
            stop = re.search(r"[,;.!?]", text[offsets[k] :])
            end = offsets[k] + stop.start() if stop else len(text)
            runs([j for j in range(k + 2, min(k + 14, len(tokens))) if offsets[j] < end])
            continue
        before = text[: offsets[k]]
        if not _reporting(low) or (k and tokens[k - 1][1] in DETERMINERS) or re.search(r"['’]s\s*$", before):
            continue  # not a reporting verb, or the noun ("the call", "Greywater's claims")
        if re.search(r"[,\"”]\s*$", before):
            # After the verb, when it follows what was said: "..., said (the) spokesman Peskov".
            # Not after a verb that takes an object there ("Kallas, accused President Trump").
            j = k + 1
            while j < len(tokens) and tokens[j][1] == "the":
                j += 1
            after = span(j, 1, sentence) if low in _INVERTED else []
            if after:
                runs(after)
                continue
            # "Yermak, an adviser to Zelenskyy, said": that comma ends an apposition, and the
            # speaker is named before it ("Falkmo, the authority's director general, said"), or
            # is the apposition ("The EU's top diplomat, Kaja Kallas, said").
            at = _before_appositions(before)
            if at is None:
                continue
            named_at = [t for t in range(k) if offsets[t] < at and tokens[t][0] == sentence]
            if named_at and named(named_at[-1]):
                runs(span(named_at[-1], -1, sentence))
        elif k and named(k - 1) and tokens[k - 1][0] == sentence and not re.search(r"[;:–—]\s*$", before):
            ks = span(k - 1, -1, sentence)
            # "Kremlin spokesman Dmitry Peskov said"; not "the office in Corlane confirmed".
            if ks[0] == 0 or tokens[ks[0] - 1][1] not in _LOCATIVE:
                runs(ks)
    return tuple(found)


def _before_appositions(before: str) -> int | None:
    """Where the speaker's name ends in ``before`` (a sentence up to its reporting verb, after
    a comma): past the appositions that open lower case ("Nora Vilde, an analyst with Strand &
    Hegg, a Karlhavn brokerage, said"), or at the end of one that is a name ("The EU's top
    diplomat, Kaja Kallas, said"). None when no apposition ends there.

    >>> text = "Nora Vilde, an analyst with Strand & Hegg, a brokerage, said"
    >>> text[: _before_appositions(text[:-5])]
    'Nora Vilde'
    >>> text = "On Friday, the EU's top diplomat, Kaja Kallas, said"
    >>> text[: _before_appositions(text[:-5])]
    "On Friday, the EU's top diplomat, Kaja Kallas"
    >>> _before_appositions("The talks failed, said") is None
    True
    >>> _before_appositions("Meanwhile, the minister, a former pilot, said") is None
    True
    """
    start = max(before.rfind(c) for c in ".!?;:\n") + 1
    cut = [m.start() for m in re.finditer(r",", before) if m.start() >= start]
    if len(cut) < 2 or before[cut[-1] :].strip() != ",":
        return None
    # The segments between commas, last first: lower-case ones are appositions to pass.
    for opened, closed in zip(reversed(cut[:-1]), reversed(cut[1:]), strict=False):
        segment = before[opened + 1 : closed].strip()
        if not segment or len(segment.split()) > 12 or re.search(r"[()\"“”]", segment):
            return None
        if segment[0].isupper():
            return closed if closed == cut[-1] else None  # a name apposed: it is the speaker
        if opened == cut[0]:
            # "However, the minister, a former pilot, said": an adverb is no speaker.
            first = before[start:opened].strip()
            plain = " " not in first and (first.lower() in STOPWORDS or first.endswith("ly"))
            return None if plain else opened
        if before[cut[cut.index(opened) - 1] + 1 : opened].strip()[:1].isupper():
            return opened  # the name before the first apposition
    return None


def _same_party(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two name runs name one party: the shorter one's names are in the longer one ("Peskov",
    "Dmitry Peskov"; "Zelensky", "Zelenskyy")."""
    short, long = sorted((a, b), key=len)
    return all(any(same_name(x, y) for y in long) for x in short)


def _speaker_names(e: Features) -> set[str]:
    """Every name the text gives as saying something, quoted or reported."""
    quoting = {n for _w, names in e.speakers for n in names}
    return (quoting | {n for r in e.reporters for n in r}) & e.names


def _named_whole(run: frozenset[str], e: Features) -> bool:
    """Whether the evidence names the party of ``run`` as one name: one of its runs (or its
    name, for a one-word run) holds the run's names, and any other of them stands alone in
    the evidence ("EU" before "High Representative Kaja Kallas"), not in another party's name
    ("Brannock" of "the Brannock Festival Trust" is not the "Brannock Lantern Market")."""
    others = [keys for _i, keys in e.runs]
    for w in [*others, *(frozenset({n}) for n in e.names)]:
        rest = {x for x in run if not any(same_name(x, y) for y in w)}
        if len(rest) < len(run) and all(x in e.names and not any(x in o for o in others) for x in rest):
            return True
    return False


# Words after which a name is what an act is done to or about, not who reports it.
_OBJECT_PREPOSITIONS = frozenset(
    "to with from for against at on about into of toward towards over than".split()
)


def _only_as_object(run: frozenset[str], e: Features) -> bool:
    """Whether the evidence names the party of ``run`` only after a preposition: "Kvell said
    he made a call to Odlander" names Odlander as the one called, not as a speaker
    ("according to Odlander" does name a speaker)."""
    tokens = e.flat.split()
    keys = [name_key(t) for t in tokens]  # as the names were keyed ("Councillor" = "councilor")

    def before(i: int) -> int:
        """Where the name at ``i`` begins: past the words of its run ("to Councillor Bryce")."""
        while i > 0 and keys[i - 1] in e.names and keys[i - 1] not in run:
            i -= 1
        return i

    starts = [before(i) for i, k in enumerate(keys) if k in run]
    return bool(starts) and all(
        i > 0 and tokens[i - 1] in _OBJECT_PREPOSITIONS and not (i > 1 and tokens[i - 2] == "according")
        for i in starts
    )


def _misattributed(
    c: Features, e: Features, demonyms: frozenset[str] = frozenset(), spelled: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The claim's speaker of a quotation, where the evidence names someone else as saying
    those words ("Zelenskyy said, 'It's time...'" where his foreign minister said it); or the
    claim's speaker of what it reports, where the evidence names only other parties as saying
    it ("Ushakov said the talks ..." against "..., according to Dmitry Peskov"; "according to
    the Brannock Lantern Market" against "the Brannock Festival Trust said"). A run of
    ``demonyms`` ("Russian presidential aide") names no party, and one the evidence ``spelled``
    otherwise ("Canberra" for "Australia") names its party."""
    for words, said_by in c.speakers:
        mine = said_by & c.names  # not a common word a sentence's capital made a name
        if not mine:
            continue
        for theirs_words, by in e.speakers:
            theirs = by & e.names
            if words in theirs_words and theirs and not any(same_name(a, b) for a in mine for b in theirs):
                return mine
    # What the claim reports in its own words that the evidence quotes someone else as saying:
    # "Falkmo said the law did not require…" against '"The law does not require us…," said
    # Hanne Solvik, a spokeswoman. Falkmo did not comment.'
    reporting = [r & c.names for r in c.reporters if r & c.names - demonyms - spelled]
    for theirs_words, by in e.speakers:
        theirs = by & e.names  # compared whole; a speaker named by demonyms alone names no one
        quoted = {name_key(w) for w in theirs_words.split() if w not in STOPWORDS}
        reworded = len(quoted) >= 4 and len(quoted & c.content) >= 0.6 * len(quoted)
        if (
            reporting
            and theirs - demonyms
            and reworded
            and not any(_same_party(a, theirs) for a in reporting)
        ):
            return frozenset().union(*reporting)
    # Only a speaker the evidence does not name as a whole: where it does ("the NFSA said 52
    # tonnes" against "…, while the NFSA put the figure at 52"), the parts of a sentence that
    # reports two accounts are told apart by the caller, which reads the part that gives the
    # claim's figures (:func:`account_of`).
    # A speaker named whole counts as a party of the evidence's account, unless the evidence
    # names them only as the one acted on and the claim does not ("Petra Holm of Vessa said"
    # names Vessa after "of" too: no speaker).
    ours = [
        r
        for r in reporting
        if not _named_whole(r, e) or (_only_as_object(r, e) and not _only_as_object(r, c))
    ]
    others = [r & e.names for r in e.reporters if r & e.names - demonyms]
    if ours and others and not any(_same_party(a, b) for a in ours for b in others):
        return frozenset().union(*ours)
    return frozenset()


# Where a sentence turns to another account: "A said 40 tonnes, while B put the figure at 52".
_ACCOUNTS = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+")


def account_of(text: str, figures: frozenset[str]) -> tuple[str, Features] | None:
    """The part of a sentence that tells two accounts which alone gives ``figures``, with its
    features (read once: the checker reads it for who said them): where "Hollis Valley Dairy
    said it had recalled 40 tonnes, while the NFSA put the figure at 52", the 40 tonnes are
    the company's account. None for a sentence of one account, or figures told in both parts.

    >>> s = "The dairy said it had recalled 40 tonnes, while the NFSA put the figure at 52."
    >>> account_of(s, frozenset({"40"}))[0]
    'The dairy said it had recalled 40 tonnes'
    >>> account_of(s, frozenset({"40", "52"})), account_of("It recalled 40 tonnes.", frozenset({"40"}))
    (None, None)
    """
    if not figures:
        return None
    parts = _ACCOUNTS.split(text)
    if len(parts) < 2:
        return None
    holding = [(p, f) for p in parts if (f := features(p)).numbers & figures]
    if len(holding) != 1 or not figures <= holding[0][1].numbers:
        return None
    return holding[0]


@lru_cache(maxsize=1)
def _symmetric() -> frozenset[str]:
    """Relations that hold both ways, by stem: "A met B" is "B met A" (stemmed on first use,
    not at import)."""
    stem = _stemmer().stemWord
    return frozenset(stem(w) for w in "meet met talk speak spoke negotiate clash agree disagree".split())


def _past_tense(low: str) -> bool:
    """A regular past tense or participle: "accused", four-letter "sued", not "need" or "seed"."""
    return low.endswith("ed") and len(low) > 3 and not low.endswith("eed")


def _bound(tokens: list[tuple[int, str, str, bool]]) -> frozenset[tuple[str, str]]:
    """Each past-tense verb with the first figure after it in its clause, before another
    verb: what the figure is the time, amount or count of.

    >>> sorted(features("Wards stopped taking patients at 7 a.m. and resumed at 9:40 p.m.").bound)
    [('resum', '21:40'), ('stop', '7:00')]
    >>> sorted(features("Wards stopped, then resumed at 9:40 p.m.").bound)
    [('resum', '21:40')]
    """
    found = set()
    for i, (sent, low, key, is_name) in enumerate(tokens):
        if not key or is_name or not _past_tense(low):
            continue
        for s2, low2, key2, _ in tokens[i + 1 : i + 6]:
            if s2 != sent or (key2 and _past_tense(low2)):
                break
            digits = _DIGITS.match(low2)
            figure = digits.group(1).replace(",", "") if digits else NUMBER_WORDS.get(low2)
            if figure:
                found.add((key, figure))
                break
    return frozenset(found)


def _rebound(c: Features, e: Features) -> bool:
    """Two figures given to each other's verbs: "resumed at 7 a.m. and stopped at 9:40 p.m."
    against "stopped at 7 a.m. and resumed at 9:40 p.m.". Both texts hold both figures and
    both verbs; only which goes with which differs.

    >>> said = features("Wards stopped taking patients at 7 a.m. and resumed at 9:40 p.m.")
    >>> _rebound(features("Wards resumed taking patients at 7 a.m. and stopped at 9:40 p.m."), said)
    True
    >>> _rebound(features("Wards resumed at 9:40 p.m., having stopped at 7 a.m."), said)
    False
    """
    return any(
        (v1, b) in e.bound and (v2, a) in e.bound and (v1, a) not in e.bound and (v2, b) not in e.bound
        for v1, a in c.bound
        for v2, b in c.bound
        if v1 != v2 and a != b
    )


# "A, B's <words>," and "B's <words> A": B's noun, apposed to A, is A. The words between
# may not hold a preposition or a conjunction ("Russia's invasion of Ukraine" is no apposition).
_APPOSED = re.compile(
    r"(?:\b[A-Z][\w-]*,\s+([A-Z][\w-]*)['’]s\s+(?:(?!(?:of|in|on|to|for|with|by|from|at|and|or)\b)[a-z][\w-]*\s*){1,4},)"
    r"|(?:\b([A-Z][\w-]*)['’]s\s+(?:(?!(?:of|in|on|to|for|with|by|from|at|and|or|the)\b)[a-z][\w-]*\s+){1,4}[A-Z][\w-]*)"
)


def _apposed(text: str) -> frozenset[str]:
    """Names that stand as a possessor in an apposition and nowhere else on their own.

    >>> sorted(_apposed("Malvonia, Dravenia’s southern neighbour, sent six units."))
    ['dravenia']
    >>> sorted(_apposed("Dravenia's southern neighbour Malvonia sent six units."))
    ['dravenia']
    >>> _apposed("Russia's invasion of Ukraine began in 2022."), _apposed("Russia's army fired.")
    (frozenset(), frozenset())
    """
    found = {name_key(b) for m in _APPOSED.finditer(text) for b in m.groups() if b}
    if not found:
        return frozenset()  # most texts: features() runs on every unit, so no second scan
    # Named on its own too ("Dravenia asked for help; Malvonia, Dravenia's neighbour, sent…").
    alone = {name_key(m.group(1)) for m in re.finditer(r"\b([A-Z][\w-]*)\b(?!['’]s)", text)}
    return frozenset(found - alone)


def _subject(text: str) -> frozenset[str]:
    """The run of capitalised words a text opens with, when no possessive ends it: the names
    of its subject ("Dravenia sent…"; "Dravenia's neighbour sent…" has none).

    >>> sorted(_subject("Kaja Kallas accused Trump.")), _subject("Dravenia's neighbour sent units.")
    (['kaja', 'kalla'], frozenset())
    """
    run = re.match(r"\W*((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)(['’]s\b)?", text)
    if run is None or run.group(2):
        return frozenset()
    return frozenset(name_key(w) for w in run.group(1).split() if w.lower() not in STOPWORDS)


def _opening(tokens: list[tuple[int, str, str, bool]]) -> frozenset[str]:
    """The content words of a text's opening noun phrase, when it is "The/A ..." and names
    no one, up to its verb (an auxiliary, a reporting verb or a past tense).

    >>> sorted(features("The tentative agreement ended the strike.").opening)
    ['agreement', 'tentat']
    >>> features("The EDWU ended the strike.").opening, features("Talks ended.").opening
    (frozenset(), frozenset())
    """
    if not tokens or tokens[0][1] not in ("the", "a", "an"):
        return frozenset()
    words: list[str] = []
    for sent, low, key, is_name in tokens[1:6]:
        if sent != tokens[0][0]:
            break
        if low in AUXILIARIES or _reporting(low) or _past_tense(low):
            return frozenset(words)
        if is_name or not key:
            return frozenset()
        words.append(key)
    return frozenset()


def _roles(
    tokens: list[tuple[int, str, str, bool]],
) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    roles = []
    # Each sentence's tokens, grouped once (sentence numbers only grow along the tokens).
    sentences: dict[int, list[tuple[int, str, str, bool]]] = {}
    first: dict[int, int] = {}
    for i, t in enumerate(tokens):
        sentences.setdefault(t[0], []).append(t)
        first.setdefault(t[0], i)
    symmetric = _symmetric()
    for i, (sent, low, key, is_name) in enumerate(tokens):
        # Past-tense verbs and participles only ("accused", "criticised", "..., accusing Putin
        # of"): a noun between two names is no relation.
        # Four-letter ones too ("sued", "owed"), not "need" or "seed".
        verb = _past_tense(low) or (low.endswith("ing") and len(low) > 6)
        if not key or is_name or key in symmetric or not verb:
            continue
        same = sentences[sent]
        k = i - first[sent]
        before = frozenset(t[2] for t in same[:k] if t[3])
        # Its object, not the whole rest, nor the source of an "according to B".
        window = list(itertools.takewhile(lambda t: t[1] != "according", same[k + 1 : k + 5]))
        after = frozenset(t[2] for t in window if t[3])
        nxt = same[k + 1][1] if k + 1 < len(same) else ""
        if nxt == "with" or not (before and after):
            continue
        passive = _passive([t[1] for t in same[max(0, k - 2) : k]])
        if nxt == "by":  # "was criticised by B", "a stance supported by B": B is the one who acts
            before, after = after, before
        elif passive:
            continue  # "drones were intercepted, according to B": who acted is not said
        roles.append((key, before, after))
    return tuple(roles)


# Words in -ing that English uses as prepositions: "dealers, including in Ulmestad, urged".
_PREPOSITIONAL_ING = frozenset("including according regarding concerning following excluding during".split())


_BE = frozenset("is are was were be been being am".split())


def _passive(before: list[str]) -> bool:
    """Whether the (up to two) words before a participle make it a passive: "were urged",
    "was quickly urged" (one word between, an adverb)."""
    return bool(before) and (
        before[-1] in _BE or (len(before) == 2 and before[0] in _BE and before[1].endswith("ly"))
    )


def _noun_roles(
    tokens: list[tuple[int, str, str, bool]],
) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """:func:`_roles` for parties named by common nouns ("Police urged galleries and dealers to
    watch"): for each past-tense verb, the nouns of its clause before it (back to the verb
    before, or the sentence's start) and the first nouns after it, the passive turned active.

    >>> def roles(text): return [(w, sorted(b), sorted(a)) for w, b, a in features(text).noun_roles]
    >>> roles("Police urged galleries and dealers to watch for the works.")
    [('urg', ['polic'], ['dealer', 'galleri'])]
    >>> roles("Galleries were urged by police to watch."), roles("Six people were injured in strikes.")
    ([('urg', ['polic'], ['galleri'])], [])
    """

    def verb_like(low: str) -> bool:
        gerund = low.endswith("ing") and len(low) > 6 and low not in _PREPOSITIONAL_ING
        return _past_tense(low) or gerund or _reporting(low)

    def party(j: int) -> bool:
        # A name by its capital alone where it opens the sentence: "Police urged ...".
        sent, low, key, is_name = tokens[j]
        opens = j == 0 or tokens[j - 1][0] != sent
        return bool(key) and (not is_name or opens) and not verb_like(low)

    roles = []
    symmetric = _symmetric()
    for i, (sent, low, key, is_name) in enumerate(tokens):
        if not key or is_name or key in symmetric or not _past_tense(low):
            continue
        clause = []
        for j in range(i - 1, -1, -1):
            if tokens[j][0] != sent or verb_like(tokens[j][1]):
                break
            clause.append(j)
        following = [j for j in range(i + 1, min(i + 9, len(tokens))) if tokens[j][0] == sent]
        # The object ends at the next verb or an infinitive's "to" ("urged galleries to watch").
        ends = (n for n, j in enumerate(following) if verb_like(tokens[j][1]) or tokens[j][1] == "to")
        stop = next(ends, len(following))
        before = frozenset(tokens[j][2] for j in clause if party(j))
        after = frozenset(tokens[j][2] for j in following[:stop] if party(j))
        nxt = tokens[following[0]][1] if following else ""
        if nxt == "with" or not (before and after):
            continue
        # A passive ("were injured in drone strikes", "be reached only by air"): its agent is
        # after "by", and without one who acted is not said.
        # ("was quickly urged": one word between, a stopword or an adverb).
        passive = _passive([t[1] for t in tokens[max(0, i - 2) : i] if t[0] == sent])
        if passive or nxt == "by":
            agent = next((n for n, j in enumerate(following[:3]) if tokens[j][1] == "by"), None)
            if agent is None:
                continue
            after = frozenset(tokens[j][2] for j in following[agent + 1 : stop] if party(j))
            before, after = after, before
            if not before:
                continue
        roles.append((key, before, after))
    return tuple(roles)


def _orders(
    tokens: list[tuple[int, str, str, bool]],
) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """For each "after" and "before": the content words before it in its sentence (up to 6)
    and after it (up to 4), by key."""
    found = []
    for i, (sent, low, _, _) in enumerate(tokens):
        if low not in ("after", "before"):
            continue
        before = [t[2] for t in tokens[:i] if t[0] == sent and t[2]][-6:]
        after = [t[2] for t in tokens[i + 1 :] if t[0] == sent and t[2]][:4]
        if before and after:
            found.append((low, frozenset(before), frozenset(after)))
    return tuple(found)


def _opposed(tokens: list[tuple[int, str, str, bool]]) -> tuple[tuple[frozenset[str], str], ...]:
    """For each "against": the content words before it in its sentence (up to 6) and the first
    word after it, past its article or possessive (by key).

    >>> [(sorted(b), o) for b, o in features("SCT withdrew the claim it filed against the union.").opposed]
    [(['claim', 'file', 'sct', 'withdrew'], 'union')]
    >>> features("The union sued.").opposed
    ()
    """
    found = []
    for i, (sent, low, _, _) in enumerate(tokens):
        if low != "against":
            continue
        # Up to 6: "filed a lawsuit at the Karlhavn Administrative Court against" names its act.
        before = [t[2] for t in tokens[max(0, i - 8) : i] if t[0] == sent and t[2]][-6:]
        key = next((t[2] for t in tokens[i + 1 : i + 4] if t[0] == sent and t[2]), "")
        if key and before:
            found.append((frozenset(before), key))
    return tuple(found)


# English partitives: "part of", "some of", "half of"... (no figures: "three of the four
# hospitals" is stated by "three hospitals", and "some 140" is about 140). Not "share": "the
# share of votes in favour" is a proportion.
_PARTITIVES = frozenset("part parts some half most much portion fraction sample samples few several".split())
_DETERMINERS = frozenset("the its their his her our your this that these those".split())
# "is part of the alliance", "formed part of": membership, not a share.
_MEMBERSHIP = frozenset("is are was were be been being become becomes became form forms formed".split())


def _partial(tokens: list[tuple[int, str, str, bool]]) -> tuple[frozenset[str], ...]:
    """For each partitive, the content words (up to two, by key) right after it, past "of"
    and an article.

    >>> [sorted(p) for p in features("Greywater had published part of the stolen data on Oct. 25.").partial]
    [['data', 'stolen']]
    >>> [sorted(p) for p in features("Most staff returned; some 140 procedures were postponed.").partial]
    [['return', 'staff']]
    >>> features("The county is part of the alliance, half a mile away.").partial
    ()
    >>> features("The court upheld the part of the ban that covers the depot.").partial
    ()
    """
    found = []
    for i, (sent, low, _, _) in enumerate(tokens):
        if low not in _PARTITIVES or (i and tokens[i - 1][1] in _MEMBERSHIP | {"the"}):
            continue  # "the part of the injunction that covers the depot": a part named
        j = i + 1
        for skip in ({"of"}, _DETERMINERS):
            if j < len(tokens) and tokens[j][1] in skip:
                j += 1
        keys: set[str] = set()
        for t in tokens[j : j + 2]:
            if t[0] != sent or not t[2] or t[1][0].isdigit():
                break
            keys.add(t[2])
        if keys:
            found.append(frozenset(keys))
    return tuple(found)


def _against_swapped(c: Features, e: Features) -> bool:
    """The party something is against, the other way round: "the union withdrew a claim it
    filed against SCT" where the evidence's claim was filed against the union. The same act
    (a word before "against" in common), another party after it, and the evidence's party given
    another role in the claim; never the claim's own pairing."""
    for c_before, c_party in c.opposed:
        theirs = [party for before, party in e.opposed if before & c_before]
        if theirs and c_party not in theirs and any(p in c.content for p in theirs):
            return True
    return False


def _located(tokens: list[tuple[int, str, str, bool]]) -> frozenset[str]:
    """Names right after a preposition of place in their sentence ("in Moscow")."""
    return frozenset(
        b[2] for a, b in itertools.pairwise(tokens) if b[3] and a[1] in _LOCATIVE and a[0] == b[0]
    )


def _placed(tokens: list[tuple[int, str, str, bool]]) -> frozenset[tuple[str, str]]:
    """A common noun and the place right after its "in", "at" or "near", in one sentence.

    >>> sorted(features("Sorrel takes its hangar in Eskeby and slots at Karlhavn Airport.").placed)
    [('hangar', 'eskebi'), ('slot', 'karlhavn')]
    """
    return frozenset(
        (a[2], c[2])
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if a[2] and not a[3] and b[1] in ("in", "at", "near") and c[3] and a[0] == c[0]
    )


def _acting(tokens: list[tuple[int, str, str, bool]]) -> frozenset[str]:
    """Names followed in their sentence by an auxiliary, a past-tense verb or a reporting verb."""
    found = set()
    for (sent, _, key, is_name), (nsent, low, _, next_is_name) in itertools.pairwise(tokens):
        verb = low in AUXILIARIES or (low.endswith("ed") and len(low) > 3) or _reporting(low)
        if is_name and nsent == sent and verb and not next_is_name:
            found.add(key)
    return frozenset(found)


def _paired(tokens: list[tuple[int, str, str, bool]]) -> frozenset[frozenset[str]]:
    """Two names joined by "and" in one sentence."""
    return frozenset(
        frozenset({a[2], b[2]})
        for a, conj, b in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if a[3] and b[3] and conj[1] == "and" and a[0] == b[0]
    )


def _reordered(c: Features, e: Features) -> bool:
    """Two events the other way round: "a ceasefire only after territorial talks" where the
    evidence has the talks only after a ceasefire, and never the claim's order."""
    for word, c_before, c_after in c.orders:
        theirs = [(b, a) for w, b, a in e.orders if w == word]
        if any(c_before & b and c_after & a for b, a in theirs):
            return False  # the evidence also has the claim's order
        if any((c_after & b) - a and (c_before & a) - b for b, a in theirs):
            return True
    return False


_ACTIVE_AUXILIARIES = frozenset("has have had having will would".split())
# A bare verb after one of these is a verb whatever its form: "Sorrel will take over 12 aircraft".
_MODALS = frozenset("will would can could shall should may might must".split())
# Words that may stand between a party, its modal and its verb: "Sorrel will also take".
_BETWEEN = frozenset("also not never still then now soon only jointly".split())
# Names after these are no subject: "in Veyra", "chaired by Mirow", "the head of Orsa Hydro".
_PREPOSITIONS = frozenset(
    "in at on to from into near outside inside across by of with for about against".split()
)


def _after_modal(tokens: list[tuple[int, str, str, bool]], i: int) -> bool:
    """Token ``i`` follows a modal in its sentence, across ``_BETWEEN`` words only."""
    for t in reversed(tokens[max(0, i - 3) : i]):
        if t[0] != tokens[i][0]:
            return False
        if t[1] in _MODALS:
            return True
        if t[1] not in _BETWEEN:
            return False
    return False


def _agents(tokens: list[tuple[int, str, str, bool]]) -> tuple[tuple[str, frozenset[str]], ...]:
    """For each regular past-tense verb, or bare verb after a modal, with names right before
    it (past "had", not a passive's "was"): the verb's key and those names.

    >>> features("In a post, the group (Greywater) had demanded $4.5 million.").agents
    (('demand', frozenset({'greywat'})),)
    >>> features("The ransom was demanded by Greywater.").agents
    ()
    >>> features("A session in Veyra chaired by Agnes Mirow ended.").agents
    ()
    >>> features("Under the deal, Sorrel will also take over 12 aircraft.").agents
    (('take', frozenset({'sorrel'})),)
    """
    found = []
    for i, (sent, low, key, is_name) in enumerate(tokens):
        if not key or is_name:
            continue
        modal = _after_modal(tokens, i)
        if not (modal or _past_tense(low)):
            continue
        if i + 1 < len(tokens) and tokens[i + 1][1] == "by":
            continue  # "a session in Veyra chaired by Mirow": a passive, Mirow acts
        names: set[str] = set()
        skip = _ACTIVE_AUXILIARIES | _MODALS | _BETWEEN if modal else _ACTIVE_AUXILIARIES
        for t in reversed(tokens[max(0, i - 5 if modal else i - 4) : i]):
            if t[0] != sent:
                break
            if t[3]:
                names.add(t[2])
            elif names or t[1] not in skip:
                if names and t[1] in _PREPOSITIONS:
                    names = set()  # "in Veyra", "by Mirow": not the one who does this act
                break
        if names:
            found.append((key, frozenset(names)))
    return tuple(found)


def _agent_swapped(c: Features, e: Features) -> bool:
    """Another party did the act: "Brennick demanded $4.5 million" where the evidence's
    "demanded" has only Greywater before it. Only when the claim's party is not among them."""
    runs = dict(c.runs) | dict(e.runs)  # "the UN" on one side, "the United Nations" on the other

    capital_of = _capital_of()  # "Canberra accused" is Australia's government acting

    def spelled(names: frozenset[str]) -> frozenset[str]:
        return names.union(*(runs.get(n, frozenset()) | capital_of.get(n, frozenset()) for n in names))

    for verb, names in c.agents:
        theirs = [spelled(n) for v, n in e.agents if v == verb]
        if theirs and not any(_has_name(n, x) for n in theirs for x in spelled(names)):
            return True
    return False


def _has_name(names: frozenset[str], name: str) -> bool:
    return any(same_name(name, n) for n in names)


def _swapped(c: Features, e: Features) -> bool:
    """The claim has two parties the other way round: "Putin accused Zelenskyy" where the
    evidence says Zelenskyy accused Putin, for the same word, and never the claim's way."""
    has = _has_name
    # A party named by its initials on one side ("EDWU") and spelled out on the other.
    runs = dict(c.runs) | dict(e.runs)

    def spelled(names: frozenset[str]) -> frozenset[str]:
        return names.union(*(runs.get(n, frozenset()) for n in names))

    for word, c_before, c_after in ((w, spelled(b), spelled(a)) for w, b, a in c.roles):
        mine = [(spelled(b), spelled(a)) for w, b, a in e.roles if w == word]
        if not mine:
            continue
        agrees = any(any(has(b, x) for x in c_before) and any(has(a, y) for y in c_after) for b, a in mine)
        swapped = any(
            any(has(a, x) and not has(b, x) for x in c_before)
            and any(has(b, y) and not has(a, y) for y in c_after)
            for b, a in mine
        )
        if swapped and not agrees:
            return True
    # Parties named by common nouns: the same word exchanged ("Galleries urged the police"
    # against "Police urged galleries"), and never the claim's way round.
    for word, c_before, c_after in c.noun_roles:
        mine = [(b, a) for w, b, a in e.noun_roles if w == word]
        if not mine or any(c_before & b and c_after & a for b, a in mine):
            continue
        if any((c_before & a) - b and (c_after & b) - a for b, a in mine):
            return True
    return False


def _flat(text: str) -> str:
    """Lower case, words only: quotes compare equal across punctuation and curly quotes."""
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


_FLIP_REASONS = {
    "roles": "the parties are the other way round: the article has the reverse of who did what to whom",
    "order": "the order is the other way round: the article has the two events the reverse way about",
    "change": "the change goes the other way: the article's figure moved from and to the other values",
    "negation": "the article says the opposite: one of the two is negated",
    "figures": "the article gives these figures to other things: each number with what it counts differs",
    "opposite": "the article uses the opposite word (before/after, more/less, up/down or an antonym)",
}


def as_written(keys: Sequence[str], text: str, bridge: int = 0) -> list[str]:
    """Keys as ``text`` writes them, for a reader: a name's run of capitalised words ("dmitri",
    "peskov" -> "Dmitry Peskov"), a figure as written ("8,475"), a month or weekday capitalised.
    Runs with up to ``bridge`` lower-case words between them are one phrase ("Dravenian
    presidential press secretary Ilse Marek"). A key the text does not write in one piece (a
    number in words) stays as it is.

    >>> as_written(["dmitri", "peskov", "8475", "march"], "In March, Dmitry Peskov's office said 8,475.")
    ['March', 'Dmitry Peskov', '8,475']
    >>> as_written(["ushakov", '"a difficult phase"'], "Yuri Ushakov said so.")
    ['Ushakov', '"a difficult phase"']
    >>> as_written(["russian", "dmitri", "peskov"], "according to Russian press secretary Dmitry Peskov.", 3)
    ['Russian press secretary Dmitry Peskov']
    >>> as_written(["6", "july"], "The hall reopens on 6 July."), as_written(["july", "6"], "It is July 6th.")
    (['6 July'], ['July 6th'])
    >>> as_written(["6", "2026"], "On Thursday (6 August 2026), 9 left.")
    ['6 August 2026']
    """
    words = [
        (m, m.group().rstrip(".").removesuffix("’s").removesuffix("'s"))
        for m in re.finditer(r"\d[\d,.:]*\d|[\w’'.-]+", text)
    ]

    def key(word: str) -> str:
        digits, low = _DIGITS.match(word), word.lower()
        if digits:
            return digits.group(1).replace(",", "")
        if len(low) >= 3 and MONTHS.get(low[:3], "").startswith(low):
            return MONTHS[low[:3]]  # as features() keys months: "Jul." and "July" are "july"
        return low if low in WEEKDAYS else name_key(word)

    # A name's key in its capitalised form; a lower-case word only for a key written no other way.
    capital = {key(w) for _m, w in words if w[:1].isupper() or w[:1].isdigit()}
    hits = [(i, m, w) for i, (m, w) in enumerate(words) if key(w) in keys]
    hits = [(i, m, w) for i, m, w in hits if w[:1].isupper() or w[:1].isdigit() or key(w) not in capital]
    runs: list[tuple[int, int, int, str]] = []  # (last word's index, start, end, words)
    for i, m, word in hits:
        shown = word.capitalize() if key(word) in MONTHS.values() or key(word) in WEEKDAYS else word
        last = runs[-1] if runs else None
        gap = text[last[2] : m.start()] if last else ""
        # A date is one phrase too: "6 July", "July 6".
        if last is None:
            runs.append((i, m.start(), m.end(), shown))
            continue
        # Or a day and year either side of a month both sides share: "6 August 2026".
        month = re.fullmatch(r" ([A-Z][a-z]+) ", gap)
        dated = (gap == " " or bool(month and key(month.group(1)) in MONTHS.values())) and (
            i <= last[0] + 2 and (word[:1].isdigit() or last[3][:1].isdigit())
        )
        if dated or (
            word[:1].isupper()
            and last[3][:1].isupper()
            and i - last[0] - 1 <= bridge
            and re.fullmatch(r"(?: [a-z][\w-]*)* ", gap)
        ):
            runs[-1] = (i, last[1], m.end(), f"{last[3]}{gap}{shown}")
        else:
            runs.append((i, m.start(), m.end(), shown))
    found = {key(w) for _i, _m, w in hits}
    return list(dict.fromkeys(r[3] for r in runs)) + [k for k in keys if k not in found]


_NOT_YET = re.compile(
    r"\b(?:not|n['’]t|never)\s+yet\s+(?:been\s+|be\s+)?(\w+)|\byet\s+to\s+(?:be\s+)?(\w+)", re.I
)
_STILL = re.compile(r"\bstill\s+(?:being\s+)?(\w+ing)\b", re.I)


def _in_progress(phrase: tuple[str, ...], plain: Features, negating: Features) -> bool:
    """What one side says is not done yet and the other says is still going on: "charges had
    not yet been decided" and "her office was still deciding what charges to bring".

    >>> _in_progress(("decid",), features("It was still deciding."), features("It had not yet decided."))
    True
    >>> _in_progress(("decid",), features("It decided."), features("It had not yet decided."))
    False
    """
    return set(phrase) <= negating.not_yet and bool(set(phrase) & plain.still)


def _flipped(c: Features, e: Features, opposites: Mapping[str, frozenset[str]]) -> str:
    """Polarity flips: what one side negates ("did not agree to the full ...") the other states
    plainly, as the same consecutive words; or one side states the opposite (WordNet's
    antonyms: more/less, above/below, raise/lower, accept/reject) of a word the other does not use;
    or the parties or a figure's change are the other way round. Returns the kind ("" for none):
    "roles" and "change" are read from structure, "negation" and "opposite" from single words."""
    if any(_stated(p, c.sequence) and not _in_progress(p, c, e) for p in e.negations - c.negations):
        return "negation"
    if any(_stated(p, e.sequence) and not _in_progress(p, e, c) for p in c.negations - e.negations):
        return "negation"
    if _swapped(c, e):
        return "roles"
    if _against_swapped(c, e):
        return "roles"
    if _agent_swapped(c, e):
        return "roles"
    if _reordered(c, e):
        return "order"
    # A figure's change the other way round: "from 310 to 120" against "from 120 to 310".
    if any((b, a) in e.transitions and (a, b) not in e.transitions for a, b in c.transitions):
        return "change"
    # A figure the evidence gives only as where a change started, for a claim that tells no
    # change: "590 households remained without power, down from 4,710 at the peak" does not
    # say 4,710 are without power.
    if not c.transitions and any(
        a in c.numbers and b not in c.numbers and all(a != y for _x, y in e.transitions)
        for a, b in e.transitions
    ):
        return "change"
    if _redirected(c, e):  # after a figure's change: "from 3 to 2" is its own kind
        return "roles"
    if _renumbered(c, e) or _rebound(c, e):
        return "figures"
    # Only a claim word the evidence lacks: evidence that says both ("raised ..., then lowered")
    # does not contradict a claim that repeats one.
    if any(opposites.get(word, frozenset()) & e.affirmed for word in c.affirmed - e.content):
        return "opposite"
    # Direction and order words about the same thing: "40 minutes before the bridge fell"
    # against "after the bridge fell", "below the record" against "above the record".
    theirs = {w for w, _ in e.polar}
    for word, nxt in c.polar - e.polar:
        flips = opposites.get(word, frozenset()) | ORDER_OPPOSITES.get(word, frozenset())
        if word not in theirs and any((o, nxt) in e.polar for o in flips):
            return "opposite"
    if _beyond_a_near_mark(c, e):
        return "opposite"
    return ""


def _beyond_a_near_mark(c: Features, e: Features) -> bool:
    """A figure the claim goes above (or below) that the evidence comes only close to: "above
    the 7.9 metres of 1998" against "close to the 7.9 metres recorded in 1998".

    >>> said = features("The river crested at 7.6 metres, close to the 7.9 metres of 1998.")
    >>> _beyond_a_near_mark(features("The river crested at 7.6 metres, above the 7.9 metres of 1998."), said)
    True
    >>> _beyond_a_near_mark(features("It crested at 8.4 metres, above the 7.9 metres of 1998."), features(
    ...     "It crested at 8.4 metres, over the 7.9 metres of 1998 and close to the 8.6 of 1850."))
    False
    """
    return any(
        word in side
        and any((n, mark) in e.polar for n in _NEAR)
        and not any((w, mark) in e.polar for w in side)
        for word, mark in c.polar
        if mark in c.numbers
        for side in _BEYOND
    )


_GOAL, _SOURCE = frozenset({"to"}), frozenset({"from", "by"})


def _redirected(c: Features, e: Features) -> bool:
    """Two things given and received the other way round: what the claim has going "to" one
    and coming "from" (or "by") another, the evidence has the other way ("paid by the campaign
    to seven companies" against "donations to the campaign from seven companies"). Both must
    cross: one preposition alone has other senses ("by 412 votes", "to date").

    >>> said = features("The inquiry covers donations to the campaign from seven companies.")
    >>> _redirected(features("The inquiry covers payments by the campaign to seven companies."), said)
    True
    >>> _redirected(features("Seven companies gave the inquiry's donations to the campaign."), said)
    False
    >>> _redirected(features("It rose to 11 from 8."), features("It rose from 8 to 11."))
    False
    """

    def ends(f: Features, preps: frozenset[str]) -> set[str]:
        return {nxt for word, nxt in f.polar if word in preps}

    c_goal, c_source, e_goal, e_source = ends(c, _GOAL), ends(c, _SOURCE), ends(e, _GOAL), ends(e, _SOURCE)
    return bool((c_goal - e_goal) & e_source) and bool((c_source - e_source) & e_goal)


def _renumbered(c: Features, e: Features) -> bool:
    """A figure given to another thing: the claim's "four bodies ... five more people" against
    the article's "five bodies ... four more people" (each figure with the word after it).

    >>> claim, article = "Divers found 4 bodies, 5 more people.", "Divers found 5 bodies, 4 more people."
    >>> _renumbered(features(claim), features(article))
    True
    """

    def counted(f: Features) -> set[tuple[str, str]]:
        # A figure and the thing it counts (a word, not another figure or a date).
        return {(n, w) for n, w in f.polar if n in f.numbers and w not in f.numbers and w not in f.months}

    mine, theirs = counted(c), counted(e)
    # Swapped, not merely rephrased: the claim's n counts w and its m counts x, where the
    # article's m counts w and its n counts x.
    return any(
        (n, x) in theirs and (m, x) in mine
        for n, w in mine - theirs
        for m, w2 in theirs
        if w2 == w and m != n
        for x in {x for n2, x in theirs if n2 == n and x != w}
    )


def _stated(phrase: tuple[str, ...], sequence: tuple[tuple[str, bool], ...]) -> bool:
    """``phrase`` occurs as consecutive content words, not negated, in ``sequence``."""
    n = len(phrase)
    return any(
        all(sequence[i + k] == (phrase[k], False) for k in range(n)) for i in range(len(sequence) - n + 1)
    )


@lru_cache(maxsize=512)
def _context_features(context: str) -> Features | None:
    """The evidence's surroundings read once for both uses below."""
    return features(context) if context else None


def _context_words(context: str) -> frozenset[str]:
    """The content words of the evidence's surroundings."""
    f = _context_features(context)
    return f.content if f is not None else frozenset()


def _context_names(context: str) -> frozenset[str]:
    """Names and weekdays of the evidence's surroundings: who "he" is, which day "then" was."""
    f = _context_features(context)
    return f.names | f.days if f is not None else frozenset()


def _context_runs(context: str) -> frozenset[tuple[str, ...]]:
    """The names of several words in the evidence's surroundings, each as its name keys in order."""
    return frozenset(tuple(keys) for _words, keys in _name_words(context)) if context else frozenset()


_ARTICLES = frozenset("the a an this that these those".split())
_CITATION = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)+")
# "a hacker group calling itself Greywater", "a company called Orsa Hydro": a name given to a
# common noun.
_CALLED = re.compile(
    r"\b([a-z]+),?\s+(?:calling itself|calling themselves|called|named|known as)\s+"
    r"([A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*)"
)


def lead_names(text: str, lead: str) -> list[str]:
    """The names in an article's ``lead`` that ``text`` calls by a common noun: a story names
    "the Brennick Health Network" once, then says "the network"; "a criminal hacker group
    calling itself Greywater", then "the group"; "the ministry" is the "Finance Ministry".

    >>> lead = "Cyberattack hits Brennick Health Network hospitals"
    >>> lead_names("The attorney general said the network had protected data.", lead)
    ['Brennick Health Network']
    >>> lead_names("Its network went down.", lead), lead_names("A network fell.", lead)
    ([], [])
    >>> lead_names("The attack ended.", "Hacker Group Claims Brennick Attack")
    []
    >>> lead_names("The group demanded $4.5 million.", "A group calling itself Greywater said so.")
    ['Greywater']
    """
    return [name for _noun, name in lead_descriptions(text, lead)]


def lead_descriptions(text: str, lead: str) -> list[tuple[str, str]]:
    """(common noun, name) for each of :func:`lead_names`."""
    low = text.lower()
    found: list[tuple[str, str]] = []
    for line in lead.splitlines():
        longer = [w for w in line.split() if len(w) > 3]
        if longer and all(w[0].isupper() for w in longer):
            continue  # a headline in title case: its runs of capitals are no names
        for m in _NAME_RUN.finditer(line):
            name = m.group().rstrip(".")  # "… Health Network." ends its sentence
            head = name.split()[-1].lower()
            if head.isalpha() and re.search(rf"\bthe {re.escape(head)}\b", low):
                found.append((head, name))
        for m in _CALLED.finditer(line):
            if re.search(rf"\bthe {m.group(1)}\b", low):
                found.append((m.group(1), m.group(2)))
    return found


def with_lead_names(text: str, lead: str, acting: bool = False) -> str:
    """``text`` with the name its lead gives each such noun after the noun's first "the":
    what a reader of the whole article knows. A noun the lead gives two names is left alone.
    ``acting``: only where the noun does a regular past-tense act ("the group demanded"), so
    the rules read who did it and the name stands nowhere else.

    >>> lead = "A group calling itself Greywater attacked the Brennick Health Network."
    >>> with_lead_names("In a post, the group demanded $4.5 million from the network.", lead)
    'In a post, the group (Greywater) demanded $4.5 million from the network (Brennick Health Network).'
    >>> with_lead_names("In a post, the group demanded $4.5 million from the network.", lead, acting=True)
    'In a post, the group (Greywater) demanded $4.5 million from the network.'
    """
    named: dict[str, set[str]] = {}
    for noun, name in lead_descriptions(text, lead):
        named.setdefault(noun, set()).add(name)
    act = r"(?=\s+(?:(?:has|had|have)\s+)?[a-z]+ed\b)" if acting else r"(?!['’])"
    for noun, names in named.items():
        if len(names) == 1 and not re.search(rf"\bthe {noun}\s*\(", text, re.I):
            name = next(iter(names))
            text = re.sub(rf"\b(the {noun})\b{act}", rf"\1 ({name})", text, count=1, flags=re.I)
    return text


def named_before(text: str, before: str) -> list[str]:
    """For each "the <noun>" of ``text``, the name an earlier sentence of its article gave it
    in the same words with capitals before the noun ("the Ashcombe plant", then "the plant"):
    the latest such mention, as a reader would take it.

    >>> named_before("He said the plant was last inspected in 2025.",
    ...              "Samples were taken at the Ashcombe plant. The Kelmar plant was shut.")
    ['Kelmar plant']
    >>> named_before("The plant was shut.", "Its plant in Ashcombe.")
    []
    >>> named_before("A plant was shut.", "the Ashcombe plant")
    []
    >>> named_before("The council set up a fund.", "Valdren County Council said 96 homes were lost.")
    ['Valdren County council']
    """
    found = []
    for noun in dict.fromkeys(m.lower() for m in re.findall(r"\bthe ([a-z]{3,})\b", text, re.I)):
        # "the Ashcombe plant", or a name that ends with the noun: "Valdren County Council said".
        mentions = re.findall(rf"\b((?:[A-Z][\w'’-]*\s+)+)(?:{noun}|{noun.capitalize()})\b", before)
        # A sentence's opening "The" or "Its" is no part of the name.
        named = [
            " ".join(itertools.dropwhile(lambda w: not features(w).content, m.split())) for m in mentions
        ]
        named = [n for n in named if n]
        if named:
            found.append(f"{named[-1]} {noun}")
    return found


def restates(claim: str, evidence: str) -> bool:
    """The claim is the evidence's own words, in order: the same words up to case,
    punctuation, citation markers, articles and demonstratives (not possessives: "his" and
    "her" name different people). Such a claim says what the article says by construction,
    so nothing is left for a second opinion to read.

    >>> restates("The EU's Kaja Kallas accused Trump of appeasing Russia [1].",
    ...          "EU’s Kaja Kallas, accused Trump of appeasing Russia.")
    True
    >>> restates("Putin agreed to a ceasefire.", "Putin did not agree to a ceasefire.")
    False
    >>> restates("Kallas accused Trump.", "Kallas accused Trump of appeasing Russia.")
    False
    """

    def words(text: str) -> list[str]:
        found = (_norm(t) for t in _TOKEN.findall(_CITATION.sub(" ", text)))
        return [w for w in found if w and w not in _ARTICLES]

    said = words(claim)
    return bool(said) and said == words(evidence)


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    score: float  # 0..1, higher = better supported
    overlap: float  # share of the claim's content words found in the evidence
    similarity: float  # embedding cosine, claim vs evidence
    missing: tuple[str, ...] = ()  # numbers, months, names the claim states and the evidence lacks
    differing: tuple[str, ...] = ()  # the evidence's own numbers, months, names of those kinds
    second_opinion: float | None = None  # the LLM judge's P(yes), when it was asked
    overruled: bool = False  # the rules accepted it and the judge did not
    # The polarity flip the rules read ("negation", "opposite", "roles", "order", "change", "figures"),
    # also when it fell short of a contradiction: the small judge misreads exactly these.
    flip: str = ""
    reason: str | None = None  # for contradicted: what differs, in words a reader can check
    # Someone the claim names in full ("Yuri Ushakov") of whom neither the evidence nor its
    # paragraph has any part: no reading of the evidence makes them say or do anything.
    unnamed: tuple[str, ...] = ()
    # Contradicted because the evidence gives the claim's words to someone else: who said it.
    misattributed: bool = False

    @property
    def supported(self) -> bool:
        return self.verdict == "supported"

    @property
    def hard_facts_missing(self) -> bool:
        """A number, month, weekday or quotation of the claim is not in the evidence: facts the
        rules read reliably, unlike names, which have forms they cannot know ("Kremlin")."""
        return bool(self.unnamed) or any(
            m[:1].isdigit()
            or m[:1] == '"'
            or m in MONTHS.values()
            or m in WEEKDAYS
            or m.partition(" ")[2] in PERIOD_UNITS
            or _DIRECTION.fullmatch(m) is not None
            for m in self.missing
        )


@lru_cache(maxsize=2)
def _places(wordnet_dir: Path) -> Mapping[str, frozenset[str]]:
    """Name key -> keys of the places that contain it, from WordNet and GeoNames (about two
    seconds, once). Only upwards: an article's "Kremlin" or "Kyiv" states "Russia" or
    "Ukraine", but "Ukraine" does not state "Kyiv", and a claim naming another city of the
    same country still lacks its city. A container that is also an adverb ("South", "West")
    is left out: a claim's "the West" is not Texas."""
    directions = lemmas(wordnet_dir, "adv")  # "South", "West": regions, and adverbs
    keys: dict[str, frozenset[str]] = {}

    def key(name: str) -> frozenset[str]:
        if name not in keys:
            found = features(name).names
            # "the States" is no name; "Gulf States" or "Middle East" would lend "east" to a
            # claim's "East Asia": only a single name counts.
            plain = name[:1].isupper() and name.lower() not in directions and len(found) == 1
            keys[name] = found if plain else frozenset()
        return keys[name]

    table: dict[str, frozenset[str]] = {}
    for name, containers in places_within(wordnet_dir).items():
        mine = name_key(name)
        found = frozenset().union(*(key(c) for c in containers))
        table[mine] = table.get(mine, frozenset()) | (found - {mine})
    return table


@lru_cache(maxsize=1)
def capital_names() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each capital's name keys with its country's (GeoNames)."""
    keyed = ((features(capital).names, features(country).names) for capital, country in capitals())
    return tuple((a, b) for a, b in keyed if a and b)


@lru_cache(maxsize=1)
def _capital_of() -> Mapping[str, frozenset[str]]:
    """A one-word capital's name key -> its country's name keys."""
    table: dict[str, frozenset[str]] = {}
    for capital, country in capital_names():
        if len(capital) == 1:
            (key,) = capital
            table[key] = table.get(key, frozenset()) | country
    return table


_PREFIX = re.compile(r"^(?:re|un|dis|de|mis|pre|over|under|co)-?")


@dataclass
class Checker:
    embedder: Embedder | None = None
    min_overlap: float = 0.7
    min_similarity: float = 0.5
    _cache: dict[str, NDArray[np.float32]] = field(default_factory=dict, repr=False)
    # Request threads share one checker: the cache is read, filled and cleared under this lock.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    wordnet_dir: Path = Path("/usr/share/wordnet")

    @cached_property
    def opposites(self) -> Mapping[str, frozenset[str]]:
        """WordNet's antonyms by stem, read on first use (about a second)."""
        stem = _stemmer().stemWord
        return with_forms(antonyms(self.wordnet_dir, stem), irregular_verbs(self.wordnet_dir), stem)

    @cached_property
    def ordinal_words(self) -> Mapping[str, frozenset[str]]:
        """An ordinal's number -> stems of the words WordNet gives as similar to it: "the
        initial estimate" states "the first estimate" ("1")."""
        similar = similar_adjectives(self.wordnet_dir)
        return {n: frozenset(stem(w) for w in similar.get(word, ())) for word, n in ORDINALS.items()}

    @cached_property
    def demonyms(self) -> frozenset[str]:
        """Name keys that WordNet knows as adjectives ("Russian", "European"): a speaker's
        nationality, not who they are."""
        return frozenset(stem(w) for w in lemmas(self.wordnet_dir, "adj"))

    @cached_property
    def verb_lemmas(self) -> Mapping[str, str]:
        """Stem of an irregular verb form -> stem of its lemma ("risen", "rose" -> "rise")."""
        stem = _stemmer().stemWord
        forms = irregular_verbs(self.wordnet_dir).items()
        return {stem(f): stem(lem) for f, lem in forms if stem(f) != stem(lem)}

    @property
    def within(self) -> Mapping[str, frozenset[str]]:
        """Name key -> keys of the places that contain it ("kremlin" -> "moscow", "russia")."""
        return _places(self.wordnet_dir)

    def containing(self, names: frozenset[str]) -> frozenset[str]:
        """The keys of every place that contains one of ``names``."""
        within = self.within
        return frozenset().union(*(within.get(n, frozenset()) for n in names))

    @cached_property
    def common(self) -> frozenset[str]:
        """Common English words by stem (WordNet's lower-case lemmas), read on first use."""
        stem = _stemmer().stemWord
        return frozenset(stem(w) for w in common_words(self.wordnet_dir))

    def common_word(self, word: str) -> bool:
        """Whether a capitalised word may be a common word in any of its forms ("Lifting"),
        as a sentence's first word may be; a name ("Kyiv's") is not."""
        bare = re.sub(r"['’]s$", "", word.strip('.,;:!?"“”()')).lower()
        stem = _stemmer().stemWord
        if bare in STOPWORDS or stem(bare) in self.common:
            return True
        # A prefixed form WordNet lacks ("reconnecting"): its root is common.
        root = _PREFIX.sub("", bare)
        return len(root) >= 5 and root != bare and stem(root) in self.common

    def _plain(self, f: Features, other: Features) -> Features:
        """``f`` without the names only a sentence's first capital made ("Trains", "Around"):
        common words that ``other`` does not capitalise either."""
        drop = {n for n in f.initial if n in self.common and n not in other.names}
        return replace(f, names=f.names - drop) if drop else f

    def _lemmatised(self, f: Features) -> Features:
        """``f`` with an irregular verb's forms as its lemma in the word order and negations the
        flips compare: "did not keep operating" negates what "kept operating" states."""
        lemma = self.verb_lemmas
        if not any(k in lemma for k, _ in f.sequence):
            return f
        return replace(
            f,
            sequence=tuple((lemma.get(k, k), n) for k, n in f.sequence),
            negations=frozenset(tuple(lemma.get(k, k) for k in p) for p in f.negations),
            # "had not yet been sold" against "was still selling": compared as lemmas too.
            not_yet=frozenset(lemma.get(k, k) for k in f.not_yet),
            still=frozenset(lemma.get(k, k) for k in f.still),
        )

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embeddings, cached per text (checks compare the same sentences many times)."""
        if self.embedder is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        with self._lock:
            known = {t: self._cache[t] for t in unique if t in self._cache}
        todo = [t for t in unique if t not in known]
        if todo:
            fresh = dict(zip(todo, self.embedder.embed(todo), strict=True))  # unlocked: the slow part
            known.update(fresh)
            with self._lock:
                if len(self._cache) + len(fresh) > 20_000:
                    self._cache.clear()
                self._cache.update(fresh)
        return np.stack([known[t] for t in texts])

    def judge(self, claim: str, evidence: str, context: str = "") -> Judgement:
        """Verdict on one claim against one piece of evidence text.

        >>> c = Checker()
        >>> c.judge("Russia launched 137 drones.", "Russian forces launched 137 drones overnight.").verdict
        'supported'
        >>> c.judge("Russia launched 46 drones.", "Russian forces launched 137 drones overnight.").verdict
        'contradicted'
        >>> c.judge("Macron visited Kyiv.", "Russian forces launched 137 drones overnight.").verdict
        'not_found'
        """
        vectors = self.embed([claim, evidence])
        similarity = float(np.dot(vectors[0], vectors[1])) if self.embedder is not None else 1.0
        return self._decide(
            features(claim),
            features(evidence),
            similarity,
            _context_names(context),
            _context_words(context),
            claim,
            evidence,
            _context_runs(context),
        )

    def _decide(
        self,
        c: Features,
        e: Features,
        similarity: float,
        context_names: frozenset[str] = frozenset(),
        context_words: frozenset[str] = frozenset(),
        claim: str = "",
        evidence: str = "",
        context_runs: frozenset[tuple[str, ...]] = frozenset(),
    ) -> Judgement:
        """``context_names``: names in the evidence's surroundings (its headline, its paragraph).
        A claim may name who the evidence sentence calls "he" or leaves implicit; numbers,
        months and quotes must still be in the evidence itself. ``claim`` and ``evidence`` are
        the texts, to word a contradiction's reason as they do. ``context_runs``: the names of
        several words that the surroundings give in full ("Sorrel Airways")."""
        if not c.content:
            return Judgement("not_found", 0.0, 0.0, similarity)
        c, e = self._plain(c, e), self._plain(e, c)
        # Names count as present in any of their forms (Russia/Russian, Zelensky/Zelenskyy).
        # A name spelled out on one side and by its initials on the other is there ("UN").
        spelled = {k for i, keys in c.runs if i in e.content for k in keys}
        # A place the evidence names states every place containing it ("the Kremlin" states
        # "Russia"), never the other way round.
        e_forms = e.content | {i for i, _keys in e.runs} | self.containing(e.names)
        # A claim's capital that is no place ("Washington accused", "brought Washington and
        # Moscow closer") names its government: the evidence's country states it.
        capital_of = _capital_of()
        governments = c.acting | {n for pair in c.paired if pair <= capital_of.keys() for n in pair}
        spelled |= {
            n for n in (c.names & governments) - c.located if capital_of.get(n, frozenset()) & e_forms
        }
        # A name the article gives in full, and the evidence by its first word ("Sorrel
        # Airways", then "Sorrel"), unless that word is there part of another name ("Sorrel
        # Holdings"), or begins other names around it too ("Russian forces", "the Russian
        # Defense Ministry"). Not who said it: a speaker is checked as the evidence names them.
        short_forms = {
            k
            for _words, keys in _name_words(claim)
            if tuple(keys) in context_runs
            and sum(run[0] == keys[0] for run in context_runs) == 1
            and keys[0] in e.names
            and not set(keys) <= e.names
            and not any(keys[0] in other and not other <= set(keys) for _j, other in e.full_names)
            for k in keys
        }
        absent_names = name_difference(c.names & c.content, e_forms) - spelled - short_forms
        # An irregular verb's forms are one word, as the stemmer makes "called" and "calls" one:
        # "has risen to 14" states what "rose to 14" does.
        lemma = self.verb_lemmas
        e_lemmas = {lemma.get(k, k) for k in e.content}
        stated = {k for k in c.content if k in e.content or lemma.get(k, k) in e_lemmas}
        shared = len(stated) + len((c.names - stated) - absent_names)
        overlap = shared / len(c.content)
        misquoted = {f'"{q}"' for q in c.quotes if f" {q} " not in f" {e.flat} "}
        # A name from the surroundings may stand in for a "he" or an implicit subject, but not
        # for the speaker of words the evidence attributes to someone the claim does not name.
        attributes = bool(c.quotes) or bool(c.content & REPORTING)
        # Capitalised common words (a sentence's first word) are not names the other side lacks.
        competing = name_difference(e.names, c.names | c.content) - {
            k for i, keys in e.runs if i in c.content for k in keys
        }
        # Nor is the first name of someone the claim calls by the other part of the name
        # ("Quint said" against "Harold Quint said"), unless it names them otherwise in full.
        competing -= {
            k
            for _i, keys in e.full_names
            if keys & c.names and not any(keys & other and other - keys for _j, other in c.full_names)
            for k in keys
        }
        # Nor for a party the evidence sentence names itself, with no pronoun to stand for:
        # "Malvonia sent six units" does not support "Kestria sent six units" because the
        # paragraph mentions Kestria.
        pronoun = bool(set(e.flat.split()) & _STAND_FOR)
        stand_in = frozenset() if competing and (attributes or not pronoun) else context_names
        # What the claim is about, when it opens with common nouns ("The tentative agreement
        # ended ..."): the evidence or its paragraph names it, or a pronoun stands for it.
        # "The last full strike, in 2011, ended with a 5% rise" is about another thing.
        elsewhere = bool(c.opening) and not pronoun and not (c.opening & (stated | context_words))
        # Nor is it about a name the evidence has only as another's possessor, apposed to the
        # one who acts: "Malvonia, Dravenia's southern neighbour, sent six units" does not say
        # Dravenia sent them. Said words are the speakers' check ("the Kremlin's spokesman").
        elsewhere = elsewhere or bool((c.subject & e.apposed) - c.apposed and not attributes)
        # Nor for the place of something the evidence places elsewhere: "the Court of Appeal in
        # Saltmere" against "in Veyra", when the headline names Saltmere.
        if name_difference(e.located, c.names | c.content):
            stand_in = stand_in - c.located
        missing_names = name_difference(c.names, e_forms | stand_in) - spelled - short_forms
        # The surroundings' weekday says which day "then" was, not when the evidence names one.
        missing_days = c.days - e.days - (stand_in if not e.days else frozenset())
        # "later this week" against "next week": another time, when the evidence names one.
        units = {p.partition(" ")[2] for p in c.periods}
        other_periods = {p for p in e.periods - c.periods if p.partition(" ")[2] in units}
        missing_periods = c.periods - e.periods if other_periods else frozenset()
        # "eastern Ukraine" against "southern Ukraine": another place, when the evidence names one.
        other_directions = e.directions - c.directions
        missing_directions = c.directions - e.directions if other_directions else frozenset()
        # The same thing in another place: "its hangar in Karlhavn" against "its hangar in
        # Eskeby", though the evidence names Karlhavn elsewhere. A place containing the
        # evidence's one is no other place ("in Veldmark" for "in Eskeby").
        elsewhere_placed = {
            (n, frozenset(theirs))
            for w, n in c.placed
            if (theirs := {m for w2, m in e.placed if w2 == w})
            and not any(same_name(n, m) for m in theirs)
            and n not in self.containing(frozenset(theirs))
            and name_difference(theirs, c.names | c.content)
        }
        misplaced = {n for n, _ in elsewhere_placed}
        other_places = {m for _, theirs in elsewhere_placed for m in theirs}
        misattributed = _misattributed(c, e, self.demonyms, frozenset(spelled))
        # A sentence of two accounts names both parties: whose the claim's figures are, the
        # part that gives them says ("the NFSA said 40 tonnes" against "the company said 40
        # tonnes, while the NFSA put the figure at 52").
        if not misattributed and c.reporters and (part := account_of(evidence, c.numbers)):
            misattributed = _misattributed(c, part[1], self.demonyms, frozenset(spelled))
        unnamed = tuple(
            sorted(
                " ".join(sorted(keys))
                for initials, keys in c.full_names
                if initials not in e.content and name_difference(keys, e_forms | context_names) == set(keys)
            )
        )
        # A count the evidence has only as a day of a month ("seven of the victims" is not
        # "7 March") or as a rank ("three votes" is not "the third anniversary").
        # A third anniversary is three years, though.
        ranks = {
            n
            for n in (c.numbers - c.ranked) & e.ranked
            if not ((n, "anniversari") in e.polar and (n, "year") in c.polar)
        }
        counts = ((c.numbers - c.dated) & e.dated) | ranks
        # Figures the evidence states in other words: a duration in the next unit ("48 hours"
        # is 2 days), "both" is two and "a single source" is one.
        flat = f" {e.flat} "
        implied = (
            e.lasting | ({"2"} if " both " in flat else set()) | ({"1"} if " single " in flat else set())
        )
        # An ordinal in other words ("the initial estimate" for "the first"), where the
        # evidence ranks nothing itself: another rank ("the second") still differs.
        if not e.ranked:
            implied |= {n for n in c.ranked if self.ordinal_words.get(n, frozenset()) & e.content}
        missing = sorted(
            (c.numbers - e.numbers - implied)
            | counts
            | (c.months - e.months)
            | missing_days
            | missing_periods
            | missing_directions
            | missing_names
            | misquoted
            | misattributed
            | misplaced
        )
        differing = sorted(
            (e.numbers - c.numbers if c.numbers - e.numbers - implied or counts else set())
            | (e.months - c.months if c.months - e.months else set())
            | (e.days - c.days if missing_days else set())
            | (other_periods if missing_periods else set())
            | (other_directions if missing_directions else set())
            | (competing if missing_names else set())
            | other_places
            | (_speaker_names(e) - self.demonyms if misattributed else set())
        )
        flipped = _flipped(self._lemmatised(c), self._lemmatised(e), self.opposites)
        # A short claim against a long sentence has a low cosine by length alone: when every
        # content word of the claim is there, a weaker embedding match is enough.
        close = similarity >= self.min_similarity - (0.2 if overlap == 1.0 else 0.0)
        topical = overlap >= self.min_overlap and close
        score = round(0.5 * overlap + 0.5 * max(similarity, 0.0), 4)
        # The claim says of the whole what the evidence says of a part ("published the data"
        # against "published part of the data").
        whole = any(p & c.content and not any(p & q for q in c.partial) for p in e.partial)
        if topical and not missing and not flipped and not elsewhere and not whole:
            return Judgement("supported", score, overlap, similarity)
        # Same topic, but a stated fact of the same kind differs, or the polarity flips.
        on_topic = overlap >= self.min_overlap - 0.2
        # Another person doing the same thing: the embedding's cosine is mostly the names, so
        # "Lukas Brennholt was freed" against "Emil Straka was freed" reads as another topic.
        # The words say it is the same one.
        swapped = next((keys for _i, keys in c.full_names if keys <= set(missing)), frozenset())
        other_person = (
            bool(swapped)
            and any(keys <= competing for _i, keys in e.full_names)
            and shared >= self.min_overlap * (len(c.content) - len(swapped))  # all but the name
        )
        if (
            on_topic
            and (similarity >= self.min_similarity or other_person)
            and ((missing and differing) or (flipped and not missing))
        ):
            speaker = bool(misattributed) and set(missing) <= misattributed
            if flipped and not missing:
                reason = _FLIP_REASONS[flipped]
            elif speaker:
                reason = (
                    f"the article attributes this to {', '.join(as_written(differing, evidence, 3))},"
                    f" not {', '.join(as_written(missing, claim))}"
                )
            else:
                reason = (
                    f"the article gives {', '.join(as_written(differing, evidence))},"
                    f" not {', '.join(as_written(missing, claim))}"
                )
            return Judgement(
                "contradicted",
                score,
                overlap,
                similarity,
                tuple(missing),
                tuple(differing),
                flip=flipped,
                reason=reason,
                unnamed=unnamed,
                misattributed=speaker and not (flipped and not missing),
            )
        return Judgement(
            "not_found",
            score,
            overlap,
            similarity,
            tuple(missing),
            # Not about what the claim is about: the rules' reading of the sentence's parts,
            # which stands against the judge as a flip does.
            flip=flipped or ("subject" if elsewhere else "") or ("part" if whole else ""),
            unnamed=unnamed,
        )

    def rank(
        self, claim: str, candidates: Sequence[str], contexts: Sequence[str] = ()
    ) -> list[tuple[int, Judgement]]:
        """Every candidate judged, best first (supported > contradicted > not found, then score)."""
        if not candidates:
            return []
        vectors = self.embed([claim, *candidates])
        cf = features(claim)
        judged = []
        for i, text in enumerate(candidates):
            sim = float(np.dot(vectors[0], vectors[i + 1])) if self.embedder is not None else 1.0
            context = _context_names(contexts[i]) if contexts else frozenset()
            words = _context_words(contexts[i]) if contexts else frozenset()
            runs = _context_runs(contexts[i]) if contexts else frozenset()
            judged.append((i, self._decide(cf, features(text), sim, context, words, claim, text, runs)))
        order = {"supported": 2, "contradicted": 1, "not_found": 0}
        return sorted(judged, key=lambda ij: (-order[ij[1].verdict], -ij[1].score, ij[0]))

    def best(
        self, claim: str, candidates: Sequence[str], contexts: Sequence[str] = ()
    ) -> tuple[int, Judgement]:
        """The candidate that best supports the claim; (-1, not found) when there is none."""
        ranked = self.rank(claim, candidates, contexts)
        return ranked[0] if ranked else (-1, Judgement("not_found", 0.0, 0.0, 0.0))
