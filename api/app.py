"""The FastAPI app, built in one place from settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

from api import errors, schemas
from api.routers import ask, check, documents, health, openai_compat
from api.service import RagService
from rag.factory import Pipeline
from rag.llm import LLM
from rag.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None, pipeline: Pipeline | None = None, llm: LLM | None = None
) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="Newsroom RAG",
        version="0.1.0",
        description=(
            "Grounded answers over news articles. Every sentence of an answer cites the exact passage "
            "(file, start, end, verbatim quote) that supports it; unsupported sentences are withheld, "
            "and when the articles don't answer, the service says so. Errors are "
            '`{"error": {"code": str, "message": str}}`.'
        ),
    )
    app.state.service = RagService(settings, pipeline=pipeline, llm=llm)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        )
    errors.install(app)
    for router in (health.router, ask.router, check.router, documents.router, openai_compat.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    _document_stream_models(app)

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app


def _document_stream_models(app: FastAPI) -> None:
    """Streamed events are described by models no route returns as JSON: add them to the
    document's components, where the routes' ``text/event-stream`` schemas point."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = build()
            _, defs = models_json_schema(
                [(m, "serialization") for m in schemas.DOCUMENTED_MODELS],
                ref_template="#/components/schemas/{model}",
            )
            components = doc.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in defs.get("$defs", {}).items():
                components.setdefault(name, schema)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
