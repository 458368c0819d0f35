"""HTTP request and response models: the public contract, separate from pipeline types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Literal

from openai.types.chat import ChatCompletion, ChatCompletionChunk
from pydantic import BaseModel, ConfigDict, Field

from rag import revisions as rag_revisions

if TYPE_CHECKING:
    from rag import answer as rag_answer
    from rag.evidence import Span
    from rag.factcheck import SentenceCheck
    from rag.grounding import Judgement
    from rag.retrieval import Hit

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


class RelativeDate(BaseModel):
    text: str = Field(description='As the quote says it: "Monday", "yesterday".')
    date: str = Field(description="The ISO date it means, counted from the publication date.")


class Citation(BaseModel):
    id: int = Field(description="The n of the [n] marker in the answer.")
    source: str = Field(examples=[SOURCE_EXAMPLE])
    title: str
    start: int = Field(description="Character offset into the document's text (inclusive).")
    end: int = Field(description="Character offset into the document's text (exclusive).")
    quote: str = Field(description="The document's text at [start:end], verbatim.")
    page: int | None = Field(None, description="PDF: the page the quote starts on (1-based).")
    url: str | None = Field(None, description="HTML: the canonical URL the page declares.")
    published: str | None = Field(None, description="Its article's publication date (ISO); None: undated.")
    dates: list[RelativeDate] = Field(
        [], description="Weekdays and 'yesterday' in the quote, resolved against the publication date."
    )


Verdict = Literal["supported", "contradicted", "not_found"]
# A draft's sentence may also be "superseded": an older article supports it, a newer one revises it.
CheckVerdict = Literal["supported", "contradicted", "not_found", "superseded"]


class VersionRef(BaseModel):
    citation: int = Field(description="The [n] of the citation that holds this version.")
    published: str | None = Field(description="Its article's publication date; None: undated.")
    states: bool = Field(description="True: states the sentence's figure; False: gives another one.")


class SentenceRevision(BaseModel):
    kind: Literal["superseded", "conflict", "latest", "disputed"] = Field(
        description="superseded: a later article revised the figure, and the latest is shown instead; "
        "conflict: articles of the same latest date give different figures, all shown; "
        "disputed: the article itself attributes another figure to another source, both shown; "
        "latest: it is the latest figure, and the earlier ones it revised are cited."
    )
    current: list[int] = Field(description="Citations of the latest versions.")
    versions: list[VersionRef] = Field(description="Every version in the corpus, in publication order.")


class Sentence(BaseModel):
    text: str
    citations: list[int]
    supported: bool = Field(
        description="False: withheld from the answer: no passage supports it, or (off_topic) it is "
        "true but about something else."
    )
    verdict: Verdict = Field("not_found", description="The checker's verdict on its best evidence.")
    score: float = Field(0.0, description="0..1, higher is better supported.")
    draft: str | None = Field(None, description="The model's own sentence, when a revision replaced it.")
    off_topic: bool = Field(
        False,
        description="Verified but left out: in an answer read article by article, it names none of "
        "the question's names, holds less than half of its other words, and continues no sentence shown; "
        "or the draft's verified sentences did not answer, and an article's own sentence is given instead.",
    )
    revision: SentenceRevision | None = Field(
        None, description="When later or same-date articles give another figure for it."
    )


class AskResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": "What did Russia demand after the Black Sea talks?",
                    "answer": "Russia demanded sanctions relief before a Black Sea ceasefire [1].",
                    "abstained": False,
                    "citations": [
                        {
                            "id": 1,
                            "source": SOURCE_EXAMPLE,
                            "title": "…",
                            "start": 7594,
                            "end": 7773,
                            "quote": "After talks concluded, however, Russia outlined its demands…",
                        }
                    ],
                    "sentences": [
                        {"text": "Russia demanded sanctions relief…", "citations": [1], "supported": True}
                    ],
                    "timings": {"retrieval_ms": 40.0, "first_token_ms": 2500.0, "total_ms": 6000.0},
                }
            ]
        }
    )
    question: str = Field(description="The question as asked (for /chat: the last user message).")
    answer: str
    abstained: bool = Field(description="True when the articles don't answer the question.")
    abstain_reason: str | None = Field(None, description="Why the service declined, when it did.")
    abstain_cause: Literal["pre_check", "model_declined", "not_supported", "not_an_answer"] | None = Field(
        None,
        description="Which step declined: pre_check (weak or off-topic evidence; the model was not "
        "asked), model_declined, not_supported (no sentence of the draft verified), not_an_answer "
        "(verified sentences that do not give what was asked).",
    )
    extractive: bool = Field(
        False, description="The answer is an article's own sentence, quoted: the model's draft failed."
    )
    parts: list[str] = Field(
        default_factory=list,
        description="A compound question: the questions it was split into, each answered and verified "
        "on its own from its own evidence. Empty for a simple question.",
    )
    unanswered: list[str] = Field(
        default_factory=list, description="The parts of a compound question the articles don't answer."
    )
    as_of: str | None = Field(
        None,
        description='A question "as of" a date ("by 9 March"): that date (ISO); only the articles '
        "published by then were read.",
    )
    citations: list[Citation]
    sentences: list[Sentence]
    timings: dict[str, float]
    model: str = Field("", description="The model that wrote the draft.")
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
    date: str | None = Field(None, description="The latest full date the text states.")
    kind: Literal["text", "html", "pdf", "docx"] = Field("text", description="The original file's format.")
    url: str | None = Field(None, description="HTML: the canonical URL the page declares.")
    published: str | None = Field(None, description="The publication date its file declares; None: undated.")


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class DocumentDetail(DocumentInfo):
    text: str = Field(
        description="The document's canonical text (a text file as it is; for HTML, PDF and DOCX the "
        "text extracted at ingest); citations' start/end index into it."
    )
    dates: list[str] = []
    pages: list[int] = Field([], description="PDF: the offset where each page starts; [] for other kinds.")
    original: str = Field(description="Where to download the original file.")


class HealthComponent(BaseModel):
    ok: bool
    detail: str


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    store: HealthComponent
    embedder: HealthComponent
    llm: HealthComponent
    documents: int | None = None


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Russia launched 46 drones overnight. Kaja Kallas accused Trump of appeasement."},
                {
                    "claim": "Russia demanded sanctions relief.",
                    "source": SOURCE_EXAMPLE,
                    "start": 7594,
                    "end": 7773,
                },
            ]
        },
    )
    text: str | None = Field(None, description="A draft: every sentence is checked against the corpus.")
    claim: str | None = Field(None, description="One claim, judged against source[start:end] alone.")
    source: str | None = None
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)


class Evidence(BaseModel):
    source: str
    title: str = ""
    start: int
    end: int
    quote: str = Field(description="The document's text at [start:end], verbatim.")


class Version(Evidence):
    published: str | None = Field(description="Its article's publication date; None: undated.")
    states: bool = Field(description="True: states the sentence's figure; False: gives another one.")


class SentenceVerdict(BaseModel):
    text: str
    verdict: CheckVerdict
    score: float
    evidence: list[Evidence] = Field(description="Best first: the passages that support, or contradict, it.")
    differing: list[str] = Field(
        [], description="For contradicted: the evidence's own numbers, dates or names."
    )
    missing: list[str] = Field([], description="The sentence's numbers, dates or names the evidence lacks.")
    reason: str | None = Field(
        None,
        description="For contradicted: what differs, e.g. the parties the other way round, a negation, "
        "or another figure.",
    )
    second_opinion: float | None = Field(
        None, description="The LLM judge's probability that the evidence states it, when it was asked."
    )
    revised_by: list[Version] = Field(
        [],
        description="superseded: the latest articles that give another figure; for a supported sentence, "
        "same-date articles that dispute it, or, when it names its own time, later ones that give another "
        "figure.",
    )
    versions: list[Version] = Field(
        [], description="When revised or disputed: every version in the corpus, in publication order."
    )
    summary: str | None = Field(
        None, description='e.g. "supported by a.txt (9 March 2026), revised by b.txt (16 April 2026)".'
    )


class CheckTextResponse(BaseModel):
    sentences: list[SentenceVerdict]


class CheckSpanResponse(BaseModel):
    verdict: Verdict
    score: float
    missing: list[str] = Field([], description="The claim's numbers, dates or names the span lacks.")
    reason: str | None = Field(None, description="For contradicted: what differs.")
    second_opinion: float | None = Field(
        None, description="The LLM judge's probability that the evidence states it, when it was asked."
    )


class SearchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"question": "Black Sea ceasefire"}]}
    )
    question: str = Field(min_length=1)
    k: int = Field(5, ge=1, le=50)


class SearchHit(BaseModel):
    source: str
    title: str
    start: int
    end: int
    text: str = Field(description="The file's text at [start:end], verbatim.")
    score: float


class SearchResponse(BaseModel):
    results: list[SearchHit]


# --- streamed responses (text/event-stream) ----------------------------------------
class QuestionEvent(BaseModel):
    standalone_question: str = Field(description="For /chat: the question actually answered.")


class StatusEvent(BaseModel):
    stage: Literal["searching", "reading", "writing", "checking"] = Field(
        description="searching the articles; the model reading the passages; the model writing "
        "(sentences follow as each is verified); checking the draft's sentences against their "
        "sources, when the checker's second opinion needs the model once it has finished writing."
    )
    passages: int | None = Field(None, description="With `reading`: how many passages the model reads.")


class SentenceEvent(BaseModel):
    """A sentence of the answer, sent only once the checker has found it supported."""

    index: int = Field(description="Its position among the draft's sentences (withheld ones count).")
    text: str = Field(description="As it stands in the answer, with its [n] markers.")
    citations: list[Citation]
    verdict: Verdict
    score: float
    revision: SentenceRevision | None = Field(
        None, description="When later or same-date articles give another figure for it."
    )


class WithheldEvent(BaseModel):
    """A sentence of the draft that no passage supports: announced, its text never sent."""

    index: int
    verdict: Verdict
    score: float


# Event name -> payload model, in the order a client sees them.
ASK_STREAM_EVENTS: dict[str, type[BaseModel]] = {
    "question": QuestionEvent,
    "status": StatusEvent,
    "sentence": SentenceEvent,
    "withheld": WithheldEvent,
    "done": AskResponse,
    "error": ErrorBody,
}
# Models the API document needs beyond those the routes name: stream events and OpenAI's types.
DOCUMENTED_MODELS: list[type[BaseModel]] = [
    *ASK_STREAM_EVENTS.values(),
    ChatCompletion,
    ChatCompletionChunk,
    ErrorResponse,
]


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json_data(schema: Mapping[str, object]) -> dict[str, object]:
    return {"type": "string", "contentMediaType": "application/json", "contentSchema": schema}


def named_events_content(events: dict[str, type[BaseModel]]) -> dict[str, object]:
    """OpenAPI content for a stream of named events, each event's JSON data described by its model
    (``itemSchema``: one event, as OpenAPI 3.2 and schemathesis read it)."""
    one_of = [
        {
            "type": "object",
            "required": ["event", "data"],
            "properties": {"event": {"const": name}, "data": _json_data(_ref(model))},
        }
        for name, model in events.items()
    ]
    return {"text/event-stream": {"itemSchema": {"oneOf": one_of}}}


def chat_completion_content() -> dict[str, object]:
    """OpenAI's ChatCompletion (with our ``citations``, ``abstained``, ``standalone_question``), or
    with ``"stream": true`` OpenAI's chunks."""
    return {"application/json": {"schema": _ref(ChatCompletion)}, **_chat_chunks_content()}


