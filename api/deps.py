"""Dependencies as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.service import RagService, ServiceError


def get_service(request: Request) -> RagService:
    service: RagService = request.app.state.service
    return service


ServiceDep = Annotated[RagService, Depends(get_service)]


# The scheme FastAPI documents in OpenAPI (an "Authorize" button in /docs); we answer 401 ourselves,
# in the service's error format, and only when keys are configured.
bearer = HTTPBearer(auto_error=False, description="Needed when the service runs with RAG_API_KEYS.")


def require_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """With ``RAG_API_KEYS`` set, a bearer key is needed; compared in constant time."""
    keys = request.app.state.service.settings.api_keys
    if not keys:
        return
    if credentials is not None and credentials.credentials:
        given = credentials.credentials.strip().encode()
        matched = False
        for key in keys:  # no early exit: timing does not reveal which key matched
            matched |= hmac.compare_digest(given, key.get_secret_value().encode())
        if matched:
            return
    raise ServiceError(401, "unauthorized", "missing or invalid API key: send 'Authorization: Bearer <key>'")


AuthDep = Depends(require_key)
