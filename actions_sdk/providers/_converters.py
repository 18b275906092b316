"""The factory behind each provider's single cattrs converter.

Models are plain snake_case attrs classes; each provider builds exactly one converter with
:func:`make_converter`, passing how field names are spelled on its wire. That converter is the only
place where wire names exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
import httpx
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from actions_sdk._types import UNSET
from actions_sdk.errors import DecodeError
from actions_sdk.models._common import OpenEnum, format_datetime, parse_datetime

__all__ = ["decode", "make_converter", "to_camel"]

T = TypeVar("T")


def to_camel(name: str) -> str:
    """Spell a snake_case name in lowerCamelCase (``allowed_to_fail`` → ``allowedToFail``).

    Args:
        name: The snake_case name.

    Returns:
        The camelCase name.
    """
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def make_converter(
    rename: Callable[[str], str] | None = None,
    *,
    overrides: dict[type[Any], dict[str, str]] | None = None,
) -> cattrs.Converter:
    """Build a converter for one provider's wire format.

    Args:
        rename: Maps a model field name to its wire name (``None`` keeps the name).
        overrides: Per class, explicit wire names for fields whose spelling does not follow
            ``rename`` (e.g. ``{ZitadelAction: {"code": "script"}}``).

    Returns:
        A converter that structures wire dicts into models (unknown keys ignored) and unstructures
        request models into wire dicts, leaving out fields equal to their default (``UNSET``).
    """
    converter = cattrs.Converter(detailed_validation=True)
    explicit = overrides or {}

    def wire_name(cls: type[Any], field: str) -> str:
        by_class = explicit.get(cls, {})
        if field in by_class:
            return by_class[field]
        return rename(field) if rename else field

    def structure_factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        kwargs = {
            a.name: override(rename=wire_name(cls, a.name))
            for a in attrs.fields(cls)
            if wire_name(cls, a.name) != a.name
        }
        return make_dict_structure_fn(cls, converter, **kwargs)  # type: ignore[arg-type]

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], Any]:
        kwargs = {
            a.name: override(rename=wire_name(cls, a.name), omit_if_default=True)
            for a in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, **kwargs)  # type: ignore[arg-type]

    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)

    converter.register_structure_hook(datetime, lambda value, _: parse_datetime(value))
    converter.register_unstructure_hook(datetime, format_datetime)

    def structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
        if not isinstance(value, str):
            raise TypeError(f"expected a string for {cls.__name__}, got {type(value).__name__}")
        return cls(value)

    # A class hook, not a predicate: cattrs consults class hooks first, and OpenEnum is a str
    # subclass, so a predicate hook would lose to the built-in str handling. Class hooks are
    # dispatched on the MRO, so every OpenEnum subclass is covered (and a provider can still
    # register a more specific one).
    converter.register_structure_hook(OpenEnum, structure_open_enum)
    converter.register_unstructure_hook(OpenEnum, lambda value: value.value)
    # bool gets its own hook so a provider's int hook (uint64 strings) can never turn true into 1.
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_unstructure_hook(type(UNSET), lambda value: value)
    return converter


def _structure_bool(value: Any, _: type[bool]) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def decode(
    converter: cattrs.Converter,
    data: Any,
    cls: type[T],
    *,
    what: str | None = None,
    response: httpx.Response | None = None,
) -> T:
    """Structure ``data`` into ``cls``, turning any failure into a :class:`DecodeError`.

    Args:
        converter: The provider's converter.
        data: Decoded JSON.
        cls: The model class.
        what: A name for the payload, prefixed to field paths (e.g. ``action`` when ``data``
            is the action itself; leave it out for a response envelope whose keys already
            name the parts).
        response: The response the data came from, attached to the error.

    Returns:
        The model instance.

    Raises:
        DecodeError: Whose ``field`` is the dotted path of the first offending field, prefixed
            with ``what`` (e.g. ``action.timeout``).
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        path, reason = _first_failure(exc)
        field = f"{what}.{path}" if what and path else (path or what)
        where = field or cls.__name__
        raise DecodeError(
            f"cannot decode {where}: {reason}", field=field, response=response
        ) from exc


def _first_failure(exc: BaseException) -> tuple[str | None, str]:
    """Find the dotted path and reason of the first leaf error in a cattrs exception group."""
    path: list[str] = []
    current: BaseException = exc
    while isinstance(current, cattrs.BaseValidationError) and current.exceptions:
        inner = current.exceptions[0]
        note = next(
            (
                n
                for n in getattr(inner, "__notes__", [])
                if isinstance(n, cattrs.AttributeValidationNote | cattrs.IterableValidationNote)
            ),
            None,
        )
        if isinstance(note, cattrs.AttributeValidationNote):
            path.append(note.name)
        elif isinstance(note, cattrs.IterableValidationNote):
            path.append(f"[{note.index}]")
        current = inner
    dotted = ".".join(path).replace(".[", "[") or None
    return dotted, str(current) or type(current).__name__
