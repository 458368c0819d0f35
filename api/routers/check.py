from __future__ import annotations

from fastapi import APIRouter

from api.deps import AuthDep, ServiceDep
from api.schemas import (
    CheckRequest,
    CheckSpanResponse,
    CheckTextResponse,
    ErrorResponse,
    check_span_response,
    check_text_response,
)
from api.service import ServiceError
from rag.factcheck import CheckError, DocumentNotFound

router = APIRouter(tags=["check"], dependencies=[AuthDep])


@router.post(
    "/check",
    response_model=CheckTextResponse | CheckSpanResponse,
    responses={c: {"model": ErrorResponse} for c in (401, 404, 413, 422, 503)},
)
async def check(req: CheckRequest, service: ServiceDep) -> CheckTextResponse | CheckSpanResponse:
    """Fact-check a draft sentence by sentence (`text`), or one `claim` against `source[start:end]`;
    the same objects as `rag check --json`."""
    span_mode = req.claim is not None
    if span_mode == (req.text is not None):
        raise ServiceError(
            422, "invalid_request", "send either `text`, or `claim` with `source`, `start`, `end`"
        )
    limit = service.settings.max_check_chars
    body = req.claim if span_mode else req.text
    if body is not None and len(body) > limit:
        raise ServiceError(413, "text_too_long", f"text is longer than {limit} characters")
    try:
        if span_mode:
            if req.source is None or req.start is None or req.end is None:
                raise CheckError("`claim` needs `source`, `start` and `end`")
            source, start, end = req.source, req.start, req.end
            judgement = await service.run(
                lambda: service.pipeline.factchecker.check_span(req.claim or "", source, start, end)
            )
            return check_span_response(judgement)
        results = await service.run(lambda: service.pipeline.factchecker.check_text(req.text or ""))
    except DocumentNotFound as exc:
        raise ServiceError(404, "document_not_found", str(exc)) from exc
    except CheckError as exc:
        raise ServiceError(422, "invalid_request", str(exc)) from exc
    return check_text_response(results)
