from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from fastapi.sse import EventSourceResponse

from api import sse
from api.deps import AuthDep, ServiceDep
from api.schemas import (
    ASK_STREAM_EVENTS,
    AskRequest,
    AskResponse,
    ChatRequest,
    ErrorResponse,
    SearchRequest,
    SearchResponse,
    ask_response,
    named_events_content,
    search_response,
)
from api.service import ServiceError

router = APIRouter(tags=["ask"], dependencies=[AuthDep])

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 404, 422, 503, 504)
}
SSE_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": named_events_content(ASK_STREAM_EVENTS),
        "description": "Server-sent events: `question` first (for /chat), `status` as the work "
        "moves on, then `sentence` for each verified sentence as soon as it is checked (a "
        "sentence no passage supports is announced by `withheld`, without its text), and `done` "
        "with the whole answer; `error` if generation fails mid-stream. No unverified text is sent.",
    },
    **ERRORS,
}


async def _encode(events: AsyncIterator[tuple[str, dict[str, Any]]]) -> AsyncIterator[bytes]:
    try:
        standalone = None
        async for name, payload in events:
            if name == "question":
                standalone = payload["standalone_question"]
            if name == "done":
                yield sse.event("done", ask_response(payload["answer"], standalone).model_dump())
            else:
                # Through its model: what is sent is what the API document promises.
                yield sse.event(name, ASK_STREAM_EVENTS[name].model_validate(payload).model_dump())
    except ServiceError as exc:
        yield sse.event("error", {"code": exc.code, "message": exc.message})


@router.post("/search", response_model=SearchResponse, responses=ERRORS)
async def search(req: SearchRequest, service: ServiceDep) -> SearchResponse:
    """Hybrid search; the same object as `rag search --json`."""
    return search_response(await service.search(req.question, req.k))


@router.post("/ask", response_model=AskResponse, responses=ERRORS)
async def ask(req: AskRequest, service: ServiceDep) -> AskResponse:
    """Answer a question; the same object as `rag ask --json`."""
    answer, _ = await service.ask(req.question, req.top_k, req.sources)
    return ask_response(answer)


# The route class stays plain: FastAPI treats an EventSourceResponse route as a generator route.
@router.post("/ask/stream", response_class=StreamingResponse, responses=SSE_DOC)
async def ask_stream(req: AskRequest, service: ServiceDep) -> EventSourceResponse:
    """Stream the answer sentence by sentence, each sent only once it is verified."""
    return sse.stream(_encode(await service.open_stream(req.question, req.top_k, req.sources)))


@router.post("/chat", response_model=AskResponse, responses={**SSE_DOC, **ERRORS})
async def chat(req: ChatRequest, service: ServiceDep) -> Any:
    """A conversation: the last user message is answered, rewritten into a standalone question
    from the history first. The server keeps no state: send the whole history each time."""
    if req.messages[-1].role != "user":
        raise ServiceError(422, "invalid_request", "messages: the last message must be from the user")
    history = [m.model_dump() for m in req.messages[:-1]]
    question = req.messages[-1].content
    if req.stream:
        return sse.stream(_encode(await service.open_stream(question, history=history)))
    answer, standalone = await service.ask(question, history=history)
    return ask_response(answer, standalone)


__all__ = ["router"]
