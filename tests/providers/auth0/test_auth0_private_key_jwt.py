"""Auth0 Private Key JWT client authentication, end to end against the emulator (sync and async)."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk.errors import MissingDependencyError, UnauthorizedError, ValidationError
from actions_sdk.testing import Auth0Emulator, ManualClock
from tests.providers.auth0.auth0_helpers import provider

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _recording(emulator: Auth0Emulator, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return emulator.handle(request)

    return httpx.MockTransport(handle)


def test_sync_client_authenticates_with_a_signed_assertion(caplog):
    emulator = Auth0Emulator(clock=ManualClock())
    key = emulator.generate_client_key()
    seen: list[httpx.Request] = []
    http = httpx.Client(base_url=emulator.base_url, transport=_recording(emulator, seen))
    caplog.set_level(logging.DEBUG)
    with ManagementClient.for_auth0(
        "tenant.example",
        client_id=emulator.client_id,
        client_assertion_signing_key=key,
        http_client=http,
    ) as client:
        assert list(client.actions.list()) == []
        assert "private_key_jwt" in repr(client._provider)
    token_request = seen[0]
    assert token_request.url.path == "/oauth/token"
    form = {k: v[0] for k, v in parse_qs(token_request.content.decode()).items()}
    assert "client_secret" not in form
    assert form["client_assertion_type"] == ASSERTION_TYPE
    assert form["audience"] == "https://tenant.example/api/v2/"
    claims = jwt.decode(form["client_assertion"], options={"verify_signature": False})
    assert claims["iss"] == claims["sub"] == emulator.client_id
    assert claims["aud"] == "https://tenant.example/"
    assert claims["exp"] - claims["iat"] == 120
    assert claims["jti"]
    # The key never shows up in a log line.
    body = key.split("-----")[2].strip().splitlines()[1]
    assert body not in caplog.text


def test_each_token_request_signs_a_new_assertion():
    p = provider(
        client_id="cid", client_assertion_signing_key=Auth0Emulator().generate_client_key()
    )
    first = first_op_form(p)
    second = first_op_form(p)
    one = jwt.decode(first["client_assertion"], options={"verify_signature": False})
    two = jwt.decode(second["client_assertion"], options={"verify_signature": False})
    assert one["jti"] != two["jti"]


@pytest.mark.parametrize("fault", ["lost_response", "5xx"])
def test_a_retried_token_request_carries_a_new_assertion(fault):
    # The first attempt reaches the emulator (its jti is spent) but the answer is lost; resending
    # the same assertion would be refused as a replay, so each attempt signs a new one.
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock)
    key = emulator.generate_client_key()
    emulator.faults.next(fault, path_prefix="/oauth/token")
    seen: list[httpx.Request] = []
    with ManagementClient.for_auth0(
        "tenant.example",
        client_id=emulator.client_id,
        client_assertion_signing_key=key,
        http_client=httpx.Client(base_url=emulator.base_url, transport=_recording(emulator, seen)),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time, random=lambda: 0.0),
    ) as client:
        assert client.actions.list().to_list() == []
    token_requests = [r for r in seen if r.url.path == "/oauth/token"]
    assert len(token_requests) == 2
    jtis = {
        jwt.decode(
            parse_qs(r.content.decode())["client_assertion"][0],
            options={"verify_signature": False},
        )["jti"]
        for r in token_requests
    }
    assert len(jtis) == 2


def test_the_assertion_form_reads_consistently_and_shows_no_assertion():
    p = provider(
        client_id="cid", client_assertion_signing_key=Auth0Emulator().generate_client_key()
    )
    operation = p.token_operation()
    form = operation.form
    assert list(form) == [
        "grant_type",
        "client_id",
        "client_assertion_type",
        "audience",
        "client_assertion",
    ]
    assert len(form) == 5
    assert form["client_id"] == "cid"
    assert "client_assertion" not in repr(form).split(":", 1)[0]
    assert "eyJ" not in repr(form)  # no JWT in the repr


def first_op_form(p: Any) -> dict[str, str]:
    operation = p.token_operation()
    assert operation is not None
    return dict(operation.form)


def test_async_client_authenticates_with_a_signed_assertion():
    emulator = Auth0Emulator(clock=ManualClock())
    key = emulator.generate_client_key().encode()  # bytes work as well as str

    async def main() -> list[Any]:
        async with AsyncManagementClient.for_auth0(
            "tenant.example",
            client_id=emulator.client_id,
            client_assertion_signing_key=key,
            client_assertion_signing_alg="PS256",
            http_client=emulator.async_client(),
        ) as client:
            return await client.actions.list().to_list()

    assert asyncio.run(main()) == []


def test_an_unregistered_key_is_refused_by_the_token_endpoint():
    emulator = Auth0Emulator(clock=ManualClock())
    other = Auth0Emulator(seed=1).generate_client_key()  # registered elsewhere only
    with (
        ManagementClient.for_auth0(
            "tenant.example",
            client_id=emulator.client_id,
            client_assertion_signing_key=other,
            http_client=emulator.client(),
        ) as client,
        pytest.raises(UnauthorizedError) as info,
    ):
        client.actions.list().to_list()
    assert "BEGIN" not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"client_secret": "s"}, "client_assertion_signing_key"),
        ({"token": "t"}, "token"),
        ({"client_assertion_signing_alg": "HS256"}, "client_assertion_signing_alg"),
    ],
)
def test_conflicting_or_unsupported_options(kwargs, field):
    key = Auth0Emulator().generate_client_key()
    with pytest.raises(ValidationError) as info:
        ManagementClient.for_auth0(
            "tenant.example", client_id="cid", client_assertion_signing_key=key, **kwargs
        )
    assert info.value.field == field
    assert "BEGIN" not in str(info.value)


def test_a_key_that_does_not_load_is_refused_without_showing_it():
    secret_looking = "-----BEGIN PRIVATE KEY-----\nNOTAKEYbutSECRETish\n-----END PRIVATE KEY-----\n"
    with pytest.raises(ValidationError) as info:
        ManagementClient.for_auth0(
            "tenant.example", client_id="cid", client_assertion_signing_key=secret_looking
        )
    assert info.value.field == "client_assertion_signing_key"
    assert "SECRETish" not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.parametrize("key", ["", 42, b"   "])
def test_a_key_of_the_wrong_type_or_empty_is_refused(key):
    with pytest.raises(ValidationError, match="PEM private key"):
        ManagementClient.for_auth0(
            "tenant.example", client_id="cid", client_assertion_signing_key=key
        )


def test_a_non_rsa_key_is_refused():
    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(ValidationError, match="RSA"):
        ManagementClient.for_auth0(
            "tenant.example", client_id="cid", client_assertion_signing_key=pem
        )


def test_a_signing_key_needs_a_client_id():
    key = Auth0Emulator().generate_client_key()
    with pytest.raises(ValidationError) as info:
        ManagementClient.for_auth0("tenant.example", client_assertion_signing_key=key)
    assert info.value.field == "client_id"


def test_without_the_extra_the_error_names_it(monkeypatch):
    key = Auth0Emulator().generate_client_key()
    monkeypatch.setitem(sys.modules, "jwt", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "actions-sdk\[jwt\]"'):
        ManagementClient.for_auth0(
            "tenant.example", client_id="cid", client_assertion_signing_key=key
        )


def test_the_key_is_in_no_repr():
    key = Auth0Emulator().generate_client_key()
    p = provider(client_id="cid", client_assertion_signing_key=key)
    operation = p.token_operation()
    body = key.split("-----")[2].strip().splitlines()[1]
    for text in (repr(p), repr(operation), repr(vars(p))):
        assert body not in text
