"""The baseline a team would assemble from LlamaIndex's defaults: ``VectorStoreIndex`` on the
same Chroma collection, ``CitationQueryEngine`` with its default prompt, and the same
embedder and LLM, wrapped so nothing but the framework differs. Scored by the same metrics."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from rag.answer import declines
from rag.evidence import CorpusTexts
from rag.llamaindex import llama_index_adapters

# LlamaIndex's default prompt asks the model to "indicate" unhelpful sources: those replies abstain.
_DECLINE = re.compile(
    r"(no (relevant )?information|not (provided|mentioned|specified|stated)"
    r"|do(es)? not (provide|mention|contain|specify|say)"
    r"|none of the (provided )?sources|cannot be (determined|answered))",
    re.I,
)


@dataclass
class LlamaIndexBaseline:
    pipeline: Any  # rag.factory.Pipeline; its Chroma collection, embedder and LLM are reused
    top_k: int = 5
    name: str = "llamaindex"
    _engine: Any = field(default=None, repr=False)

    def _load(self) -> Any:
        if self._engine is None:
            from llama_index.core import VectorStoreIndex
            from llama_index.core.query_engine import CitationQueryEngine
            from llama_index.vector_stores.chroma import ChromaVectorStore

            llm, embed = llama_index_adapters(self.pipeline.llm, self.pipeline.embedder)
            store = ChromaVectorStore(chroma_collection=self.pipeline.store.collection)
            index = VectorStoreIndex.from_vector_store(store, embed_model=embed)
            self._engine = CitationQueryEngine.from_args(index, llm=llm, similarity_top_k=self.top_k)
        return self._engine

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        nodes = self._load().retriever.retrieve(question)
        return [_hit(n) for n in nodes[:k]]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        if history:  # the plain engine has no conversation: the history goes in front of the question
            question = " ".join(m["content"] for m in history) + " " + question
        t0 = time.perf_counter()
        response = self._load().query(question)
        total = (time.perf_counter() - t0) * 1000
        text = str(response).strip()
        corpus = self.pipeline.settings.corpus_dir
        read = CorpusTexts(corpus)  # one reader per answer: each article read once
        citations = [_citation(i, n, read) for i, n in enumerate(response.source_nodes, 1)]
        abstained = not text or declines(text) or bool(_DECLINE.search(text))
        return {
            "answer": text,
            "abstained": abstained,
            "citations": citations,
            "timings": {"first_sentence_ms": total, "total_ms": total},
        }


def _hit(n: Any) -> dict[str, Any]:
    meta = n.node.metadata
    return {
        "source": meta.get("source", ""),
        "start": int(meta.get("start", 0)),
        "end": int(meta.get("end", 0)),
    }


def _citation(i: int, n: Any, read: CorpusTexts) -> dict[str, Any]:
    """LlamaIndex cites a sub-chunk "Source i:\\n<text>"; locate it in the file to score its quote."""
    meta = n.node.metadata
    quote = re.sub(r"^Source \d+:\n", "", n.node.get_content())
    start, end = int(meta.get("start", 0)), int(meta.get("end", 0))
    text = read(str(meta.get("source", "")))
    if text is not None:
        found = text.find(quote, max(0, start - 1))
        if found >= 0:
            start, end = found, found + len(quote)
    return {
        "id": i,
        "source": meta.get("source", ""),
        "title": meta.get("title", ""),
        "start": start,
        "end": end,
        "quote": quote,
    }
