"""The one set of argument checks every layer uses.

Every public call validates its arguments *before* anything is sent, and every check here raises
:class:`~actions_sdk.errors.ValidationError` (or, for a value the server sent,
:class:`~actions_sdk.errors.DecodeError`) with a message that shows at most a short excerpt of the
bad value — never a whole 800-character repr, and never the value of a credential.

Naming scheme: ``check_<kind>(value, field, ...)`` returns the value (normalised where the kind
says so) or raises. ``field`` is the argument's name as the caller spells it (``"action_id"``,
``"items[2]"``), which is also what the error's ``field`` attribute carries.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import quote

from actions_sdk.errors import DecodeError, ValidationError

__all__ = [
    "MAX_ID_LENGTH",
    "MAX_JSON_DEPTH",
    "MAX_QUERY_LENGTH",
    "check_bool",
    "check_credential",
    "check_header_value",
    "check_headers",
    "check_json",
    "check_query_value",
    "check_seconds",
    "check_sequence",
    "check_text",
    "encode_json",
    "excerpt",
    "header_number",
    "lifetime_seconds",
    "path_segment",
    "secret_type_error",
]

MAX_ID_LENGTH = 1024
"""Longest id the SDK puts into a path. Real ids are far shorter (Auth0 UUIDs, ZITADEL
snowflakes); a longer one can only be a mistake and would overflow URL limits on the way."""

MAX_JSON_DEPTH = 100
"""Deepest nesting of objects and arrays the SDK sends in a request body. Real bodies (an
action, a test event) are a few levels deep; a deeper one is a mistake or a cycle in the
making, and encoding it would exhaust the interpreter's recursion limit."""

MAX_QUERY_LENGTH = 2048
"""Longest value of one query parameter (a name or trigger filter). Longer ones would push the
URL past what servers and proxies accept."""

_EXCERPT = 40


def excerpt(value: object, limit: int = _EXCERPT) -> str:
    """A short, safe rendering of a rejected value for an error message.

    Strings are shown quoted and cut to ``limit`` characters; other values by their ``repr``,
    cut the same way. A value whose ``repr`` itself fails is named by its type.

    Args:
        value: The rejected value (never a credential: see :func:`secret_type_error`).
        limit: Most characters of the value to show.

    Returns:
        Text such as ``'post-logn'`` or ``'aaaaaaaa…' (70000 characters)``.
    """
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ (or a 5,000-digit int) must not replace the error
        name = type(value).__name__
        return f"{'an' if name[:1] in 'aeiou' else 'a'} {name} too large or odd to show"
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"{text[: limit - 1]}…{size}"


def secret_type_error(field: str, value: object) -> ValidationError:
    """The error for a credential argument of the wrong type: it names the type, never the value.

    Args:
        field: The argument (``token``, ``client_secret``, …).
        value: The wrong value; only its type is used.

    Returns:
        The exception to raise.
    """
    return ValidationError(
        f"{field} must be a non-empty string, got a {type(value).__name__}", field=field
    )


def path_segment(
    value: object, field: str = "id", *, source: Literal["caller", "server"] = "caller"
) -> str:
    """Encode one id as exactly one URL path segment — the SDK's only id encoder.

    Every character outside RFC 3986's unreserved set is percent-encoded (``a/b`` → ``a%2Fb``),
    and the ids that a client or proxy would normalise away (empty, ``.``, ``..``) are refused,
    as are lone surrogates (no UTF-8 form) and ids over :data:`MAX_ID_LENGTH` characters. So
    whatever the id, the request stays on the path the SDK built.

    Args:
        value: The id, from the caller or from a server answer.
        field: The argument's name, for the error.
        source: Who supplied the id: a bad one from the caller is a ``ValidationError``, a bad
            one the server sent back is a ``DecodeError``.

    Returns:
        The encoded segment.

    Raises:
        ValidationError: A bad id from the caller.
        DecodeError: A bad id from the server.
    """
    problem: str | None = None
    if not isinstance(value, str):
        problem = f"must be a string, got {type(value).__name__}"
    elif not value:
        problem = "must not be empty"
    elif value in {".", ".."}:
        problem = f"must not be {value!r}: it would leave its path segment"
    elif len(value) > MAX_ID_LENGTH:
        problem = f"must be at most {MAX_ID_LENGTH} characters, got {len(value)}"
    else:
        try:
            return quote(value, safe="", errors="strict")
        except UnicodeEncodeError:
            problem = "must be valid Unicode text (it holds a lone surrogate)"
    if source == "server":
        raise DecodeError(f"the server sent an unusable {field}: it {problem}", field=field)
    raise ValidationError(f"{field} {problem}", field=field)


