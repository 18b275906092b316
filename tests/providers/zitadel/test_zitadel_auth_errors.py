"""ZitadelProvider construction, the three auth flows, error parsing and secret-free reprs."""

from __future__ import annotations

import base64
import json
import sys

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from actions_sdk.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    FailedPreconditionError,
    MissingDependencyError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    ValidationError,
)
from actions_sdk.providers._base import TokenGrant
from actions_sdk.providers.zitadel import ZitadelProvider

NOW = 1_700_000_000.0
SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud"


def pem(private_key) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def key_data(rsa_key):
    return {"type": "serviceaccount", "keyId": "kid-123", "key": pem(rsa_key), "userId": "user-9"}


def token_response(op, payload, status=200):
    return op.decode(
        httpx.Response(status, json=payload, request=httpx.Request("POST", "https://z.example/t"))
    )


# -- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"token": "t", "client_id": "c", "client_secret": "s"},
        {"token": "t", "key": "{}"},
        {"client_id": "c"},
        {"client_secret": "s"},
        {"token": ""},
        {"client_id": "", "client_secret": "s"},
    ],
)
def test_exactly_one_complete_auth_method(kwargs):
    with pytest.raises(ValidationError):
        ZitadelProvider("z.example", **kwargs)


def test_key_file_and_key_together_are_rejected(key_data, tmp_path):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key_data))
    with pytest.raises(ValidationError, match="not both"):
        ZitadelProvider("z.example", key_file=path, key=key_data)


@pytest.mark.parametrize(
    "domain", ["", "   ", "z.example/path", "https://z.example/x", "ftp://z.example"]
)
def test_bad_domains(domain):
    with pytest.raises(ValidationError):
        ZitadelProvider(domain, token="t")


def test_base_url_and_issuer():
    assert ZitadelProvider("z.example", token="t").base_url == "https://z.example"
    assert ZitadelProvider("http://localhost:8080", token="t").base_url == "http://localhost:8080"
    assert ZitadelProvider("localhost:8080", token="t").base_url == "https://localhost:8080"


def test_pat_is_a_static_token():
    zitadel = ZitadelProvider("z.example", token="pat-value")
    assert zitadel.static_token() == "pat-value"
    assert zitadel.token_operation() is None


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", "JSON object"),
        ({"type": "application", "keyId": "k", "key": "x", "clientId": "c"}, "service account"),
        ({"type": "serviceaccount", "keyId": "k", "key": "-----BEGIN x"}, "userId"),
        ({"type": "serviceaccount", "keyId": "k", "userId": "u", "key": "abc"}, "PEM"),
        (
            {
                "type": "serviceaccount",
                "keyId": "k",
                "userId": "u",
                "key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            },
            "readable",
        ),
    ],
)
def test_bad_keys_fail_at_construction_without_echoing_them(key, message):
    with pytest.raises(ValidationError, match=message) as caught:
        ZitadelProvider("z.example", key=key)
    if isinstance(key, dict):
        assert key["key"] not in str(caught.value) or key["key"] in {"x", "abc"}


def test_non_rsa_key_is_rejected():
    ec_pem = pem(ec.generate_private_key(ec.SECP256R1()))
    key = {"type": "serviceaccount", "keyId": "k", "userId": "u", "key": ec_pem}
    with pytest.raises(ValidationError, match="RSA"):
        ZitadelProvider("z.example", key=key)


def test_missing_key_file(tmp_path):
    with pytest.raises(ValidationError) as caught:
        ZitadelProvider("z.example", key_file=tmp_path / "absent.json")
    assert caught.value.field == "key_file"


