"""LlamaIndex adapters: the pipeline as parts a LlamaIndex application plugs in.

:func:`as_retriever` gives the hybrid retriever as a ``BaseRetriever`` (``PipelineRetriever``):
each node is a chunk, its text the file's text at ``[start:end]`` verbatim, its offsets in
``start_char_idx``/``end_char_idx`` and in the metadata. :func:`as_query_engine` gives the
verified answerer as a ``CustomQueryEngine`` (``VerifiedQueryEngine``): the response is our
checked answer with its ``[n]`` markers (or the abstention), one source node per citation whose
text is the cited quote, and the sentence verdicts in ``metadata``.

llama_index takes seconds to import, so it is imported when an adapter is first built, not with
this module; ``PipelineRetriever`` and ``VerifiedQueryEngine`` are defined then (module
attributes, for ``isinstance`` and subclassing). Nothing here opens a client or loads a model:
the pipeline does that on first use, as it always does.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.base.response.schema import Response
    from llama_index.core.query_engine import CustomQueryEngine
    from llama_index.core.schema import NodeWithScore, TextNode

    from rag.answer import Answer
    from rag.factory import Pipeline
    from rag.retrieval import Hit

# Offsets are for the application, not for the model's prompt or an embedding.
HIDDEN_KEYS = ["start", "end", "citation_id"]
# Where a citation sits beyond its offsets, when its file says: page (PDF), url and published (HTML).
WHEREABOUTS = ("page", "url", "published")


def node_id(source: str, start: int, end: int) -> str:
    """A span's stable node id.

    >>> node_id("003_720a6b9c76bcb648.txt", 120, 480)
    '003_720a6b9c76bcb648.txt:120-480'
    """
    return f"{source}:{start}-{end}"


def span_node(source: str, title: str, start: int, end: int, text: str, **extra: Any) -> TextNode:
    """A ``TextNode`` for the file's text at ``[start:end]``; its ref_doc_id is the file name."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    return TextNode(
        id_=node_id(source, start, end),
        text=text,
        metadata={"source": source, "title": title, "start": start, "end": end, **extra},
        start_char_idx=start,
        end_char_idx=end,
        excluded_llm_metadata_keys=list(HIDDEN_KEYS),
        excluded_embed_metadata_keys=list(HIDDEN_KEYS),
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=source)},
    )


def hit_node(hit: Hit) -> NodeWithScore:
    """A retrieved chunk, scored by its fused rank score (comparable within one result list only)."""
    from llama_index.core.schema import NodeWithScore

    return NodeWithScore(
        node=span_node(hit.source, hit.title, hit.start, hit.end, hit.text), score=float(hit.score)
    )


def citation_nodes(answer: Answer) -> list[NodeWithScore]:
    """One node per citation, in citation order (``[n]`` is ``source_nodes[n - 1]``): the verbatim
    quote, scored by the best verdict score of the sentences that cite it (1.0 if none does)."""
    from llama_index.core.schema import NodeWithScore

    scores: dict[int, float] = {}
    for s in answer.sentences:
        if s.supported:
            for i in s.citations:
                scores[i] = max(scores.get(i, 0.0), float(s.score))
    return [
        NodeWithScore(
            node=span_node(c.source, c.title, c.start, c.end, c.quote, citation_id=c.id, **_whereabouts(c)),
            score=scores.get(c.id, 1.0),
        )
        for c in sorted(answer.citations, key=lambda c: c.id)
    ]


def _whereabouts(citation: object) -> dict[str, Any]:
    found = {k: getattr(citation, k, None) for k in WHEREABOUTS}
    return {k: v for k, v in found.items() if v is not None}


def response_metadata(answer: Answer) -> dict[str, Any]:
    return {
        "abstained": answer.abstained,
        "abstain_reason": answer.abstain_reason,
        "abstain_cause": answer.abstain_cause,
        "sentences": [asdict(s) for s in answer.sentences],
        "citations": [asdict(c) for c in answer.citations],
        "model": answer.model,
        "extractive": answer.extractive,
        "timings": dict(answer.timings),
    }


def to_response(answer: Answer) -> Response:
    """A verified answer as a LlamaIndex ``Response``."""
    from llama_index.core.base.response.schema import Response

    return Response(
        response=answer.answer, source_nodes=citation_nodes(answer), metadata=response_metadata(answer)
    )


