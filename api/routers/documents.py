from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from fastapi.responses import FileResponse

from api.deps import AuthDep, ServiceDep
from api.schemas import DocumentDetail, DocumentInfo, DocumentList, ErrorResponse
from rag.store import DocumentRecord

router = APIRouter(prefix="/documents", tags=["documents"], dependencies=[AuthDep])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 404, 409, 413, 415, 422, 503)
}


# Spelled out: a slim container has no /etc/mime.types to guess from.
_MEDIA = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _info(r: DocumentRecord) -> DocumentInfo:
    return DocumentInfo(
        source=r.source,
        title=r.title,
        chunks=r.chunks,
        content_hash=r.content_hash,
        ingested_at=r.ingested_at,
        date=r.date,
        kind=r.kind,  # type: ignore[arg-type]
        url=r.url,
        published=r.published,
    )


@router.get("", response_model=DocumentList, responses=ERRORS)
async def list_documents(service: ServiceDep) -> DocumentList:
    """Indexed documents."""
    return DocumentList(documents=[_info(r) for r in await service.list_documents()])


@router.get("/{source}", response_model=DocumentDetail, responses=ERRORS)
async def get_document(source: str, service: ServiceDep) -> DocumentDetail:
    """The canonical text and metadata, so a citation's start/end can be highlighted."""
    record, found = await service.get_document(source)
    return DocumentDetail(
        **_info(record).model_dump(),
        text=found.text,
        dates=list(record.dates),
        pages=found.page_starts(),
        original=f"/documents/{source}/original",
    )


@router.get(
    "/{source}/original",
    response_class=FileResponse,
    responses={**ERRORS, 200: {"description": "The file as uploaded or put in the corpus folder."}},
)
async def original(source: str, service: ServiceDep) -> FileResponse:
    """Download the original file (the PDF, saved page or DOCX its text was extracted from)."""
    path = await service.original(source)
    media = _MEDIA.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media, filename=path.name)


@router.post("", status_code=201, response_model=DocumentInfo, responses=ERRORS)
async def upload(
    service: ServiceDep,
    response: Response,
    file: Annotated[UploadFile, File(description="An article: .txt, .md, .html, .pdf or .docx")],
    published: Annotated[
        str | None,
        Form(description="Its publication date (YYYY-MM-DD), if the file states none or a wrong one."),
    ] = None,
) -> DocumentInfo:
    """Upload an article (multipart field `file`): read, checked, written to the corpus, ingested.
    HTML, PDF and DOCX are read into text first; citations index that text."""
    limit = service.settings.max_upload_bytes
    data = await file.read(limit + 1)
    record, replaced = await service.upload(file.filename or "", data, published or None)
    if replaced:
        response.status_code = 200
    return _info(record)


@router.delete("/{source}", status_code=204, responses=ERRORS)
async def delete(source: str, service: ServiceDep) -> Response:
    """Remove a document from the index and the corpus folder."""
    await service.delete(source)
    return Response(status_code=204)
