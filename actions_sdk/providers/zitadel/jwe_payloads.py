"""The target's side of ZITADEL v2 JWE payloads: decrypt with the target's key, verify the JWT.

A target whose ``payloadType`` is ``PAYLOAD_TYPE_JWE`` receives, as its whole body, the JWT a
``PAYLOAD_TYPE_JWT`` target would get (signed with the instance's web key, see
:mod:`~actions_sdk.providers.zitadel.jwt_payloads`) encrypted to the target's **active public
key**, the one added with AddPublicKey and activated (zitadel-v2-actions-api.md §4.3, §4.7, §8.2).
What the server sends, as read in ``internal/execution`` of ``zitadel/zitadel`` (go-jose):

* a compact JWE (five base64url parts) whose protected header has ``kid`` = the public key's
  ``keyId``, ``typ`` and ``cty`` ``JWT``, content encryption ``enc`` ``A256GCM``, and key
  management ``alg`` ``RSA-OAEP-256`` for an RSA key or ``ECDH-ES+A256KW`` for an EC key
  (with its ``epk``); no compression (``zip``);
* the ``ZITADEL-Signature`` header, an HMAC of the JWE text with the target's signing key.

:func:`verify_jwe_payload` decrypts such a body with the target's private key — picked by the
``kid``, so a target that holds the old and the new key during a rotation takes both — and gives
the inner JWT to :func:`~actions_sdk.providers.zitadel.jwt_payloads.verify_jwt_payload`, the one
verification path of JWT payloads. The decryption itself is jwcrypto's (the ``jwe`` extra), never
crypto written here; it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from actions_sdk._checks import excerpt
from actions_sdk.errors import (
    DecryptionError,
    MalformedSignatureError,
    MissingDependencyError,
    SignatureAlgorithmError,
    UnknownDecryptionKeyError,
    ValidationError,
)
from actions_sdk.providers.zitadel.jwt_payloads import (
    _MAX_KID_LENGTH,
    DEFAULT_LEEWAY,
    WebKeySet,
    _check_crit_and_typ,
    _compact_text,
    _header,
    _kid,
    _segment,
    key_set,
    verify_jwt_payload,
)

__all__ = [
    "JWE_CONTENT_ENCRYPTION",
    "JWE_KEY_ALGORITHMS",
    "DecryptionKeySet",
    "verify_jwe_payload",
]

JWE_KEY_ALGORITHMS: Final = ("RSA-OAEP-256", "ECDH-ES+A256KW")
"""The key-management algorithms ZITADEL encrypts with: one per key type (RSA, EC).

