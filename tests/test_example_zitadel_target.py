"""examples/zitadel_v2_target.py on a loopback port: signed, unsigned, tampered, stale calls.

The JWT half runs the same target with an emulated instance's web keys: JWT payloads signed as
ZITADEL signs them (``ZitadelEmulator.sign_jwt_payload``), the JWKS fetched from the emulator.
The JWE half gives it the target's private keys too: the payloads are encrypted to the public
key added and activated through the emulated v2 API (``ZitadelEmulator.encrypt_jwe_payload``).

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

import httpx
import pytest

from actions_sdk import ManagementClient
from actions_sdk.testing import ZitadelEmulator, generate_target_key
from actions_sdk.webhooks.zitadel import (
    SIGNATURE_HEADER,
    DecryptionKeySet,
    WebKeySet,
    sign_payload,
)

EXAMPLE = Path(__file__).parent.parent / "examples" / "zitadel_v2_target.py"
KEY = "loopback-test-key"
NOW = 1_750_000_000


# The example's functions, loaded from its file (run_path: its __main__ block does not run).
target = runpy.run_path(str(EXAMPLE), run_name="zitadel_v2_target")


def _serve(**kwargs: Any) -> Iterator[int]:
    server = target["make_server"](host="127.0.0.1", port=0, now=lambda: NOW, **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    yield from _serve(signing_key=KEY)


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


# -- a JWT target: the body is a JWT signed with the instance's web key ---------------------------


@pytest.fixture(scope="module")
def instance() -> ZitadelEmulator:
    return ZitadelEmulator()


@pytest.fixture(scope="module")
def jwt_port(instance: ZitadelEmulator) -> Iterator[int]:
    with instance.client() as http:
        keys = WebKeySet.from_issuer(instance.base_url, client=http, min_refresh_interval=0)
        yield from _serve(signing_key=KEY, web_keys=keys)


def _jwt(instance: ZitadelEmulator, payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    token = instance.sign_jwt_payload(payload).encode()
    return token, {SIGNATURE_HEADER: sign_payload(token, KEY, timestamp=NOW)}


def test_a_jwt_payload_is_verified_parsed_and_answered(
    jwt_port: int, instance: ZitadelEmulator
) -> None:
    assert _post(jwt_port, *_jwt(instance, ADD_USER)) == (200, ADD_USER["request"])
    saml = {"function": "presamlresponse", "org": {"name": "ACME"}}
    assert _post(jwt_port, *_jwt(instance, saml))[1]["append_attribute"][0]["value"] == ["ACME"]


def test_a_rotated_web_key_is_fetched_and_verifies(jwt_port: int) -> None:
    rotating = ZitadelEmulator()
    with rotating.client() as http:
        keys = WebKeySet.from_issuer(rotating.base_url, client=http, min_refresh_interval=0)
        for port in _serve(signing_key=None, web_keys=keys):  # a JWT-only target
            assert _post(port, rotating.sign_jwt_payload(ADD_USER).encode())[0] == 200
            rotating.web_keys.rotate("ES256")
            assert _post(port, rotating.sign_jwt_payload(ADD_USER).encode())[0] == 200
    assert rotating.requests.count(("GET", "/oauth/v2/keys")) == 2


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("other instance", "UnknownSigningKeyError"),
        ("tampered", "SignatureMismatchError"),
        ("plain JSON", "MalformedSignatureError"),
        ("alg none", "SignatureAlgorithmError"),
        ("no header", "MalformedSignatureError"),
        ("stale header", "SignatureTimestampError"),
    ],
)
def test_a_jwt_target_refuses_what_the_instance_did_not_send(
    jwt_port: int, instance: ZitadelEmulator, case: str, error: str
) -> None:
    token = instance.sign_jwt_payload(ADD_USER).encode()
    header, payload, signature = token.split(b".")
    bodies = {
        "other instance": ZitadelEmulator().sign_jwt_payload(ADD_USER).encode(),
        "tampered": b".".join([header, payload[:-2] + b"AA", signature]),
        "plain JSON": json.dumps(ADD_USER).encode(),
        "alg none": base64.urlsafe_b64encode(b'{"alg":"none","kid":"k"}').rstrip(b"=")
        + b"."
        + payload
        + b".",
    }
    body = bodies.get(case, token)
    if case == "no header":
        sent: dict[str, str] = {}
    elif case == "stale header":
        sent = {SIGNATURE_HEADER: sign_payload(body, KEY, timestamp=NOW - 3600)}
    else:
        sent = {SIGNATURE_HEADER: sign_payload(body, KEY, timestamp=NOW)}
    assert _post(jwt_port, body, sent) == (401, {"error": error})


def test_unreachable_web_keys_are_a_503_not_a_refusal(instance: ZitadelEmulator) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(down)) as http:
        keys = WebKeySet.from_issuer("https://down.example", client=http)
        for port in _serve(signing_key=None, web_keys=keys):
            token = instance.sign_jwt_payload(ADD_USER).encode()
            assert _post(port, token) == (503, {"error": "APIConnectionError"})


def test_a_target_needs_a_key_or_web_keys() -> None:
    with pytest.raises(ValueError, match="signing_key"):
        target["make_server"](None)


def test_a_jwe_target_needs_web_keys_too() -> None:
    with pytest.raises(ValueError, match="web_keys"):
        target["make_server"]("key", decryption_keys=DecryptionKeySet(JWE_KEYS[0].private_pem))


# -- a JWE target: that JWT encrypted to the target's active public key ---------------------------

JWE_KEYS = (generate_target_key("RSA"), generate_target_key("EC"))


class JweInstance:
    """An emulated instance with a JWE target whose keys are added through the v2 API."""

    def __init__(self) -> None:
        self.emulator = ZitadelEmulator()
        self.http = self.emulator.client()
        self.client = ManagementClient.for_zitadel(
            "zitadel.example", api="v2", token=self.emulator.pat, http_client=self.http
        )
        self.target_id = self.client.actions.create(
            name="jwe", endpoint="https://hooks.example.com/jwe", target_type="call", timeout=5,
            payload_type="jwe",
        ).id  # fmt: skip
        self.key_ids = [
            self.client.actions.keys.add(self.target_id, public_key=pair.public_pem).key_id
            for pair in JWE_KEYS
        ]

    def activate(self, index: int) -> None:
        self.client.actions.keys.activate(self.target_id, self.key_ids[index])

    def body(self, payload: dict[str, Any] = ADD_USER) -> tuple[bytes, dict[str, str]]:
        token = self.emulator.encrypt_jwe_payload(self.target_id, payload).encode()
        return token, {SIGNATURE_HEADER: sign_payload(token, KEY, timestamp=NOW)}


@pytest.fixture(scope="module")
def jwe() -> Iterator[tuple[JweInstance, int]]:
    instance = JweInstance()
    instance.activate(0)
    # Both private keys, as during a rotation: the JWE's kid picks one.
    keys = DecryptionKeySet(
        dict(zip(instance.key_ids, [p.private_pem for p in JWE_KEYS], strict=True))
    )
    web_keys = WebKeySet.from_issuer(instance.emulator.base_url, client=instance.http)
    for port in _serve(signing_key=KEY, web_keys=web_keys, decryption_keys=keys):
        yield instance, port
    instance.http.close()


def test_a_jwe_payload_is_decrypted_verified_and_answered(jwe: tuple[JweInstance, int]) -> None:
    instance, port = jwe
    assert _post(port, *instance.body()) == (200, ADD_USER["request"])
    token = {"function": "preaccesstoken", "org": {"name": "ACME"}}
    assert _post(port, *instance.body(token))[1]["append_claims"] == [
        {"key": "org_name", "value": "ACME"}
    ]


def test_a_rotated_target_key_decrypts_with_the_other_private_key(
    jwe: tuple[JweInstance, int],
) -> None:
    instance, port = jwe
    try:
        instance.activate(1)  # ZITADEL now encrypts to the EC key
        assert _post(port, *instance.body()) == (200, ADD_USER["request"])
    finally:
        instance.activate(0)


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("tampered", "DecryptionError"),
        ("other target", "UnknownDecryptionKeyError"),
        ("plain JWT", "MalformedSignatureError"),
        ("alg dir", "SignatureAlgorithmError"),
        ("forged inner JWT", "UnknownSigningKeyError"),
        ("stale header", "SignatureTimestampError"),
    ],
)
def test_a_jwe_target_refuses_what_the_instance_did_not_send(
    jwe: tuple[JweInstance, int], case: str, error: str
) -> None:
    from actions_sdk.testing._webkeys import encrypt_jwe

    instance, port = jwe
    token, _ = instance.body()
    head, *rest = token.split(b".")
    at = len(token) - 10  # inside the tag
    header = json.loads(base64.urlsafe_b64decode(head + b"=" * (-len(head) % 4)))
    key_id = header["kid"]
    dir_head = base64.urlsafe_b64encode(json.dumps({**header, "alg": "dir"}).encode()).rstrip(b"=")
    forged = ZitadelEmulator().sign_jwt_payload(ADD_USER)
    bodies = {
        "tampered": token[:at] + (b"B" if token[at : at + 1] == b"A" else b"A") + token[at + 1 :],
        "other target": encrypt_jwe(forged, JWE_KEYS[0].public_pem, "another-key"),
        "plain JWT": instance.emulator.sign_jwt_payload(ADD_USER).encode(),
        "alg dir": b".".join([dir_head, *rest]),
        "forged inner JWT": encrypt_jwe(forged, JWE_KEYS[0].public_pem, key_id),
    }
    raw = bodies.get(case, token)
    body = raw.encode() if isinstance(raw, str) else raw
    at_time = NOW - 3600 if case == "stale header" else NOW
    sent = {SIGNATURE_HEADER: sign_payload(body, KEY, timestamp=at_time)}
    assert _post(port, body, sent) == (401, {"error": error})


def test_the_served_jwe_target_reads_its_private_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZITADEL_JWE_KEY_FILE", raising=False)
    assert target["_decryption_keys"]() is None
    key_file = tmp_path / "target-key.pem"
    key_file.write_text(JWE_KEYS[1].private_pem)
    monkeypatch.setenv("ZITADEL_JWE_KEY_FILE", str(key_file))
    assert repr(target["_decryption_keys"]()) == "DecryptionKeySet(<one key>)"