def _chat_chunks_content() -> dict[str, object]:
    """OpenAI's stream: unnamed events whose data is a chunk, an error object, or the literal [DONE]."""
    data = {
        "anyOf": [
            {"const": "[DONE]"},
            _json_data({"anyOf": [_ref(ChatCompletionChunk), _ref(ErrorResponse)]}),
        ]
    }
    return {
        "text/event-stream": {
            "itemSchema": {
                "type": "object",
                "required": ["data"],
                "properties": {"event": {"const": "message"}, "data": data},
            }
        }
    }


# --- one output contract: the CLI's --json and the HTTP bodies are these models -------------
def ask_response(answer: rag_answer.Answer, standalone: str | None = None) -> AskResponse:
    return AskResponse.model_validate({**asdict(answer), "standalone_question": standalone})


def search_response(hits: Sequence[Hit]) -> SearchResponse:
    return SearchResponse(results=[SearchHit.model_validate(h, from_attributes=True) for h in hits])


def _evidence(span: Span) -> Evidence:
    return Evidence(source=span.source, title=span.title, start=span.start, end=span.end, quote=span.text)


def _version(v: rag_revisions.Version) -> Version:
    return Version(**_evidence(v.span).model_dump(), published=v.published, states=v.states)


def revision_summary(r: rag_revisions.Revision) -> str:
    """What a journalist reads first about a revised or disputed sentence."""
    said = f"{r.stated.source} ({rag_revisions.day(r.stated.published)})"
    # Each other version with the figure it gives: "105.txt (16 April 2026): 1,150".
    figures = [rag_revisions.told(v, r) for v in r.others]
    others = ", ".join(
        f"{v.source} ({rag_revisions.day(v.published)})" + (f": {f}" if f else "")
        for v, f in zip(r.others, figures, strict=True)
    )
    if r.superseded:
        return f"supported by {said}, revised by {others}"
    if r.outdated:
        return f"supported by {said}, revised by later reports that differ: {others}"
    if r.kind == "latest":
        return f"supported by {said}, the latest of {len(r.versions)} versions"
    if r.kind == "dated":
        return f"supported by {said} for the time it names; later figures in {others}"
    if r.kind == "disputed":
        return f"supported by {said}, which also gives another account: {r.others[0].span.text}"
    return f"supported by {said}, disputed by {others}"


def check_text_response(results: Sequence[SentenceCheck]) -> CheckTextResponse:
    return CheckTextResponse(
        sentences=[
            SentenceVerdict(
                text=r.text,
                verdict=r.verdict,  # type: ignore[arg-type]
                score=r.score,
                evidence=[_evidence(e) for e in r.evidence],
                differing=r.differing,
                missing=r.missing,
                reason=r.reason,
                second_opinion=r.second_opinion,
                revised_by=[_version(v) for v in r.revision.others]
                if r.revision and r.revision.kind != "latest"
                else [],
                versions=[_version(v) for v in r.revision.versions] if r.revision else [],
                summary=revision_summary(r.revision) if r.revision else None,
            )
            for r in results
        ]
    )


def check_span_response(judgement: Judgement) -> CheckSpanResponse:
    return CheckSpanResponse(
        verdict=judgement.verdict,
        score=judgement.score,
        missing=list(judgement.missing),
        reason=judgement.reason,
        second_opinion=judgement.second_opinion,
    )