Never ``dir`` (a shared key), ``RSA1_5`` (padding-oracle prone), ``RSA-OAEP`` (SHA-1) or the
password-based ``PBES2-*``: a token naming one of them was not sent by ZITADEL."""

JWE_CONTENT_ENCRYPTION: Final = "A256GCM"
"""The only content encryption ZITADEL uses (AES-256-GCM)."""

_INSTALL_HINT: Final = 'pip install "actions-sdk[jwe]"'
# Which key each algorithm needs, and the EC curves go-jose's ECDH-ES works with.
_ALGORITHM_OF: Final[Mapping[str, str]] = {"RSA": "RSA-OAEP-256", "EC": "ECDH-ES+A256KW"}
_CURVES: Final = frozenset({"P-256", "P-384", "P-521"})
_IV_BYTES: Final = 12  # AES-GCM's 96-bit nonce
_TAG_BYTES: Final = 16  # and its full 128-bit tag: a shorter one is easier to forge
_MAX_KEY_LENGTH: Final = 16_384  # characters of one PEM: an RSA key of 8192 bits is ~6,400


def require_jwe_extra() -> Any:
    """The ``jwcrypto`` package (``jwe``, ``jwk`` loaded), or the error naming the ``jwe`` extra.

    The one check of this dependency (the emulator's encryption uses it too).

    Returns:
        The ``jwcrypto`` package.

    Raises:
        MissingDependencyError: jwcrypto is not installed.
    """
    try:
        import jwcrypto.jwe
        import jwcrypto.jwk
    except ImportError:
        raise MissingDependencyError(
            f"decrypting ZITADEL JWE payloads needs jwcrypto: {_INSTALL_HINT}"
        ) from None
    return jwcrypto


def _load_private_key(jwcrypto: Any, pem: object, name: str) -> Any:
    """One PEM private key (RSA, or EC on P-256/384/521) as a jwcrypto JWK.

    No message quotes the value: it is a secret.
    """
    if isinstance(pem, str):
        pem = pem.encode("ascii", "replace")
    if not isinstance(pem, bytes | bytearray) or not pem:
        raise ValidationError(
            f"{name} must be a PEM private key (str or bytes), got a {type(pem).__name__}",
            field="decryption_keys",
        )
    if len(pem) > _MAX_KEY_LENGTH:
        raise ValidationError(f"{name} is longer than a PEM key can be", field="decryption_keys")
    try:
        key = jwcrypto.jwk.JWK.from_pem(bytes(pem), password=None)
    except Exception:  # jwcrypto and cryptography raise several types; the key is never quoted
        raise ValidationError(
            f"{name} is not a PEM private key without a password (RSA or EC)",
            field="decryption_keys",
        ) from None
    if not key.has_private:
        raise ValidationError(
            f"{name} is a public key: decrypting needs the target's private key",
            field="decryption_keys",
        )
    kty = key.get("kty")
    if kty not in _ALGORITHM_OF or (kty == "EC" and key.get("crv") not in _CURVES):
        raise ValidationError(
            f"{name} is not an RSA or EC (P-256/384/521) key, the kinds ZITADEL encrypts to",
            field="decryption_keys",
        )
    return key


class DecryptionKeySet:
    """The target's private keys, loaded once, for :func:`verify_jwe_payload`.

    Build it at start-up (loading a PEM key costs milliseconds) and pass it to every call. Give
    one key, or, around a rotation, a mapping from each public key's ``keyId`` (AddPublicKey's
    answer, and the JWE's ``kid``) to its private key: the token's ``kid`` picks the key, so the
    target can hold the old and the new key while ZITADEL switches the active one. A single key
    given without an id decrypts whatever the ``kid`` (a wrong key still fails to decrypt).

    Args:
        keys: A PEM private key (``str`` or ``bytes``; RSA, or EC on P-256/384/521, not
            password-protected), or a mapping ``keyId`` → PEM private key.

    Raises:
        ValidationError: A key that is not such a private key, or an empty mapping.
        MissingDependencyError: jwcrypto is missing (the ``jwe`` extra).

    Its ``repr`` shows the key ids only, never key material.
    """

    def __init__(self, keys: str | bytes | Mapping[str, str | bytes]) -> None:
        jwcrypto = require_jwe_extra()
        self._any: Any = None
        self._by_kid: dict[str, Any] = {}
        if isinstance(keys, Mapping):
            if not keys:
                raise ValidationError(
                    "decryption_keys must hold at least one key", field="decryption_keys"
                )
            for kid, pem in keys.items():
                if not isinstance(kid, str) or not kid or len(kid) > _MAX_KID_LENGTH:
                    raise ValidationError(
                        f"decryption_keys must map key ids (1–{_MAX_KID_LENGTH} characters) to "
                        f"PEM keys, got the id {excerpt(kid, 40)}",
                        field="decryption_keys",
                    )
                self._by_kid[kid] = _load_private_key(jwcrypto, pem, f"the key of {excerpt(kid)}")
        else:
            self._any = _load_private_key(jwcrypto, keys, "decryption_keys")

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The key ids the keys were given under (empty for a single key without an id)."""
        return tuple(self._by_kid)

    def _find(self, kid: str) -> Any:
        if self._any is not None:
            return self._any
        key = self._by_kid.get(kid)
        if key is None:
            raise UnknownDecryptionKeyError(
                f"the JWE is encrypted to key {excerpt(kid)}, which is not among the target's "
                f"private keys given ({len(self._by_kid)}): a rotation not passed on, another "
                "target's key, or not sent by ZITADEL"
            )
        return key

    def __repr__(self) -> str:
        if self._any is not None:
            return "DecryptionKeySet(<one key>)"
        return f"DecryptionKeySet(key_ids={list(self._by_kid)!r})"


def _check_header(header: Mapping[str, Any]) -> str:
    """What ZITADEL's header always is, whatever the key; returns its ``alg``.

    Checked before any key is looked up, so a token naming ``dir`` or ``RSA1_5`` is refused as
    such, whichever ``kid`` it names.
    """
    _check_crit_and_typ(header, "JWE")
    cty = header.get("cty")
    if not isinstance(cty, str) or cty.upper() != "JWT":
        raise MalformedSignatureError(
            f"the JWE's cty {excerpt(cty, 20)} is not JWT (ZITADEL encrypts a signed JWT)"
        )
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in JWE_KEY_ALGORITHMS:
        raise SignatureAlgorithmError(
            f"the JWE's alg {excerpt(alg, 20)} is not accepted "
            f"(allowed: {', '.join(JWE_KEY_ALGORITHMS)})"
        )
    enc = header.get("enc")
    if enc != JWE_CONTENT_ENCRYPTION:
        raise SignatureAlgorithmError(
            f"the JWE's enc {excerpt(enc, 20)} is not accepted (allowed: {JWE_CONTENT_ENCRYPTION})"
        )
    if "zip" in header:
        # ZITADEL never compresses; accepting it would also let a small token inflate hugely.
        raise SignatureAlgorithmError("the JWE is compressed (zip), which ZITADEL never does")
    return alg


def _check_fit(header: Mapping[str, Any], alg: str, key: Any, kid: str) -> None:
    """``alg`` is the one ZITADEL uses for the key's type, and an ECDH ``epk`` is on its curve."""
    kty = key.get("kty")
    if _ALGORITHM_OF[kty] != alg:
        raise SignatureAlgorithmError(
            f"the JWE says {alg}, but the target's key {excerpt(kid)} is an {kty} key "
            f"(ZITADEL uses {_ALGORITHM_OF[kty]} for it)"
        )
    if alg.startswith("ECDH"):
        epk = header.get("epk")
        if not isinstance(epk, Mapping) or epk.get("kty") != "EC" or epk.get("crv") != key["crv"]:
            raise MalformedSignatureError(
                f"the JWE's epk is not an EC public key on the target key's curve {key['crv']}"
            )


def _keys(decryption_keys: object) -> DecryptionKeySet:
    if isinstance(decryption_keys, DecryptionKeySet):
        return decryption_keys
    if isinstance(decryption_keys, str | bytes | bytearray | Mapping):
        return DecryptionKeySet(decryption_keys)  # type: ignore[arg-type]
    raise ValidationError(
        "decryption_keys must be a DecryptionKeySet, a PEM private key or a mapping of key ids "
        f"to PEM keys, got a {type(decryption_keys).__name__}",
        field="decryption_keys",
    )


def verify_jwe_payload(
    body: bytes | str,
    *,
    decryption_keys: DecryptionKeySet | str | bytes | Mapping[str, str | bytes],
    jwks: WebKeySet | Mapping[str, Any],
    algorithms: Sequence[str] | None = None,
    issuer: str | None = None,
    leeway: float = DEFAULT_LEEWAY,
    now: Callable[[], float] | float | None = None,
) -> dict[str, Any]:
    """Decrypt a ``PAYLOAD_TYPE_JWE`` body with the target's key, verify the JWT inside it.

    In this order: the body is a compact JWE (five base64url parts, at most 4 MiB, ASCII) whose
    protected header names a ``kid``, ``cty`` JWT, ``enc`` A256GCM and an ``alg`` ZITADEL uses,
    without ``zip`` or ``crit``; ``decryption_keys`` holds the key that ``kid`` names; ``alg`` is
    the one for that key's type (RSA-OAEP-256 for RSA, ECDH-ES+A256KW for EC, with an ``epk`` on
    the key's curve); the token decrypts with it (jwcrypto; AES-GCM authenticates the header,
    the IV and the ciphertext). Then the plaintext goes through
    :func:`~actions_sdk.providers.zitadel.jwt_payloads.verify_jwt_payload` with ``jwks``,
    ``algorithms``, ``issuer``, ``leeway`` and ``now``, exactly as a JWT target's body would.

    Encryption proves nothing about the sender (anyone may encrypt to a public key): the inner
    JWT's signature does, and the ``ZITADEL-Signature`` header (over the JWE text) bounds replays.

    Args:
        body: The raw request body (bytes or text): the compact JWE.
        decryption_keys: The target's private key(s): a :class:`DecryptionKeySet` (build it once),
            a PEM private key, or a mapping ``keyId`` → PEM private key (a rotation).
        jwks: The instance's web keys, as for ``verify_jwt_payload``.
        algorithms: The inner JWT's accepted signature algorithms (default: all web-key ones).
        issuer: The expected ``iss`` of the inner JWT, checked when it carries one.
        leeway: Seconds of clock difference allowed on the inner JWT's time claims.
        now: The current UNIX time, or a callable returning it; ``None`` for :func:`time.time`.

    Returns:
        The payload, a JSON object (give it to ``parse_payload`` for the typed model).

    Raises:
        MalformedSignatureError: Not a compact JWE (a JWT, too long, not ASCII, bad base64url, a
            header that is not a JSON object, no ``kid``, ``crit``, a ``cty`` or ``typ`` other
            than JWT, an ``epk`` off the key's curve, an IV or tag of the wrong length).
        SignatureAlgorithmError: ``alg`` or ``enc`` is not ZITADEL's (``dir``, ``RSA1_5``,
            ``A128CBC-HS256`` …), ``zip`` is set, or ``alg`` does not fit the key's type.
        UnknownDecryptionKeyError: No key given has the token's ``kid``.
        DecryptionError: It does not decrypt (another key; a changed header, key, IV, ciphertext
            or tag).
        WebhookSignatureError: Any failure of the inner JWT, as ``verify_jwt_payload`` raises
            them (``SignatureMismatchError``, ``UnknownSigningKeyError`` …).
        DecodeError: Authentic, but the payload is not a JSON object.
        ValidationError: A wrong argument.
        MissingDependencyError: jwcrypto (the ``jwe`` extra) or PyJWT is missing.
        APIConnectionError: A :class:`WebKeySet` had to fetch and could not (answer 5xx).

    No message contains the token, the payload or key material.
    """
    jwcrypto = require_jwe_extra()
    keys = _keys(decryption_keys)
    # Checked before decrypting anything, by the verifier the inner JWT goes through; a
    # WebKeySet cannot exist without PyJWT, so this also says that it is missing.
    jwks = key_set(jwks)
    text = _compact_text(body, "JWE")
    parts = text.split(".")
    if len(parts) != 5 or not parts[0]:
        hint = " (a three-part JWT: use verify_jwt_payload)" if len(parts) == 3 else ""
        raise MalformedSignatureError(
            f"the body is not a compact JWE (five base64url parts joined by '.'){hint}"
        )
    header = _header(parts[0], "JWE")
    kid = _kid(header, "JWE", "the target's public key")
    alg = _check_header(header)
    key = keys._find(kid)
    _check_fit(header, alg, key, kid)
    names = ("encrypted key", "IV", "ciphertext", "tag")
    encrypted_key, iv, _, tag = (
        _segment(part, name, "JWE") for part, name in zip(parts[1:], names, strict=True)
    )
    if not encrypted_key or len(iv) != _IV_BYTES or len(tag) != _TAG_BYTES:
        raise MalformedSignatureError(
            f"the JWE's parts do not fit {alg} with A256GCM (an encrypted key, a 12-byte IV, "
            "a 16-byte tag)"
        )
    token = jwcrypto.jwe.JWE(algs=[alg, JWE_CONTENT_ENCRYPTION])
    try:
        token.deserialize(text, key=key)
        plaintext = bytes(token.payload)
    except Exception:  # jwcrypto raises several types; its messages may quote the token
        raise DecryptionError(
            f"the JWE does not decrypt with the target's key {excerpt(kid)} (encrypted to "
            "another key, or its header, key, IV, ciphertext or tag was changed)"
        ) from None
    return verify_jwt_payload(
        plaintext, jwks=jwks, algorithms=algorithms, issuer=issuer, leeway=leeway, now=now
    )
