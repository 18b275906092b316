"""A ZITADEL v2 Actions target in the standard library: verify, parse, answer.

ZITADEL posts a signed JSON payload to each target of an execution. This server checks the
``ZITADEL-Signature`` header with the target's signing key, parses the payload and answers:

* a request condition on ``AddHumanUser``: refuses usernames starting with ``test-`` (the caller
  gets a 400 through ZITADEL's error forwarding), passes every other request on unchanged;
* a response condition: passes the response on unchanged;
* ``preaccesstoken`` / ``preuserinfo``: adds an ``org_name`` claim; ``presamlresponse``: an
  ``org`` attribute;
* an event: logs it (ZITADEL ignores the answer).

For a target whose payload type is JWT, give it the instance's web keys too (``web_keys=``): the
body is then a JWT signed with the instance's web key, verified against the instance's JWKS
(fetched again when ZITADEL rotates its key), and the ``ZITADEL-Signature`` header, which ZITADEL
also sends over the JWT text, bounds replays (the JWT itself carries no time). For a JWE target
give it the target's private key(s) as well (``decryption_keys=``): the body is then that JWT
encrypted to the target's active public key; it is decrypted first (the key picked by the JWE's
``kid``, so the old and the new key can both be given during a rotation), then verified as above.
Which kind of body to expect is the target's configuration, never guessed from the body.

Run without arguments, it starts itself on a free loopback port and posts a signed, an unsigned,
a tampered and a stale request to itself, then the same for a JWT target (signed by an emulated
instance's web key) and a JWE target (encrypted to a key added through the emulated v2 API) — the
embedded self-test. To serve for real::

    ZITADEL_SIGNING_KEY=... python zitadel_v2_target.py --serve --port 8090
    ZITADEL_SIGNING_KEY=... ZITADEL_ISSUER=https://my-instance.zitadel.cloud \
        python zitadel_v2_target.py --serve --port 8090          # a JWT target
    ZITADEL_SIGNING_KEY=... ZITADEL_ISSUER=https://my-instance.zitadel.cloud \
        ZITADEL_JWE_KEY_FILE=/run/secrets/target-private-key.pem \
        python zitadel_v2_target.py --serve --port 8090          # a JWE target

Since v4.15.2 ZITADEL refuses targets on loopback and private addresses (its outbound deny list),
so a real instance must reach this server under a public name, e.g. through a tunnel.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from actions_sdk.errors import ActionsSDKError, DecodeError, WebhookSignatureError
from actions_sdk.webhooks.zitadel import (
    SIGNATURE_HEADER,
    DecryptionKeySet,
    EventPayload,
    FunctionPayload,
    RequestPayload,
    ResponsePayload,
    SamlAttribute,
    WebKeySet,
    forward_error,
    function_answer,
    parse_payload,
    sign_payload,
    verify_jwe_payload,
    verify_jwt_payload,
    verify_signature,
)

MAX_BODY = 1 << 20  # ZITADEL's payloads are small; a larger body is refused unread
log = logging.getLogger("zitadel_v2_target")


def answer(payload: Any) -> dict[str, Any]:
    """What this target answers to one verified payload (a restCall target's body)."""
    if isinstance(payload, RequestPayload):
        username = payload.request.get("username", "")
        if payload.method == "AddHumanUser" and str(username).startswith("test-"):
            return forward_error(400, "usernames starting with 'test-' are reserved")
        return payload.request  # unchanged: ZITADEL serves the request as it is
    if isinstance(payload, ResponsePayload):
        return payload.response
    if isinstance(payload, FunctionPayload):
        org = payload.org.name if payload.org else ""
        if payload.function == "presamlresponse":
            return function_answer(append_attribute=[SamlAttribute("org", "", (org,))])
        return function_answer(append_claims={"org_name": org}, append_log_claims=["org added"])
    assert isinstance(payload, EventPayload)
    log.info("event %s on %s %s", payload.event_type, payload.aggregate_type, payload.aggregate_id)
    return {}


def make_server(
    signing_key: str | None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    now: Callable[[], float] = time.time,
    web_keys: WebKeySet | None = None,
    decryption_keys: DecryptionKeySet | None = None,
) -> ThreadingHTTPServer:
    """A server for one target (port 0: a free port, see ``server.server_address``).

    ``signing_key`` checks the ``ZITADEL-Signature`` header; ``web_keys`` makes it a JWT target
    (the body is a JWT signed with the instance's web key); ``web_keys`` and ``decryption_keys``
    a JWE target (that JWT encrypted to the target's public key). Give at least one of the first
    two.
    """
    if signing_key is None and web_keys is None:
        raise ValueError("give the target's signing_key, the instance's web_keys, or both")
    if decryption_keys is not None and web_keys is None:
        raise ValueError("a JWE target needs the instance's web_keys too (for the inner JWT)")

    def payload_of(body: bytes, header: str | None) -> Any:
        if signing_key is not None:
            # For a JWT (JWE) target the header signs the JWT (JWE) text: it bounds a replay.
            verify_signature(body, header, signing_key, now=now)
        if decryption_keys is not None and web_keys is not None:
            claims = verify_jwe_payload(
                body, decryption_keys=decryption_keys, jwks=web_keys, now=now
            )
            return parse_payload(claims)
        if web_keys is not None:
            return parse_payload(verify_jwt_payload(body, jwks=web_keys, now=now))
        return parse_payload(body)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 <= length <= MAX_BODY:
                self._send(413, {"error": "body too large"})
                return
            body = self.rfile.read(length)
            try:
                payload = payload_of(body, self.headers.get(SIGNATURE_HEADER))
            except WebhookSignatureError as error:
                # Do not act on it. The message names what failed (never the key): log it, and
                # tell the caller only which check refused the request.
                log.warning("refused: %s", error)
                self._send(401, {"error": type(error).__name__})
                return
            except DecodeError as error:
                self._send(400, {"error": str(error)})
                return
            except ActionsSDKError as error:
                # The instance's keys could not be fetched: the body may be genuine, so ZITADEL
                # should see a failure, not a refusal.
                log.error("cannot verify now: %s", error)
                self._send(503, {"error": type(error).__name__})
                return
            self._send(200, answer(payload))

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            log.info(format, *args)

    return ThreadingHTTPServer((host, port), Handler)


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """POST ``body`` to the target on this machine's ``port``; the status and the JSON answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def run_cases(
    server: ThreadingHTTPServer, label: str, cases: list[tuple[str, bytes, dict[str, str]]]
) -> None:
    """Serve on a thread, post each ``(what, body, headers)`` case, print the answers, stop."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(f"embedded {label}target on http://127.0.0.1:{port}/")
    try:
        for what, data, headers in cases:
            status, answered = post(port, data, headers)
            print(f"{what:16} -> {status} {answered}")
    finally:
        server.shutdown()
        server.server_close()


def signed_cases(
    key: str, cases: list[tuple[str, bytes]]
) -> list[tuple[str, bytes, dict[str, str]]]:
    """Each body with the ``ZITADEL-Signature`` header ZITADEL sends with it."""
    return [(what, data, {SIGNATURE_HEADER: sign_payload(data, key)}) for what, data in cases]


def self_test() -> None:
    """Start the target on a free loopback port and post to it what ZITADEL (or not) would."""
    key = "example-signing-key"
    call = {
        "fullMethod": "/zitadel.user.v2.UserService/AddHumanUser",
        "instanceID": "1",
        "request": {"username": "test-minnie"},
    }
    body = json.dumps(call).encode()
    signed = {SIGNATURE_HEADER: sign_payload(body, key), "Content-Type": "application/json"}
    stale = {SIGNATURE_HEADER: sign_payload(body, key, timestamp=time.time() - 3600)}
    token = json.dumps({"function": "preaccesstoken", "org": {"name": "ACME"}}).encode()
    run_cases(
        make_server(key),
        "",
        [
            ("signed request", body, signed),
            ("unsigned request", body, {}),
            ("tampered request", body.replace(b"test-", b"root-"), signed),
            ("stale request", body, stale),
            ("signed function", token, {SIGNATURE_HEADER: sign_payload(token, key)}),
        ],
    )
    jwt_self_test(key, call)
    jwe_self_test(key, call)


def jwt_self_test(key: str, call: dict[str, Any]) -> None:
    """The same for a JWT target, its payloads signed by an emulated instance's web key."""
    from actions_sdk.testing import ZitadelEmulator

    instance = ZitadelEmulator()  # in-process: its JWKS is served to the fetch below
    with instance.client() as http:
        server = make_server(key, web_keys=WebKeySet.from_issuer(instance.base_url, client=http))
        cases = [
            ("signed JWT", instance.sign_jwt_payload(call).encode()),
            ("other instance", ZitadelEmulator().sign_jwt_payload(call).encode()),  # its own key
            ("plain JSON", json.dumps(call).encode()),
        ]
        run_cases(server, "JWT ", signed_cases(key, cases))


def jwe_self_test(key: str, call: dict[str, Any]) -> None:
    """The same for a JWE target: a key pair registered through the emulated instance's v2 API."""
    from actions_sdk import ManagementClient
    from actions_sdk.testing import ZitadelEmulator, generate_target_key

    instance = ZitadelEmulator()
    pair = generate_target_key("EC")  # in production: your own key, its private half secret
    with instance.client() as http:
        client = ManagementClient.for_zitadel(
            "zitadel.example", api="v2", token=instance.pat, http_client=http
        )
        jwe_target = client.actions.create(
            name="jwe-target",
            endpoint="https://hooks.example.com/jwe",
            target_type="call",
            timeout=5,
            payload_type="jwe",
        )
        key_id = client.actions.keys.add(jwe_target, public_key=pair.public_pem).key_id
        client.actions.keys.activate(jwe_target, key_id)
        server = make_server(
            key,
            web_keys=WebKeySet.from_issuer(instance.base_url, client=http),
            decryption_keys=DecryptionKeySet({key_id: pair.private_pem}),
        )
        token = instance.encrypt_jwe_payload(jwe_target.id, call).encode()
        at = len(token) - 10  # inside the tag: AES-GCM notices any change
        tampered = token[:at] + (b"B" if token[at : at + 1] == b"A" else b"A") + token[at + 1 :]
        cases = [
            ("encrypted JWT", token),
            ("tampered JWE", tampered),
            ("plain JWT", instance.sign_jwt_payload(call).encode()),
        ]
        run_cases(server, "JWE ", signed_cases(key, cases))


def _decryption_keys() -> DecryptionKeySet | None:
    """The JWE target's private key, read from the file ``ZITADEL_JWE_KEY_FILE`` names."""
    path = os.environ.get("ZITADEL_JWE_KEY_FILE")
    if not path:
        return None
    with open(path, "rb") as file:
        return DecryptionKeySet(file.read())


def main(argv: list[str]) -> None:
    """Serve with ``--serve [--port N]``, or run the self-test."""
    if "--serve" not in argv:
        self_test()
        return
    logging.basicConfig(level=logging.INFO)
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8090
    issuer = os.environ.get("ZITADEL_ISSUER")  # set for a JWT target
    web_keys = WebKeySet.from_issuer(issuer) if issuer else None
    signing_key = os.environ.get("ZITADEL_SIGNING_KEY")
    keys = _decryption_keys()
    server = make_server(signing_key, "0.0.0.0", port, web_keys=web_keys, decryption_keys=keys)  # noqa: S104
    print(f"serving on port {port}")
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
