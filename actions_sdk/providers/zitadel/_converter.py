"""ZITADEL's protojson wire format: the one converter, shared by every ZITADEL API version.

protojson spells names in camelCase, leaves zero values out, sends uint64 as strings and
durations as ``"10s"``. :data:`ZITADEL_CONVERTER` is the only place where ZITADEL wire names
appear; request bodies are unstructured with it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

import cattrs

from actions_sdk.providers._converters import (
    make_converter,
    to_camel,
)
from actions_sdk.providers.zitadel._bodies import ActionBody, Uint32
from actions_sdk.providers.zitadel.models import (
    FlowType,
    TriggerType,
    ZitadelAction,
)

__all__ = ["ZITADEL_CONVERTER"]

_DURATION = re.compile(r"^(-?)(\d+)(?:\.(\d{1,9}))?s$")


def _structure_duration(value: Any, _: type[timedelta]) -> timedelta:
    """Parse a protojson Duration; sub-microsecond digits are truncated (timedelta's resolution)."""
    if not isinstance(value, str):
        raise TypeError(f"expected a duration string such as '10s', got {type(value).__name__}")
    match = _DURATION.match(value)
    if match is None:
        raise ValueError(f"invalid duration {value!r}, expected e.g. '10s' or '1.5s'")
    sign, seconds, fraction = match.groups()
    micros = int((fraction or "").ljust(9, "0")[:6])
    delta = timedelta(seconds=int(seconds), microseconds=micros)
    return -delta if sign else delta


def _format_duration(value: timedelta) -> str:
    """Spell a timedelta as a protojson Duration (``"10s"``, ``"1.5s"``).

    Args:
        value: The duration.

    Returns:
        The wire text.
    """
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micros < 0 else ""
    seconds, fraction = divmod(abs(micros), 1_000_000)
    if not fraction:
        return f"{sign}{seconds}s"
    return f"{sign}{seconds}.{f'{fraction:06d}'.rstrip('0')}s"


def _structure_uint64(value: Any, _: type[int]) -> int:
    # bool is an int subclass; the factory's own bool hook keeps booleans away from this one, and
    # this check keeps a JSON true out of integer fields.
    if isinstance(value, bool):
        raise TypeError("expected an integer, got bool")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise TypeError(f"expected an integer or a decimal string, got {value!r}")


def _structure_wire_id(value: Any, cls: type[FlowType | TriggerType]) -> FlowType | TriggerType:
    # Flows and triggers arrive as {"id": "2", "name": {"key": ...}}; only the id matters.
    if isinstance(value, Mapping):
        value = value.get("id")
    if not isinstance(value, str):
        raise TypeError(f"expected an {cls.__name__} id string, got {type(value).__name__}")
    return cls(value)


def _build_converter(*, fast_path: bool = True) -> cattrs.Converter:
    # The shared factory brings the strict JSON hooks and the fast structure path. The hooks below
    # are registered before anything is structured, so the fast path sees them and calls them
    # instead of inlining its shared defaults (tests/providers/test_converters.py checks this).
    converter = make_converter(
        rename=to_camel,
        overrides={ZitadelAction: {"code": "script"}, ActionBody: {"code": "script"}},
        fast_path=fast_path,
    )
    converter.register_structure_hook(timedelta, _structure_duration)
    converter.register_unstructure_hook(timedelta, _format_duration)
    # Replaces the shared int hook (which takes 2.0 but not "2"): protojson sends uint64 as text.
    converter.register_structure_hook(int, _structure_uint64)
    # uint64 fields go out as strings (protojson); bool, an int subclass, must stay a JSON boolean.
    converter.register_unstructure_hook(int, str)
    converter.register_unstructure_hook(Uint32, int)  # uint32 stays a JSON number
    converter.register_unstructure_hook(bool, lambda value: value)
    # Class hooks go to cattrs' singledispatch, which is consulted before predicate hooks and
    # picks the most specific class, so these win over the shared OpenEnum hook.
    converter.register_structure_hook(FlowType, _structure_wire_id)
    converter.register_structure_hook(TriggerType, _structure_wire_id)
    return converter


ZITADEL_CONVERTER: Final = _build_converter()
"""The single converter for ZITADEL's protojson wire format."""
