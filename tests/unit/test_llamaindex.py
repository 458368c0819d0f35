"""The LlamaIndex adapters' mapping, with hand-made passages and a scripted model."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.schema import MetadataMode

import rag.llamaindex
from rag import prompts
from rag.answer import Answerer, Passage
from rag.evidence import CorpusTexts, Evidence
from rag.grounding import Checker
from rag.llamaindex import as_query_engine, as_retriever, response_answer
from rag.llm import ScriptedLLM
from rag.retrieval import Hit
from rag.settings import Settings
from tests import stubs
from tests.stubs import BLACK_SEA, SWIFT

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SOURCE = "003_720a6b9c76bcb648.txt"
TEXT = (CORPUS / SOURCE).read_text(encoding="utf-8")
CITATION_KEYS = ("id", "source", "title", "start", "end", "quote")


QUESTION = "What did Russia demand after the Black Sea talks?"
SUPPORTED = "Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1]."
INVENTED = "Emmanuel Macron called the demand outrageous on 3 May [2]."


class Passages(stubs.Passages):
    """A retriever that returns the given passages, ranked, recording what it was asked."""

    def __init__(self, embedder, *passages: Passage) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*passages)
        self.embedder = embedder
        self.asked: list[tuple[str, int, list[str] | None]] = []

    def search(self, question, k, sources=None):  # type: ignore[no-untyped-def]
        self.asked.append((question, k, sources))
        hits = [
            Hit(p.source, p.title, p.start, p.end, p.text, score=1 / (60 + i), dense_similarity=0.7)
            for i, p in enumerate(self.passages, 1)
        ]
        return [h for h in hits if not sources or h.source in sources][:k]


def pipeline(embedder, draft: str, *passages: Passage) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """What the adapters use of a Pipeline: ``search`` and ``answerer``."""
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    retriever = Passages(embedder, *passages)
    evidence = Evidence(Checker(), CorpusTexts(CORPUS))
    answerer = Answerer(retriever, ScriptedLLM([draft]), evidence, settings)  # type: ignore[arg-type]
    return SimpleNamespace(
        settings=settings,
        retriever=retriever,
        answerer=answerer,
        search=lambda q, k=None, sources=None: retriever.search(q, k or settings.top_k, sources),
    )


def test_importing_the_module_does_not_import_llama_index():
    code = "import sys, rag.llamaindex; assert 'llama_index' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_classes_are_the_frameworks_kinds(embedder):
    p = pipeline(embedder, SUPPORTED, BLACK_SEA)
    retriever, engine = as_retriever(p), as_query_engine(p)  # type: ignore[arg-type]
    assert isinstance(retriever, BaseRetriever) and isinstance(retriever, rag.llamaindex.PipelineRetriever)
    assert isinstance(engine, CustomQueryEngine) and isinstance(engine, rag.llamaindex.VerifiedQueryEngine)
    assert rag.llamaindex.VerifiedQueryEngine.__qualname__ == "VerifiedQueryEngine"


def test_retriever_nodes_are_the_hits_spans_with_stable_ids(embedder):
    p = pipeline(embedder, SUPPORTED, BLACK_SEA, SWIFT)
    nodes = as_retriever(p).retrieve(QUESTION)  # type: ignore[arg-type]
    assert [n.node.node_id for n in nodes] == [
        f"{SOURCE}:{BLACK_SEA.start}-{BLACK_SEA.end}",
        f"{SOURCE}:{SWIFT.start}-{SWIFT.end}",
    ]
    for n, want in zip(nodes, (BLACK_SEA, SWIFT), strict=True):
        node = n.node
        assert node.get_content(MetadataMode.NONE) == want.text == TEXT[want.start : want.end]
        assert node.metadata == {"source": SOURCE, "title": "T", "start": want.start, "end": want.end}
        assert (node.start_char_idx, node.end_char_idx) == (want.start, want.end)  # type: ignore[attr-defined]
        assert node.ref_doc_id == SOURCE
        # The model reads the title and file name, not the offsets.
        shown = node.get_content(MetadataMode.LLM)
        assert "title: T" in shown and "start:" not in shown and want.text in shown
    assert [n.score for n in nodes] == [1 / 61, 1 / 62]


def test_retriever_passes_top_k_and_sources_and_retrieves_async(embedder):
    p = pipeline(embedder, SUPPORTED, BLACK_SEA, SWIFT)
    retriever = as_retriever(p, similarity_top_k=1, sources=[SOURCE])  # type: ignore[arg-type]
    assert len(retriever.retrieve(QUESTION)) == 1
    assert len(asyncio.run(retriever.aretrieve(QUESTION))) == 1
    assert p.retriever.asked == [(QUESTION, 1, [SOURCE])] * 2
    assert as_retriever(p, sources=["other.txt"]).retrieve(QUESTION) == []  # type: ignore[arg-type]


def test_response_is_the_verified_answer_with_one_node_per_citation(embedder):
    p = pipeline(embedder, f"{SUPPORTED} {INVENTED}", BLACK_SEA, SWIFT)
    response = as_query_engine(p).query(QUESTION)  # type: ignore[arg-type]
    assert isinstance(response, Response)
    assert response.response == SUPPORTED and "Macron" not in str(response)
    (n,) = response.source_nodes
    meta = n.node.metadata
    quote = n.node.get_content(MetadataMode.NONE)
    assert quote.startswith("After talks concluded") and TEXT[meta["start"] : meta["end"]] == quote
    assert meta["citation_id"] == 1 and meta["source"] == SOURCE and meta["title"] == "T"
    assert (n.node.start_char_idx, n.node.end_char_idx) == (meta["start"], meta["end"])  # type: ignore[attr-defined]
    assert n.node.node_id == f"{SOURCE}:{meta['start']}-{meta['end']}"

    m = response.metadata
    assert m is not None
    assert {"abstained", "abstain_reason", "abstain_cause", "sentences", "citations", "model"} <= set(m)
    assert m["abstained"] is False and m["abstain_reason"] is None and m["abstain_cause"] is None
    assert m["model"] == "scripted"
    supported, withheld = m["sentences"]
    assert {"text", "citations", "supported", "verdict", "score"} <= set(supported)
    assert supported["supported"] and supported["citations"] == [1]
    assert not withheld["supported"] and withheld["citations"] == [] and "Macron" in withheld["text"]
    assert n.score == supported["score"]
    assert [{k: c[k] for k in CITATION_KEYS} for c in m["citations"]] == [
        {"id": 1, "source": SOURCE, "title": "T", "start": meta["start"], "end": meta["end"], "quote": quote}
    ]
    assert {int(x) for x in re.findall(r"\[(\d+)\]", str(response))} == {1}


def test_response_reads_back_as_the_answer(embedder):
    p = pipeline(embedder, SUPPORTED, BLACK_SEA, SWIFT)
    response = as_query_engine(p).query(QUESTION)  # type: ignore[arg-type]
    answer = p.answerer.ask(QUESTION).as_dict()
    back = response_answer(response)
    for key in ("answer", "abstained", "abstain_reason", "abstain_cause", "sentences", "model", "extractive"):
        assert back[key] == answer[key], key
    assert [{k: c[k] for k in CITATION_KEYS} for c in back["citations"]] == [
        {k: c[k] for k in CITATION_KEYS} for c in answer["citations"]
    ]


def test_abstention_has_no_source_nodes_and_says_why(embedder):
    p = pipeline(embedder, SUPPORTED)  # nothing retrieved: the pipeline declines before asking the model
    response = asyncio.run(as_query_engine(p).aquery("What is the population of Lyon?"))  # type: ignore[arg-type]
    assert isinstance(response, Response)
    assert response.response == prompts.abstention() and response.source_nodes == []
    m = response.metadata
    assert m is not None
    assert m["abstained"] is True and m["abstain_cause"] == "pre_check" and m["abstain_reason"]
    assert m["citations"] == [] and m["sentences"] == []
    assert p.answerer.llm.calls == []
    assert response_answer(response)["abstained"] is True


def test_query_engine_passes_top_k_and_sources(embedder):
    p = pipeline(embedder, SUPPORTED, BLACK_SEA, SWIFT)
    as_query_engine(p, similarity_top_k=1, sources=[SOURCE]).query(QUESTION)  # type: ignore[arg-type]
    assert p.retriever.asked == [(QUESTION, 1, [SOURCE])]


def test_citation_details_of_the_answer_are_kept_on_the_node():
    citation = SimpleNamespace(id=1, source="a.pdf", title="T", start=0, end=3, quote="abc", page=2, url=None)
    sentence = SimpleNamespace(text="x", citations=[1], supported=True, verdict="supported", score=0.8)
    answer = SimpleNamespace(citations=[citation], sentences=[sentence])
    (n,) = rag.llamaindex.citation_nodes(answer)  # type: ignore[arg-type]
    assert n.node.metadata["page"] == 2 and "url" not in n.node.metadata and n.score == 0.8
