"""OAuth 2 pieces every vendor shares: the token-grant decoder and the error-body reader.

Neutral (no vendor imports): both Auth0's and ZITADEL's token endpoints speak RFC 6749, so the
answer of a client-credentials or JWT-bearer grant and the ``{"error", "error_description"}``
error body are read here, once.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from actions_sdk._checks import lifetime_seconds
from actions_sdk.errors import DecodeError
from actions_sdk.providers._base import TokenGrant
from actions_sdk.providers._converters import json_body

__all__ = ["decode_token_grant", "oauth_error", "text_or_none"]

# Keys of vendors' non-OAuth error bodies: a body with one of them is not an OAuth error even
# when it has an "error" member (Auth0's Management API sends {statusCode, error, message}).
_NOT_OAUTH = ("message", "statusCode", "code")


def decode_token_grant(response: httpx.Response) -> TokenGrant:
    """Read a token endpoint's success answer (RFC 6749 §5.1).

    Args:
        response: The 2xx answer of the token request.

    Returns:
        The grant; ``expires_in`` given as ``"3600"`` or ``3600`` is read, NaN, infinite, huge or
        negative values count as "not said".

    Raises:
        DecodeError: The body has no non-empty ``access_token`` (the body is not echoed: it may
            hold a token).
    """
    body = json_body(response)
    token = body.get("access_token") if isinstance(body, Mapping) else None
    if not isinstance(token, str) or not token:
        raise DecodeError(
            "token response has no access_token", field="access_token", response=response
        )
    return TokenGrant(access_token=token, expires_in=lifetime_seconds(body.get("expires_in")))


def oauth_error(body: object) -> tuple[str | None, str | None] | None:
    """Read an OAuth error body (RFC 6749 §5.2): ``{"error": ..., "error_description": ...}``.

    Args:
        body: The decoded error body (any JSON value, or text).

    Returns:
        ``(error, error_description)`` (each ``None`` when absent or blank) for an OAuth error
        body; ``None`` for any other body, which the vendor reads itself.
    """
    if not isinstance(body, Mapping):
        return None
    if "error_description" not in body and (
        not isinstance(body.get("error"), str) or any(key in body for key in _NOT_OAUTH)
    ):
        return None
    return text_or_none(body.get("error")), text_or_none(body.get("error_description"))


def text_or_none(value: object) -> str | None:
    """A field of an error body read as text: a non-empty string, else ``None``.

    Args:
        value: The decoded field.

    Returns:
        The string, or ``None`` for anything else (absent, empty, a number, an object).
    """
    return value if isinstance(value, str) and value else None