# -- JWT profile ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["mapping", "json", "file"])
def test_jwt_profile_assertion(rsa_key, key_data, tmp_path, source):
    if source == "mapping":
        kwargs = {"key": key_data}
    elif source == "json":
        kwargs = {"key": json.dumps(key_data)}
    else:
        path = tmp_path / "key.json"
        path.write_text(json.dumps(key_data))
        kwargs = {"key_file": str(path)}
    zitadel = ZitadelProvider("z.example", clock=lambda: NOW, org_id="org1", **kwargs)

    op = zitadel.token_operation()
    assert (op.method, op.path) == ("POST", "/oauth/v2/token")
    assert op.authenticated is False
    assert op.idempotent is True
    assert op.json is None
    assert op.form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert op.form["scope"] == SCOPE
    assert "Authorization" not in op.headers
    assert zitadel.static_token() is None

    assertion = op.form["assertion"]
    header = jwt.get_unverified_header(assertion)
    assert header["alg"] == "RS256"
    assert header["kid"] == "kid-123"
    claims = jwt.decode(
        assertion,
        rsa_key.public_key(),
        algorithms=["RS256"],
        audience="https://z.example",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims == {
        "iss": "user-9",
        "sub": "user-9",
        "aud": "https://z.example",
        "iat": int(NOW),
        "exp": int(NOW) + 3600,
    }


def test_jwt_profile_custom_issuer(key_data):
    zitadel = ZitadelProvider(
        "localhost:8080", key=key_data, issuer="http://localhost:8080/", clock=lambda: NOW
    )
    claims = jwt.decode(
        zitadel.token_operation().form["assertion"], options={"verify_signature": False}
    )
    assert claims["aud"] == "http://localhost:8080"


def test_each_token_request_uses_a_fresh_clock(key_data):
    now = [NOW]
    zitadel = ZitadelProvider("z.example", key=key_data, clock=lambda: now[0])
    first = jwt.decode(
        zitadel.token_operation().form["assertion"], options={"verify_signature": False}
    )
    now[0] += 120
    second = jwt.decode(
        zitadel.token_operation().form["assertion"], options={"verify_signature": False}
    )
    assert second["iat"] - first["iat"] == 120


def test_jwt_profile_without_pyjwt(key_data, monkeypatch):
    zitadel = ZitadelProvider("z.example", key=key_data)
    monkeypatch.setitem(sys.modules, "jwt", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "actions-sdk\[zitadel\]"'):
        zitadel.token_operation()


def test_token_response_decodes_into_a_grant(key_data):
    op = ZitadelProvider("z.example", key=key_data).token_operation()
    grant = token_response(op, {"access_token": "at", "token_type": "Bearer", "expires_in": 43199})
    assert grant == TokenGrant(access_token="at", expires_in=43199.0)
    assert token_response(op, {"access_token": "at"}).expires_in is None


def test_token_response_without_token_is_a_decode_error_without_the_body(key_data):
    from actions_sdk.errors import DecodeError

    op = ZitadelProvider("z.example", key=key_data).token_operation()
    with pytest.raises(DecodeError) as caught:
        token_response(op, {"id_token": "secret-id-token"})
    assert "secret-id-token" not in str(caught.value)


# -- client credentials --------------------------------------------------------------------------


def test_client_credentials_basic_auth_url_encodes_both_parts():
    zitadel = ZitadelProvider("z.example", client_id="svc@acme:1", client_secret="p&ss w:rd/+=")
    op = zitadel.token_operation()

    assert (op.method, op.path) == ("POST", "/oauth/v2/token")
    assert op.authenticated is False
    assert op.form == {"grant_type": "client_credentials", "scope": SCOPE}
    scheme, _, encoded = op.headers["Authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == "svc%40acme%3A1:p%26ss%20w%3Ard%2F%2B%3D"
    assert zitadel.static_token() is None


# -- reprs ---------------------------------------------------------------------------------------


def test_no_secret_in_any_repr(key_data):
    secrets = ["pat-value", "client-secret-value", key_data["key"], "-----BEGIN"]
    providers = [
        ZitadelProvider("z.example", token="pat-value", org_id="o1"),
        ZitadelProvider("z.example", client_id="cid", client_secret="client-secret-value"),
        ZitadelProvider("z.example", key=key_data),
    ]
    texts = []
    for zitadel in providers:
        texts.append(repr(zitadel))
        texts.append(repr(zitadel.with_org("o2")))
        op = zitadel.token_operation()
        if op is not None:
            texts.append(repr(op))
            grant = token_response(op, {"access_token": "access-token-value"})
            texts.append(repr(grant))
            secrets.append("access-token-value")
    for text in texts:
        for secret in secrets:
            assert secret not in text, text
    assert "auth='jwt_profile'" in repr(providers[2])
    assert "org_id='o1'" in repr(providers[0])


# -- errors --------------------------------------------------------------------------------------


def error(status, body=None, *, text=None, headers=None):
    request = httpx.Request("GET", "https://z.example/management/v1/actions/x")
    if text is not None:
        response = httpx.Response(status, text=text, request=request, headers=headers)
    else:
        response = httpx.Response(status, json=body, request=request, headers=headers)
    return ZitadelProvider("z.example", token="pat-value").parse_error(response)


def test_failed_precondition_vs_invalid_argument_on_http_400():
    no_changes = error(
        400,
        {
            "code": 9,
            "message": "Flow has no changes (COMMAND-Nfh52)",
            "details": [
                {
                    "@type": "type.googleapis.com/zitadel.v1.ErrorDetail",
                    "id": "COMMAND-Nfh52",
                    "message": "Errors.Flow.NoChanges",
                }
            ],
        },
    )
    wrong_trigger = error(
        400,
        {
            "code": 3,
            "message": "wrong trigger (COMMAND-Dfgh6)",
            "details": [
                {
                    "@type": "type.googleapis.com/zitadel.v1.ErrorDetail",
                    "id": "COMMAND-Dfgh6",
                    "message": "x",
                }
            ],
        },
    )
    assert type(no_changes) is FailedPreconditionError
    assert no_changes.grpc_code == 9
    assert no_changes.error_code == "COMMAND-Nfh52"
    assert no_changes.status_code == 400
    assert type(wrong_trigger) is BadRequestError
    assert wrong_trigger.grpc_code == 3
    assert wrong_trigger.error_code == "COMMAND-Dfgh6"


def test_error_id_falls_back_to_the_message_suffix():
    err = error(404, {"code": 5, "message": "Action not found (QUERY-GEfnb)"})
    assert type(err) is NotFoundError
    assert err.error_code == "QUERY-GEfnb"
    assert err.message == "Action not found (QUERY-GEfnb)"
    assert "QUERY-GEfnb" in str(err)


def test_gateway_default_404_has_no_error_id():
    err = error(404, {"code": 5, "message": "Not Found"})
    assert type(err) is NotFoundError
    assert err.error_code is None


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (409, {"code": 6, "message": "exists (COMMAND-xyz)"}, ConflictError),
        (401, {"code": 16, "message": "auth header missing"}, UnauthorizedError),
        (429, {"code": 8, "message": "quota (QUOTA-vjAy8)"}, RateLimitError),
        (503, {"code": 14, "message": "unavailable"}, ServerError),
        (405, {"code": 12, "message": "Method Not Allowed"}, ApiError),
    ],
)
def test_status_classes(status, body, cls):
    err = error(status, body)
    assert type(err) is cls
    assert err.body == body


def test_connect_string_codes_map_to_numbers():
    err = error(400, {"code": "failed_precondition", "message": "no changes"})
    assert type(err) is FailedPreconditionError
    assert err.grpc_code == 9


def test_oauth_error_body():
    err = error(400, {"error": "invalid_grant", "error_description": "assertion expired"})
    assert type(err) is BadRequestError
    assert err.error_code == "invalid_grant"
    assert err.message == "assertion expired"
    assert err.grpc_code is None


def test_non_json_body_keeps_raw_text():
    err = error(502, text="<html>Bad Gateway</html>")
    assert type(err) is ServerError
    assert err.body == "<html>Bad Gateway</html>"
    assert err.response is not None


def test_empty_body_uses_reason_phrase():
    err = error(500, text="")
    assert err.message == "Internal Server Error"


def test_error_text_never_contains_the_token():
    err = error(401, {"code": 16, "message": "invalid token"})
    assert "pat-value" not in str(err)
    assert "pat-value" not in repr(err)
