"""The target's side of ZITADEL v2 JWT payloads: verify the token against the instance's web keys.

A target whose ``payloadType`` is ``PAYLOAD_TYPE_JWT`` receives, as its whole body, a compact JWS
signed with the instance's active **web key** (zitadel-v2-actions-api.md §4.3, §8.2). What the
server sends, as read in ``internal/execution`` and ``internal/api/oidc/sign`` of
``zitadel/zitadel``:

* the JWS header is ``{"alg": <the web key's algorithm>, "kid": <the web key's id>, "typ": "JWT"}``;
* the JWS payload is the JSON body a ``PAYLOAD_TYPE_JSON`` target would get, byte for byte: no
  ``iss``, ``aud``, ``exp`` or ``iat`` is added;
* the web keys are published, public parts only, as a JWKS at ``{issuer}/oauth/v2/keys``; their
  algorithms are RS256/384/512, ES256/384/512 and EdDSA (Ed25519);
* the ``ZITADEL-Signature`` header
  (:func:`~actions_sdk.providers.zitadel.webhooks.verify_signature`) is sent as well, an HMAC of
  the JWT text with the target's signing key: the token carries no time, so that header's ``t``
  is what bounds a replay.

:func:`verify_jwt_payload` checks such a body and returns the payload it carries (a mapping that
:func:`~actions_sdk.providers.zitadel.webhooks.parse_payload` turns into a typed payload).
:class:`WebKeySet` holds the instance's keys and fetches them again when a token names a key it
does not know (a rotation). PyJWT and cryptography (the ``jwt`` extra) are imported on first use.

JWE payloads (``PAYLOAD_TYPE_JWE``: that JWT encrypted to the target's public key) are decrypted
by :func:`~actions_sdk.providers.zitadel.jwe_payloads.verify_jwe_payload`, which then verifies the
inner JWT here; given a five-part token, this function refuses it with a message pointing there.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from actions_sdk._checks import check_seconds, check_sequence, check_text, excerpt
from actions_sdk.errors import (
    DecodeError,
    IssuerMismatchError,
    MalformedSignatureError,
    MissingDependencyError,
    SignatureAlgorithmError,
    SignatureMismatchError,
    SignatureTimestampError,
    UnknownSigningKeyError,
    ValidationError,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_LEEWAY",
    "JWKS_PATH",
    "JWT_ALGORITHMS",
    "MAX_JWT_LENGTH",
    "WebKeySet",
    "fetch_web_keys",
    "verify_jwt_payload",
]

JWT_ALGORITHMS: Final = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA")
"""The algorithms of ZITADEL's web keys, the only ones a JWT payload is accepted with.

