"""The one place where the object graph is wired from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rag.embeddings import Embedder, SentenceTransformerEmbedder
from rag.evidence import CorpusTexts, Evidence
from rag.factcheck import DraftChecker
from rag.grounding import Checker
from rag.ingest import Ingestor, IngestReport, Progress
from rag.retrieval import Hit, HybridRetriever
from rag.settings import Settings
from rag.store import ChromaStore, VectorStore

if TYPE_CHECKING:
    from rag.answer import Answerer
    from rag.judge import AnswerJudge, SupportJudge
    from rag.llm import LLM


@dataclass
class Pipeline:
    """Store, embedder, retriever, ingestor and (lazily) the LLM, built from one Settings."""

    settings: Settings
    store: VectorStore
    embedder: Embedder
    llm_override: LLM | None = field(default=None, repr=False)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.embedder, self.settings.candidates, self.settings.rrf_k)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.store,
            self.embedder,
            self.settings.chunk_size,
            self.settings.chunk_overlap,
            self.settings.ingest_batch_documents,
            texts_dir=self.settings.texts_path,
            dates_file=self.settings.dates_file,
        )

    @cached_property
    def checker(self) -> Checker:
        """The one support checker, behind :attr:`evidence`."""
        return Checker(
            self.embedder,
            self.settings.support_min_overlap,
            self.settings.support_min_similarity,
            wordnet_dir=self.settings.wordnet_dir,
        )

    @cached_property
    def texts(self) -> CorpusTexts:
        """Article texts from the corpus folder: the context of evidence, and what citations index."""
        return CorpusTexts(self.settings.corpus_dir, self.settings.texts_path)

    def _judging(self, role: str) -> LLM | None:
        """The model a judge asks, in a llama.cpp context of its own per ``role`` (judging
        never waits for, or disturbs, an answer, and each judge's constant prompt stays
        evaluated there); None when no model is provisioned (the rules then stand alone,
        and health says why)."""
        from rag.llm import LlamaCppLLM, LLMUnavailable

        try:
            llm = self.llm
        except LLMUnavailable:
            return None
        return llm.sibling(role=role) if isinstance(llm, LlamaCppLLM) else llm

    @cached_property
    def judge(self) -> SupportJudge | None:
        """The LLM's second opinion behind the checker, or None when switched off."""
        from rag.judge import SupportJudge

        llm = self._judging("judge") if self.settings.judge else None
        if llm is None:
            return None
        s = self.settings
        return SupportJudge(llm, s.judge_threshold, s.judge_max_calls, flips_stand=s.judge_flips_stand)

    @cached_property
    def evidence(self) -> Evidence:
        """The one evidence path: answers, draft checks and the evaluation all judge through it."""
        return Evidence(self.checker, self.texts, self.judge, self._published)

    def _published(self, source: str) -> str | None:
        record = self.retriever.documents().get(source)
        return record.published if record is not None else None

    @cached_property
    def factchecker(self) -> DraftChecker:
        return DraftChecker(self.retriever, self.evidence, self.texts, revisions=self.settings.revisions)

    @cached_property
    def llm(self) -> LLM:
        if self.llm_override is not None:
            return self.llm_override
        from rag.llm import create_llm

        return create_llm(self.settings)

    @cached_property
    def answerer(self) -> Answerer:
        from rag.answer import Answerer

        return Answerer(self.retriever, self.llm, self.evidence, self.settings, self.answer_judge)

    @cached_property
    def answer_judge(self) -> AnswerJudge | None:
        """The LLM's reading of whether an answer answers, or None when switched off."""
        from rag.judge import AnswerJudge

        llm = self._judging("answers") if self.settings.answer_judge else None
        return AnswerJudge(llm, self.settings.answer_judge_threshold) if llm is not None else None

    def ingest(
        self, paths: list[Path] | None = None, prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        return self.ingestor.ingest_paths(paths or [self.settings.corpus_dir], prune=prune, progress=progress)

    def search(self, question: str, k: int | None = None, sources: list[str] | None = None) -> list[Hit]:
        return self.retriever.search(question, k or self.settings.top_k, sources=sources)


def build_pipeline(
    settings: Settings | None = None, llm: LLM | None = None, embedder: Embedder | None = None
) -> Pipeline:
    """Wire a pipeline; ``llm`` and ``embedder`` replace the configured ones (tests share one)."""
    settings = settings or Settings()
    return Pipeline(
        settings=settings,
        store=ChromaStore.from_settings(settings),
        embedder=embedder
        or SentenceTransformerEmbedder(settings.embed_model_path, settings.embed_batch_size),
        llm_override=llm,
    )
