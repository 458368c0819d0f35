from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter

from api.deps import AuthDep, ServiceDep
from api.schemas import CheckRequest, CheckSpanResponse, CheckTextResponse, ErrorResponse
from api.service import ServiceError
from rag.factcheck import CheckError

router = APIRouter(tags=["check"], dependencies=[AuthDep])


@router.post(
    "/check",
    response_model=CheckTextResponse | CheckSpanResponse,
    responses={c: {"model": ErrorResponse} for c in (401, 404, 413, 422, 503)},
)
async def check(req: CheckRequest, service: ServiceDep) -> dict[str, Any]:
    """Fact-check a draft sentence by sentence (`text`), or one `claim` against `source[start:end]`."""
    span_mode = req.claim is not None
    if span_mode == (req.text is not None):
        raise ServiceError(
            422, "invalid_request", "send either `text`, or `claim` with `source`, `start`, `end`"
        )
    limit = service.settings.max_check_chars
    body = req.claim if span_mode else req.text
    if body is not None and len(body) > limit:
        raise ServiceError(413, "text_too_long", f"text is longer than {limit} characters")
    checker = await service.run(lambda: service.pipeline.factchecker)
    try:
        if span_mode:
            if req.source is None or req.start is None or req.end is None:
                raise CheckError("`claim` needs `source`, `start` and `end`")
            source, start, end = req.source, req.start, req.end
            j = await to_thread.run_sync(lambda: checker.check_span(req.claim or "", source, start, end))
            return {"verdict": j.verdict, "score": j.score}
        results = await to_thread.run_sync(lambda: checker.check_text(req.text or ""))
    except CheckError as exc:
        status = 404 if "no document named" in str(exc) else 422
        raise ServiceError(
            status, "document_not_found" if status == 404 else "invalid_request", str(exc)
        ) from exc
    return {"sentences": [r.as_dict() for r in results]}
