"""examples/zitadel_v2_target.py on a loopback port: signed, unsigned, tampered, stale calls.

The server runs in a thread of this process on port 0 (a free port) with a fixed clock, and the
requests are what ZITADEL would post (signed with ``sign_payload``) or what an attacker might.
"""

from __future__ import annotations

import base64
import http.client
import json
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actions_sdk.webhooks.zitadel import SIGNATURE_HEADER, sign_payload

EXAMPLE = Path(__file__).parent.parent / "examples" / "zitadel_v2_target.py"
KEY = "loopback-test-key"
NOW = 1_750_000_000


# The example's functions, loaded from its file (run_path: its __main__ block does not run).
target = runpy.run_path(str(EXAMPLE), run_name="zitadel_v2_target")


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = target["make_server"](KEY, "127.0.0.1", 0, now=lambda: NOW)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _post(port: int, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    status, answer = target["post"](port, body, headers or {})
    return status, answer


def _signed(
    payload: dict[str, Any], *, at: int = NOW, key: str = KEY
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    return body, {SIGNATURE_HEADER: sign_payload(body, key, timestamp=at)}


ADD_USER = {
    "fullMethod": "/zitadel.user.v2.UserService/AddHumanUser",
    "instanceID": "1",
    "request": {"username": "minnie", "profile": {"givenName": "Minnie"}},
}


def test_a_signed_request_is_passed_on_unchanged(port: int) -> None:
    assert _post(port, *_signed(ADD_USER)) == (200, ADD_USER["request"])


def test_a_signed_request_the_target_refuses_is_forwarded_as_an_error(port: int) -> None:
    refused = {**ADD_USER, "request": {"username": "test-minnie"}}
    status, answer = _post(port, *_signed(refused))
    assert status == 200  # ZITADEL reads the forwarded status from the body
    assert answer["forwardedStatusCode"] == 400
    assert "reserved" in answer["forwardedErrorMessage"]


def test_response_function_and_event_payloads(port: int) -> None:
    response = {**ADD_USER, "response": {"userId": "42"}}
    assert _post(port, *_signed(response)) == (200, {"userId": "42"})
    token = {"function": "preaccesstoken", "org": {"id": "7", "name": "ACME"}}
    assert _post(port, *_signed(token)) == (
        200,
        {
            "append_claims": [{"key": "org_name", "value": "ACME"}],
            "append_log_claims": ["org added"],
        },
    )
    saml = {"function": "presamlresponse", "org": {"name": "ACME"}}
    assert _post(port, *_signed(saml)) == (
        200,
        {"append_attribute": [{"name": "org", "name_format": "", "value": ["ACME"]}]},
    )
    data = base64.b64encode(b'{"userName": "minnie"}').decode()
    event = {"event_type": "user.human.added", "aggregateID": "42", "event_payload": data}
    assert _post(port, *_signed(event)) == (200, {})


def test_an_unsigned_request_is_refused(port: int) -> None:
    body, _ = _signed(ADD_USER)
    assert _post(port, body) == (401, {"error": "MalformedSignatureError"})


def test_a_tampered_request_is_refused(port: int) -> None:
    body, headers = _signed(ADD_USER)
    tampered = body.replace(b"minnie", b"mallory")
    assert _post(port, tampered, headers) == (401, {"error": "SignatureMismatchError"})


def test_a_request_signed_with_another_key_is_refused(port: int) -> None:
    assert _post(port, *_signed(ADD_USER, key="another-target")) == (
        401,
        {"error": "SignatureMismatchError"},
    )


@pytest.mark.parametrize("at", [NOW - 301, NOW + 301])
def test_a_stale_or_future_request_is_refused(port: int, at: int) -> None:
    assert _post(port, *_signed(ADD_USER, at=at)) == (401, {"error": "SignatureTimestampError"})


def test_a_signed_body_that_is_no_payload_is_a_bad_request(port: int) -> None:
    body = b'{"hello": "world"}'
    status, answer = _post(port, body, {SIGNATURE_HEADER: sign_payload(body, KEY, timestamp=NOW)})
    assert status == 400
    assert "none of ZITADEL's" in answer["error"]


def test_an_oversized_body_is_refused_unread(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Content-Length", str(target["MAX_BODY"] + 1))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413
    finally:
        connection.close()
