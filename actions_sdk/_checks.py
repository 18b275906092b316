"""The one set of argument checks every layer uses.

Every public call validates its arguments *before* anything is sent, and every check here raises
:class:`~actions_sdk.errors.ValidationError` (or, for a value the server sent,
:class:`~actions_sdk.errors.DecodeError`) with a message that shows at most a short excerpt of the
bad value — never a whole 800-character repr, and never the value of a credential.

Naming scheme: ``check_<kind>(value, field, ...)`` takes the argument (``value``) and its name
(``field``) and returns the value (normalised where the kind says so) or raises
:class:`~actions_sdk.errors.ValidationError`; a check's docstring says only what differs from
that. ``field`` is the argument's name as the caller spells it (``"action_id"``, ``"items[2]"``),
which is also what the error's ``field`` attribute carries.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import quote, urlsplit

from actions_sdk.errors import DecodeError, ValidationError
from actions_sdk.models._common import ActionModel

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "MAX_ID_LENGTH",
    "MAX_JSON_DEPTH",
    "MAX_QUERY_LENGTH",
    "check_action_id",
    "check_bool",
    "check_bytes",
    "check_callback",
    "check_credential",
    "check_header_value",
    "check_headers",
    "check_http_url",
    "check_item",
    "check_items",
    "check_json",
    "check_keywords",
    "check_known_spelling",
    "check_query_value",
    "check_seconds",
    "check_sequence",
    "check_text",
    "encode_json",
    "excerpt",
    "header_number",
    "is_loopback",
    "lifetime_seconds",
    "parse_domain",
    "path_segment",
    "secret_type_error",
]

T = TypeVar("T")

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
    value: object,
    field: str = "id",
    *,
    source: Literal["caller", "server"] = "caller",
    max_length: int = MAX_ID_LENGTH,
) -> str:
    """Encode one id as exactly one URL path segment — the SDK's only id encoder.

    Every character outside RFC 3986's unreserved set is percent-encoded (``a/b`` → ``a%2Fb``),
    and the ids that a client or proxy would normalise away (empty, ``.``, ``..``) are refused,
    as are lone surrogates (no UTF-8 form) and ids over ``max_length`` characters. So whatever
    the id, the request stays on the path the SDK built.

    Args:
        value: The id, from the caller or from a server answer.
        field: The argument's name, for the error.
        source: Who supplied the id: a bad one from the caller is a ``ValidationError``, a bad
            one the server sent back is a ``DecodeError``.
        max_length: The longest id accepted: :data:`MAX_ID_LENGTH`, or a vendor's documented
            tighter limit (so an id the server would refuse fails before sending).

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
    elif len(value) > max_length:
        problem = f"must be at most {max_length} characters, got {len(value)}"
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


def check_http_url(
    value: object, field: str, *, max_length: int, example: str = "https://hooks.example.com/hook"
) -> str:
    """An absolute http(s) URL the server will call (a webhook endpoint), bounded and unpadded.

    Leading or trailing white space is refused rather than stripped: the server would store the
    URL as sent, and a padded copy would differ from the intended one on every comparison.

    Args:
        value: The argument.
        field: Its name.
        max_length: Most characters allowed.
        example: A fitting URL, shown in the error.

    Returns:
        The URL, unchanged.

    Raises:
        ValidationError: For a non-string, an empty or over-long value, another scheme, a URL
            without a host, or one with surrounding white space.
    """
    text = check_text(value, field, max_length=max_length)
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc or text != text.strip():
        raise ValidationError(
            f"{field} must be an http(s) URL such as {example}, got {excerpt(text)}", field=field
        )
    return text


def check_bool(value: object, field: str) -> bool:
    """A bool argument (``0``/``1`` and strings are refused: they are usually mistakes).

    Returns:
        The bool.
    """
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be a bool, got {excerpt(value)}", field=field)
    return value


