"""HTTP request and response models: the public contract, separate from pipeline types."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SOURCE_EXAMPLE = "003_720a6b9c76bcb648.txt"


class ErrorBody(BaseModel):
    code: str = Field(examples=["invalid_request"])
    message: str = Field(examples=["question: must not be empty"])


class ErrorResponse(BaseModel):
    error: ErrorBody


class AskRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"question": "What did Russia demand after the Black Sea talks?"}]},
    )
    question: str = Field(min_length=1, description="A question in plain language.")
    top_k: int | None = Field(None, ge=1, le=20, description="Passages retrieved as evidence.")
    sources: list[str] | None = Field(
        None, max_length=100, description="Only use these files.", examples=[[SOURCE_EXAMPLE]]
    )


class Citation(BaseModel):
    id: int = Field(description="The n of the [n] marker in the answer.")
    source: str = Field(examples=[SOURCE_EXAMPLE])
    title: str
    start: int = Field(description="Character offset into the original file (inclusive).")
    end: int = Field(description="Character offset into the original file (exclusive).")
    quote: str = Field(description="The file's text at [start:end], verbatim.")


class Sentence(BaseModel):
    text: str
    citations: list[int]
    supported: bool = Field(description="False: withheld from the answer, no passage supports it.")


class AskResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answer": "Russia demanded sanctions relief as a prerequisite for a Black Sea ceasefire [1].",
                    "abstained": False,
                    "citations": [
                        {"id": 1, "source": SOURCE_EXAMPLE, "title": "…", "start": 7594, "end": 7773,
                         "quote": "After talks concluded, however, Russia outlined its demands for sanctions relief…"}
                    ],
                    "sentences": [{"text": "Russia demanded sanctions relief…", "citations": [1], "supported": True}],
                    "timings": {"retrieval_ms": 40.0, "first_token_ms": 2500.0, "total_ms": 6000.0},
                }
            ]
        }
    )
    answer: str
    abstained: bool = Field(description="True when the articles don't answer the question.")
    citations: list[Citation]
    sentences: list[Sentence]
    timings: dict[str, float]
    standalone_question: str | None = Field(None, description="For /chat: the question actually answered.")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "messages": [
                        {"role": "user", "content": "What did Russia demand after the Black Sea talks?"},
                        {"role": "assistant", "content": "Sanctions relief [1]."},
                        {"role": "user", "content": "Which bank did it want reconnected?"},
                    ]
                }
            ]
        },
    )
    messages: list[ChatMessage] = Field(min_length=1, max_length=50)
    stream: bool = False


class DocumentInfo(BaseModel):
    source: str = Field(examples=[SOURCE_EXAMPLE])
    title: str
    chunks: int
    content_hash: str
    ingested_at: str
    date: str | None = None


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class DocumentDetail(DocumentInfo):
    text: str = Field(description="The original file; citations' start/end index into it.")
    dates: list[str] = []


class HealthComponent(BaseModel):
    ok: bool
    detail: str


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    store: HealthComponent
    embedder: HealthComponent
    llm: HealthComponent
    documents: int | None = None
