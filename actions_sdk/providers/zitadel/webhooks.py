"""The target's side of ZITADEL v2 Actions: verify a call, parse its payload, build the answer.

ZITADEL signs every JSON payload it sends to a target with the target's ``signingKey``
(zitadel-v2-actions-api.md §8.1)::

    ZITADEL-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=…]

:func:`verify_signature` checks that header (any ``v1`` part may match: one per active key,
for rotation), :func:`sign_payload` makes one (to test a target, and for the emulator),
:func:`parse_payload` turns the body into a typed payload, and :func:`function_answer` /
:func:`forward_error` build what a ``restCall`` target answers. Public import path:
:mod:`actions_sdk.webhooks.zitadel`.

Verifying needs only the standard library; the converter (and with it cattrs) is imported by the
first :func:`parse_payload` or answer, so a target that only verifies stays small.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from actions_sdk._checks import (
    check_bytes,
    check_credential,
    check_json,
    check_seconds,
    check_sequence,
    check_text,
    excerpt,
)
from actions_sdk.errors import (
    DecodeError,
    MalformedSignatureError,
    SignatureMismatchError,
    SignatureTimestampError,
    ValidationError,
)
from actions_sdk.providers.zitadel.payloads import (
    Base64Bytes,
    Claim,
    EventPayload,
    FunctionAnswer,
    FunctionPayload,
    JsonValue,
    MetadataEntry,
    RequestPayload,
    ResponsePayload,
    SamlAttribute,
)

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "DEFAULT_TOLERANCE",
    "MAX_SIGNATURE_HEADER_LENGTH",
    "SIGNATURE_HEADER",
    "Payload",
    "forward_error",
    "function_answer",
    "parse_payload",
    "sign_payload",
    "verify_signature",
]

SIGNATURE_HEADER: Final = "ZITADEL-Signature"
"""The header ZITADEL sends the signature in (not ``X-ZITADEL-Signature``, as the proto says)."""

DEFAULT_TOLERANCE: Final = 300.0
"""Seconds a signature's timestamp may be from now: ZITADEL's reference verifier's 300 s."""

MAX_SIGNATURE_HEADER_LENGTH: Final = 4096
"""Longest header read. A real one is ``t=`` and one 64-digit ``v1`` per active key (about 80
characters per key); a longer one is refused before it is split."""

# Ten digits are UNIX seconds until the year 2286; more can only be junk (or a 5,000-digit int).
_MAX_TIMESTAMP_DIGITS: Final = 12
_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")
# Timestamps the clock may read: 0 to the year 5138 (far past any real clock, below float trouble).
_LATEST_CLOCK: Final = 1e11

Payload = RequestPayload | ResponsePayload | FunctionPayload | EventPayload
"""Any of the four payloads :func:`parse_payload` returns."""

P = TypeVar("P", RequestPayload, ResponsePayload, FunctionPayload, EventPayload)


# -- signatures ---------------------------------------------------------------------------------


def _mac(key: bytes, timestamp: str, body: bytes) -> bytes:
    """The scheme's MAC: HMAC-SHA256 of ``"<t>." + body`` under the key's UTF-8 bytes.

    ``timestamp`` is the text of ``t`` as sent: the MAC covers what is signed, so ``t=01…``
    cannot pass for ``t=1…``.
    """
    return hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256).digest()


def _key_bytes(value: object, field: str) -> bytes:
    # check_credential names the argument and the type, never the key.
    return check_credential(value, field).encode("utf-8")


def sign_payload(
    body: bytes, signing_key: str | Sequence[str], *, timestamp: float | None = None
) -> str:
    """Build the ``ZITADEL-Signature`` header value ZITADEL would send with ``body``.

    For testing a target (post a signed body to it) and for emulators. Several keys give several
    ``v1`` parts, as ZITADEL sends while a key is being rotated.

    Args:
        body: The exact body bytes that will be sent.
        signing_key: The target's ``signingKey``, or several keys (one ``v1`` part each, in order).
        timestamp: The signing time in UNIX seconds (a float is truncated to whole seconds);
            ``None`` for now (:func:`time.time`).

    Returns:
        The header's value, ``t=<seconds>,v1=<hex>[,v1=<hex>…]``.

    Raises:
        ValidationError: A body that is not bytes, an empty or non-string key, no keys, or a
            timestamp that is not a finite, non-negative number.
    """
    raw = check_bytes(body, "body")
    if isinstance(signing_key, str):
        keys = [_key_bytes(signing_key, "signing_key")]
    else:
        given = check_sequence(signing_key, "signing_key")
        if not given:
            raise ValidationError("signing_key must name at least one key", field="signing_key")
        keys = [_key_bytes(key, f"signing_key[{index}]") for index, key in enumerate(given)]
    when = time.time() if timestamp is None else timestamp
    seconds = str(
        math.floor(check_seconds(when, "timestamp", maximum=_LATEST_CLOCK, allow_zero=True))
    )
    parts = [f"t={seconds}", *(f"v1={_mac(key, seconds, raw).hex()}" for key in keys)]
    return ",".join(parts)


