"""Sentence-aware chunks with ``[start, end)`` offsets into the original file."""

from __future__ import annotations

from dataclasses import dataclass

from rag.documents import Article
from rag.sentences import Span, sentence_spans


@dataclass(frozen=True)
class Chunk:
    source: str
    index: int
    start: int
    end: int
    text: str  # always article.text[start:end]


def chunk_article(article: Article, size: int, overlap: int) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``size`` characters.

    A chunk never crosses removed cruft (it stays inside one block), starts with the
    trailing sentences of the previous chunk up to ``overlap`` characters, and a
    sentence is cut only when it alone is longer than ``size``.
    """
    spans: list[Span] = []
    for block in article.blocks:
        sentences = _split_long(article.text, sentence_spans(article.text, *block), size)
        spans.extend(_pack(sentences, size, overlap))
    return [Chunk(article.source, i, s, e, article.text[s:e]) for i, (s, e) in enumerate(spans)]


def _split_long(text: str, sentences: list[Span], size: int) -> list[Span]:
    """Cut sentences longer than a chunk, at the last space that fits (or hard, if none)."""
    out: list[Span] = []
    for s, e in sentences:
        while e - s > size:
            space = text.rfind(" ", s + 1, s + size)
            cut = space if space > s else s + size
            out.append(Span(s, cut))
            s = cut + 1 if text[cut] == " " else cut
        out.append(Span(s, e))
    return out


def _pack(sentences: list[Span], size: int, overlap: int) -> list[Span]:
    chunks: list[Span] = []
    i = 0
    while i < len(sentences):
        start = sentences[i].start
        j = i
        while j + 1 < len(sentences) and sentences[j + 1].end - start <= size:
            j += 1
        chunks.append(Span(start, sentences[j].end))
        if j + 1 >= len(sentences):
            break
        # Step back over trailing sentences that fit in the overlap, but always move forward.
        k = j + 1
        while k - 1 > i and sentences[j].end - sentences[k - 1].start <= overlap:
            k -= 1
        i = k
    return chunks
