"""The one PEM loader and JWT signer both vendors use (``providers._oauth.AssertionSigner``)."""

from __future__ import annotations

import sys

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from actions_sdk.errors import MissingDependencyError, ValidationError
from actions_sdk.providers._oauth import AssertionSigner
from tests.providers.zitadel.test_zitadel_auth_errors import pem

SIGNER = AssertionSigner(purpose="the test vendor's JWT", install_hint="pip install x", lifetime=60)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def load(value: object, **options: object) -> object:
    return SIGNER.load_key(value, field="k", name="the key", algorithm="RS256", **options)


def test_a_loaded_key_signs_the_shared_claims_plus_the_vendor_s(rsa_key):
    key = load(pem(rsa_key).encode())
    token = SIGNER.sign(
        key,
        subject="client-1",
        audience="https://tenant.example/",
        now=1000.9,
        algorithm="PS256",
        claims={"jti": "once"},
        headers={"kid": "key-7"},
    )
    # Verified with the public key: the signature, the algorithm and the audience hold.
    opts = {"verify_exp": False, "verify_iat": False}
    aud = "https://tenant.example/"
    claims = jwt.decode(token, rsa_key.public_key(), ["PS256"], audience=aud, options=opts)
    assert set(claims) == {"iss", "sub", "aud", "iat", "exp", "jti"}
    assert (claims["iss"], claims["sub"], claims["jti"]) == ("client-1", "client-1", "once")
    assert (claims["iat"], claims["exp"]) == (1000, 1000 + SIGNER.lifetime)
    assert jwt.get_unverified_header(token)["kid"] == "key-7"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (42, "must be a PEM private key as str or bytes, got int"),
        ("  ", "must be a PEM private key as str or bytes, got str"),
        ("abc", "is not a PEM private key"),
        ("-----BEGIN PRIVATE KEY-----\nSECRETish\n-----END PRIVATE KEY-----\n", "readable"),
    ],
)
def test_bad_keys_are_refused_without_echoing_them(value, message):
    with pytest.raises(ValidationError, match=message) as info:
        load(value)
    assert info.value.field == "k"
    assert "SECRETish" not in str(info.value)
    assert info.value.__cause__ is None


def test_a_non_rsa_key_names_the_algorithm():
    with pytest.raises(ValidationError, match=r"must be an RSA private key \(for RS256\)"):
        load(pem(ec.generate_private_key(ec.SECP256R1())))


def test_without_pyjwt_loading_fails_with_the_hint_unless_deferred(rsa_key, monkeypatch):
    monkeypatch.setitem(sys.modules, "jwt", None)
    with pytest.raises(
        MissingDependencyError, match=r"the test vendor's JWT needs PyJWT.*pip install x"
    ):
        load(pem(rsa_key))
    # Deferred (ZITADEL): the key still loads; the signer names the extra when it is used.
    key = load(pem(rsa_key), defer=True)
    with pytest.raises(MissingDependencyError, match="pip install x"):
        SIGNER.sign(key, subject="u", audience="a", now=0, algorithm="RS256")


def test_without_cryptography_a_deferred_key_stays_pem_text(rsa_key, monkeypatch):
    for name in list(sys.modules):
        if name.startswith("cryptography"):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "cryptography", None)
    text = pem(rsa_key)
    assert load(text, defer=True) == text
    with pytest.raises(MissingDependencyError, match="needs PyJWT and cryptography"):
        load(text)
