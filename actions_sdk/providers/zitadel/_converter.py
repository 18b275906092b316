"""ZITADEL's protojson wire format: the one converter, shared by every ZITADEL API version.

protojson spells names in camelCase, leaves zero values out, sends uint64 as strings and
durations as ``"10s"``. :data:`ZITADEL_CONVERTER` is the only place where ZITADEL wire names
appear; request bodies are unstructured with it too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

import cattrs

from actions_sdk._checks import excerpt
from actions_sdk.errors import ValidationError
from actions_sdk.providers._converters import make_converter, to_camel
from actions_sdk.providers.zitadel._bodies import ActionBody, Uint32
from actions_sdk.providers.zitadel.models import FlowType, TriggerType, ZitadelAction
from actions_sdk.providers.zitadel.models_v2 import (
    ConditionScope,
    ConditionType,
    ExecutionCondition,
)

__all__ = ["ZITADEL_CONVERTER", "payload_converter", "payload_kind"]

_DURATION = re.compile(r"^(-?)(\d+)(?:\.(\d{1,9}))?s$")


def _structure_duration(value: Any, _: type[timedelta]) -> timedelta:
    """Parse a protojson Duration; sub-microsecond digits are truncated (timedelta's resolution)."""
    if not isinstance(value, str):
        raise TypeError(f"expected a duration string such as '10s', got {type(value).__name__}")
    match = _DURATION.match(value)
    if match is None:
        raise ValueError(f"invalid duration {excerpt(value)}, expected e.g. '10s' or '1.5s'")
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
    raise TypeError(f"expected an integer or a decimal string, got {excerpt(value)}")


def _structure_wire_id(value: Any, cls: type[FlowType | TriggerType]) -> FlowType | TriggerType:
    # Flows and triggers arrive as {"id": "2", "name": {"key": ...}}; only the id matters.
    if isinstance(value, Mapping):
        value = value.get("id")
    if not isinstance(value, str):
        raise TypeError(f"expected an {cls.__name__} id string, got {type(value).__name__}")
    return cls(value)


# v2's ``Condition`` is a oneof of oneofs, ``{"request": {"method": "/pkg.Service/Method"}}``: the
# type's key holds exactly one scope key (``{"all": true}`` for every request, response or event).
# Read in this order, so an answer breaking the oneof rule is read one fixed way.
_CONDITION_TYPE_KEYS: Final = {
    ConditionType.REQUEST: "request",
    ConditionType.RESPONSE: "response",
    ConditionType.FUNCTION: "function",
    ConditionType.EVENT: "event",
}
_CONDITION_SCOPE_KEYS: Final = {
    ConditionScope.METHOD: "method",
    ConditionScope.SERVICE: "service",
    ConditionScope.ALL: "all",
    ConditionScope.FUNCTION: "name",
    ConditionScope.EVENT: "event",
    ConditionScope.GROUP: "group",
}


def _unstructure_condition(condition: ExecutionCondition) -> dict[str, Any]:
    value = True if condition.scope == ConditionScope.ALL else condition.value
    scope = _CONDITION_SCOPE_KEYS[condition.scope]
    return {_CONDITION_TYPE_KEYS[condition.type]: {scope: value}}


def _structure_condition(value: Any, _: type[ExecutionCondition]) -> ExecutionCondition:
    """A server-sent condition; the model's own checks refuse an invalid combination."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a condition object, got {type(value).__name__}")
    for kind, kind_key in _CONDITION_TYPE_KEYS.items():
        inner = value.get(kind_key)
        if not isinstance(inner, Mapping):
            continue
        for scope, scope_key in _CONDITION_SCOPE_KEYS.items():
            given = inner.get(scope_key)
            if given is None or given is False:  # protojson leaves unset fields out
                continue
            if scope == ConditionScope.ALL and given is not True:
                raise TypeError(f"expected all: true, got {type(given).__name__}")
            try:
                if scope == ConditionScope.ALL:
                    return ExecutionCondition(kind, scope)
                return ExecutionCondition(kind, scope, given)
            except ValidationError as exc:
                raise ValueError(f"unusable condition: {exc}") from None
    raise ValueError("a condition of no known kind")


# Read by the converter whenever it first meets a class, so the target payloads' names can be
# added on first use (payload_converter) without a management client importing their models.
_OVERRIDES: dict[type[Any], dict[str, str]] = {
    ZitadelAction: {"code": "script"},
    ActionBody: {"code": "script"},
}


def _build_converter(*, fast_path: bool = True) -> cattrs.Converter:
    # The shared factory brings the strict JSON hooks and the fast structure path. The hooks below
    # are registered before anything is structured, so the fast path sees them and calls them
    # instead of inlining its shared defaults (tests/providers/test_converters.py checks this).
    converter = make_converter(
        rename=to_camel,
        overrides=_OVERRIDES,
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
    converter.register_structure_hook(ExecutionCondition, _structure_condition)
    converter.register_unstructure_hook(ExecutionCondition, _unstructure_condition)
    return converter


ZITADEL_CONVERTER: Final = _build_converter()
"""The single converter for ZITADEL's protojson wire format."""


# -- what ZITADEL sends to targets --------------------------------------------------------------

_PAYLOADS_LOCK = threading.Lock()
_payloads_ready = False


def _structure_event_data(value: Any, _: Any) -> Any:
    """An event's data: Go sends its ``[]byte`` as base64 text; the bytes are the event's JSON."""
    if isinstance(value, Mapping):  # already an object (a future server, a test): taken as is
        return dict(value)
    if not isinstance(value, str):
        raise TypeError(f"expected base64 text, got {type(value).__name__}")
    try:
        data = json.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError, RecursionError):
        raise ValueError("expected base64 of a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected base64 of a JSON object, got a JSON {type(data).__name__}")
    return data


