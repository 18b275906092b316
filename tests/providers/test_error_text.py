"""Which error bodies become an error's message: the one rule (``_converters.error_text``).

A short line of plain text is the message on every vendor API; any body that looks like a
document (JSON the parser refused or that is no error document, HTML, several lines) is never
quoted, so a secret it carries cannot reach ``str()``, ``repr()`` or a log line of the error.
"""

from __future__ import annotations

import httpx
import pytest

from actions_sdk.errors import ApiError
from actions_sdk.providers._converters import error_text
from actions_sdk.providers.auth0 import Auth0Provider
from actions_sdk.providers.zitadel import ZitadelProvider
from actions_sdk.providers.zitadel.v2 import ZitadelV2Provider

PROVIDERS = {
    "auth0": lambda: Auth0Provider("tenant.example.com", token="t0k"),
    "zitadel-v1": lambda: ZitadelProvider("z.example.com", token="t0k"),
    "zitadel-v2": lambda: ZitadelV2Provider("z.example.com", token="t0k"),
}
SECRET = "sk-TOPSECRET-1"


def parse(api: str, status: int, content: bytes, content_type: str) -> ApiError:
    request = httpx.Request("POST", "https://host.example/x")
    response = httpx.Response(
        status, content=content, headers={"content-type": content_type}, request=request
    )
    return PROVIDERS[api]().parse_error(response)


@pytest.mark.parametrize("api", PROVIDERS)
def test_a_line_of_plain_text_is_the_message(api: str):
    error = parse(api, 404, b"unable to set instance using origin z.example.com\n", "text/plain")
    assert error.message == "unable to set instance using origin z.example.com"
    assert error.status_code == 404


@pytest.mark.parametrize("api", PROVIDERS)
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        # JSON a strict parser refuses (a lone surrogate escape), carrying a target with its key.
        (
            b'{"target": {"id": "\\ud800", "signingKey": "' + SECRET.encode() + b'"}',
            "application/json",
        ),
        # Truncated JSON.
        (b'{"targets": [{"signingKey": "' + SECRET.encode() + b'"', "application/json"),
        # An HTML page echoing a request.
        (b"<html><pre>client_secret=" + SECRET.encode() + b"</pre></html>", "text/html"),
        # Several lines of text.
        (b"bad request\nclient_secret=" + SECRET.encode(), "text/plain"),
        # A line longer than a message.
        (b"x" * 300 + SECRET.encode(), "text/plain"),
    ],
)
def test_a_document_is_never_quoted(api: str, content: bytes, content_type: str):
    error = parse(api, 400, content, content_type)
    assert error.message == "Bad Request"
    for text in (str(error), repr(error)):
        assert SECRET not in text
    # The body is still there for whoever wants to look.
    assert SECRET in str(error.body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  upstream connect error  ", "upstream connect error"),
        ("", None),
        ("   ", None),
        ('"quoted"', None),
        ("[1, 2", None),
        ("a\nb", None),
        ("x" * 300, "x" * 300),
        ("x" * 301, None),
        ({"message": "x"}, None),
        (None, None),
    ],
)
def test_error_text(body: object, expected: str | None):
    assert error_text(body) == expected