def response_answer(response: Any) -> dict[str, Any]:
    """A ``Response`` of :class:`VerifiedQueryEngine` read back, from its text and source nodes,
    into the shape of ``Answer.as_dict()`` (what ``rag ask --json`` and the evaluation read)."""
    from llama_index.core.schema import MetadataMode

    meta = dict(response.metadata or {})
    citations = []
    for n in response.source_nodes:
        m = n.node.metadata
        citations.append(
            {
                "id": int(m["citation_id"]),
                "source": m["source"],
                "title": m.get("title", ""),
                "start": int(m["start"]),
                "end": int(m["end"]),
                "quote": n.node.get_content(MetadataMode.NONE),
                **{k: m[k] for k in WHEREABOUTS if k in m},
            }
        )
    return {
        "answer": response.response or "",
        "abstained": bool(meta.get("abstained", not citations)),
        "abstain_reason": meta.get("abstain_reason"),
        "abstain_cause": meta.get("abstain_cause"),
        "citations": citations,
        "sentences": list(meta.get("sentences", [])),
        "model": meta.get("model", ""),
        "extractive": bool(meta.get("extractive", False)),
        "timings": dict(meta.get("timings", {})),
    }


@cache
def _classes() -> tuple[Any, Any]:  # (PipelineRetriever, VerifiedQueryEngine)
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.callbacks import CallbackManager
    from llama_index.core.query_engine import CustomQueryEngine
    from llama_index.core.schema import QueryBundle

    class PipelineRetriever(BaseRetriever):
        """The pipeline's hybrid search (dense + BM25, fused by reciprocal rank) as a retriever."""

        def __init__(
            self,
            pipeline: Pipeline,
            similarity_top_k: int | None = None,
            sources: list[str] | None = None,
            callback_manager: CallbackManager | None = None,
            verbose: bool = False,
        ) -> None:
            super().__init__(callback_manager=callback_manager, verbose=verbose)
            self.pipeline = pipeline
            self.similarity_top_k = similarity_top_k  # None: the pipeline's top_k
            self.sources = sources  # only these files, as ``rag search`` filters

        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            # The bundle's embedding, if any, is not ours: the pipeline embeds the question itself.
            hits = self.pipeline.search(query_bundle.query_str, self.similarity_top_k, sources=self.sources)
            return [hit_node(h) for h in hits]

        async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            return await asyncio.to_thread(self._retrieve, query_bundle)

    class VerifiedQueryEngine(CustomQueryEngine):
        """The pipeline's answerer: retrieve, draft, verify sentence by sentence, or abstain."""

        pipeline: Any  # rag.factory.Pipeline
        similarity_top_k: int | None = None
        sources: list[str] | None = None

        def custom_query(self, query_str: str) -> Response:
            answer = self.pipeline.answerer.ask(query_str, self.similarity_top_k, sources=self.sources)
            return to_response(answer)

        async def acustom_query(self, query_str: str) -> Response:
            return await asyncio.to_thread(self.custom_query, query_str)

    for cls in (PipelineRetriever, VerifiedQueryEngine):
        cls.__module__, cls.__qualname__ = __name__, cls.__name__
    return PipelineRetriever, VerifiedQueryEngine


def __getattr__(name: str) -> Any:
    if name == "PipelineRetriever":
        return _classes()[0]
    if name == "VerifiedQueryEngine":
        return _classes()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def as_retriever(
    pipeline: Pipeline, similarity_top_k: int | None = None, sources: list[str] | None = None
) -> BaseRetriever:
    """A ``PipelineRetriever`` over ``pipeline``: ``similarity_top_k`` hits (default: settings'
    top_k), from ``sources`` only if given."""
    retriever: BaseRetriever = _classes()[0](pipeline, similarity_top_k=similarity_top_k, sources=sources)
    return retriever


def as_query_engine(
    pipeline: Pipeline, similarity_top_k: int | None = None, sources: list[str] | None = None
) -> CustomQueryEngine:
    """A ``VerifiedQueryEngine`` over ``pipeline``'s answerer (its LLM is loaded on the first query)."""
    engine: CustomQueryEngine = _classes()[1](
        pipeline=pipeline, similarity_top_k=similarity_top_k, sources=sources
    )
    return engine


def llama_index_adapters(llm: Any, embedder: Any) -> tuple[Any, Any]:
    """Our LLM and embedder as LlamaIndex's ``LLM`` and ``BaseEmbedding``: the same weights and
    chat template, for a LlamaIndex engine built around our retriever (or the baseline's)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata
    from llama_index.core.llms.callbacks import llm_completion_callback

    class SameLLM(CustomLLM):
        """Our model, same weights and chat template; the prompt is LlamaIndex's."""

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=4096, num_output=256, model_name=llm.name)

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            text = llm.complete([{"role": "user", "content": prompt}], 256, 0.0)
            return CompletionResponse(text=text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

    class SameEmbedding(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in embedder.embed([query])[0]]

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in embedder.embed([text])[0]]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return SameLLM(), SameEmbedding(model_name=embedder.name)
