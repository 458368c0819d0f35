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

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from rag.lexicon import antonyms

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
NEGATIONS = frozenset({"not", "no", "never", "n't", "cannot", "nor", "without", "neither"})
# Honorifics and offices are capitalised but are not names that must match.
TITLES = frozenset(
    """president prime minister foreign deputy secretary spokesman spokesperson spokeswoman envoy
    special adviser advisor aide chancellor senator governor mayor general minister's""".split()
)
# English reporting verbs (stems): a claim with one says who said something.
REPORTING = frozenset(
    "say said tell told call describ accus warn claim announc state quot insist argu urg admit deni".split()
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
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "half": "half",
    "dozen": "12",
}
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


_TOKEN = re.compile(r"[A-Za-z]+(?:[.’'][A-Za-z]+)*\.?|\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?")
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
_DIGITS = re.compile(r"^(\d+(?:[.,:]\d+)*)(?:st|nd|rd|th)?$")


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def _norm(token: str) -> str:
    if token.rstrip(".") in ("US", "U.S"):  # the country, not the pronoun "us"
        return "usa"
    t = token.lower().rstrip(".").replace("’", "'")
    t = t.removesuffix("'s")
    if t == "u.k":
        return "uk"
    if t == "us":
        return t
    return VARIANTS.get(t, t)


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


def normalize_numbers(text: str) -> str:
    """Numbers in words become digits, and clock times one form (24-hour, no leading zero).

    >>> normalize_numbers("four thousand two hundred people, six hundred and forty homes, twenty-three dead")
    '4200 people, 640 homes, 23 dead'
    >>> normalize_numbers("at 3:50 a.m., at 10.40 pm and at 03:50")
    'at 3:50, at 22:40 and at 3:50'
    """

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

    return _CLOCK.sub(clock, _NUMBER_RUN.sub(words, text))


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
    scope = 0  # content words still inside the last negation's reach
    text = normalize_numbers(re.sub(r"\bUnited States\b", "USA", text))
    for i, m in enumerate(_TOKEN.finditer(text)):
        raw = m.group()
        low = _norm(raw)
        if low in NEGATIONS or low.endswith("n't"):
            scope = 2
            negations.append([])
            continue
        digits = _DIGITS.match(raw)
        if digits:
            number = digits.group(1).replace(",", "")
            numbers.add(number)
            content.add(number)
            continue
        if low in NUMBER_WORDS:
            numbers.add(NUMBER_WORDS[low])
            content.add(NUMBER_WORDS[low])
            continue
        if low[:3] in MONTHS and MONTHS[low[:3]].startswith(low) and len(low) >= 3 and low != "may":
            months.add(MONTHS[low[:3]])
            content.add(MONTHS[low[:3]])
            continue
        if low in WEEKDAYS:
            days.add(low)
            content.add(low)
            continue
        if low in STOPWORDS:
            continue
        key = low if low in VARIANTS.values() else stem(low)
        content.add(key)
        sequence.append((key, scope > 0))
        if scope:
            negations[-1].append(key)
            scope -= 1
        else:
            affirmed.add(key)
        if raw[0].isupper() and low not in TITLES and not (i == 0 and low in STOPWORDS):
            names.add(key)
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
    )


def _flat(text: str) -> str:
    """Lower case, words only: quotes compare equal across punctuation and curly quotes."""
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def _flipped(c: Features, e: Features, opposites: Mapping[str, frozenset[str]]) -> bool:
    """Polarity flips: what one side negates ("did not agree to the full ...") the other states
    plainly, as the same consecutive words; or one side states the opposite (WordNet's
    antonyms: more/less, above/below, raise/lower, accept/reject) of a word the other does not use."""
    if any(_stated(p, c.sequence) for p in e.negations - c.negations):
        return True
    if any(_stated(p, e.sequence) for p in c.negations - e.negations):
        return True
    # Only a claim word the evidence lacks: evidence that says both ("raised ..., then lowered")
    # does not contradict a claim that repeats one.
    return any(opposites.get(word, frozenset()) & e.affirmed for word in c.affirmed - e.content)


def _stated(phrase: tuple[str, ...], sequence: tuple[tuple[str, bool], ...]) -> bool:
    """``phrase`` occurs as consecutive content words, not negated, in ``sequence``."""
    n = len(phrase)
    return any(
        all(sequence[i + k] == (phrase[k], False) for k in range(n)) for i in range(len(sequence) - n + 1)
    )


