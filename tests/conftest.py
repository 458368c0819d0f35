"""Fixtures build everything in temporary directories, never the developer's data/."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rag.embeddings import SentenceTransformerEmbedder
from rag.factory import Pipeline, build_pipeline
from rag.llm import LLM, LlamaCppLLM, create_llm
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "eval" / "data" / "questions.jsonl"


def gold_questions() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2, loaded once for the whole run."""
    return SentenceTransformerEmbedder()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture
def make_pipeline(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> Callable[..., Pipeline]:
    """A pipeline on a fresh embedded Chroma in tmp_path, sharing the session's embedder."""

    def make(llm: LLM | None = None, **overrides: object) -> Pipeline:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=tmp_path / "data",
            corpus_dir=tmp_path / "corpus",
            **overrides,  # type: ignore[arg-type]
        )
        return build_pipeline(settings, llm=llm, embedder=embedder)

    return make


@pytest.fixture(scope="session")
def indexed(
    tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder, llm: LlamaCppLLM
) -> Iterator[Pipeline]:
    """The real corpus ingested once into a session-wide store, for read-only tests; its
    checker's second opinion is the session's model (loaded on first use)."""
    root = tmp_path_factory.mktemp("indexed")
    settings = Settings(_env_file=None, data_dir=root / "data", corpus_dir=CORPUS)  # type: ignore[call-arg]
    pipeline = build_pipeline(settings, llm=llm, embedder=embedder)
    report = pipeline.ingest()
    assert report.ok and len(report.added) == 5
    yield pipeline


@pytest.fixture(scope="session")
def llm() -> LlamaCppLLM:
    """The configured default GGUF in llama.cpp, loaded once for the whole run."""
    model = create_llm(Settings(_env_file=None))  # type: ignore[call-arg]
    assert isinstance(model, LlamaCppLLM)
    return model
