"""The LlamaIndex adapters on the real corpus, through LlamaIndex's own interfaces: the
retriever alone and inside a ``RetrieverQueryEngine``, the verified query engine behind a
``QueryEngineTool``."""

from __future__ import annotations

import asyncio
import re

import pytest
from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import MetadataMode, NodeWithScore
from llama_index.core.tools import QueryEngineTool

from rag import prompts
from rag.llamaindex import as_query_engine, as_retriever, llama_index_adapters
from tests.conftest import CORPUS

BLACK_SEA = "What did Russia demand after the Black Sea talks?"
BLACK_SEA_SOURCE = "003_720a6b9c76bcb648.txt"
FILES = {p.name for p in CORPUS.iterdir() if p.is_file()}


def assert_exact_spans(nodes: list[NodeWithScore]) -> None:
    """Every node is its file's text at [start:end], verbatim, with the offsets on the node too."""
    assert nodes
    for n in nodes:
        node, meta = n.node, n.node.metadata
        assert meta["source"] in FILES
        text = (CORPUS / meta["source"]).read_text(encoding="utf-8")
        assert text[meta["start"] : meta["end"]] == node.get_content(MetadataMode.NONE), node.node_id
        assert (node.start_char_idx, node.end_char_idx) == (meta["start"], meta["end"])  # type: ignore[attr-defined]
        assert node.node_id == f"{meta['source']}:{meta['start']}-{meta['end']}"
        assert meta["title"]


def test_retriever_returns_exact_spans_of_corpus_files(indexed):
    nodes = as_retriever(indexed).retrieve(BLACK_SEA)
    assert len(nodes) == indexed.settings.top_k
    assert nodes[0].node.metadata["source"] == BLACK_SEA_SOURCE
    assert_exact_spans(nodes)
    # The pipeline's own ranking, fused scores and all.
    hits = indexed.search(BLACK_SEA)
    assert [(n.node.metadata["source"], n.node.metadata["start"], n.score) for n in nodes] == [
        (h.source, h.start, h.score) for h in hits
    ]


def test_retriever_top_k_sources_and_async(indexed):
    source = "002_625cb21f183bcfbb.txt"
    retriever = as_retriever(indexed, similarity_top_k=3, sources=[source])
    nodes = retriever.retrieve("ceasefire")
    assert len(nodes) == 3 and {n.node.metadata["source"] for n in nodes} == {source}
    again = asyncio.run(retriever.aretrieve("ceasefire"))
    assert [n.node.node_id for n in again] == [n.node.node_id for n in nodes]


@pytest.mark.llm
def test_retriever_inside_a_retriever_query_engine_keeps_exact_spans(indexed):
    llm, _ = llama_index_adapters(indexed.llm, indexed.embedder)  # the baseline's wrapping of our model
    engine = RetrieverQueryEngine.from_args(as_retriever(indexed), llm=llm)
    response = engine.query(BLACK_SEA)
    assert str(response).strip()
    assert len(response.source_nodes) == indexed.settings.top_k
    assert response.source_nodes[0].node.metadata["source"] == BLACK_SEA_SOURCE
    assert_exact_spans(response.source_nodes)


def tool(indexed) -> QueryEngineTool:  # type: ignore[no-untyped-def]
    return QueryEngineTool.from_defaults(
        query_engine=as_query_engine(indexed),
        name="newsroom_articles",
        description="Answers questions from the newsroom's articles; every sentence cited and checked.",
    )


@pytest.mark.llm
def test_query_engine_tool_answers_with_verbatim_cited_quotes(indexed):
    out = tool(indexed).call(input=BLACK_SEA)
    response = out.raw_output
    assert isinstance(response, Response) and out.content == response.response
    meta = response.metadata
    assert meta is not None and meta["abstained"] is False, meta
    assert "sanction" in response.response.lower()
    assert_exact_spans(response.source_nodes)
    assert {n.node.metadata["source"] for n in response.source_nodes} == {BLACK_SEA_SOURCE}
    # [n] in the text is source_nodes[n - 1]; each quote is sentence-level evidence.
    ids = [n.node.metadata["citation_id"] for n in response.source_nodes]
    assert ids == list(range(1, len(ids) + 1))
    assert {int(x) for x in re.findall(r"\[(\d+)\]", response.response)} == set(ids)
    for n in response.source_nodes:
        assert len(n.node.get_content(MetadataMode.NONE)) < 600 and 0 < (n.score or 0) <= 1
    shown = [s for s in meta["sentences"] if s["supported"]]
    assert shown and all(s["citations"] and set(s["citations"]) <= set(ids) for s in shown)
    assert all(s["text"].rstrip(".") in response.response for s in shown)
    assert [c["quote"] for c in meta["citations"]] == [
        n.node.get_content(MetadataMode.NONE) for n in response.source_nodes
    ]
    assert meta["model"] == indexed.llm.name


def test_lyon_is_not_in_the_corpus():
    assert not any("lyon" in (CORPUS / f).read_text(encoding="utf-8").lower() for f in FILES)


@pytest.mark.llm
def test_query_engine_tool_abstains_on_an_unanswerable_question(indexed):
    out = asyncio.run(tool(indexed).acall(input="What is the population of Lyon?"))
    response = out.raw_output
    assert isinstance(response, Response)
    assert response.response == prompts.abstention() and response.source_nodes == []
    assert response.metadata is not None and response.metadata["abstained"] is True
    assert response.metadata["abstain_cause"] and response.metadata["citations"] == []