def _format_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def payload_converter() -> cattrs.Converter:
    """:data:`ZITADEL_CONVERTER`, taught the target payload models (on the first call).

    What ZITADEL sends to a target is not protojson but Go's ``encoding/json`` of its own
    structs (zitadel-v2-actions-api.md §9): id fields end in ``ID`` (``instanceID``), function
    and event bodies keep snake_case (``user_metadata``, ``event_type``) and bytes are base64.
    Those names are added here, when a target first parses a payload, so that a management
    client never imports the payload models.

    Returns:
        The ZITADEL converter.
    """
    global _payloads_ready
    if _payloads_ready:
        return ZITADEL_CONVERTER
    from actions_sdk.providers.zitadel import payloads as p

    with _PAYLOADS_LOCK:
        if not _payloads_ready:
            method_call = {
                "instance_id": "instanceID",
                "org_id": "orgID",
                "project_id": "projectID",
                "user_id": "userID",
            }
            answer = ("set_user_metadata", "append_claims", "append_log_claims", "append_attribute")
            _OVERRIDES.update(
                {
                    p.RequestPayload: method_call,
                    p.ResponsePayload: method_call,
                    p.FunctionPayload: {name: name for name in ("user_metadata", "user_grants")},
                    p.FunctionOrg: {"primary_domain": "primary_domain"},
                    p.EventPayload: {
                        "aggregate_id": "aggregateID",
                        "instance_id": "instanceID",
                        "user_id": "userID",
                        "event_type": "event_type",
                        "created_at": "created_at",
                        "event_payload": "event_payload",
                    },
                    p.FunctionAnswer: {name: name for name in answer},
                    p.SamlAttribute: {"name_format": "name_format", "values": "value"},
                }
            )
            ZITADEL_CONVERTER.register_structure_hook(p.EventData, _structure_event_data)
            ZITADEL_CONVERTER.register_unstructure_hook(p.Base64Bytes, _format_base64)
            # A claim's value is the caller's JSON: the uint64-as-text rule must not touch it.
            ZITADEL_CONVERTER.register_unstructure_hook(p.JsonValue, lambda value: value)
            _payloads_ready = True
    return ZITADEL_CONVERTER


def payload_kind(data: Mapping[str, Any]) -> type[Any] | None:
    """Which target payload ``data`` is, by the one key ZITADEL always sends for its kind.

    ZITADEL leaves empty values out, but a function call always names its function, an event its
    type and a method call its method, and only a response condition carries the response (even
    an empty one).

    Args:
        data: The decoded body.

    Returns:
        The payload class, or ``None`` when the body has none of those keys.
    """
    from actions_sdk.providers.zitadel import payloads as p

    kinds = (
        ("function", p.FunctionPayload),
        ("event_type", p.EventPayload),
        ("response", p.ResponsePayload),
        ("fullMethod", p.RequestPayload),
    )
    return next((kind for key, kind in kinds if key in data), None)
