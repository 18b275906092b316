"""ZITADEL Actions v2 target keys on the wire: AddPublicKey, ActivatePublicKey,
DeactivatePublicKey, RemovePublicKey, ListPublicKeys (reference §4.7), and the signing-key
rotation (UpdateTarget ``expirationSigningKey: "0s"``, §4.5)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    APIConnectionError,
    DecodeError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.providers.zitadel import ZitadelProvider
from actions_sdk.providers.zitadel.models_v2 import PublicKey
from tests.providers.zitadel_v2.v2_helpers import provider, run, target_json

PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
PEM_B64 = base64.b64encode(PEM.encode()).decode()


def key_json(key_id: str = "k1", *, active: bool = False) -> dict:
    body = {
        "keyId": key_id,
        "publicKey": PEM_B64,
        "fingerprint": "SHA256:abc",
        "creationDate": "2026-01-01T00:00:00Z",
        "changeDate": "2026-01-01T00:00:00Z",
    }
    if active:
        body["active"] = True
    return body


def keys_page(*keys: dict) -> dict:
    body: dict = {"pagination": {"totalResult": str(len(keys))}}
    if keys:
        body["publicKeys"] = list(keys)
    return body


def test_add_public_key_sends_base64_pem_then_reads_the_key():
    expires = datetime(2027, 1, 1, tzinfo=UTC)
    outcome = run(
        provider().add_public_key("t1", PEM, expires),
        {"keyId": "k1", "creationDate": "2026-01-01T00:00:00Z"},
        keys_page(key_json()),
    )
    add, listing = outcome.ops
    assert (add.method, add.path) == ("POST", "/v2/actions/targets/t1/publickeys")
    assert add.json == {"publicKey": PEM_B64, "expirationDate": "2027-01-01T00:00:00.000Z"}
    assert add.idempotent is False  # a repeat would add a second key
    assert (listing.method, listing.path) == ("POST", "/v2/actions/targets/t1/publickeys/search")
    assert listing.json["filters"] == [{"keyIdsFilter": {"ids": ["k1"]}}]
    key = outcome.result
    assert isinstance(key, PublicKey)
    assert (key.key_id, key.active, key.public_key, key.fingerprint) == (
        "k1",
        False,
        PEM,
        "SHA256:abc",
    )


def test_add_accepts_pem_bytes_and_no_expiration():
    op = next(provider().add_public_key("t1", PEM.encode(), None))
    assert op.json == {"publicKey": PEM_B64}


@pytest.mark.parametrize("bad", ["not a key", "", b"\xff", "-----BEGIN " + "x" * 8200, 5])
def test_bad_public_keys_fail_before_sending(bad):
    with pytest.raises(ValidationError):
        provider().add_public_key("t1", bad, None)


def test_a_naive_expiration_is_refused():
    with pytest.raises(ValidationError):
        provider().add_public_key("t1", PEM, datetime(2027, 1, 1))


def test_a_new_key_missing_from_the_listing_is_a_decode_error():
    with pytest.raises(DecodeError):
        run(provider().add_public_key("t1", PEM, None), {"keyId": "k1"}, keys_page())


@pytest.mark.parametrize(("active", "verb"), [(True, "activate"), (False, "deactivate")])
def test_activate_and_deactivate(active, verb):
    outcome = run(
        provider().set_public_key_state("t1", "k/1", active=active),
        {"changeDate": "2026-01-01T00:00:00Z"},
    )
    (op,) = outcome.ops
    assert (op.method, op.path, op.json) == (
        "POST",
        f"/v2/actions/targets/t1/publickeys/k%2F1/{verb}",
        None,
    )
    assert op.idempotent is True
    assert outcome.result is None


def test_remove_public_key():
    (op,) = run(provider().remove_public_key("t1", "k1"), {}).ops
    assert (op.method, op.path) == ("DELETE", "/v2/actions/targets/t1/publickeys/k1")


def test_list_public_keys_decodes_and_pages():
    fetch = provider().list_public_keys("t1", 1)
    outcome = run(
        fetch(None), {**keys_page(key_json(active=True)), "pagination": {"totalResult": "2"}}
    )
    (op,) = outcome.ops
    assert op.json == {"pagination": {"offset": "0", "limit": 1, "asc": True}}
    assert outcome.result.items[0].active is True
    assert outcome.result.next_start == 1


def test_an_older_server_lists_keys_without_pagination():
    page = run(provider().list_public_keys("t1", UNSET)(None), {"publicKeys": [key_json()]}).result
    assert [k.key_id for k in page.items] == ["k1"]
    assert page.next_start is None


def test_a_public_key_that_is_not_base64_is_a_decode_error():
    with pytest.raises(DecodeError):
        run(
            provider().list_public_keys("t1", UNSET)(None),
            keys_page({**key_json(), "publicKey": "%%"}),
        )


def test_rotate_signing_key_is_one_update_then_a_read():
    outcome = run(
        provider().rotate_signing_key("t1"),
        {"changeDate": "2026-01-01T00:00:00Z", "signingKey": "new-key"},
        {"target": target_json(signing_key="new-key")},
    )
    update, get = outcome.ops
    assert (update.method, update.path) == ("POST", "/v2/actions/targets/t1")
    assert update.json == {"expirationSigningKey": "0s"}
    assert get.path == "/v2/actions/targets/t1"
    assert outcome.result.signing_key == "new-key"
    assert "new-key" not in repr(outcome.result)


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.list_public_keys("t1", UNSET),
        lambda p: p.add_public_key("t1", PEM, None),
        lambda p: p.set_public_key_state("t1", "k1", active=True),
        lambda p: p.set_public_key_state("t1", "k1", active=False),
        lambda p: p.remove_public_key("t1", "k1"),
        lambda p: p.rotate_signing_key("t1"),
    ],
)
def test_v1_has_no_target_keys(call):
    with pytest.raises(UnsupportedOperationError):
        call(ZitadelProvider("z.example", token="pat"))


def test_a_lost_add_answer_with_two_matching_keys_stays_an_error():
    lost = APIConnectionError("read timed out", may_have_landed=True)
    with pytest.raises(APIConnectionError):  # ambiguous: the error stands
        run(
            provider().add_public_key("t1", PEM, None),
            lost,
            keys_page(key_json("k0"), key_json("k1")),
        )


def test_a_lost_add_answer_with_one_matching_key_returns_it():
    lost = APIConnectionError("read timed out", may_have_landed=True)
    other = {**key_json("k0"), "publicKey": base64.b64encode(b"-----BEGIN OTHER").decode()}
    outcome = run(
        provider().add_public_key("t1", PEM, None), lost, keys_page(other, key_json("k1"))
    )
    add, listing = outcome.ops
    assert add.idempotent is False
    assert listing.json == {"pagination": {"offset": "0", "limit": 1000, "asc": True}}
    assert outcome.result.key_id == "k1"


def test_an_add_that_surely_failed_is_not_settled():
    refused = APIConnectionError("connection refused", may_have_landed=False)
    with pytest.raises(APIConnectionError):
        run(provider().add_public_key("t1", PEM, None), refused)
