"""An emulated instance's web keys: what signs JWT payloads and is published at ``/oauth/v2/keys``.

A ZITADEL instance signs the body of a ``PAYLOAD_TYPE_JWT`` target with its active web key (a
compact JWS: header ``alg`` / ``kid`` / ``typ: JWT``, payload the JSON body unchanged) and serves
the public keys, the active one and the older ones it still publishes, as a JWKS. This module
keeps those keys for :class:`~actions_sdk.testing.ZitadelEmulator`: the first key is generated
when first needed (key generation costs milliseconds, and most emulators never sign), and
:meth:`WebKeys.rotate` makes a new one active while the old ones stay published, as after a
rotation on a real instance. Needs the ``jwt`` extra (PyJWT and cryptography). The ZITADEL
provider modules are imported inside the functions, so ``import actions_sdk.testing`` (an Auth0
user's too) does not load them.

For ``PAYLOAD_TYPE_JWE`` targets, :func:`encrypt_jwe` encrypts such a JWT to a target's public
key as ZITADEL does, and :func:`generate_target_key` makes a key pair to register with
AddPublicKey (both need the ``jwe`` extra, jwcrypto).
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

__all__ = ["TargetKeyPair", "WebKeys", "encrypt_jwe", "generate_target_key"]


def _generate(algorithm: str) -> Any:
    from actions_sdk.providers.zitadel.jwt_payloads import require_jwt_extra

    require_jwt_extra("web keys")  # with PyJWT's crypto algorithms, cryptography is there
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if algorithm.startswith("RS"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    curves: dict[str, ec.EllipticCurve] = {
        "ES256": ec.SECP256R1(),
        "ES384": ec.SECP384R1(),
        "ES512": ec.SECP521R1(),
    }
    if algorithm in curves:
        return ec.generate_private_key(curves[algorithm])
    return ed25519.Ed25519PrivateKey.generate()


class _WebKey(NamedTuple):
    """One key of an instance: its id, algorithm, private key and published (public) JWK."""

    kid: str
    algorithm: str
    private: Any
    jwk: dict[str, Any]


class WebKeys:
    """The web keys of one emulated instance (reached as ``ZitadelEmulator.web_keys``).

    Keys are configuration, like registered service-account keys: ``reset()`` keeps them.

    Args:
        algorithm: The algorithm of the first key (default RS256, ZITADEL's default web key).
    """

    def __init__(self, algorithm: str = "RS256") -> None:
        self._check(algorithm)
        self._first = algorithm
        self._lock = threading.Lock()
        # Oldest first; the last one is active.
        self._keys: list[_WebKey] = []

    @staticmethod
    def _check(algorithm: str) -> None:
        from actions_sdk.providers.zitadel.jwt_payloads import JWT_ALGORITHMS

        # A web key has one of the algorithms the verifier accepts, no other.
        if algorithm not in JWT_ALGORITHMS:
            raise ValueError(f"algorithm must be one of {', '.join(JWT_ALGORITHMS)}")

    def _active(self) -> _WebKey:
        with self._lock:
            if not self._keys:
                self._keys.append(self._new(self._first))
            return self._keys[-1]

    @staticmethod
    def _new(algorithm: str) -> _WebKey:
        private = _generate(algorithm)  # checks that PyJWT and cryptography are there
        from jwt.algorithms import get_default_algorithms

        # Key ids are configuration, not state: random, outside the seeded id stream.
        kid = str(10**17 + secrets.randbelow(9 * 10**17))
        # The public JWK is built once, here, where the algorithm (so the key type) is known:
        # every GET /oauth/v2/keys then only copies it.
        jwk = dict(get_default_algorithms()[algorithm].to_jwk(private.public_key(), as_dict=True))
        jwk.pop("key_ops", None)  # PyJWT adds it; an instance's JWKS does not have it
        jwk.update({"kid": kid, "alg": algorithm, "use": "sig"})
        return _WebKey(kid, algorithm, private, jwk)

    @property
    def active_kid(self) -> str:
        """The id of the key that signs now (generating the first key if there is none)."""
        return self._active().kid

    def rotate(self, algorithm: str | None = None) -> str:
        """Make a new key active; the earlier ones stay in the JWKS.

        Args:
            algorithm: The new key's algorithm (default: the active key's).

        Returns:
            The new key's id.
        """
        current = self._active().algorithm
        chosen = algorithm or current
        self._check(chosen)
        key = self._new(chosen)
        with self._lock:
            self._keys.append(key)
        return key.kid

    def remove(self, kid: str) -> None:
        """Stop publishing an inactive key (the active key cannot be removed).

        Raises:
            ValueError: ``kid`` is the active key.
        """
        with self._lock:
            if self._keys and self._keys[-1].kid == kid:
                raise ValueError("the active web key cannot be removed")
            self._keys = [key for key in self._keys if key.kid != kid]

    def jwks(self) -> dict[str, Any]:
        """The JWKS the instance serves at ``/oauth/v2/keys``: public keys only, newest first."""
        from actions_sdk.providers.zitadel.jwt_payloads import require_jwt_extra

        require_jwt_extra("web keys")
        self._active()
        with self._lock:
            # Copies: the caller may change what it gets without changing the keys.
            return {"keys": [dict(key.jwk) for key in reversed(self._keys)]}

    def sign(self, payload: Mapping[str, Any] | bytes, *, kid: str | None = None) -> str:
        """The body ZITADEL posts to a JWT target: ``payload`` signed with the active web key.

        Args:
            payload: The JSON payload (as a mapping, encoded compactly) or its exact bytes.
            kid: Sign with this published key instead of the active one.

        Returns:
            The compact JWT.
        """
        from actions_sdk.providers.zitadel.jwt_payloads import require_jwt_extra

        jwt = require_jwt_extra("sign_jwt_payload")
        body = (
            payload
            if isinstance(payload, bytes)
            else json.dumps(payload, separators=(",", ":")).encode()
        )
        chosen = self._active()
        if kid is not None:
            with self._lock:
                found = [key for key in self._keys if key.kid == kid]
            if not found:
                raise KeyError(kid)
            chosen = found[0]
        token: str = jwt.api_jws.PyJWS().encode(
            body,
            chosen.private,
            algorithm=chosen.algorithm,
            headers={"kid": chosen.kid, "typ": "JWT"},
        )
        return token


# -- JWE payloads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetKeyPair:
    """A key pair for a ``PAYLOAD_TYPE_JWE`` target, from :func:`generate_target_key`.

    Register ``public_pem`` with AddPublicKey (base64 of it, as ``publicKey``) and give
    ``private_pem`` to the target's ``verify_jwe_payload``. The private half is left out of the
    ``repr``.

    Attributes:
        public_pem: The public key, PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) text.
        private_pem: The private key, unencrypted PKCS#8 PEM text.
    """

    public_pem: str
    private_pem: str = field(repr=False)


def generate_target_key(kind: Literal["RSA", "EC"] = "RSA") -> TargetKeyPair:
    """A new key pair of the kinds ZITADEL encrypts to: RSA 2048 or EC P-256.

    Args:
        kind: ``"RSA"`` (RSA-OAEP-256) or ``"EC"`` (ECDH-ES+A256KW).

    Returns:
        The key pair as PEM text.

    Raises:
        ValueError: Another kind.
    """
    from actions_sdk.providers.zitadel.jwe_payloads import require_jwe_extra

    jwcrypto = require_jwe_extra()
    if kind == "RSA":
        key = jwcrypto.jwk.JWK.generate(kty="RSA", size=2048)
    elif kind == "EC":
        key = jwcrypto.jwk.JWK.generate(kty="EC", crv="P-256")
    else:
        raise ValueError('kind must be "RSA" or "EC"')
    return TargetKeyPair(
        public_pem=key.export_to_pem().decode("ascii"),
        private_pem=key.export_to_pem(private_key=True, password=None).decode("ascii"),
    )


def encrypt_jwe(token: str, public_pem: bytes | str, kid: str) -> str:
    """``token`` (a signed JWT) encrypted to a target's public key, as ZITADEL encrypts it.

    Compact JWE with the protected header ``alg`` (``RSA-OAEP-256`` for an RSA key,
    ``ECDH-ES+A256KW`` for an EC key), ``enc: A256GCM``, ``kid``, ``typ: JWT``, ``cty: JWT``.

    Args:
        token: The compact JWT to encrypt.
        public_pem: The target's public key, PEM.
        kid: The key's ``keyId`` (the JWE ``kid``).

    Returns:
        The compact JWE.
    """
    from actions_sdk.providers.zitadel.jwe_payloads import (
        _ALGORITHM_OF,
        JWE_CONTENT_ENCRYPTION,
        require_jwe_extra,
    )

    jwcrypto = require_jwe_extra()
    pem = public_pem.encode("ascii") if isinstance(public_pem, str) else public_pem
    key = jwcrypto.jwk.JWK.from_pem(pem)
    # The verifier's table, so the emulator encrypts exactly as verify_jwe_payload expects.
    alg = _ALGORITHM_OF["RSA" if key.get("kty") == "RSA" else "EC"]
    protected = {"alg": alg, "enc": JWE_CONTENT_ENCRYPTION, "kid": kid, "typ": "JWT", "cty": "JWT"}
    encrypted = jwcrypto.jwe.JWE(token.encode("ascii"), recipient=key, protected=protected)
    text: str = encrypted.serialize(compact=True)
    return text
