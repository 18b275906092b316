"""ZITADEL's error bodies (grpc-gateway, Connect and OAuth) and their refinement.

Shared by every ZITADEL API version. ZITADEL's gRPC codes are known here only: the core's status
table knows no vendor, and the code 9 (FAILED_PRECONDITION) refinement to
:class:`~actions_sdk.errors.FailedPreconditionError` is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import httpx

from actions_sdk.errors import (
    ApiError,
    FailedPreconditionError,
    make_api_error,
)
from actions_sdk.providers._converters import error_body, error_text
from actions_sdk.providers._oauth import oauth_error

__all__ = ["parse_error"]

_GRPC_FAILED_PRECONDITION: Final = 9
_ERROR_ID = re.compile(r"\(([A-Za-z0-9_]+-[A-Za-z0-9_]+)\)\s*$")
_GRPC_CODES: Final[dict[str, int]] = {
    "canceled": 1,
    "cancelled": 1,
    "unknown": 2,
    "invalid_argument": 3,
    "deadline_exceeded": 4,
    "not_found": 5,
    "already_exists": 6,
    "permission_denied": 7,
    "resource_exhausted": 8,
    "failed_precondition": 9,
    "aborted": 10,
    "out_of_range": 11,
    "unimplemented": 12,
    "internal": 13,
    "unavailable": 14,
    "data_loss": 15,
    "unauthenticated": 16,
}


def parse_error(response: httpx.Response) -> ApiError:
    """Build the typed error for a grpc-gateway, Connect or OAuth error body.

    Args:
        response: The error response (body already read).

    Returns:
        The exception; ``grpc_code`` and the ZITADEL error id (``error_code``) are set when
        the body carries them.
    """
    body: Any = error_body(response)
    message = response.reason_phrase or f"HTTP {response.status_code}"
    grpc_code: int | None = None
    error_code: str | None = None
    if (oauth := oauth_error(body)) is not None:
        # The token endpoint: {"error": "invalid_grant", "error_description": "..."}.
        error_code, description = oauth
        message = description or message
    elif isinstance(body, Mapping):
        raw_code = body.get("code")
        if isinstance(raw_code, int) and not isinstance(raw_code, bool):
            grpc_code = raw_code
        elif isinstance(raw_code, str):
            grpc_code = _GRPC_CODES.get(raw_code)
        if isinstance(body.get("message"), str) and body["message"]:
            message = body["message"]
        error_code = _error_id(body.get("details"), message)
    elif (text := error_text(body)) is not None:
        message = text
    return make_api_error(
        message,
        status_code=response.status_code,
        grpc_code=grpc_code,
        # gRPC FAILED_PRECONDITION as HTTP 400: ZITADEL's "no changes" and state errors.
        refined=(
            FailedPreconditionError
            if response.status_code == 400 and grpc_code == _GRPC_FAILED_PRECONDITION
            else None
        ),
        error_code=error_code,
        body=body,
        response=response,
        request_id=response.headers.get("x-request-id"),
    )


def _error_id(details: Any, message: str) -> str | None:
    """The ZITADEL error id: ``details[0].id``, else the ``(ID)`` suffix of the message."""
    if isinstance(details, list):
        for detail in details:
            if isinstance(detail, Mapping) and isinstance(detail.get("id"), str) and detail["id"]:
                return str(detail["id"])
    match = _ERROR_ID.search(message)
    return match.group(1) if match else None
