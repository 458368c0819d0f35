"""Server-sent events for the three streaming routes, with keep-alive comments.

FastAPI's ``EventSourceResponse`` and ``format_sse_event`` frame the events. Its keep-alive
pings live in the machinery of generator routes, which cannot serve our routes that answer
JSON or a stream by a body flag (``/chat``, ``/v1/chat/completions``); so the same ping is
sent here, for all three routes alike, while the model evaluates its prompt (seconds of
silence that a proxy would otherwise take for a dead connection).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi.sse import KEEPALIVE_COMMENT, EventSourceResponse, format_sse_event

PING_INTERVAL_S = 10.0
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def event(name: str | None, data: Any) -> bytes:
    """One event; ``data`` is sent as JSON (a str as it is: OpenAI's literal ``[DONE]``)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return format_sse_event(event=name, data_str=text)


async def with_keepalive(chunks: AsyncIterator[bytes], interval: float) -> AsyncIterator[bytes]:
    """``chunks`` as they come, and a comment line whenever none has come for ``interval`` s."""
    it = aiter(chunks)
    pending: asyncio.Future[bytes] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(it))
            done, _ = await asyncio.wait({pending}, timeout=interval)
            if not done:
                yield KEEPALIVE_COMMENT
                continue
            try:
                chunk = pending.result()
            except StopAsyncIteration:
                return
            pending = None
            yield chunk
    finally:
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await pending
        close = getattr(it, "aclose", None)
        if close is not None:
            await close()


def stream(chunks: AsyncIterator[bytes], interval: float | None = None) -> EventSourceResponse:
    return EventSourceResponse(with_keepalive(chunks, interval or PING_INTERVAL_S), headers=HEADERS)
