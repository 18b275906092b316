"""Properties of verify_jwe_payload: what ZITADEL encrypts decrypts; nothing else gets through.

Any JSON object signed by the emulator's web key and encrypted to a target's RSA or EC key (as
ZITADEL does for a ``PAYLOAD_TYPE_JWE`` target) decrypts and verifies to itself; one changed
character anywhere in the token fails with a signature error; and no text or bytes, however odd,
make it raise anything outside the SDK's tree.
"""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payload_strategies import json_values, payloads

from actions_sdk.errors import ActionsSDKError, WebhookSignatureError
from actions_sdk.testing import ZitadelEmulator, generate_target_key
from actions_sdk.testing._webkeys import encrypt_jwe
from actions_sdk.webhooks.zitadel import DecryptionKeySet, verify_jwe_payload

NOW = 1_750_000_000
# Keys are generated once per module: generation costs milliseconds, examples are many.
INSTANCE = ZitadelEmulator()
JWKS = INSTANCE.web_keys.jwks()
PAIRS = {"rsa-key": generate_target_key("RSA"), "ec-key": generate_target_key("EC")}
KEYS = DecryptionKeySet({kid: pair.private_pem for kid, pair in PAIRS.items()})

recipients = st.sampled_from(sorted(PAIRS))


def encrypted(payload: dict[str, Any], kid: str) -> str:
    return encrypt_jwe(INSTANCE.sign_jwt_payload(payload), PAIRS[kid].public_pem, kid)


@given(payload=payloads, kid=recipients)
def test_what_zitadel_encrypts_decrypts_to_its_payload(payload: dict[str, Any], kid: str) -> None:
    assert verify_jwe_payload(encrypted(payload, kid), decryption_keys=KEYS, jwks=JWKS) == payload


@given(payload=payloads, kid=recipients, data=st.data())
def test_any_changed_character_fails(
    payload: dict[str, Any], kid: str, data: st.DataObject
) -> None:
    token = encrypted(payload, kid)
    index = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ")
    )
    changed = token[:index] + replacement + token[index + 1 :]
    if changed.strip() == token:
        return  # the same character, or a space at either end (trimmed): the same token
    with pytest.raises(WebhookSignatureError):
        verify_jwe_payload(changed, decryption_keys=KEYS, jwks=JWKS, now=NOW)


@given(body=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_body_raises_only_sdk_errors(body: str | bytes) -> None:
    with contextlib.suppress(ActionsSDKError):
        verify_jwe_payload(body, decryption_keys=KEYS, jwks=JWKS, now=NOW)


@given(
    segments=st.lists(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=80),
        min_size=5,
        max_size=5,
    ),
    header=st.one_of(json_values, st.fixed_dictionaries({"alg": json_values, "kid": json_values})),
)
def test_five_part_junk_raises_only_sdk_errors(segments: list[str], header: Any) -> None:
    segments[0] = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    with contextlib.suppress(ActionsSDKError):
        verify_jwe_payload(".".join(segments), decryption_keys=KEYS, jwks=JWKS, now=NOW)
