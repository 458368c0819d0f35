"""Sentence spans with character offsets (pysbd), shared by chunking, quotes and the checker."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pysbd


# A list item's marker at the start of a sentence: "1. ", "2) ", "- ", "* ", "• ".
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*•])\s+(?=\S)")


class Span(NamedTuple):
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@lru_cache(maxsize=8192)
def _segment(paragraph: str) -> tuple[tuple[int, int], ...]:
    """pysbd is slow and the same paragraph is split several times (cruft rules, chunking,
    the checker on every retrieved chunk), so its answer is remembered."""
    return tuple((seg.start, seg.end) for seg in _segmenter().segment(paragraph))


_TIME_ABBREV = re.compile(r"\b[ap]\.m\.$")
_CAPS_WORD = re.compile(r"^[A-Z]{2,5}\b")


# A sentence whose subject is left to the one before it ("She said ..."): quoted with it.
OPENS_WITH_PRONOUN = re.compile(r"^[\"“]?(she|he|they|it|his|her|their|its)\b", re.I)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences; spans index ``text`` and exclude surrounding blanks.

    >>> t = "Talks end. Russia said no at 4:00 p.m. CET, officials said."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Talks end.', 'Russia said no at 4:00 p.m. CET, officials said.']
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    spans: list[Span] = []
    # One line is one paragraph in these files; splitting lines first keeps headings apart.
    for para in re.finditer(r"[^\n]+", piece):
        offset = start + para.start()
        for seg_start, seg_end in _segment(para.group()):
            s, e = _strip(text, offset + seg_start, offset + seg_end)
            if s >= e:
                continue
            if spans and _continues(text[spans[-1].start : spans[-1].end], text[s:e]):
                spans[-1] = Span(spans[-1].start, e)
            else:
                spans.append(Span(s, e))
    return spans


def evidence_units(text: str, offset: int = 0) -> list[Span]:
    r"""What a claim is checked against: each sentence of ``text`` and each pair of
    neighbouring sentences of one paragraph (a claim often joins two; sentences of two
    paragraphs are two stories' worth of names and verbs), as spans shifted by ``offset``.

    >>> t = "One. Two. Three.\nFour."
    >>> [t[s:e] for s, e in evidence_units(t)]
    ['One.', 'Two.', 'Three.', 'Four.', 'One. Two.', 'Two. Three.']
    """
    spans = sentence_spans(text)
    pairs = [Span(a.start, b.end) for a, b in pairwise(spans) if "\n" not in text[a.end : b.start]]
    return [Span(s + offset, e + offset) for s, e in spans + pairs]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _continues(prev: str, nxt: str) -> bool:
    """pysbd splits after "p.m." and before lower-case continuations; rejoin those."""
    if nxt[0].islower():
        return True
    return bool(_TIME_ABBREV.search(prev) and _CAPS_WORD.match(nxt))
