"""OAuth 2 pieces every vendor shares: token grants, error bodies and signed JWT assertions.

Neutral (no vendor imports): both Auth0's and ZITADEL's token endpoints speak RFC 6749, so the
answer of a client-credentials or JWT-bearer grant and the ``{"error", "error_description"}``
error body are read here, once. Both vendors also authenticate with a JWT signed by an RSA key
(Auth0's Private Key JWT, RFC 7523 client assertions; ZITADEL's JWT profile): the PEM loader and
the signer are :class:`AssertionSigner`'s, once; the claims beyond ``iss``/``sub``/``aud``/``iat``/
``exp``, the algorithms and the lifetimes stay with each vendor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from actions_sdk._checks import lifetime_seconds
from actions_sdk.errors import DecodeError, MissingDependencyError, ValidationError
from actions_sdk.providers._base import TokenGrant
from actions_sdk.providers._converters import json_body

__all__ = ["AssertionSigner", "decode_token_grant", "oauth_error", "text_or_none"]

# Keys of vendors' non-OAuth error bodies: a body with one of them is not an OAuth error even
# when it has an "error" member (Auth0's Management API sends {statusCode, error, message}).
_NOT_OAUTH = ("message", "statusCode", "code")


def decode_token_grant(response: httpx.Response) -> TokenGrant:
    """Read a token endpoint's success answer (RFC 6749 §5.1).

    Args:
        response: The 2xx answer of the token request.

    Returns:
        The grant; ``expires_in`` given as ``"3600"`` or ``3600`` is read, NaN, infinite, huge or
        negative values count as "not said".

    Raises:
        DecodeError: The body has no non-empty ``access_token`` (the body is not echoed: it may
            hold a token).
    """
    body = json_body(response)
    token = body.get("access_token") if isinstance(body, Mapping) else None
    if not isinstance(token, str) or not token:
        raise DecodeError(
            "token response has no access_token", field="access_token", response=response
        )
    return TokenGrant(access_token=token, expires_in=lifetime_seconds(body.get("expires_in")))


def oauth_error(body: object) -> tuple[str | None, str | None] | None:
    """Read an OAuth error body (RFC 6749 §5.2): ``{"error": ..., "error_description": ...}``.

    Args:
        body: The decoded error body (any JSON value, or text).

    Returns:
        ``(error, error_description)`` (each ``None`` when absent or blank) for an OAuth error
        body; ``None`` for any other body, which the vendor reads itself.
    """
    if not isinstance(body, Mapping):
        return None
    if "error_description" not in body and (
        not isinstance(body.get("error"), str) or any(key in body for key in _NOT_OAUTH)
    ):
        return None
    return text_or_none(body.get("error")), text_or_none(body.get("error_description"))


def text_or_none(value: object) -> str | None:
    """A field of an error body read as text: a non-empty string, else ``None``.

    Args:
        value: The decoded field.

    Returns:
        The string, or ``None`` for anything else (absent, empty, a number, an object).
    """
    return value if isinstance(value, str) and value else None


@attrs.frozen
class AssertionSigner:
    """One vendor's way of signing JWT assertions with an RSA private key.

    The PEM loading and the signing are the same for every vendor; what differs is named here
    (for messages and the install hint) or given per call (algorithm, extra claims, headers).
    Messages never include the key: they say what is wrong with it, not what it is.

    Attributes:
        purpose: What needs the key, as messages name it (``"Auth0 Private Key JWT"``).
        install_hint: The install command of the extra with PyJWT and cryptography.
        lifetime: Seconds an assertion is valid from its ``iat``.
    """

    purpose: str
    install_hint: str
    lifetime: int

    def _missing(self, what: str) -> MissingDependencyError:
        return MissingDependencyError(f"{self.purpose} needs {what}: {self.install_hint}")

    def load_key(
        self, pem: object, *, field: str, name: str, algorithm: str, defer: bool = False
    ) -> Any:
        """Load an unencrypted PEM RSA private key.

        Args:
            pem: The key as ``str`` or ``bytes``.
            field: The argument the key came from (``ValidationError.field``).
            name: How messages name the key, e.g. ``"key_file: 'key'"``.
            algorithm: The algorithm it will sign with (named when the key is not RSA).
            defer: Without cryptography installed, return the PEM text unchecked (the signer
                raises the install hint on first use) instead of raising now.

        Returns:
            The loaded key (or, with ``defer`` and no cryptography, the PEM text).

        Raises:
            ValidationError: Not str/bytes, not PEM, unreadable or encrypted, or not RSA.
            MissingDependencyError: PyJWT or cryptography is missing (unless ``defer``).
        """
        given = type(pem).__name__
        if isinstance(pem, str):
            pem = pem.encode("utf-8", "surrogatepass")
        if not isinstance(pem, bytes) or not pem.strip():
            # Only the type is named: whatever this is, it was meant to be a private key.
            raise ValidationError(
                f"{name} must be a PEM private key as str or bytes, got {given}", field=field
            )
        if b"-----BEGIN" not in pem:
            raise ValidationError(f"{name} is not a PEM private key", field=field)
        try:
            if not defer:
                import jwt  # noqa: F401 - signing happens later; fail here if it cannot
            from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
            from cryptography.hazmat.primitives.serialization import load_pem_private_key
        except ImportError:
            if defer:
                return pem.decode("utf-8", "surrogatepass")
            raise self._missing("PyJWT and cryptography") from None
        try:
            loaded = load_pem_private_key(pem, password=None)
        except (ValueError, TypeError):
            # cryptography's message is generic, but the chained exception could carry key bytes.
            raise ValidationError(
                f"{name} is not a readable unencrypted PEM private key", field=field
            ) from None
        except Exception:
            raise ValidationError(f"{name} could not be loaded", field=field) from None
        if not isinstance(loaded, RSAPrivateKey):
            raise ValidationError(
                f"{name} must be an RSA private key (for {algorithm})", field=field
            )
        return loaded

    def sign(
        self,
        key: Any,
        *,
        subject: str,
        audience: str,
        now: float,
        algorithm: str,
        claims: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """Sign an assertion: ``iss`` = ``sub`` = ``subject``, valid :attr:`lifetime` from ``now``.

        Args:
            key: What :meth:`load_key` returned.
            subject: The client or user the assertion speaks for.
            audience: Who it is addressed to (the token endpoint's issuer).
            now: Unix time of issue.
            algorithm: The JWS algorithm (``RS256`` …).
            claims: The vendor's further claims (Auth0's one-time ``jti``).
            headers: The vendor's JWS header fields (ZITADEL's ``kid``).

        Returns:
            The compact JWT.

        Raises:
            MissingDependencyError: PyJWT or cryptography is missing.
        """
        try:
            import jwt
            from jwt.algorithms import has_crypto
        except ImportError:
            raise self._missing("PyJWT and cryptography") from None
        if not has_crypto:
            raise self._missing(f"cryptography for {algorithm}")
        issued = int(now)
        payload = {
            "iss": subject,
            "sub": subject,
            "aud": audience,
            "iat": issued,
            "exp": issued + self.lifetime,
            **(claims or {}),
        }
        return jwt.encode(
            payload, key, algorithm=algorithm, headers=dict(headers) if headers else None
        )