@lru_cache(maxsize=512)
def _context_names(context: str) -> frozenset[str]:
    """Names and weekdays of the evidence's surroundings: who "he" is, which day "then" was."""
    if not context:
        return frozenset()
    f = features(context)
    return f.names | f.days


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

    @property
    def supported(self) -> bool:
        return self.verdict == "supported"

    @property
    def hard_facts_missing(self) -> bool:
        """A number, month, weekday or quotation of the claim is not in the evidence: facts the
        rules read reliably, unlike names, which have forms they cannot know ("Kremlin")."""
        return any(
            m[:1].isdigit() or m[:1] == '"' or m in MONTHS.values() or m in WEEKDAYS for m in self.missing
        )


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
        return antonyms(self.wordnet_dir, stem)

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
        return self._decide(features(claim), features(evidence), similarity, _context_names(context))

    def _decide(
        self, c: Features, e: Features, similarity: float, context_names: frozenset[str] = frozenset()
    ) -> Judgement:
        """``context_names``: names in the evidence's surroundings (its headline, its paragraph).
        A claim may name who the evidence sentence calls "he" or leaves implicit; numbers,
        months and quotes must still be in the evidence itself."""
        if not c.content:
            return Judgement("not_found", 0.0, 0.0, similarity)
        # Names count as present in any of their forms (Russia/Russian, Zelensky/Zelenskyy).
        absent_names = name_difference(c.names & c.content, e.content)
        shared = len(c.content & e.content) + len((c.names - e.content) - absent_names)
        overlap = shared / len(c.content)
        misquoted = {f'"{q}"' for q in c.quotes if f" {q} " not in f" {e.flat} "}
        # A name from the surroundings may stand in for a "he" or an implicit subject, but not
        # for the speaker of words the evidence attributes to someone the claim does not name.
        attributes = bool(c.quotes) or bool(c.content & REPORTING)
        # Capitalised common words (a sentence's first word) are not names the other side lacks.
        competing = name_difference(e.names, c.names | c.content)
        stand_in = frozenset() if attributes and competing else context_names
        missing_names = name_difference(c.names, e.content | stand_in)
        missing_days = c.days - e.days - stand_in
        missing = sorted(
            (c.numbers - e.numbers) | (c.months - e.months) | missing_days | missing_names | misquoted
        )
        differing = sorted(
            (e.numbers - c.numbers if c.numbers - e.numbers else set())
            | (e.months - c.months if c.months - e.months else set())
            | (e.days - c.days if missing_days else set())
            | (competing if missing_names else set())
        )
        flipped = _flipped(c, e, self.opposites)
        # A short claim against a long sentence has a low cosine by length alone: when every
        # content word of the claim is there, a weaker embedding match is enough.
        close = similarity >= self.min_similarity - (0.2 if overlap == 1.0 else 0.0)
        topical = overlap >= self.min_overlap and close
        score = round(0.5 * overlap + 0.5 * max(similarity, 0.0), 4)
        if topical and not missing and not flipped:
            return Judgement("supported", score, overlap, similarity)
        # Same topic, but a stated fact of the same kind differs, or the polarity flips.
        on_topic = overlap >= self.min_overlap - 0.2
        if (
            on_topic
            and similarity >= self.min_similarity
            and ((missing and differing) or (flipped and not missing))
        ):
            return Judgement("contradicted", score, overlap, similarity, tuple(missing), tuple(differing))
        return Judgement("not_found", score, overlap, similarity, tuple(missing))

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
            judged.append((i, self._decide(cf, features(text), sim, context)))
        order = {"supported": 2, "contradicted": 1, "not_found": 0}
        return sorted(judged, key=lambda ij: (-order[ij[1].verdict], -ij[1].score, ij[0]))

    def best(
        self, claim: str, candidates: Sequence[str], contexts: Sequence[str] = ()
    ) -> tuple[int, Judgement]:
        """The candidate that best supports the claim; (-1, not found) when there is none."""
        ranked = self.rank(claim, candidates, contexts)
        return ranked[0] if ranked else (-1, Judgement("not_found", 0.0, 0.0, 0.0))