def _malformed(problem: str) -> MalformedSignatureError:
    return MalformedSignatureError(f"the {SIGNATURE_HEADER} header {problem}")


def _parse_header(header: object) -> tuple[str, list[bytes]]:
    """Split a header into its timestamp's digits and its ``v1`` MACs; unknown parts are skipped."""
    if header is None:
        raise MalformedSignatureError(f"the request has no {SIGNATURE_HEADER} header")
    if isinstance(header, bytes | bytearray):  # ASGI hands raw header bytes
        if len(header) > MAX_SIGNATURE_HEADER_LENGTH:
            raise _malformed(f"is longer than {MAX_SIGNATURE_HEADER_LENGTH} bytes")
        if not bytes(header).isascii():
            raise _malformed("holds non-ASCII bytes")
        header = bytes(header).decode("ascii")
    if not isinstance(header, str):
        raise _malformed(f"must be text, got {type(header).__name__}")
    if len(header) > MAX_SIGNATURE_HEADER_LENGTH:
        raise _malformed(f"is longer than {MAX_SIGNATURE_HEADER_LENGTH} characters")
    if not header.isascii():
        raise _malformed("holds non-ASCII characters")
    timestamp: str | None = None
    macs: list[bytes] = []
    for part in header.split(","):
        name, equals, value = part.strip().partition("=")
        if not equals or not name:
            raise _malformed(f"has a part that is not name=value: {excerpt(part.strip(), 20)}")
        if name == "t":
            if timestamp is not None:
                # Two timestamps make the signed text ambiguous: refuse, never pick one.
                raise _malformed("has more than one t= part")
            if not value.isdigit() or len(value) > _MAX_TIMESTAMP_DIGITS:
                raise _malformed(f"has a t= that is not UNIX seconds: {excerpt(value, 20)}")
            timestamp = value
        elif name == "v1":
            if len(value) != 2 * hashlib.sha256().digest_size or not _HEX_DIGITS.issuperset(value):
                raise _malformed("has a v1= that is not 64 hexadecimal digits")
            macs.append(bytes.fromhex(value))
        # Other names (a future v2= scheme) are not ours to judge: skipped, as a verifier must.
    if timestamp is None:
        raise _malformed("has no t= part")
    if not macs:
        raise _malformed("has no v1= signature")
    return timestamp, macs


def _read_clock(now: Callable[[], float] | float | None) -> float:
    if now is None:
        value: object = time.time()
    elif callable(now):
        value = now()
    else:
        value = now
    return check_seconds(value, "now", maximum=_LATEST_CLOCK, allow_zero=True)


def verify_signature(
    body: bytes,
    header: str | bytes | None,
    signing_key: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Callable[[], float] | float | None = None,
) -> None:
    """Check that ``body`` was signed by ZITADEL with ``signing_key``, recently; raise if not.

    The header is ``t=<unix seconds>,v1=<hex>``, possibly with several ``v1`` parts (one per
    active key): it verifies when any of them is the HMAC-SHA256 of ``"<t>." + body`` keyed with
    the key's UTF-8 bytes (compared in constant time), and ``t`` is at most ``tolerance`` seconds
    from now, either way. The signature is checked before the time, so a stale timestamp is
    reported only for a body that is authentic (a replay, or clocks apart).

    Args:
        body: The raw request body, exactly as received (e.g. Flask's ``request.get_data()``,
            Starlette's ``await request.body()``), not re-encoded JSON.
        header: The ``ZITADEL-Signature`` header's value (text or raw ASCII bytes), or ``None``
            when the request has none.
        signing_key: The target's ``signingKey`` (returned when the target is created, read or
            rotated).
        tolerance: Most seconds ``t`` may be before or after now (default 300, ZITADEL's).
        now: The current UNIX time, or a callable returning it (a test clock); ``None`` for
            :func:`time.time`.

    Raises:
        MalformedSignatureError: No header, or one that is not ``t=…,v1=…`` (longer than
            :data:`MAX_SIGNATURE_HEADER_LENGTH`, not ASCII, a part without ``=``, two ``t``
            parts, a ``t`` that is not digits, a ``v1`` that is not 64 hex digits, none at all).
        SignatureMismatchError: No ``v1`` matches (a changed body, another key).
        SignatureTimestampError: The signature matches, but ``t`` is too far from now.
        ValidationError: A wrong argument: a body that is not bytes, an empty or non-string
            key, a negative or non-finite tolerance, a clock that does not give a number.

    Every one of these is a :class:`~actions_sdk.errors.ActionsSDKError`, and the three signature
    errors are :class:`~actions_sdk.errors.WebhookSignatureError`. No message contains the key,
    the body or the expected signature.
    """
    raw = check_bytes(body, "body")
    key = _key_bytes(signing_key, "signing_key")
    allowed = check_seconds(tolerance, "tolerance", allow_zero=True)
    current = _read_clock(now)
    signed_at, macs = _parse_header(header)
    expected = _mac(key, signed_at, raw)
    # Every candidate is compared (no early exit), so the time taken does not tell which matched.
    matched = False
    for candidate in macs:
        matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureMismatchError(
            f"no v1 signature of the {SIGNATURE_HEADER} header matches the body and the signing "
            "key (changed body, other or rotated key, or not sent by ZITADEL)"
        )
    timestamp = int(signed_at)
    age = current - timestamp
    if abs(age) > allowed:
        when = f"{age:.0f} s old" if age > 0 else f"{-age:.0f} s in the future"
        raise SignatureTimestampError(
            f"the {SIGNATURE_HEADER} timestamp is {when}, more than the tolerance of "
            f"{allowed:g} s (a replayed request, or clocks apart)",
            timestamp=timestamp,
            now=current,
            tolerance=allowed,
        )