def check_count(value: object, field: str, *, maximum: int) -> int:
    """Check a count such as a page size: an ``int`` from 1 to ``maximum`` (``bool`` refused).

    Args:
        value: The value given.
        field: The argument's name, for the error.
        maximum: The largest value the server accepts.

    Returns:
        ``value``.

    Raises:
        ValidationError: For anything else, with a short excerpt of the value.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError(
            f"{field} must be an integer from 1 to {maximum}, got {excerpt(value)}", field=field
        )
    return value


def check_bytes(value: object, field: str) -> bytes:
    """A raw bytes argument (a request body as received): ``bytes``, ``bytearray`` or a view.

    Text is refused rather than encoded: a signature covers the exact bytes on the wire, and a
    body that a framework already decoded (and perhaps re-encoded) may no longer be them.

    Args:
        value: The argument.
        field: Its name.

    Returns:
        The bytes (a copy for a mutable buffer, so a later change cannot alter what was checked).

    Raises:
        ValidationError: For anything else; the message names the type, never the content.
    """
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    hint = " (pass the raw body bytes, not decoded text)" if isinstance(value, str) else ""
    raise ValidationError(f"{field} must be bytes, got {type(value).__name__}{hint}", field=field)


def check_callback(value: T, field: str) -> T:
    """An optional callable argument (a ``progress=`` hook): ``None`` or something callable.

    Checked before anything is sent, so a wrong hook fails at once instead of mid-wait.

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: If it is neither ``None`` nor callable.
    """
    if value is not None and not callable(value):
        raise ValidationError(f"{field} must be callable, got {excerpt(value)}", field=field)
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
    """
    if not isinstance(value, str) or not value:
        raise secret_type_error(field, value)
    if header:
        if not _visible_ascii(value):
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

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: For a non-string, an empty string, or any character outside visible
            ASCII (CR/LF would split the header; non-ASCII cannot be encoded).
    """
    text = check_text(value, field, max_length=MAX_ID_LENGTH)
    if not _visible_ascii(text):
        raise ValidationError(
            f"{field} must hold only visible ASCII characters (it is sent in an HTTP header), "
            f"got {excerpt(text)}",
            field=field,
        )
    return text


def _visible_ascii(text: str) -> bool:
    """Whether ``text`` is only visible ASCII (``!``..``~``), as a header value must be."""
    return all("!" <= char <= "~" for char in text)


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


def check_action_id(value: object, field: str = "action_id") -> str:
    """An action argument: its id, or an action model (whose ``id`` is taken).

    The one rule for every argument that names an action by id (``get``, ``update``,
    ``delete``, bindings, …): an :class:`~actions_sdk.models.auth0.Action` or
    :class:`~actions_sdk.models.zitadel.ZitadelAction` is as good as its id. The id itself is
    checked and encoded later by :func:`path_segment`.

    Args:
        value: An id string or an action model.
        field: The argument's name.

    Returns:
        The id (not yet encoded).

    Raises:
        ValidationError: For anything else, or a model without an id.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, ActionModel):
        action_id = getattr(value, "id", None)
        if not isinstance(action_id, str) or not action_id:
            raise ValidationError(f"{field}: the action has no id", field=field)
        return action_id
    raise ValidationError(
        f"{field} must be an action id or an action, got {type(value).__name__} {excerpt(value)}",
        field=field,
    )


def check_items(
    value: object, field: str, cls: type[T], converter: cattrs.Converter
) -> tuple[T, ...]:
    """A list of model items, each given as the model or as a wire-shaped dict.

    The one rule for list arguments of model items (``secrets``, ``dependencies``, ``modules``,
    …): an item may be the model (``Secret(name="k", value="v")``) or the dict the vendor's API
    takes (``{"name": "k", "value": "v"}``). A dict is structured with the provider's converter;
    a key the model does not have is refused (a typo must not vanish silently), and the error
    names the item but never shows its values (a secret's value must not leak into a log).

    Args:
        value: The argument.
        field: Its name.
        cls: The attrs model of one item.
        converter: The provider's converter (its wire names).

    Returns:
        The items as models.

    Raises:
        ValidationError: Not a list, or an item that is neither the model nor a fitting dict.
    """
    return tuple(
        check_item(item, f"{field}[{index}]", cls, converter)
        for index, item in enumerate(check_sequence(value, field))
    )