All asymmetric: ``none`` and the HMAC algorithms (``HS256`` …) are never accepted, so a token
"signed" with the public key as an HMAC secret cannot pass."""

DEFAULT_LEEWAY: Final = 60.0
"""Seconds of clock difference allowed on ``exp`` / ``nbf`` / ``iat``, when a token has them."""

JWKS_PATH: Final = "/oauth/v2/keys"
"""Where an instance publishes its web keys, below its issuer URL."""

MAX_JWT_LENGTH: Final = 4 << 20
"""Longest body read as a JWT (characters): a payload of about 3 MiB, past any real one."""

_MAX_HEADER_LENGTH: Final = 4096
_MAX_KID_LENGTH: Final = 200
_BASE64URL: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_INSTALL_HINT: Final = 'pip install "actions-sdk[jwt]"'
# Which key each algorithm needs: its JWK key type, and for EC/OKP the curve.
_KEY_TYPES: Final[Mapping[str, tuple[str, str | None]]] = {
    "RS256": ("RSA", None),
    "RS384": ("RSA", None),
    "RS512": ("RSA", None),
    "ES256": ("EC", "P-256"),
    "ES384": ("EC", "P-384"),
    "ES512": ("EC", "P-521"),
    "EdDSA": ("OKP", "Ed25519"),
}
# Timestamps a claim may hold: 0 to the year 5138, like the signature header's t.
_LATEST: Final = 1e11


def require_jwt_extra(purpose: str = "verifying ZITADEL JWT payloads") -> Any:
    """PyJWT with cryptography's algorithms, or the SDK's error naming the ``jwt`` extra.

    The one check of this dependency for the JWT-payload side (the emulator's web keys too).

    Args:
        purpose: What needs it, as the message names it.

    Returns:
        The ``jwt`` module.

    Raises:
        MissingDependencyError: PyJWT or cryptography is not installed.
    """
    try:
        import jwt
        from jwt.algorithms import has_crypto
    except ImportError:
        raise _missing_jwt_extra(purpose) from None
    if not has_crypto:
        raise _missing_jwt_extra(purpose)
    return jwt


def _missing_jwt_extra(purpose: str) -> MissingDependencyError:
    # Built only when it is raised: require_jwt_extra runs on every verification.
    return MissingDependencyError(f"{purpose} needs PyJWT and cryptography: {_INSTALL_HINT}")


# -- the key set --------------------------------------------------------------------------------


class _Key:
    """One usable public web key: its JWK fields that matter and the loaded key."""

    __slots__ = ("alg", "crv", "key", "kty")

    def __init__(self, kty: str, crv: str | None, alg: str | None, key: Any) -> None:
        self.kty = kty
        self.crv = crv
        self.alg = alg
        self.key = key


def _load_keys(jwks: object, *, source: str) -> tuple[dict[str, _Key], dict[str, str]]:
    """Read a JWKS into usable keys by ``kid`` and, for the unusable ones, why not.

    A key that cannot be used (no ``kid``, not for signing, symmetric, of a type PyJWT cannot
    load) is set aside with its reason instead of failing the whole set: an instance may publish
    keys this SDK does not use, and only a token naming that key needs to fail.
    """
    jwt = require_jwt_extra()

    def wrong(problem: str) -> Exception:
        if source == "server":
            return DecodeError(f"the instance's JWKS {problem}", field="keys")
        return ValidationError(f"jwks {problem}", field="jwks")

    if not isinstance(jwks, Mapping):
        raise wrong(f"must be a JSON object with a keys list, got {type(jwks).__name__}")
    entries = jwks.get("keys")
    if isinstance(entries, str | bytes | Mapping) or not isinstance(entries, Sequence):
        raise wrong("has no keys list")
    usable: dict[str, _Key] = {}
    unusable: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid:
            continue  # no token can name it
        reason = _unusable(entry)
        if kid in usable or kid in unusable:
            # Two keys under one kid: which one a token means is not knowable, so neither is used.
            usable.pop(kid, None)
            unusable[kid] = "appears more than once in the JWKS"
            continue
        if reason is not None:
            unusable[kid] = reason
            continue
        try:
            loaded = jwt.PyJWK(dict(entry)).key
        except Exception:  # PyJWT raises several types; the JWK itself is never quoted
            unusable[kid] = "cannot be loaded (malformed key parameters)"
            continue
        alg = entry.get("alg")
        crv = entry.get("crv")
        usable[kid] = _Key(
            str(entry["kty"]),
            crv if isinstance(crv, str) else None,
            alg if isinstance(alg, str) else None,
            loaded,
        )
    return usable, unusable


def _unusable(entry: Mapping[str, Any]) -> str | None:
    kty = entry.get("kty")
    if kty == "oct":
        return "is a symmetric key (never accepted)"
    if kty not in {"RSA", "EC", "OKP"}:
        return f"has a key type this SDK does not verify with: {excerpt(kty, 20)}"
    use = entry.get("use")
    if use is not None and use != "sig":
        return f"is not a signing key (use {excerpt(use, 20)})"
    alg = entry.get("alg")
    if alg is not None and alg not in JWT_ALGORITHMS:
        return f"is for an algorithm that is not accepted: {excerpt(alg, 20)}"
    return None


class WebKeySet:
    """The public web keys of one ZITADEL instance, by key id, refreshed on an unknown ``kid``.

    Build it once (at start-up) and pass it to every :func:`verify_jwt_payload` call. Given a
    ``fetch`` callable, a token that names a key the set does not hold makes it fetch the JWKS again
    (ZITADEL signs with a new key after a rotation); refreshes are at most one per
    ``min_refresh_interval`` seconds, so tokens with made-up key ids cannot make the target hammer
    the instance. Safe to share between threads.

    Args:
        jwks: A JWKS as the instance serves it (``{"keys": [...]}``), or ``None`` to start empty
            (the first token then fetches).
        fetch: A callable returning the current JWKS, e.g. ``lambda: fetch_web_keys(issuer)``
            (:meth:`from_issuer` builds exactly that); ``None`` for a fixed set.
        min_refresh_interval: Least seconds between two fetches (default 60).
        clock: Monotonic seconds, for the interval (a test clock).

    Raises:
        ValidationError: ``jwks`` of the wrong shape, or a wrong argument.
        MissingDependencyError: PyJWT or cryptography is missing.
    """

    def __init__(
        self,
        jwks: Mapping[str, Any] | None = None,
        *,
        fetch: Callable[[], Mapping[str, Any]] | None = None,
        min_refresh_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if fetch is not None and not callable(fetch):
            raise ValidationError(f"fetch must be callable, got {excerpt(fetch)}", field="fetch")
        if not callable(clock):
            raise ValidationError(f"clock must be callable, got {excerpt(clock)}", field="clock")
        self._interval = check_seconds(
            min_refresh_interval, "min_refresh_interval", allow_zero=True
        )
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._fetched_at: float | None = None
        self._keys: dict[str, _Key] = {}
        self._unusable: dict[str, str] = {}
        if jwks is not None:
            self._keys, self._unusable = _load_keys(jwks, source="caller")
        else:
            require_jwt_extra()  # name the missing extra now, not at the first request

    @classmethod
    def from_issuer(
        cls,
        issuer: str,
        *,
        client: httpx.Client | None = None,
        timeout: float = 10.0,
        min_refresh_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> WebKeySet:
        """A set that fetches ``{issuer}/oauth/v2/keys`` (on the first token, then on rotation).

        Args:
            issuer: The instance URL, e.g. ``https://my-instance.zitadel.cloud``.
            client: The ``httpx.Client`` to fetch with (its transport decides where requests go:
                tests pass an emulator's); ``None`` for a new client per fetch.
            timeout: Seconds a fetch may take.
            min_refresh_interval: Least seconds between two fetches.
            clock: Monotonic seconds, for the interval.

        Returns:
            The (still empty) key set.
        """
        url = _jwks_url(issuer)
        wait = check_seconds(timeout, "timeout", maximum=300)
        return cls(
            fetch=lambda: _get_jwks(url, client, wait),
            min_refresh_interval=min_refresh_interval,
            clock=clock,
        )

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The ids of the usable keys held now."""
        with self._lock:
            return tuple(self._keys)

    def refresh(self) -> None:
        """Fetch the JWKS now and replace the keys held (whatever the interval).

        Raises:
            ValidationError: The set has no ``fetch``.
            APIConnectionError: The instance could not be reached (``APITimeoutError`` in time).
            ApiError: It answered with an error status.
            DecodeError: It answered with something that is not a JWKS.
        """
        if self._fetch is None:
            raise ValidationError("this WebKeySet has no fetch to refresh with", field="fetch")
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        assert self._fetch is not None  # noqa: S101 - callers check
        # Counted from the attempt: a failing instance is not asked again at once either.
        self._fetched_at = self._clock()
        self._keys, self._unusable = _load_keys(self._fetch(), source="server")

    def _find(self, kid: str) -> _Key:
        # A known key needs no lock: the dict is replaced whole, never changed, so a token is not
        # held up by another thread's slow fetch.
        known = self._keys.get(kid)
        if known is not None:
            return known
        with self._lock:
            if kid not in self._keys and self._fetch is not None:
                last = self._fetched_at
                if last is None or self._clock() - last >= self._interval:
                    self._refresh_locked()
            found = self._keys.get(kid)
            reason = self._unusable.get(kid)
        if found is not None:
            return found
        if reason is not None:
            raise UnknownSigningKeyError(f"the JWT names key {excerpt(kid)}, which {reason}")
        raise UnknownSigningKeyError(
            f"the JWT names key {excerpt(kid)}, which is not among the instance's web keys "
            "(another instance, a key removed, or not sent by ZITADEL)"
        )

    def __repr__(self) -> str:
        return f"WebKeySet(key_ids={list(self.key_ids)!r}, refreshes={self._fetch is not None})"


def _jwks_url(issuer: object) -> str:
    text = check_text(issuer, "issuer", max_length=2048).rstrip("/")
    if not text.startswith(("https://", "http://")):
        raise ValidationError(
            f"issuer must be the instance URL (https://…), got {excerpt(text)}", field="issuer"
        )
    return text + JWKS_PATH


def fetch_web_keys(
    issuer: str, *, client: httpx.Client | None = None, timeout: float = 10.0
) -> dict[str, Any]:
    """GET the instance's JWKS (``{issuer}/oauth/v2/keys``; no token needed: the keys are public).

    Args:
        issuer: The instance URL, e.g. ``https://my-instance.zitadel.cloud``.
        client: The ``httpx.Client`` to use (tests pass an emulator's); ``None`` for a new one.
        timeout: Seconds the request may take.

    Returns:
        The JWKS, ``{"keys": [...]}``.

    Raises:
        APIConnectionError: No answer (``APITimeoutError`` when it timed out).
        ApiError: An error status, typed as for any ZITADEL API answer (gRPC code, error id).
        DecodeError: An answer that is not a JSON object.
        ValidationError: A wrong argument.
    """
    return _get_jwks(_jwks_url(issuer), client, check_seconds(timeout, "timeout", maximum=300))


def _get_jwks(url: str, client: httpx.Client | None, wait: float) -> dict[str, Any]:
    # Imported here: they load httpx (and the transport its retry machinery), which a target that
    # only verifies tokens against a fixed JWKS never needs.
    import httpx

    from actions_sdk._transport import transport_error
    from actions_sdk.providers._converters import json_body
    from actions_sdk.providers.zitadel._errors import parse_error

    try:
        if client is None:
            with httpx.Client(timeout=wait) as own:
                response = own.get(url)
        else:
            response = client.get(url, timeout=wait)
    except httpx.TransportError as exc:
        raise transport_error(f"GET {url}", exc) from None
    if not response.is_success:
        raise parse_error(response)
    data = json_body(response)
    if not isinstance(data, dict):
        raise DecodeError("the instance's JWKS is not a JSON object", response=response)
    return data


# -- verification -------------------------------------------------------------------------------


def _segment(text: str, what: str, kind: str = "JWT") -> bytes:
    """One base64url part of a compact token (``kind``: ``JWT`` or ``JWE``, for the message)."""
    if not _BASE64URL.issuperset(text):
        raise MalformedSignatureError(f"the {kind}'s {what} is not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedSignatureError(f"the {kind}'s {what} is not base64url") from None
    # Only the one canonical spelling: otherwise a last character whose unused bits differ
    # decodes the same, and one signature would have several texts.
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != text:
        raise MalformedSignatureError(f"the {kind}'s {what} is not canonical base64url")
    return data


def _compact_text(body: object, kind: str = "JWT") -> str:
    """The raw body as ASCII text, at most :data:`MAX_JWT_LENGTH` long, outer blanks removed."""
    if isinstance(body, bytes | bytearray | memoryview):
        raw = bytes(body)
        if len(raw) > MAX_JWT_LENGTH:
            raise MalformedSignatureError(f"the {kind} is longer than {MAX_JWT_LENGTH} bytes")
        if not raw.isascii():
            raise MalformedSignatureError(f"the {kind} holds non-ASCII bytes")
        body = raw.decode("ascii")
    if not isinstance(body, str):
        raise ValidationError(
            f"body must be the raw body (bytes or str), got {type(body).__name__}", field="body"
        )
    if len(body) > MAX_JWT_LENGTH:
        raise MalformedSignatureError(f"the {kind} is longer than {MAX_JWT_LENGTH} characters")
    if not body.isascii():
        raise MalformedSignatureError(f"the {kind} holds non-ASCII characters")
    return body.strip()


def _split(body: object) -> tuple[str, str, str]:
    parts = _compact_text(body).split(".")
    if len(parts) == 5:
        raise MalformedSignatureError(
            "the body is a JWE (payload type JWE): give it to verify_jwe_payload with the "
            "target's private key"
        )
    # An empty signature (``alg: none``) gets as far as the alg check, which refuses it by name.
    if len(parts) != 3 or not parts[0]:
        raise MalformedSignatureError(
            "the body is not a compact JWT (three base64url parts joined by '.')"
        )
    return parts[0], parts[1], parts[2]


def _header(text: str, kind: str = "JWT") -> dict[str, Any]:
    if len(text) > _MAX_HEADER_LENGTH:
        raise MalformedSignatureError(f"the {kind}'s header is longer than {_MAX_HEADER_LENGTH}")
    try:
        header = json.loads(_segment(text, "header", kind))
    except (ValueError, RecursionError):
        raise MalformedSignatureError(f"the {kind}'s header is not JSON") from None
    if not isinstance(header, dict):
        raise MalformedSignatureError(f"the {kind}'s header is not a JSON object")
    return header


def _algorithm(header: Mapping[str, Any], allowed: frozenset[str]) -> str:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in allowed:
        accepted = ", ".join(sorted(allowed))
        raise SignatureAlgorithmError(
            f"the JWT's alg {excerpt(alg, 20)} is not accepted (allowed: {accepted})"
        )
    _check_crit_and_typ(header)
    return alg


def _check_crit_and_typ(header: Mapping[str, Any], kind: str = "JWT") -> None:
    """No ``crit``, and ``typ`` absent or JWT: as in every JWT and JWE that ZITADEL sends."""
    if "crit" in header:
        # RFC 7515 §4.1.11: extensions the verifier does not understand make the token invalid.
        raise MalformedSignatureError(
            f"the {kind}'s header has crit extensions, which are not known"
        )
    typ = header.get("typ")
    if typ is not None and (not isinstance(typ, str) or typ.upper() != "JWT"):
        # ZITADEL sends typ JWT; another typ is another kind of token (at+jwt, a JWE's cty …).
        raise MalformedSignatureError(f"the {kind}'s typ {excerpt(typ, 20)} is not JWT")


def _kid(header: Mapping[str, Any], kind: str = "JWT", names: str = "its web key") -> str:
    """The header's ``kid``: ZITADEL names the key (``names``) in every token."""
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid or len(kid) > _MAX_KID_LENGTH:
        raise MalformedSignatureError(
            f"the {kind}'s header has no usable kid (ZITADEL names {names} in every token)"
        )
    return kid


def _check_key(key: _Key, alg: str, kid: str) -> None:
    kty, crv = _KEY_TYPES[alg]
    if key.alg is not None and key.alg != alg:
        raise SignatureAlgorithmError(
            f"the JWT says {alg}, but key {excerpt(kid)} is for {excerpt(key.alg, 20)}"
        )
    if key.kty != kty or (crv is not None and key.crv != crv):
        have = f"{key.kty} {key.crv}" if key.crv else key.kty
        raise SignatureAlgorithmError(
            f"the JWT says {alg}, but key {excerpt(kid)} is a {excerpt(have, 30)} key"
        )


def _verify(jwt: Any, alg: str, key: _Key, signing_input: bytes, signature: bytes) -> bool:
    try:
        return bool(jwt.get_algorithm_by_name(alg).verify(signing_input, key.key, signature))
    except Exception:  # a wrong-length or otherwise unusable signature is simply not valid
        return False


def _claims(payload: bytes) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        raise DecodeError("the JWT's payload is not JSON") from None
    if not isinstance(data, dict):
        raise DecodeError(
            f"the JWT's payload must be a JSON object, got a JSON {type(data).__name__}"
        )
    return data


def _time_claim(claims: Mapping[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= _LATEST:
        raise MalformedSignatureError(f"the JWT's {name} claim is not UNIX seconds")
    return float(value)


def _check_times(claims: Mapping[str, Any], now: float, leeway: float) -> None:
    """``exp``, ``nbf`` and ``iat``, each only when present (ZITADEL's payloads carry none)."""

    def refuse(name: str, at: float, problem: str) -> SignatureTimestampError:
        return SignatureTimestampError(
            f"the JWT {problem} (its {name} is {abs(now - at):.0f} s "
            f"{'ago' if at <= now else 'ahead'}; leeway {leeway:g} s)",
            timestamp=int(at),
            now=now,
            tolerance=leeway,
            claim=name,
        )

    expires = _time_claim(claims, "exp")
    # RFC 7519 §4.1.4: not valid on or after exp; the leeway extends that.
    if expires is not None and now >= expires + leeway:
        raise refuse("exp", expires, "has expired")
    not_before = _time_claim(claims, "nbf")
    if not_before is not None and now < not_before - leeway:
        raise refuse("nbf", not_before, "is not valid yet")
    issued = _time_claim(claims, "iat")
    if issued is not None and issued > now + leeway:
        raise refuse("iat", issued, "was issued in the future")


def _allowed(algorithms: object) -> frozenset[str]:
    if algorithms is None:
        return frozenset(JWT_ALGORITHMS)
    names = check_sequence(algorithms, "algorithms")
    if not names:
        raise ValidationError("algorithms must name at least one algorithm", field="algorithms")
    for name in names:
        if name not in JWT_ALGORITHMS:
            raise ValidationError(
                f"algorithms may only name ZITADEL's asymmetric web-key algorithms "
                f"({', '.join(JWT_ALGORITHMS)}), got {excerpt(name, 20)}",
                field="algorithms",
            )
    return frozenset(names)


def key_set(jwks: object) -> WebKeySet:
    """The ``jwks=`` argument of the payload verifiers as a :class:`WebKeySet`.

    Args:
        jwks: A :class:`WebKeySet` (used as it is) or a JWKS mapping (a fixed set).

    Returns:
        The key set.

    Raises:
        ValidationError: Anything else.
    """
    if isinstance(jwks, WebKeySet):
        return jwks
    if isinstance(jwks, Mapping):
        return WebKeySet(jwks)
    raise ValidationError(
        f"jwks must be a WebKeySet or a JWKS mapping, got {type(jwks).__name__}", field="jwks"
    )


def verify_jwt_payload(
    body: bytes | str,
    *,
    jwks: WebKeySet | Mapping[str, Any],
    algorithms: Sequence[str] | None = None,
    issuer: str | None = None,
    leeway: float = DEFAULT_LEEWAY,
    now: Callable[[], float] | float | None = None,
) -> dict[str, Any]:
    """Check that a ``PAYLOAD_TYPE_JWT`` body was signed by the instance; return its payload.

    In this order: the body is a compact JWS whose header names an accepted asymmetric ``alg``
    and a ``kid``; the key set holds a key with that ``kid`` (a :class:`WebKeySet` with a fetch
    looks again once, for a rotated key) whose type and curve fit the ``alg``; the signature
    verifies with it. Then, on the authentic payload: ``exp`` / ``nbf`` / ``iat`` are within
    ``leeway`` of now, and ``iss`` equals ``issuer`` — each only when the payload has it, since
    ZITADEL adds none of them (its payload is the JSON body, unchanged). So this proves who sent
    the body, not when: verify the ``ZITADEL-Signature`` header too to bound replays.

    Args:
        body: The raw request body (bytes or text): the compact JWT.
        jwks: The instance's web keys: a :class:`WebKeySet` (refreshes on rotation), or a JWKS
            mapping as served at ``{issuer}/oauth/v2/keys`` (fixed).
        algorithms: The accepted algorithms, a subset of :data:`JWT_ALGORITHMS` (default: all of
            them, the algorithms an instance's web keys can have).
        issuer: The expected ``iss``, checked when the payload carries one.
        leeway: Seconds of clock difference allowed on the time claims (default 60).
        now: The current UNIX time, or a callable returning it; ``None`` for :func:`time.time`.

    Returns:
        The payload, a JSON object (give it to ``parse_payload`` for the typed model).

    Raises:
        MalformedSignatureError: Not a compact JWS (a JWE, too long, not ASCII, bad base64url,
            a header that is not a JSON object, no ``kid``, ``crit``, a ``typ`` other than JWT,
            a time claim that is not a number).
        SignatureAlgorithmError: ``alg`` is not accepted (``none``, ``HS256`` …) or does not fit
            the key.
        UnknownSigningKeyError: No usable key has the token's ``kid``.
        SignatureMismatchError: The signature does not verify (changed header or payload,
            another key).
        SignatureTimestampError: Authentic, but expired, not valid yet or issued in the future.
        IssuerMismatchError: Authentic, but its ``iss`` is not ``issuer``.
        DecodeError: Authentic, but the payload is not a JSON object.
        ValidationError: A wrong argument.
        MissingDependencyError: PyJWT or cryptography is missing (the ``jwt`` extra).
        APIConnectionError: A :class:`WebKeySet` had to fetch and could not (also ``ApiError``,
            ``DecodeError`` for a bad answer): answer 5xx, not 401, the body may be genuine.

    No message contains the token, the payload or key material.
    """
    from actions_sdk.providers.zitadel.webhooks import _read_clock

    jwt = require_jwt_extra()
    allowed = _allowed(algorithms)
    allowance = check_seconds(leeway, "leeway", maximum=86_400, allow_zero=True)
    expected_issuer = None if issuer is None else check_text(issuer, "issuer")
    current = _read_clock(now)
    keys = key_set(jwks)
    header_text, payload_text, signature_text = _split(body)
    header = _header(header_text)
    alg = _algorithm(header, allowed)
    kid = _kid(header)
    signature = _segment(signature_text, "signature")
    payload = _segment(payload_text, "payload")
    key = keys._find(kid)
    _check_key(key, alg, kid)
    signing_input = f"{header_text}.{payload_text}".encode("ascii")
    if not _verify(jwt, alg, key, signing_input, signature):
        raise SignatureMismatchError(
            f"the JWT's signature does not verify with web key {excerpt(kid)} (changed header "
            "or payload, or not signed by this instance)"
        )
    claims = _claims(payload)
    _check_times(claims, current, allowance)
    if expected_issuer is not None and "iss" in claims and claims["iss"] != expected_issuer:
        raise IssuerMismatchError(
            f"the JWT's iss {excerpt(claims['iss'])} is not the expected issuer "
            f"{excerpt(expected_issuer)}"
        )
    return claims