# -- payloads -----------------------------------------------------------------------------------

_KIND_NAMES: Final[Mapping[type[Any], str]] = {
    RequestPayload: "a request",
    ResponsePayload: "a response",
    FunctionPayload: "a function",
    EventPayload: "an event",
}


def _payload_converter() -> cattrs.Converter:
    from actions_sdk.providers.zitadel._converter import payload_converter

    return payload_converter()


def _payload_mapping(body: object) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    raw = check_bytes(body, "body")
    try:
        data = json.loads(raw)
    # ValueError covers bad JSON, bad UTF-8 and 5,000-digit numbers; the stdlib parser recurses
    # once per nesting level, so "[" * 100_000 is a RecursionError.
    except (ValueError, RecursionError):
        raise DecodeError("the payload is not JSON") from None
    if not isinstance(data, dict):
        raise DecodeError(f"the payload must be a JSON object, got a JSON {type(data).__name__}")
    return data


def _kind_of(data: Mapping[str, Any]) -> type[Any]:
    from actions_sdk.providers.zitadel._converter import payload_kind

    kind = payload_kind(data)
    if kind is None:
        raise DecodeError(
            "the payload is none of ZITADEL's: it has no function, event_type or fullMethod key"
        )
    return kind


@overload
def parse_payload(body: bytes | str | Mapping[str, Any]) -> Payload: ...
@overload
def parse_payload(body: bytes | str | Mapping[str, Any], *, expect: type[P]) -> P: ...
def parse_payload(
    body: bytes | str | Mapping[str, Any], *, expect: type[P] | None = None
) -> Payload | P:
    """Parse what ZITADEL posted to a target into its typed payload.

    The kind is told by the keys ZITADEL always sends for it: ``function`` → a
    :class:`FunctionPayload`, ``event_type`` → an :class:`EventPayload`, ``response`` → a
    :class:`ResponsePayload`, ``fullMethod`` alone → a :class:`RequestPayload`. Unknown extra
    keys are ignored (newer servers add some); ``request``/``response`` and the other raw
    messages stay plain mappings. Verify the signature first: parsing trusts the content.

    Args:
        body: The body as bytes (as received), as text, or already decoded JSON.
        expect: The payload class the target is bound for (a target listed only on a response
            condition expects :class:`ResponsePayload`); a body of another kind is refused.

    Returns:
        The payload (of class ``expect`` when given).

    Raises:
        DecodeError: Not JSON, not an object, of no known kind (or not of ``expect``), or a field
            of the wrong type; ``field`` names it (e.g. ``org.id``).
        ValidationError: ``body`` of another type, or an ``expect`` that is no payload class.
    """
    if expect is not None and expect not in _KIND_NAMES:
        raise ValidationError(
            f"expect must be one of RequestPayload, ResponsePayload, FunctionPayload or "
            f"EventPayload, got {excerpt(expect)}",
            field="expect",
        )
    data = _payload_mapping(body)
    kind = _kind_of(data)
    if expect is not None and kind is not expect:
        raise DecodeError(
            f"expected {_KIND_NAMES[expect]} payload, got {_KIND_NAMES[kind]} payload "
            "(is the target listed on another condition too?)"
        )
    from actions_sdk.providers._converters import decode

    payload: Payload = decode(_payload_converter(), data, kind)
    return payload


