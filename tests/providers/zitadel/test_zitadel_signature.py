"""verify_signature / sign_payload: the ZITADEL-Signature scheme of the v2 reference, §8.1.

The known vector below was computed outside the SDK, from the scheme alone
(``HMAC-SHA256(key, "<t>." + body)``, hex), with
``printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac zitadel-signing-key``.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions_sdk.errors import (
    ActionsSDKError,
    MalformedSignatureError,
    SignatureMismatchError,
    SignatureTimestampError,
    ValidationError,
    WebhookSignatureError,
)
from actions_sdk.webhooks.zitadel import (
    MAX_SIGNATURE_HEADER_LENGTH,
    sign_payload,
    verify_signature,
)

BODY = b'{"fullMethod":"/zitadel.user.v2.UserService/AddHumanUser","instanceID":"281474976710656"}'
KEY = "zitadel-signing-key"
ROTATED = "rotated-key"
T = 1700000000
MAC = "16a27df074060e4285d3a3ad369ff0fcbbdca1fbee2890c31e47bbac0e4cba5f"
ROTATED_MAC = "71f571ac77ef8dac60d379d1da4ff19e6ce71013259f3d4515b849e6fd603063"
HEADER = f"t={T},v1={MAC}"
OTHER = "0" * 64


def test_known_vector_verifies() -> None:
    verify_signature(BODY, HEADER, KEY, now=T + 10)


def test_sign_payload_builds_the_known_header() -> None:
    assert sign_payload(BODY, KEY, timestamp=T) == HEADER
    assert sign_payload(BODY, KEY, timestamp=T + 0.9) == HEADER  # whole seconds, truncated
    assert sign_payload(bytearray(BODY), [KEY, ROTATED], timestamp=T) == (
        f"t={T},v1={MAC},v1={ROTATED_MAC}"
    )


def test_sign_payload_defaults_to_the_current_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.time", lambda: T + 0.5)
    assert sign_payload(BODY, KEY) == HEADER
    verify_signature(BODY, HEADER, KEY)  # and verify reads the same clock when not given one


@pytest.mark.parametrize(
    "header",
    [
        f"t={T},v1={OTHER},v1={MAC}",  # the second key matches (rotation)
        f"t={T},v1={MAC},v1={OTHER}",
        f"v1={MAC},t={T}",  # order of parts does not matter
        f"t={T}, v1={MAC}",  # white space around parts is tolerated
        f"t={T},v0=abc,v1={MAC}",  # an unknown scheme is skipped
        f"t={T},v1={MAC.upper()}",
    ],
)
def test_any_v1_part_may_match(header: str) -> None:
    verify_signature(BODY, header, KEY, now=T)
    verify_signature(BODY, header.encode("ascii"), KEY, now=T)  # raw ASGI bytes too


def test_either_key_of_a_rotation_verifies_a_two_key_header() -> None:
    header = f"t={T},v1={MAC},v1={ROTATED_MAC}"
    verify_signature(BODY, header, KEY, now=T)
    verify_signature(BODY, header, ROTATED, now=T)


def test_wrong_key_is_a_mismatch() -> None:
    with pytest.raises(SignatureMismatchError) as caught:
        verify_signature(BODY, HEADER, "another-targets-key", now=T)
    assert isinstance(caught.value, WebhookSignatureError)


@pytest.mark.parametrize(
    "body",
    [
        BODY + b" ",
        BODY[:-1],
        BODY.replace(b"AddHumanUser", b"AddHumanUsex"),
        b"",
    ],
)
def test_tampered_body_is_a_mismatch(body: bytes) -> None:
    with pytest.raises(SignatureMismatchError):
        verify_signature(body, HEADER, KEY, now=T)


@pytest.mark.parametrize("timestamp", [str(T + 1000), f"0{T}"])
def test_tampered_timestamp_is_a_mismatch(timestamp: str) -> None:
    # Moving t (to dodge the tolerance) changes the signed text, and so does re-spelling it.
    with pytest.raises(SignatureMismatchError):
        verify_signature(BODY, f"t={timestamp},v1={MAC}", KEY, now=T + 1000)


def test_stale_timestamp_beyond_the_tolerance() -> None:
    verify_signature(BODY, HEADER, KEY, now=T + 300)  # exactly the tolerance: still fine
    with pytest.raises(SignatureTimestampError, match="301 s old") as caught:
        verify_signature(BODY, HEADER, KEY, now=T + 301)
    error = caught.value
    assert (error.timestamp, error.now, error.tolerance) == (T, T + 301, 300)


def test_future_timestamp_beyond_the_tolerance() -> None:
    verify_signature(BODY, HEADER, KEY, now=T - 300)
    with pytest.raises(SignatureTimestampError, match="in the future"):
        verify_signature(BODY, HEADER, KEY, now=T - 301)


def test_tolerance_and_clock_are_the_callers() -> None:
    verify_signature(BODY, HEADER, KEY, now=lambda: T + 3600, tolerance=3600)
    with pytest.raises(SignatureTimestampError):
        verify_signature(BODY, HEADER, KEY, now=lambda: T + 1, tolerance=0)
    verify_signature(BODY, HEADER, KEY, now=float(T), tolerance=0)


def test_mismatch_is_reported_before_staleness() -> None:
    # An old body with a bad signature says "mismatch": staleness is news only when authentic.
    with pytest.raises(SignatureMismatchError):
        verify_signature(BODY, HEADER, "wrong", now=T + 10_000)


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (None, "no ZITADEL-Signature header"),
        ("", "not name=value"),
        (f"v1={MAC}", "no t= part"),
        (f"t={T}", "no v1= signature"),
        (f"t={T},", "not name=value"),
        (f"t={T},v1", "not name=value"),
        (f"t={T},={MAC}", "not name=value"),
        (f"t={T},t={T},v1={MAC}", "more than one t="),
        (f"t={T},t={T + 1},v1={MAC}", "more than one t="),
        (f"t=-{T},v1={MAC}", "not UNIX seconds"),
        (f"t=+{T},v1={MAC}", "not UNIX seconds"),
        (f"t=1e9,v1={MAC}", "not UNIX seconds"),
        (f"t={'9' * 3000},v1={MAC}", "not UNIX seconds"),
        (f"t=١٧٠٠٠٠٠٠٠٠,v1={MAC}", "non-ASCII"),  # Arabic-Indic digits pass str.isdigit()
        (f"t={T},v1={MAC[:-1]}", "64 hexadecimal digits"),
        (f"t={T},v1={MAC}0", "64 hexadecimal digits"),
        (f"t={T},v1={'g' * 64}", "64 hexadecimal digits"),
        (f"t={T},v1={MAC[:-2]} 0", "64 hexadecimal digits"),
        (f"t={T},v1={MAC}é", "non-ASCII"),
        (f"t={T},v1={MAC}\udc80", "non-ASCII"),
        (b"t=1,v1=\xff", "non-ASCII bytes"),
        ("x" * (MAX_SIGNATURE_HEADER_LENGTH + 1), f"longer than {MAX_SIGNATURE_HEADER_LENGTH}"),
        (b"x" * (MAX_SIGNATURE_HEADER_LENGTH + 1), f"longer than {MAX_SIGNATURE_HEADER_LENGTH}"),
        (",".join([f"t={T}", *[f"v1={OTHER}"] * 100]), "longer than"),
        (12345, "must be text"),
        (["t=1"], "must be text"),
    ],
)
def test_malformed_headers(header: Any, problem: str) -> None:
    with pytest.raises(MalformedSignatureError, match=problem) as caught:
        verify_signature(BODY, header, KEY, now=T)
    assert isinstance(caught.value, WebhookSignatureError)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": BODY.decode()}, "body"),
        ({"body": None}, "body"),
        ({"signing_key": b"zitadel-signing-key"}, "signing_key"),
        ({"signing_key": ""}, "signing_key"),
        ({"signing_key": None}, "signing_key"),
        ({"signing_key": "key\udc80"}, "signing_key"),
        ({"tolerance": -1}, "tolerance"),
        ({"tolerance": float("nan")}, "tolerance"),
        ({"tolerance": float("inf")}, "tolerance"),
        ({"tolerance": True}, "tolerance"),
        ({"tolerance": "300"}, "tolerance"),
        ({"now": "1700000000"}, "now"),
        ({"now": lambda: None}, "now"),
        ({"now": -1.0}, "now"),
        ({"now": 10**400}, "now"),
        ({"now": float("nan")}, "now"),
    ],
)
def test_wrong_arguments_are_validation_errors(kwargs: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {"body": BODY, "header": HEADER, "signing_key": KEY, "now": T}
    arguments.update(kwargs)
    with pytest.raises(ValidationError) as caught:
        verify_signature(**arguments)
    assert caught.value.field == field
    assert isinstance(caught.value, ActionsSDKError)


def test_memoryview_and_bytearray_bodies_verify() -> None:
    verify_signature(memoryview(BODY), HEADER, KEY, now=T)
    verify_signature(bytearray(BODY), HEADER, KEY, now=T)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "text"}, "body"),
        ({"signing_key": []}, "signing_key"),
        ({"signing_key": [KEY, 3]}, "signing_key[1]"),
        ({"signing_key": 3}, "signing_key"),
        ({"timestamp": -1}, "timestamp"),
        ({"timestamp": float("inf")}, "timestamp"),
        ({"timestamp": "now"}, "timestamp"),
    ],
)
def test_sign_payload_refuses_wrong_arguments(kwargs: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {"body": BODY, "signing_key": KEY, "timestamp": T}
    arguments.update(kwargs)
    with pytest.raises(ValidationError) as caught:
        sign_payload(**arguments)
    assert caught.value.field == field


def _every_error(header: Any, key: str, body: bytes, now: float) -> list[str]:
    texts = []
    for call in (
        lambda: verify_signature(body, header, key, now=now),
        lambda: verify_signature(body.decode(), header, key, now=now),  # type: ignore[arg-type]
    ):
        with pytest.raises(ActionsSDKError) as caught:
            call()
        texts += [str(caught.value), repr(caught.value)]
    return texts


@pytest.mark.parametrize(
    ("header", "key", "now"),
    [
        (HEADER, "S3CRET-key", T),  # mismatch
        (HEADER, KEY, T + 10_000),  # stale
        (f"t={T},v1={MAC},bad", KEY, T),  # malformed
    ],
)
def test_messages_never_show_the_key_the_body_or_the_expected_mac(
    header: str, key: str, now: float
) -> None:
    body = b'{"fullMethod":"/S3CRET-body"}'
    expected = sign_payload(body, key, timestamp=T).split("v1=")[1]
    for text in _every_error(header, key, body, now):
        assert key not in text
        assert "S3CRET" not in text
        assert expected not in text
