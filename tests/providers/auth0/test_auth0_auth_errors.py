"""Auth0Provider credentials, token requests and error responses as pure plans and parsers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from actions_sdk.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    DecodeError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    ValidationError,
)
from actions_sdk.providers._base import (
    TokenGrant,
)
from actions_sdk.providers.auth0 import Auth0Provider
from tests.providers.auth0.auth0_helpers import (
    provider,
    respond,
)

# -- construction and credentials ----------------------------------------------------------------


def test_static_token():
    p = Auth0Provider("acme.eu.auth0.com", token="tok-123")
    assert p.name == "auth0"
    assert p.static_token() == "tok-123"
    assert p.token_operation() is None


def test_client_credentials_token_operation():
    p = Auth0Provider("acme.eu.auth0.com", client_id="cid", client_secret="csecret-xyz")
    assert p.static_token() is None
    op = p.token_operation()
    assert op is not None
    assert (op.method, op.path, op.name) == ("POST", "/oauth/token", "oauth.token")
    assert op.authenticated is False
    assert op.idempotent is True
    assert op.json is None
    assert op.form == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": "csecret-xyz",
        "audience": "https://acme.eu.auth0.com/api/v2/",
    }
    assert "csecret-xyz" not in repr(op)
    grant = op.decode(
        respond(op, {"access_token": "jwt.abc", "token_type": "Bearer", "expires_in": 86400})
    )
    assert grant == TokenGrant(access_token="jwt.abc", expires_in=86400)
    assert "jwt.abc" not in repr(grant)


@pytest.mark.parametrize(
    ("domain", "audience"),
    [
        ("acme.eu.auth0.com", "https://acme.eu.auth0.com/api/v2/"),
        ("localhost:8080", "https://localhost:8080/api/v2/"),
        ("https://acme.auth0.com/", "https://acme.auth0.com/api/v2/"),
    ],
)
def test_default_audience(domain, audience):
    op = Auth0Provider(domain, client_id="c", client_secret="s").token_operation()
    assert op is not None
    assert op.form is not None
    assert op.form["audience"] == audience


def test_explicit_audience():
    op = Auth0Provider(
        "login.acme.com",
        client_id="c",
        client_secret="s",
        audience="https://acme.auth0.com/api/v2/",
    ).token_operation()
    assert op is not None
    assert op.form is not None
    assert op.form["audience"] == "https://acme.auth0.com/api/v2/"


def test_token_response_without_access_token_is_a_decode_error():
    op = Auth0Provider("acme.auth0.com", client_id="c", client_secret="s").token_operation()
    assert op is not None
    with pytest.raises(DecodeError) as caught:
        op.decode(respond(op, {"token_type": "Bearer"}))
    assert caught.value.field == "access_token"
    assert caught.value.response is not None


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"token": "t", "client_id": "c", "client_secret": "s"},
        {"client_id": "c"},
        {"client_secret": "s"},
        {"token": ""},
        {"client_id": "", "client_secret": "s"},
    ],
)
def test_credentials_must_be_exactly_one_kind(kwargs):
    with pytest.raises(ValidationError):
        Auth0Provider("acme.auth0.com", **kwargs)


@pytest.mark.parametrize("domain", ["", "   ", "acme.auth0.com/api/v2"])
def test_bad_domain(domain):
    with pytest.raises(ValidationError) as caught:
        Auth0Provider(domain, token="t")
    assert caught.value.field == "domain"


def test_repr_has_no_secret():
    text = repr(Auth0Provider("acme.auth0.com", client_id="cid", client_secret="very-secret"))
    assert "very-secret" not in text
    assert "acme.auth0.com" in text
    assert "tok-999" not in repr(Auth0Provider("acme.auth0.com", token="tok-999"))


# -- error responses -------------------------------------------------------------------------------


def error_response(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request(
        "PATCH",
        "https://acme.eu.auth0.com/api/v2/actions/actions/a1",
        headers={"Authorization": "Bearer tok-SECRET"},
    )
    if isinstance(body, str):
        return httpx.Response(status, text=body, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


def test_auth0_error_body():
    body = {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Too few items'",
        "errorCode": "invalid_body",
    }
    response = error_response(400, body, {"x-request-id": "req-42"})
    error = provider().parse_error(response)
    assert type(error) is BadRequestError
    assert error.status_code == 400
    assert error.message == "Payload validation error: 'Too few items'"
    assert error.error_code == "invalid_body"
    assert error.request_id == "req-42"
    assert error.body == body
    assert error.response is response
    assert (
        str(error)
        == "400 invalid_body: Payload validation error: 'Too few items' (request id req-42)"
    )
    assert "tok-SECRET" not in str(error)
    assert "Bearer" not in str(error)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, UnauthorizedError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, PreconditionFailedError),
        (503, ServerError),
    ],
)
def test_status_classes(status, cls):
    error = provider().parse_error(
        error_response(status, {"statusCode": status, "error": "X", "message": "m"})
    )
    assert type(error) is cls
    assert error.message == "m"


def test_error_without_message_uses_error_then_reason_phrase():
    error = provider().parse_error(error_response(404, {"statusCode": 404, "error": "Not Found"}))
    assert error.message == "Not Found"
    assert error.error_code is None
    error = provider().parse_error(error_response(409, {}))
    assert error.message == "Conflict"


def test_html_error_body_keeps_the_raw_text():
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    error = provider().parse_error(error_response(502, html, {"content-type": "text/html"}))
    assert type(error) is ServerError
    assert error.body == html
    assert error.message == "Bad Gateway"
    assert error.error_code is None


def test_empty_error_body():
    error = provider().parse_error(error_response(500, ""))
    assert error.body is None
    assert error.message == "Internal Server Error"


def test_oauth_error_body_from_the_token_endpoint():
    body = {"error": "access_denied", "error_description": "Unauthorized"}
    error = provider().parse_error(error_response(401, body, {"x-auth0-requestid": "r-9"}))
    assert type(error) is UnauthorizedError
    assert error.error_code == "access_denied"
    assert error.message == "Unauthorized"
    assert error.request_id == "r-9"


def test_rate_limit_headers():
    body = {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    headers = {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1735689600",
    }
    error = provider().parse_error(error_response(429, body, headers))
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (50, 0, 1735689600)
    assert error.error_code == "too_many_requests"
    assert error.message == "Global limit has been reached"


def test_rate_limit_without_headers():
    error = provider().parse_error(
        error_response(429, {"statusCode": 429, "error": "Too Many Requests"})
    )
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (None, None, None)


def test_malformed_rate_limit_headers_are_ignored():
    headers = {
        "x-ratelimit-limit": "lots",
        "x-ratelimit-remaining": "",
        "x-ratelimit-reset": "inf",
    }
    error = provider().parse_error(error_response(429, {"statusCode": 429}, headers))
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (None, None, None)
    assert error.message == "Too Many Requests"


def test_rate_limit_headers_are_read_like_the_transport_reads_them():
    # One reading of numeric headers (_checks.header_number) for the error and RateLimitInfo.
    headers = {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1.5e9",
    }
    error = provider().parse_error(error_response(429, {"statusCode": 429}, headers))
    assert (error.limit, error.remaining, error.reset) == (50, 0, 1_500_000_000)


def test_error_bodies_with_unexpected_types_do_not_break_parsing():
    error = provider().parse_error(error_response(400, {"message": {"nested": 1}, "errorCode": 7}))
    assert isinstance(error, ApiError)
    assert error.message == "Bad Request"
    assert error.error_code is None
    error = provider().parse_error(error_response(400, ["not", "an", "object"]))
    assert error.body == ["not", "an", "object"]