# -- answers ------------------------------------------------------------------------------------


def forward_error(status_code: int, message: str) -> dict[str, Any]:
    """The answer that makes ZITADEL refuse the original call with ``status_code``.

    A ``restCall`` target answers HTTP 200 with this body; ZITADEL then answers its caller with
    the given 4xx and message (anything outside 400–499 would become PreconditionFailed, so it
    is refused here).

    Args:
        status_code: An HTTP status from 400 to 499.
        message: The message the caller sees.

    Returns:
        The JSON body, ``{"forwardedStatusCode": …, "forwardedErrorMessage": …}``.

    Raises:
        ValidationError: A status outside 400–499, or a message that is not a string.
    """
    if isinstance(status_code, bool) or not isinstance(status_code, int):
        raise ValidationError(
            f"status_code must be an int from 400 to 499, got {excerpt(status_code)}",
            field="status_code",
        )
    if not 400 <= status_code <= 499:
        raise ValidationError(
            f"status_code must be from 400 to 499 (ZITADEL forwards only those), got {status_code}",
            field="status_code",
        )
    text = check_text(message, "message", allow_empty=True)
    return {"forwardedStatusCode": status_code, "forwardedErrorMessage": text}


def _claims(value: object) -> tuple[Claim, ...]:
    items = value.items() if isinstance(value, Mapping) else None
    if items is None:
        raise ValidationError(
            f"append_claims must be a mapping of claim names to JSON values, got "
            f"{type(value).__name__}",
            field="append_claims",
        )
    claims = []
    for key, claim in items:
        name = check_text(key, "append_claims key")
        check_json(claim, f"append_claims[{name!r}]")
        claims.append(Claim(name, JsonValue(claim)))
    return tuple(claims)


def _metadata(value: object) -> tuple[MetadataEntry, ...]:
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"set_user_metadata must be a mapping of keys to bytes or text, got "
            f"{type(value).__name__}",
            field="set_user_metadata",
        )
    entries = []
    for key, data in value.items():
        name = check_text(key, "set_user_metadata key")
        field = f"set_user_metadata[{name!r}]"
        raw = data.encode("utf-8") if isinstance(data, str) else check_bytes(data, field)
        entries.append(MetadataEntry(name, Base64Bytes(raw)))
    return tuple(entries)


def _texts(value: object, field: str) -> tuple[str, ...]:
    return tuple(
        check_text(item, f"{field}[{index}]", allow_empty=True)
        for index, item in enumerate(check_sequence(value, field))
    )


def _attributes(value: object) -> tuple[SamlAttribute, ...]:
    attributes = []
    for index, item in enumerate(check_sequence(value, "append_attribute")):
        if not isinstance(item, SamlAttribute):
            raise ValidationError(
                f"append_attribute[{index}] must be a SamlAttribute, got {type(item).__name__}",
                field=f"append_attribute[{index}]",
            )
        check_text(item.name, f"append_attribute[{index}].name")
        check_text(item.name_format, f"append_attribute[{index}].name_format", allow_empty=True)
        _texts(item.values, f"append_attribute[{index}].values")
        attributes.append(item)
    return tuple(attributes)


def function_answer(
    *,
    append_claims: Mapping[str, Any] | None = None,
    set_user_metadata: Mapping[str, bytes | str] | None = None,
    append_log_claims: Sequence[str] = (),
    append_attribute: Sequence[SamlAttribute] = (),
) -> dict[str, Any]:
    """The JSON body a ``restCall`` target of a function condition answers with.

    ``preuserinfo`` and ``preaccesstoken`` read claims, metadata and log claims;
    ``presamlresponse`` reads metadata and SAML attributes. Leave out what the function does not
    read; an empty answer (``{}``) changes nothing.

    Args:
        append_claims: Claims to add, name → any JSON value, in order.
        set_user_metadata: Metadata to set on the user, key → bytes (text is UTF-8 encoded);
            sent base64-encoded, as ZITADEL expects.
        append_log_claims: Lines for the function's log claim.
        append_attribute: SAML attributes to add.

    Returns:
        The JSON body (a dict for the web framework to send).

    Raises:
        ValidationError: A value of the wrong type, an empty claim or metadata key, or a claim
            value JSON cannot carry.
    """
    answer = FunctionAnswer(
        set_user_metadata=_metadata(set_user_metadata) if set_user_metadata is not None else (),
        append_claims=_claims(append_claims) if append_claims is not None else (),
        append_log_claims=_texts(append_log_claims, "append_log_claims"),
        append_attribute=_attributes(append_attribute),
    )
    unstructured: dict[str, Any] = _payload_converter().unstructure(answer)
    return unstructured
