"""OpenAI-compatible chat completions, so existing chat clients can use the service as a model.

The content is the verified answer with its [n] markers; the structured citations ride
along in a top-level ``citations`` field (and in the final chunk when streaming). A
stream sends the role chunk at once, then each sentence as a delta once it is verified: a
chat client sees the answer stream, and never a sentence that failed the check.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter
from openai.types import CompletionUsage, Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta
from pydantic import BaseModel, ConfigDict, Field

from api import sse
from api.deps import AuthDep, ServiceDep
from api.schemas import ErrorResponse, ask_response, chat_completion_content
from api.service import ServiceError

router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[AuthDep])
MODEL_ID = "newsroom-rag"


class OAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | None = None


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [
                        {"role": "user", "content": "What did Russia demand after the Black Sea talks?"}
                    ],
                }
            ]
        },
    )
    model: str = MODEL_ID
    messages: list[OAIMessage] = Field(min_length=1, max_length=50)
    stream: bool = False


def _split(req: ChatCompletionRequest) -> tuple[str, list[dict[str, str]]]:
    turns = [m for m in req.messages if m.role in ("user", "assistant") and m.content]
    if not turns or turns[-1].role != "user":
        raise ServiceError(422, "invalid_request", "messages: the last message must be from the user")
    history = [{"role": m.role, "content": m.content or ""} for m in turns[:-1]]
    return turns[-1].content or "", history


@router.get("/models")
async def models() -> dict[str, Any]:
    """The one model this service offers."""
    model = Model(id=MODEL_ID, object="model", created=0, owned_by="newsroom")
    return {"object": "list", "data": [model.model_dump()]}


_RESPONSES: dict[int | str, dict[str, Any]] = {
    # With "stream": true the same route answers with OpenAI's server-sent chunks.
    200: {"content": chat_completion_content()},
    **{c: {"model": ErrorResponse} for c in (400, 401, 422, 503, 504)},
}


@router.post("/chat/completions", responses=_RESPONSES)
async def chat_completions(req: ChatCompletionRequest, service: ServiceDep) -> Any:
    """Chat completions with citations: `[n]` in the text and a `citations` list."""
    question, history = _split(req)
    cid = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    if not req.stream:
        answer, standalone = await service.ask(question, history=history)
        payload = ask_response(answer, standalone)
        completion = ChatCompletion(
            id=cid,
            object="chat.completion",
            created=created,
            model=MODEL_ID,
            choices=[
                Choice(
                    index=0,
                    message=ChatCompletionMessage(role="assistant", content=payload.answer),
                    finish_reason="stop",
                )
            ],
            usage=CompletionUsage(prompt_tokens=0, completion_tokens=0, total_tokens=0),
            # Beside OpenAI's fields (its types allow extras): what makes the answer checkable.
            citations=[c.model_dump() for c in payload.citations],
            abstained=payload.abstained,
            standalone_question=payload.standalone_question,
        )
        return completion.model_dump(exclude_unset=True)
    events = await service.open_stream(question, history=history)

    def chunk(delta: dict[str, Any], finish: Literal["stop"] | None = None, **extra: Any) -> bytes:
        body = ChatCompletionChunk(
            id=cid,
            object="chat.completion.chunk",
            created=created,
            model=MODEL_ID,
            choices=[ChunkChoice(index=0, delta=ChoiceDelta(**delta), finish_reason=finish)],
            **extra,
        )
        return sse.event(None, body.model_dump(exclude_unset=True))

    async def body() -> AsyncIterator[bytes]:
        yield chunk({"role": "assistant", "content": ""})
        streamed = ""
        try:
            async for name, payload in events:
                if name == "sentence":
                    # One delta per verified sentence: joined, they are the answer's text.
                    delta = (" " if streamed else "") + payload["text"]
                    streamed += delta
                    yield chunk({"content": delta})
                elif name == "done":
                    final = ask_response(payload["answer"]).model_dump()
                    # What the answer adds after its sentences (the parts of a compound question
                    # the articles don't answer), or the whole text when nothing was streamed.
                    rest = final["answer"][len(streamed) :] if final["answer"].startswith(streamed) else ""
                    if rest.strip() or not streamed:
                        yield chunk({"content": rest if streamed else final["answer"]})
                    yield chunk({}, "stop", citations=final["citations"], abstained=final["abstained"])
        except ServiceError as exc:
            yield sse.event(None, {"error": {"code": exc.code, "message": exc.message}})
        yield sse.event(None, "[DONE]")

    return sse.stream(body())
