"""Properties of the ZITADEL-Signature helpers: signing round-trips, any change is caught.

``sign_payload`` then ``verify_signature`` passes for every body, key and time; changing one byte
of the body, one character of the header or the key fails with a signature error; and no header
text or bytes, however odd, makes the verifier raise anything outside the SDK's tree.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions_sdk.errors import (
    ActionsSDKError,
    SignatureMismatchError,
    SignatureTimestampError,
    WebhookSignatureError,
)
from actions_sdk.webhooks.zitadel import parse_payload, sign_payload, verify_signature

bodies = st.binary(max_size=512)
# Keys as ZITADEL makes them are ASCII, but any text with a UTF-8 form must work.
keys = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
times = st.integers(min_value=300, max_value=10**10)


@given(body=bodies, key=keys, timestamp=times, skew=st.integers(-300, 300))
def test_sign_then_verify_round_trips(body: bytes, key: str, timestamp: int, skew: int) -> None:
    header = sign_payload(body, key, timestamp=timestamp)
    verify_signature(body, header, key, now=timestamp + skew)


@given(body=bodies, keys_=st.lists(keys, min_size=1, max_size=4), data=st.data())
def test_any_one_key_of_several_verifies(
    body: bytes, keys_: list[str], data: st.DataObject
) -> None:
    header = sign_payload(body, keys_, timestamp=1_700_000_000)
    assert header.count("v1=") == len(keys_)
    verify_signature(body, header, data.draw(st.sampled_from(keys_)), now=1_700_000_000)


@given(body=bodies.filter(bool), key=keys, data=st.data())
def test_any_single_byte_change_of_the_body_fails(
    body: bytes, key: str, data: st.DataObject
) -> None:
    header = sign_payload(body, key, timestamp=1_700_000_000)
    index = data.draw(st.integers(0, len(body) - 1))
    delta = data.draw(st.integers(1, 255))
    changed = body[:index] + bytes([(body[index] + delta) % 256]) + body[index + 1 :]
    with pytest.raises(SignatureMismatchError):
        verify_signature(changed, header, key, now=1_700_000_000)


@given(body=bodies, key=keys, data=st.data())
def test_any_single_character_change_of_the_header_fails(
    body: bytes, key: str, data: st.DataObject
) -> None:
    header = sign_payload(body, key, timestamp=1_700_000_000)
    index = data.draw(st.integers(0, len(header) - 1))
    replacement = data.draw(st.characters(codec="ascii").filter(lambda c: c != header[index]))
    changed = header[:index] + replacement + header[index + 1 :]
    if changed.lower() == header.lower():
        return  # the case of the hex digits carries no meaning
    with pytest.raises(WebhookSignatureError):
        verify_signature(body, changed, key, now=1_700_000_000, tolerance=10**9)


@given(body=bodies, key=keys, other=keys)
def test_another_key_fails(body: bytes, key: str, other: str) -> None:
    if other == key:
        return
    header = sign_payload(body, key, timestamp=1_700_000_000)
    with pytest.raises(SignatureMismatchError):
        verify_signature(body, header, other, now=1_700_000_000)


@given(timestamp=times, late=st.integers(301, 10**9))
def test_beyond_the_tolerance_either_way_fails(timestamp: int, late: int) -> None:
    header = sign_payload(b"{}", "k", timestamp=timestamp)
    for now in (timestamp + late, timestamp - late):
        if now < 0:
            continue
        with pytest.raises(SignatureTimestampError):
            verify_signature(b"{}", header, "k", now=now)


@given(header=st.one_of(st.text(max_size=300), st.binary(max_size=300)), body=bodies)
def test_hostile_headers_raise_only_sdk_errors(header: str | bytes, body: bytes) -> None:
    with contextlib.suppress(ActionsSDKError):
        verify_signature(body, header, "k", now=1_700_000_000)


@given(body=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_hostile_payloads_raise_only_sdk_errors(body: bytes | str) -> None:
    with contextlib.suppress(ActionsSDKError):
        parse_payload(body)
