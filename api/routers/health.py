from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServiceDep
from api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(service: ServiceDep) -> JSONResponse:
    """Store, embedder and LLM status; 503 when a required backend is down. Needs no key."""
    parts = await service.health()
    ok = all(parts[k][0] for k in ("store", "embedder", "llm"))
    body = HealthResponse(
        status="ok" if ok else "unavailable",
        store={"ok": parts["store"][0], "detail": parts["store"][1]},  # type: ignore[arg-type]
        embedder={"ok": parts["embedder"][0], "detail": parts["embedder"][1]},  # type: ignore[arg-type]
        llm={"ok": parts["llm"][0], "detail": parts["llm"][1]},  # type: ignore[arg-type]
        documents=parts.get("documents"),
    )
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