def check_item(item: object, field: str, cls: type[T], converter: cattrs.Converter) -> T:
    """One model item given as the model or as a wire-shaped dict (see :func:`check_items`).

    Args:
        item: The item.
        field: Its name, e.g. ``"secrets[2]"``.
        cls: The attrs model.
        converter: The provider's converter.

    Returns:
        The item as a model.

    Raises:
        ValidationError: Neither the model nor a dict that structures into it.
    """
    import attrs

    if isinstance(item, cls):
        return item
    if not isinstance(item, Mapping):
        raise ValidationError(
            f"{field} must be a {cls.__name__} or a dict, got {type(item).__name__}", field=field
        )
    names = {a.name for a in attrs.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(str(key) for key in item if key not in names)
    if unknown:
        raise ValidationError(
            f"{field} has unknown keys {excerpt(', '.join(unknown))}; "
            f"a {cls.__name__} has {', '.join(sorted(names))}",
            field=field,
        )
    try:
        result: T = converter.structure(dict(item), cls)
    except Exception:  # cattrs' grouped errors repr the values: keep them out of the message
        raise ValidationError(
            f"{field} is not a valid {cls.__name__} (fields: {', '.join(sorted(names))})",
            field=field,
        ) from None
    return result


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an IP literal, without brackets) is this machine.

    Args:
        host: The host name.

    Returns:
        ``True`` for ``localhost`` and loopback addresses.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_domain(
    value: object,
    field: str = "domain",
    *,
    allow_insecure_http: bool = False,
    opt_in: str | None = None,
) -> tuple[str, str]:
    """The one parser of a ``domain`` argument: a host, optionally with scheme and port.

    ``acme.eu.auth0.com``, ``acme.example:8443`` and ``https://acme.eu.auth0.com/`` are accepted;
    a bare host means https. Refused: white space inside (``"acme eu"``), a path, query,
    fragment or credentials, a scheme other than http(s), a bad port, and plain ``http`` to a
    host that is not loopback unless ``allow_insecure_http``.

    Args:
        value: The argument.
        field: Its name.
        allow_insecure_http: Accept ``http://`` for any host (the caller opted in).
        opt_in: The argument that would opt in (``"allow_insecure_http=True"``), named in the
            error when the caller has one.

    Returns:
        ``(scheme, netloc)``, e.g. ``("https", "acme.eu.auth0.com")``.
    """
    example = "a host such as 'acme.eu.auth0.com' or 'https://acme.example:8443'"
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be {example}, got {excerpt(value)}", field=field)
    text = value.strip()
    if any(char.isspace() for char in text) or any(ord(char) < 0x20 for char in text):
        raise ValidationError(
            f"{field} must not contain white space, got {excerpt(value)}", field=field
        )
    parts = urlsplit(text if "://" in text else f"https://{text}")
    try:
        parts.port  # noqa: B018 - read for its check: a bad port raises ValueError
    except ValueError:
        raise ValidationError(
            f"{field} has an invalid port: {excerpt(value)}", field=field
        ) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(f"{field} must be {example}, got {excerpt(value)}", field=field)
    if parts.path not in {"", "/"} or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValidationError(
            f"{field} must be a bare host (no path, query or credentials), got {excerpt(value)}",
            field=field,
        )
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        hint = f" (or opt in with {opt_in})" if opt_in else ""
        raise ValidationError(
            f"{field}: plain http is only allowed for localhost; use https{hint}", field=field
        )
    return parts.scheme, parts.netloc


def check_keywords(given: Mapping[str, object], accepted: Collection[str], callee: str) -> None:
    """The keywords a ``**options: Unpack[SomeTypedDict]`` function received: refuse unknown ones.

    A keyword list shared as a ``TypedDict`` (the client factories, the provider constructors) is
    checked by mypy for typed callers only; at run time Python accepts any keyword into
    ``**options``, so a misspelt ``tokne=`` would be silently ignored. This restores what an
    explicit signature does: the same :class:`TypeError` Python raises, naming the keyword.
    :func:`actions_sdk._keywords.keyword_signature` calls it on every call of the function it
    decorates.

    Args:
        given: The keywords as received.
        accepted: The names the function's explicit signature accepts as keywords.
        callee: How the call is named in the message, e.g. ``"ManagementClient.for_auth0()"``.

    Raises:
        TypeError: ``for_auth0() got an unexpected keyword argument 'tokne'`` — a programming
            error like any other bad call, so Python's own exception rather than the SDK's.
    """
    for name in given:
        if name not in accepted:
            raise TypeError(f"{callee} got an unexpected keyword argument {name!r}")


def check_known_spelling(
    value: str, field: str, known: Sequence[str], *, what: str = "value"
) -> str:
    """A name from an open set: refuse a near miss of a known name, let any other name through.

    For values the vendor extends often (Auth0 trigger ids), refusing every unknown value would
    break callers on each new release, while sending a typo only earns a vague 400 later. So a
    value that is not known but within a small edit distance of a known one (at most 2 edits, and
    at most one per five characters of the known name, so ``"post-logn"`` is caught) is refused
    with a suggestion; a value far from all known ones is returned unchanged.

    Args:
        value: The value (already checked to be a non-empty string).
        field: Its name.
        known: The known values.
        what: What the value is, for the message (``"trigger id"``).

    Returns:
        The value, unchanged.

    Raises:
        ValidationError: ``… did you mean 'post-login'?`` for a near miss.
    """
    if value in known or len(value) > 2 * max((len(k) for k in known), default=0):
        return value
    best: tuple[int, str] | None = None
    for candidate in known:
        limit = min(2, len(candidate) // 5)
        distance = _edit_distance(value, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    if best is None:
        return value
    raise ValidationError(
        f"{field}: unknown {what} {excerpt(value)}; did you mean {best[1]!r}?", field=field
    )


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as it must exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