def check_text(
    value: object,
    field: str,
    *,
    max_length: int | None = None,
    allow_empty: bool = False,
    strip_blank: bool = True,
) -> str:
    """A string argument: non-empty (unless ``allow_empty``), not only white space, bounded.

    Args:
        value: The argument.
        field: Its name.
        max_length: Most characters allowed.
        allow_empty: Accept ``""`` (e.g. an empty code draft).
        strip_blank: Refuse a non-empty value that is only white space.

    Returns:
        The string, unchanged.

    Raises:
        ValidationError: Otherwise.
    """
    if not isinstance(value, str):
        raise ValidationError(
            f"{field} must be a string, got {type(value).__name__} {excerpt(value)}", field=field
        )
    if not value and not allow_empty:
        raise ValidationError(f"{field} must not be empty", field=field)
    if value and strip_blank and not value.strip():
        raise ValidationError(f"{field} must not be only white space", field=field)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            f"{field} must be at most {max_length} characters, got {len(value)}", field=field
        )
    return value


def check_bool(value: object, field: str) -> bool:
    """A bool argument (``0``/``1`` and strings are refused: they are usually mistakes).

    Args:
        value: The argument.
        field: Its name.

    Returns:
        The bool.

    Raises:
        ValidationError: Otherwise.
    """
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be a bool, got {excerpt(value)}", field=field)
    return value


