"""verify_jwt_payload / WebKeySet: ZITADEL v2 JWT payloads (reference §4.3, §8.2).

The known-good tokens in ``tests/fixtures/webhooks/zitadel_jwt_payloads.json`` were made outside
the SDK with openssl (RS256 and ES256, keys thrown away); the rest are signed by the emulator's
web keys, as ZITADEL signs them (header ``alg``/``kid``/``typ: JWT``, the JSON body as payload),
or crafted by hand to be what an attacker would send.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions_sdk.errors import (
    ActionsSDKError,
    APIConnectionError,
    APITimeoutError,
    DecodeError,
    MissingDependencyError,
    NotFoundError,
    ValidationError,
)
from actions_sdk.testing import ZitadelEmulator

# The signature errors from the public path a target imports them from.
from actions_sdk.webhooks.zitadel import (
    JWT_ALGORITHMS,
    MAX_JWT_LENGTH,
    IssuerMismatchError,
    MalformedSignatureError,
    RequestPayload,
    SignatureAlgorithmError,
    SignatureMismatchError,
    SignatureTimestampError,
    UnknownSigningKeyError,
    WebhookSignatureError,
    WebKeySet,
    fetch_web_keys,
    parse_payload,
    verify_jwt_payload,
)

FIXTURE = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "webhooks" / "zitadel_jwt_payloads.json").read_text()
)
NOW = 1_750_000_000
ADD_USER = {
    "fullMethod": "/zitadel.user.v2.UserService/AddHumanUser",
    "instanceID": "1",
    "request": {"username": "minnie", "password": "s3cret-passw0rd"},
}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def craft(header: dict[str, Any], payload: bytes, signature: bytes = b"") -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(payload)}.{b64(signature)}"


def parts(token: str) -> list[str]:
    return token.split(".")


@pytest.fixture(scope="module")
def emulator() -> ZitadelEmulator:
    return ZitadelEmulator()


@pytest.fixture(scope="module")
def jwks(emulator: ZitadelEmulator) -> dict[str, Any]:
    return emulator.web_keys.jwks()


def verify(token: str | bytes, jwks: Any, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("now", NOW)
    return verify_jwt_payload(token, jwks=jwks, **kwargs)


# -- known good ---------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_known_good_tokens_made_with_openssl_verify(alg: str) -> None:
    payload = verify(FIXTURE["tokens"][alg], FIXTURE["jwks"])
    assert payload == FIXTURE["payload"]
    typed = parse_payload(payload, expect=RequestPayload)
    assert typed.method == "AddHumanUser"


def test_bytes_and_text_bodies_verify_alike() -> None:
    token = FIXTURE["tokens"]["RS256"]
    assert verify(token.encode(), FIXTURE["jwks"]) == verify(token + "\n", FIXTURE["jwks"])


@pytest.mark.parametrize("alg", JWT_ALGORITHMS)
def test_every_web_key_algorithm_verifies(alg: str) -> None:
    emulator = ZitadelEmulator()
    emulator.web_keys.rotate(alg)
    token = emulator.sign_jwt_payload(ADD_USER)
    header = json.loads(base64.urlsafe_b64decode(parts(token)[0] + "=="))
    assert header == {"alg": alg, "kid": emulator.web_keys.active_kid, "typ": "JWT"}
    assert verify(token, emulator.web_keys.jwks()) == ADD_USER


def test_the_payload_is_the_json_body_unchanged(emulator: ZitadelEmulator) -> None:
    body = b'{"function":"preaccesstoken", "org":{"name":"ACME"}}'
    token = emulator.sign_jwt_payload(body)
    assert base64.urlsafe_b64decode(parts(token)[1] + "==") == body


def test_algorithms_can_be_narrowed(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    token = emulator.sign_jwt_payload(ADD_USER)
    assert verify(token, jwks, algorithms=["RS256"]) == ADD_USER
    with pytest.raises(SignatureAlgorithmError, match="RS256"):
        verify(token, jwks, algorithms=["ES256"])


# -- the emulator's JWKS and rotation -----------------------------------------------------------


def test_the_emulator_serves_its_jwks_without_a_token(emulator: ZitadelEmulator) -> None:
    with emulator.client() as http:
        response = http.get("/oauth/v2/keys")
        assert response.status_code == 200
        keys = response.json()["keys"]
        assert [key["kid"] for key in keys] == [emulator.web_keys.active_kid]
        assert {"kty", "n", "e", "alg", "use"} <= keys[0].keys()
        assert "d" not in keys[0]  # public parts only
        assert http.post("/oauth/v2/keys").status_code == 405


def test_rotation_unknown_kid_refreshes_then_verifies() -> None:
    emulator = ZitadelEmulator()
    clock = [0.0]
    with emulator.client() as http:
        keys = WebKeySet.from_issuer(emulator.base_url, client=http, clock=lambda: clock[0])
        first = emulator.sign_jwt_payload(ADD_USER)
        assert verify(first, keys) == ADD_USER
        old_kid = emulator.web_keys.active_kid
        new_kid = emulator.web_keys.rotate("ES256")
        second = emulator.sign_jwt_payload(ADD_USER)
        fetches = len(emulator.requests)
        # Within the interval the set does not fetch again: an unknown kid is refused.
        with pytest.raises(UnknownSigningKeyError, match=new_kid):
            verify(second, keys)
        assert len(emulator.requests) == fetches
        clock[0] = 60.0
        assert verify(second, keys) == ADD_USER
        assert len(emulator.requests) == fetches + 1
        assert set(keys.key_ids) == {old_kid, new_kid}
        assert verify(first, keys) == ADD_USER  # the old key is still published
        # Made-up kids cost at most one fetch per interval.
        for _ in range(5):
            with pytest.raises(UnknownSigningKeyError):
                verify(craft({"alg": "RS256", "kid": "made-up"}, b"{}", b"x"), keys)
        assert len(emulator.requests) == fetches + 1
        emulator.web_keys.remove(old_kid)
        keys.refresh()
        with pytest.raises(UnknownSigningKeyError, match=old_kid):
            verify(first, keys)


def test_a_fixed_set_never_fetches(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    keys = WebKeySet(jwks)
    with pytest.raises(ValidationError, match="no fetch"):
        keys.refresh()
    assert "WebKeySet(key_ids=[" in repr(keys)


def test_the_active_key_cannot_be_removed(emulator: ZitadelEmulator) -> None:
    with pytest.raises(ValueError, match="active"):
        emulator.web_keys.remove(emulator.web_keys.active_kid)
    with pytest.raises(ValueError, match="algorithm"):
        emulator.web_keys.rotate("HS256")


def test_sign_with_a_named_published_key() -> None:
    emulator = ZitadelEmulator()
    old = emulator.web_keys.active_kid
    emulator.web_keys.rotate()
    token = emulator.sign_jwt_payload(ADD_USER, kid=old)
    assert json.loads(base64.urlsafe_b64decode(parts(token)[0] + "=="))["kid"] == old
    assert verify(token, emulator.web_keys.jwks()) == ADD_USER
    with pytest.raises(KeyError):
        emulator.sign_jwt_payload(ADD_USER, kid="nope")


# -- forged and changed tokens ------------------------------------------------------------------


def test_a_key_of_another_instance_fails(jwks: dict[str, Any]) -> None:
    other = ZitadelEmulator()
    token = other.sign_jwt_payload(ADD_USER)
    with pytest.raises(UnknownSigningKeyError):
        verify(token, jwks)
    # The same kid on another instance's key: the signature does not verify.
    forged_jwks = {"keys": [dict(jwks["keys"][0], kid=other.web_keys.active_kid)]}
    with pytest.raises(SignatureMismatchError, match="does not verify"):
        verify(token, forged_jwks)


def test_a_tampered_payload_fails(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    header, _, signature = parts(emulator.sign_jwt_payload(ADD_USER))
    changed = b64(json.dumps({**ADD_USER, "request": {"username": "root"}}).encode())
    with pytest.raises(SignatureMismatchError):
        verify(f"{header}.{changed}.{signature}", jwks)


def test_a_tampered_header_fails(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    header, payload, signature = parts(emulator.sign_jwt_payload(ADD_USER))
    decoded = json.loads(base64.urlsafe_b64decode(header + "=="))
    changed = b64(json.dumps({**decoded, "extra": 1}).encode())
    with pytest.raises(SignatureMismatchError):
        verify(f"{changed}.{payload}.{signature}", jwks)


def test_a_changed_signature_fails(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    header, payload, signature = parts(emulator.sign_jwt_payload(ADD_USER))
    flipped = "A" if signature[5] != "A" else "B"
    with pytest.raises(SignatureMismatchError):
        verify(f"{header}.{payload}.{signature[:5]}{flipped}{signature[6:]}", jwks)


def test_alg_none_is_refused(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    kid = emulator.web_keys.active_kid
    for alg in ("none", "None", "NONE"):
        with pytest.raises(SignatureAlgorithmError, match="not accepted"):
            verify(craft({"alg": alg, "kid": kid}, json.dumps(ADD_USER).encode()), jwks)


def test_hs256_with_the_public_key_as_secret_is_refused(
    emulator: ZitadelEmulator, jwks: dict[str, Any]
) -> None:
    kid = emulator.web_keys.active_kid
    public = json.dumps(jwks["keys"][0]).encode()
    for alg, digest in (("HS256", hashlib.sha256), ("HS512", hashlib.sha512)):
        header = b64(json.dumps({"alg": alg, "kid": kid, "typ": "JWT"}).encode())
        payload = b64(json.dumps(ADD_USER).encode())
        mac = hmac.new(public, f"{header}.{payload}".encode(), digest).digest()
        with pytest.raises(SignatureAlgorithmError, match=alg):
            verify(f"{header}.{payload}.{b64(mac)}", jwks)
    with pytest.raises(ValidationError, match="asymmetric"):
        verify(emulator.sign_jwt_payload(ADD_USER), jwks, algorithms=["HS256"])


def test_a_symmetric_key_in_the_jwks_is_never_used(emulator: ZitadelEmulator) -> None:
    secret = b"shared"
    header = b64(json.dumps({"alg": "RS256", "kid": "oct-1"}).encode())
    payload = b64(b"{}")
    signature = b64(hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    keys = {"keys": [{"kty": "oct", "kid": "oct-1", "k": b64(secret)}]}
    with pytest.raises(UnknownSigningKeyError, match="symmetric"):
        verify(f"{header}.{payload}.{signature}", keys)


def test_an_alg_that_does_not_fit_the_key_is_refused(jwks: dict[str, Any]) -> None:
    emulator = ZitadelEmulator()
    emulator.web_keys.rotate("ES256")
    keys = emulator.web_keys.jwks()
    kid = emulator.web_keys.active_kid
    # An ES256 key, a token claiming RS256 under its kid.
    with pytest.raises(SignatureAlgorithmError, match="is for 'ES256'"):
        verify(craft({"alg": "RS256", "kid": kid}, b"{}", b"sig"), keys)
    # The same key without its alg field: the key type still decides.
    bare = {"keys": [{k: v for k, v in keys["keys"][0].items() if k != "alg"}]}
    with pytest.raises(SignatureAlgorithmError, match="EC P-256"):
        verify(craft({"alg": "ES384", "kid": kid}, b"{}", b"sig"), bare)


# -- time and issuer claims (ZITADEL sends none; checked when present) --------------------------


@pytest.mark.parametrize(
    ("claims", "ok"),
    [
        ({"exp": NOW - 61}, False),  # expired more than the leeway ago
        ({"exp": NOW - 60}, False),  # exactly exp + leeway: RFC 7519 says on or after exp fails
        ({"exp": NOW - 59}, True),
        ({"nbf": NOW + 61}, False),  # not valid yet
        ({"nbf": NOW + 60}, True),  # exactly at the leeway
        ({"iat": NOW + 61}, False),  # issued in the future
        ({"iat": NOW + 60}, True),
        ({"iat": NOW - 10**6, "exp": NOW + 5, "nbf": NOW - 5}, True),
    ],
)
def test_time_claims_with_the_leeway(
    emulator: ZitadelEmulator, jwks: dict[str, Any], claims: dict[str, int], ok: bool
) -> None:
    token = emulator.sign_jwt_payload({**ADD_USER, **claims})
    if ok:
        assert verify(token, jwks)["request"] == ADD_USER["request"]
        return
    with pytest.raises(SignatureTimestampError) as caught:
        verify(token, jwks)
    name = next(iter(claims))
    assert caught.value.claim == name
    assert caught.value.timestamp == claims[name]
    assert caught.value.now == NOW
    assert caught.value.tolerance == 60


def test_leeway_and_clock_are_the_callers(emulator: ZitadelEmulator, jwks: dict[str, Any]) -> None:
    token = emulator.sign_jwt_payload({**ADD_USER, "exp": NOW})
    assert verify(token, jwks, leeway=0, now=NOW - 1)
    with pytest.raises(SignatureTimestampError, match="expired"):
        verify(token, jwks, leeway=0, now=lambda: NOW)
    with pytest.raises(ValidationError, match="leeway"):
        verify(token, jwks, leeway=-1)
    with pytest.raises(ValidationError, match="now"):
        verify(token, jwks, now="soon")


@pytest.mark.parametrize("value", ["tomorrow", True, -1, 1e300, [1]])
def test_a_time_claim_that_is_not_seconds_is_malformed(
    emulator: ZitadelEmulator, jwks: dict[str, Any], value: object
) -> None:
    with pytest.raises(MalformedSignatureError, match="exp claim"):
        verify(emulator.sign_jwt_payload({**ADD_USER, "exp": value}), jwks)


def test_issuer_is_checked_when_the_payload_has_one(
    emulator: ZitadelEmulator, jwks: dict[str, Any]
) -> None:
    issuer = emulator.base_url
    plain = emulator.sign_jwt_payload(ADD_USER)
    assert verify(plain, jwks, issuer=issuer) == ADD_USER  # ZITADEL's payloads carry no iss
    good = emulator.sign_jwt_payload({**ADD_USER, "iss": issuer})
    assert verify(good, jwks, issuer=issuer)["iss"] == issuer
    wrong = emulator.sign_jwt_payload({**ADD_USER, "iss": "https://evil.example"})
    with pytest.raises(IssuerMismatchError, match="evil"):
        verify(wrong, jwks, issuer=issuer)
    assert verify(wrong, jwks)["iss"] == "https://evil.example"  # no issuer given: not checked


# -- malformed tokens and arguments -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("", "not a compact JWT"),
        ("abc", "not a compact JWT"),
        ("a.b", "not a compact JWT"),
        ("a.b.c.d", "not a compact JWT"),
        (".e30.", "not a compact JWT"),
        ("a.b.c.d.e", "JWE"),
        ("eyJ!.e30.", "header is not base64url"),
        ("e.e30.", "header is not base64url"),
        (f"{b64(b'not json')}.e30.", "header is not JSON"),
        (f"{b64(b'[1]')}.e30.", "not a JSON object"),
        ("é.e30.", "non-ASCII"),
        (b"\xff.e30.", "non-ASCII bytes"),
        (b"x" * (MAX_JWT_LENGTH + 1), "longer than"),
        ("x" * (MAX_JWT_LENGTH + 1), "longer than"),
        (f"{'e' * 5000}.e30.", "longer than 4096"),
    ],
)
def test_malformed_tokens(jwks: dict[str, Any], body: str | bytes, match: str) -> None:
    with pytest.raises(MalformedSignatureError, match=match):
        verify(body, jwks)
    if isinstance(body, str) and body.isascii():
        with pytest.raises(MalformedSignatureError, match=match):
            verify(body.encode(), jwks)


@pytest.mark.parametrize(
    ("header", "error", "match"),
    [
        ({"alg": "RS256"}, MalformedSignatureError, "no usable kid"),
        ({"alg": "RS256", "kid": ""}, MalformedSignatureError, "no usable kid"),
        ({"alg": "RS256", "kid": 7}, MalformedSignatureError, "no usable kid"),
        ({"alg": "RS256", "kid": "k" * 201}, MalformedSignatureError, "no usable kid"),
        ({"alg": "RS256", "kid": "k", "crit": ["exp"]}, MalformedSignatureError, "crit"),
        ({"alg": "RS256", "kid": "k", "typ": "at+jwt"}, MalformedSignatureError, "typ"),
        ({"alg": "RS256", "kid": "k", "typ": 1}, MalformedSignatureError, "typ"),
        ({"alg": "PS256", "kid": "k"}, SignatureAlgorithmError, "PS256"),
        ({"alg": ["RS256"], "kid": "k"}, SignatureAlgorithmError, "not accepted"),
        ({"kid": "k"}, SignatureAlgorithmError, "None"),
    ],
)
def test_unusable_headers(
    jwks: dict[str, Any], header: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        verify(craft(header, b"{}", b"sig"), jwks)


def test_bad_signature_and_payload_segments(
    emulator: ZitadelEmulator, jwks: dict[str, Any]
) -> None:
    header, payload, _ = parts(emulator.sign_jwt_payload(ADD_USER))
    with pytest.raises(MalformedSignatureError, match="signature is not base64url"):
        verify(f"{header}.{payload}.a+b", jwks)
    with pytest.raises(MalformedSignatureError, match="payload is not base64url"):
        verify(f"{header}.a+b.sig", jwks)
    with pytest.raises(SignatureMismatchError):
        verify(f"{header}.{payload}.", jwks)  # no signature at all


@pytest.mark.parametrize(("body", "kind"), [(b"[1, 2]", "list"), (b"nope", None)])
def test_an_authentic_payload_that_is_no_object_is_a_decode_error(
    emulator: ZitadelEmulator, jwks: dict[str, Any], body: bytes, kind: str | None
) -> None:
    with pytest.raises(DecodeError, match=kind or "not JSON"):
        verify(emulator.sign_jwt_payload(body), jwks)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"jwks": "keys"}, "jwks must be"),
        ({"jwks": {"keys": "x"}}, "no keys list"),
        ({"jwks": {}}, "no keys list"),
        ({"algorithms": "RS256"}, "algorithms must be a list"),
        ({"algorithms": []}, "at least one"),
        ({"issuer": ""}, "issuer"),
    ],
)
def test_wrong_arguments(jwks: dict[str, Any], kwargs: dict[str, Any], match: str) -> None:
    kwargs.setdefault("jwks", jwks)
    with pytest.raises(ValidationError, match=match):
        verify(FIXTURE["tokens"]["RS256"], **kwargs)


@pytest.mark.parametrize("body", [None, 12, ["a.b.c"], {"a": 1}])
def test_a_body_of_another_type_is_a_validation_error(jwks: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError, match="body must be"):
        verify(body, jwks)


def test_a_verifier_that_raises_counts_as_a_mismatch(
    emulator: ZitadelEmulator, jwks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jwt

    def broken(name: str) -> Any:
        raise ValueError("unusable")

    token = emulator.sign_jwt_payload(ADD_USER)
    monkeypatch.setattr(jwt, "get_algorithm_by_name", broken)
    with pytest.raises(SignatureMismatchError):
        verify(token, jwks)


def test_jwks_of_odd_shapes_keep_only_usable_keys() -> None:
    good = FIXTURE["jwks"]["keys"]
    odd = {
        "keys": [
            "not a key",
            {"kty": "RSA"},  # no kid
            {"kty": "RSA", "kid": "junk", "n": "!!", "e": "AQAB"},
            {"kty": "EC", "kid": "enc", "use": "enc", "crv": "P-256"},
            {"kty": "XYZ", "kid": "xyz"},
            {**good[0], "kid": "ps", "alg": "PS256"},
            {**good[1], "kid": "twice"},
            {**good[1], "kid": "twice"},
            *good,
        ]
    }
    keys = WebKeySet(odd)
    assert set(keys.key_ids) == {"fixture-rsa-1", "fixture-ec-1"}
    assert verify(FIXTURE["tokens"]["ES256"], keys) == FIXTURE["payload"]
    for kid, reason in [
        ("junk", "cannot be loaded"),
        ("enc", "not a signing key"),
        ("xyz", "key type"),
        ("ps", "algorithm that is not accepted"),
        ("twice", "more than once"),
    ]:
        with pytest.raises(UnknownSigningKeyError, match=reason):
            verify(craft({"alg": "RS256", "kid": kid}, b"{}", b"s"), keys)


@pytest.mark.parametrize(
    "kwargs",
    [{"fetch": "x"}, {"clock": 3}, {"min_refresh_interval": -1}, {"jwks": "keys"}],
)
def test_wrong_key_set_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        WebKeySet(**kwargs)


# -- fetching -----------------------------------------------------------------------------------


def _client(handler: Any) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_reads_the_issuers_jwks_path(emulator: ZitadelEmulator) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=FIXTURE["jwks"])

    with _client(handler) as http:
        assert fetch_web_keys("https://id.example/", client=http) == FIXTURE["jwks"]
    assert seen == ["https://id.example/oauth/v2/keys"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(404, json={"code": 5}), NotFoundError),
        (httpx.Response(200, content=b"<html>"), DecodeError),
        (httpx.Response(200, json=[1]), DecodeError),
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
    ],
)
def test_fetch_failures_are_sdk_errors(answer: Any, error: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    with _client(handler) as http:
        with pytest.raises(error):
            fetch_web_keys("https://id.example", client=http)
        keys = WebKeySet.from_issuer("https://id.example", client=http)
        # A token that makes the set fetch surfaces the fetch's error, not a signature error.
        with pytest.raises(error) as caught:
            verify(FIXTURE["tokens"]["RS256"], keys)
        assert not isinstance(caught.value, WebhookSignatureError)


def test_a_fetched_jwks_of_the_wrong_shape_is_a_decode_error() -> None:
    with _client(lambda request: httpx.Response(200, json={"keys": 3})) as http:
        keys = WebKeySet.from_issuer("https://id.example", client=http)
        with pytest.raises(DecodeError, match="JWKS has no keys list"):
            verify(FIXTURE["tokens"]["RS256"], keys)


@pytest.mark.parametrize("issuer", ["", "id.example", 5])
def test_an_issuer_that_is_no_url_is_refused(issuer: Any) -> None:
    with pytest.raises(ValidationError, match="issuer"):
        WebKeySet.from_issuer(issuer)
    with pytest.raises(ValidationError, match="issuer"):
        fetch_web_keys(issuer)


def test_fetch_without_a_client_uses_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[float] = []
    real = httpx.Client

    def client(*args: Any, timeout: float, **kwargs: Any) -> httpx.Client:
        made.append(timeout)
        return real(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})))

    monkeypatch.setattr(httpx, "Client", client)
    assert fetch_web_keys("https://id.example", timeout=3) == {}
    assert made == [3.0]


# -- secrets and dependencies -------------------------------------------------------------------


def test_no_message_contains_the_token_payload_or_key(
    emulator: ZitadelEmulator, jwks: dict[str, Any]
) -> None:
    token = emulator.sign_jwt_payload(ADD_USER)
    header, payload, signature = parts(token)
    other = ZitadelEmulator().sign_jwt_payload(ADD_USER)
    attempts = [
        f"{header}.{b64(b'{}')}.{signature}",
        f"{header}.{payload}.{signature[:-4]}AAAA",
        other,
        craft({"alg": "HS256", "kid": emulator.web_keys.active_kid}, payload.encode(), b"x"),
        token + ".x.y",
    ]
    secrets_ = [token, payload, signature, "s3cret-passw0rd", jwks["keys"][0]["n"][:20]]
    for attempt in attempts:
        with pytest.raises(WebhookSignatureError) as caught:
            verify(attempt, jwks)
        text = str(caught.value) + repr(caught.value)
        assert isinstance(caught.value, ActionsSDKError)
        for secret in secrets_:
            assert secret not in text
        assert caught.value.__cause__ is None


def test_missing_pyjwt_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "jwt", None)
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[jwt\]"):
        verify(FIXTURE["tokens"]["RS256"], FIXTURE["jwks"])
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[jwt\]"):
        WebKeySet()
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[jwt\]"):
        ZitadelEmulator().sign_jwt_payload(ADD_USER)


def test_missing_cryptography_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import jwt.algorithms

    monkeypatch.setattr(jwt.algorithms, "has_crypto", False)
    with pytest.raises(MissingDependencyError, match="cryptography"):
        verify(FIXTURE["tokens"]["RS256"], FIXTURE["jwks"])


def test_one_set_is_shared_by_threads() -> None:
    import threading

    emulator = ZitadelEmulator()
    token = emulator.sign_jwt_payload(ADD_USER)
    results: list[dict[str, Any]] = []
    with emulator.client() as http:
        keys = WebKeySet.from_issuer(emulator.base_url, client=http)
        workers = [
            threading.Thread(target=lambda: results.append(verify(token, keys))) for _ in range(8)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert results == [ADD_USER] * 8
    assert emulator.requests.count(("GET", "/oauth/v2/keys")) == 1


def test_a_signature_spelled_another_way_is_refused(
    emulator: ZitadelEmulator, jwks: dict[str, Any]
) -> None:
    # RS256 signatures are 256 bytes: 342 base64url characters, the last with 4 unused bits.
    header, payload, signature = parts(emulator.sign_jwt_payload(ADD_USER))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    same_bytes = alphabet[last | 1] if last % 2 == 0 else alphabet[last & ~1]
    with pytest.raises(MalformedSignatureError, match="canonical"):
        verify(f"{header}.{payload}.{signature[:-1]}{same_bytes}", jwks)


def test_the_served_emulator_publishes_its_jwks_over_loopback() -> None:
    emulator = ZitadelEmulator()
    token = emulator.sign_jwt_payload(ADD_USER)
    with emulator.serve() as server:  # real HTTP on 127.0.0.1; the fetch makes its own client
        keys = WebKeySet.from_issuer(server.url, timeout=5)
        assert verify(token, keys) == ADD_USER
        assert keys.key_ids == (emulator.web_keys.active_kid,)
