"""Dependencies as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from api.service import RagService, ServiceError


def get_service(request: Request) -> RagService:
    service: RagService = request.app.state.service
    return service


ServiceDep = Annotated[RagService, Depends(get_service)]


def require_key(request: Request) -> None:
    """With ``RAG_API_KEYS`` set, a bearer key is needed; compared in constant time."""
    keys = request.app.state.service.settings.api_keys
    if not keys:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        given = token.strip().encode()
        matched = False
        for key in keys:  # no early exit: timing does not reveal which key matched
            matched |= hmac.compare_digest(given, key.get_secret_value().encode())
        if matched:
            return
    raise ServiceError(401, "unauthorized", "missing or invalid API key: send 'Authorization: Bearer <key>'")


AuthDep = Depends(require_key)
