from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Response, UploadFile

from api.deps import AuthDep, ServiceDep
from api.schemas import DocumentDetail, DocumentInfo, DocumentList, ErrorResponse
from rag.store import DocumentRecord

router = APIRouter(prefix="/documents", tags=["documents"], dependencies=[AuthDep])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 404, 409, 413, 415, 422, 503)
}


def _info(r: DocumentRecord) -> DocumentInfo:
    return DocumentInfo(
        source=r.source,
        title=r.title,
        chunks=r.chunks,
        content_hash=r.content_hash,
        ingested_at=r.ingested_at,
        date=r.date,
    )


@router.get("", response_model=DocumentList, responses=ERRORS)
async def list_documents(service: ServiceDep) -> DocumentList:
    """Indexed documents."""
    return DocumentList(documents=[_info(r) for r in await service.list_documents()])


@router.get("/{source}", response_model=DocumentDetail, responses=ERRORS)
async def get_document(source: str, service: ServiceDep) -> DocumentDetail:
    """The original text and metadata, so a citation's start/end can be highlighted."""
    record, text = await service.get_document(source)
    return DocumentDetail(**_info(record).model_dump(), text=text, dates=list(record.dates))


@router.post("", status_code=201, response_model=DocumentInfo, responses=ERRORS)
async def upload(
    service: ServiceDep,
    response: Response,
    file: Annotated[UploadFile, File(description="A .txt or .md article")],
) -> DocumentInfo:
    """Upload an article (multipart field `file`): checked, written to the corpus, ingested."""
    limit = service.settings.max_upload_bytes
    data = await file.read(limit + 1)
    record, replaced = await service.upload(file.filename or "", data)
    if replaced:
        response.status_code = 200
    return _info(record)


@router.delete("/{source}", status_code=204, responses=ERRORS)
async def delete(source: str, service: ServiceDep) -> Response:
    """Remove a document from the index and the corpus folder."""
    await service.delete(source)
    return Response(status_code=204)