def check_seconds(
    value: object, field: str, *, maximum: float | None = None, allow_zero: bool = False
) -> float:
    """A duration in seconds: a real, finite number, positive (or zero), at most ``maximum``.

    Huge ints (``10**400``) and ``inf``/``nan`` are refused here rather than overflowing later.

    Args:
        value: The argument.
        field: Its name.
        maximum: Largest value allowed, inclusive (default: a billion seconds).
        allow_zero: Accept exactly 0.

    Returns:
        The value as a float.

    Raises:
        ValidationError: Otherwise.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            f"{field} must be a number of seconds, got {excerpt(value)}", field=field
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(f"{field} must be finite, got {value!r}", field=field)
    limit = maximum if maximum is not None else 1e9
    # Compare before converting: float(10**400) would raise OverflowError.
    if value > limit:
        raise ValidationError(f"{field} must be at most {limit:g} seconds", field=field)
    if value < 0 or (value == 0 and not allow_zero):
        relation = "zero or more" if allow_zero else "more than 0"
        raise ValidationError(
            f"{field} must be {relation} seconds, got {excerpt(value)}", field=field
        )
    return float(value)


def check_sequence(value: object, field: str) -> Sequence[Any]:
    """A list-like argument: a sequence, but not a string, bytes or a mapping.

    Args:
        value: The argument.
        field: Its name.

    Returns:
        The sequence, unchanged.

    Raises:
        ValidationError: Otherwise (``"post-login"`` where ``["post-login"]`` was meant, say).
    """
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Sequence):
        raise ValidationError(
            f"{field} must be a list, got {type(value).__name__} {excerpt(value)}", field=field
        )
    return value


def check_credential(value: object, field: str, *, header: bool = False) -> str:
    """A credential argument (token, client id or secret): a non-empty string, never echoed.

    Every message names the argument and, at most, the value's type: a credential's value never
    appears in an error, a repr or a log line.

    Args:
        value: The credential.
        field: The argument's name (``token``, ``client_secret``, …).
        header: The value is sent as is in an HTTP header (a bearer token), so it must be
            visible ASCII: no spaces, control characters (CR/LF) or non-ASCII letters, which
            would otherwise fail deep inside the HTTP stack with the token in the error.

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: Otherwise.
    """
    if not isinstance(value, str) or not value:
        raise secret_type_error(field, value)
    if header:
        if not all("!" <= char <= "~" for char in value):
            raise ValidationError(
                f"{field} must hold only visible ASCII characters (no spaces, line breaks or "
                "non-ASCII letters): it is sent in an HTTP header",
                field=field,
            )
    elif not _is_unicode(value):
        raise ValidationError(
            f"{field} must be valid Unicode text (it holds a lone surrogate)", field=field
        )
    return value


def check_header_value(value: object, field: str) -> str:
    """A non-secret value sent in an HTTP header (ZITADEL's organization id): visible ASCII.

    Args:
        value: The argument.
        field: Its name.

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: For a non-string, an empty string, or any character outside visible
            ASCII (CR/LF would split the header; non-ASCII cannot be encoded).
    """
    text = check_text(value, field, max_length=MAX_ID_LENGTH)
    if not all("!" <= char <= "~" for char in text):
        raise ValidationError(
            f"{field} must hold only visible ASCII characters (it is sent in an HTTP header), "
            f"got {excerpt(text)}",
            field=field,
        )
    return text


def _is_unicode(text: str) -> bool:
    """Whether ``text`` has a UTF-8 form (no lone surrogates)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_path(parts: Sequence[str | int]) -> str:
    """``["bindings", 0, "secrets"]`` → ``bindings[0].secrets``; the root is ``body``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "body"


def check_json(value: object, field: str = "body") -> None:
    """Check that ``value`` is a JSON document the SDK can send, before anything is sent.

    Accepted: ``dict`` with ``str`` keys, ``list``/``tuple``, ``str`` (valid Unicode), ``int``,
    finite ``float``, ``bool`` and ``None``, nested at most :data:`MAX_JSON_DEPTH` deep and
    without cycles. The error names the path of the first bad value (``payload.user.tags[2]``)
    and its type — never the value itself, which may be a secret.

    Args:
        value: The request body.
        field: Prefix of the reported path (the body's own name; ``body`` by default).

    Raises:
        ValidationError: For the first value JSON cannot carry.
    """
    path: list[str | int] = [] if field == "body" else [field]
    _check_json_node(value, path, set())


def _json_error(path: Sequence[str | int], problem: str) -> ValidationError:
    where = _json_path(path)
    return ValidationError(f"request body value {where} {problem}", field=where)


def _check_json_node(value: object, path: list[str | int], open_ids: set[int]) -> None:
    # Iterative over siblings, recursive over depth: the depth is bounded first, so the recursion
    # never comes near the interpreter's limit.
    kind = type(value)
    if value is None or kind is bool or kind is int:
        return
    if isinstance(value, str):
        if not _is_unicode(value):
            raise _json_error(path, "is not valid Unicode text (it holds a lone surrogate)")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _json_error(path, "must be a finite number (JSON has no NaN or infinity)")
        return
    if isinstance(value, int):  # int subclasses (IntEnum); bool was handled above
        return
    if not isinstance(value, dict | list | tuple):
        raise _json_error(path, f"cannot be sent as JSON: a {kind.__name__} is not a JSON type")
    if len(path) >= MAX_JSON_DEPTH:
        raise _json_error(path, f"is nested deeper than {MAX_JSON_DEPTH} levels")
    identity = id(value)
    if identity in open_ids:
        raise _json_error(path, "contains itself (a circular reference)")
    open_ids.add(identity)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _json_error(
                    path, f"has a key that is a {type(key).__name__}: JSON keys must be strings"
                )
            if not _is_unicode(key):
                raise _json_error(path, "has a key that is not valid Unicode text")
            path.append(key)
            _check_json_node(item, path, open_ids)
            path.pop()
    else:
        for index, item in enumerate(value):
            path.append(index)
            _check_json_node(item, path, open_ids)
            path.pop()
    open_ids.discard(identity)


def encode_json(value: object) -> bytes:
    """Encode a request body as compact UTF-8 JSON — the SDK's only JSON body encoder.

    The body is checked with :func:`check_json` first (again: its operation checked it when it
    was built, but the caller may have changed a nested value since), so a value JSON cannot
    carry is a :class:`ValidationError` naming its path, never a ``TypeError`` from the encoder.

    Args:
        value: The request body.

    Returns:
        The bytes to send.

    Raises:
        ValidationError: For a value JSON cannot carry.
    """
    check_json(value)
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # The walk accepts only what json.dumps encodes; should they ever disagree, the error stays
    # typed and still shows no value.
    except (TypeError, ValueError, RecursionError):
        raise ValidationError("the request body cannot be sent as JSON", field="body") from None
    return text.encode("utf-8")


def header_number(raw: str | None) -> float | None:
    """Read a numeric response header (rate limits, waits) the way every caller reads them.

    A header comes from the server or any proxy on the way, so anything that is not a finite,
    non-negative number — ``inf``, ``nan``, ``1e309``, ``-1``, text — reads as absent rather than
    failing the call it came with.

    Args:
        raw: The header's value, or ``None`` when it was absent.

    Returns:
        The number, or ``None``.
    """
    if raw is None or len(raw) > 64:  # no real header value is longer; int() of 5000 digits is slow
        return None
    try:
        number = float(raw.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def check_query_value(value: object, field: str) -> str:
    """A text filter sent as a query parameter: non-empty, bounded, with a UTF-8 form.

    Args:
        value: The argument.
        field: Its name.

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: For a non-string, an empty value, one longer than
            :data:`MAX_QUERY_LENGTH`, or one holding a lone surrogate.
    """
    text = check_text(value, field, max_length=MAX_QUERY_LENGTH, strip_blank=False)
    if not _is_unicode(text):
        raise ValidationError(
            f"{field} must be valid Unicode text (it holds a lone surrogate)", field=field
        )
    return text


# RFC 9110 token characters: what a header name may be made of.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def check_headers(value: object, field: str = "headers") -> dict[str, str]:
    """Extra HTTP headers: a mapping of token names to printable-ASCII values.

    Values are never shown in the error (a custom header may carry an API key); names are.

    Args:
        value: The mapping, or ``None`` for none.
        field: The argument's name.

    Returns:
        A new dict of the headers.

    Raises:
        ValidationError: For a non-mapping, a name that is not an HTTP token, or a value that is
            not a string of printable ASCII (tab allowed; CR/LF and non-ASCII refused, which
            would otherwise split the header or fail inside httpx).
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{field} must be a mapping of names to values, got {type(value).__name__}",
            field=field,
        )
    headers: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(name, str) or _HEADER_NAME.fullmatch(name) is None:
            raise ValidationError(
                f"{field}: {excerpt(name)} is not a valid header name", field=field
            )
        if not isinstance(text, str) or not all(c == "\t" or " " <= c <= "~" for c in text):
            raise ValidationError(
                f"{field}[{name!r}] must be a string of printable ASCII characters "
                "(no line breaks or non-ASCII letters)",
                field=field,
            )
        headers[name] = text
    return headers


# Ten years: no token endpoint issues a longer-lived token; a larger number is nonsense.
_LONGEST_LIFETIME = 10 * 365 * 86_400


def lifetime_seconds(value: object) -> float | None:
    """A token lifetime (``expires_in``) as a server sent it: a number or numeric text.

    Anything but a finite, non-negative number of at most ten years — ``true``, ``NaN``,
    ``Infinity`` (the standard-library parser accepts both), a 400-digit integer, ``"soon"`` —
    reads as "not said", so the token cache falls back to its default lifetime instead of
    overflowing or never expiring.

    Args:
        value: The decoded ``expires_in``.

    Returns:
        Seconds, or ``None``.
    """
    if isinstance(value, str):
        value = header_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    # Compare before converting: float() of a 400-digit int raises OverflowError.
    if not 0 <= value <= _LONGEST_LIFETIME:  # also false for NaN
        return None
    return float(value)
