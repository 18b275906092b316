"""Properties of verify_jwt_payload: what the instance signs verifies; nothing else gets through.

Any JSON object the emulator's web key signs (as ZITADEL signs a payload) verifies to itself; one
changed character anywhere in the token fails with a signature error; and no text, bytes or JWKS,
however odd, makes the verifier raise anything outside the SDK's tree.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payload_strategies import json_values, payloads

from actions_sdk.errors import ActionsSDKError, ValidationError, WebhookSignatureError
from actions_sdk.testing import ZitadelEmulator
from actions_sdk.webhooks.zitadel import WebKeySet, verify_jwt_payload

NOW = 1_750_000_000
# Keys are generated once per module: generation costs milliseconds, examples are many.
RSA = ZitadelEmulator()
EC = ZitadelEmulator()
EC.web_keys.rotate("ES256")
JWKS = {"keys": [*RSA.web_keys.jwks()["keys"], *EC.web_keys.jwks()["keys"]]}

signers = st.sampled_from([RSA, EC])


@given(payload=payloads, signer=signers)
def test_what_the_instance_signs_verifies_to_itself(
    payload: dict[str, Any], signer: ZitadelEmulator
) -> None:
    token = signer.sign_jwt_payload(payload)
    assert verify_jwt_payload(token, jwks=JWKS, now=NOW) == payload


@given(payload=payloads, signer=signers, data=st.data())
def test_any_changed_character_fails(
    payload: dict[str, Any], signer: ZitadelEmulator, data: st.DataObject
) -> None:
    token = signer.sign_jwt_payload(payload)
    index = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ")
    )
    if token[index] == replacement:
        return
    changed = token[:index] + replacement + token[index + 1 :]
    if changed.strip() == token:
        return  # a space at either end is trimmed: the same token
    with pytest.raises(WebhookSignatureError):
        verify_jwt_payload(changed, jwks=JWKS, now=NOW)


@given(body=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_body_raises_only_sdk_errors(body: str | bytes) -> None:
    with contextlib.suppress(ActionsSDKError):
        verify_jwt_payload(body, jwks=JWKS, now=NOW)


@given(
    segments=st.lists(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=60),
        min_size=1,
        max_size=6,
    )
)
def test_dotted_base64url_junk_raises_only_sdk_errors(segments: list[str]) -> None:
    with contextlib.suppress(ActionsSDKError):
        verify_jwt_payload(".".join(segments), jwks=JWKS, now=NOW)


@given(jwks=st.one_of(json_values, st.fixed_dictionaries({"keys": json_values})))
def test_any_jwks_shape_is_a_validation_error_or_a_usable_set(jwks: Any) -> None:
    try:
        keys = WebKeySet(jwks)
    except ValidationError:
        return
    token = RSA.sign_jwt_payload({"fullMethod": "/x"})
    with contextlib.suppress(WebhookSignatureError):
        verify_jwt_payload(token, jwks=keys, now=NOW)
