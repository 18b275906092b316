"""The fields of an action: the one keyword list of ``actions.create``, ``upsert``, ``update``.

Each of the three methods takes its own keywords explicitly (``name``, the waiting knobs) and the
action's fields as ``**fields: Unpack[ActionFields]``, so the list is written once: a field added
here reaches all three (sync and the generated async twins), and the provider, which refuses it
unless its capability table marks it supported. Type checkers expand the ``Unpack`` (a misspelt
keyword is an error); :data:`action_fields` gives the methods the explicit signature ``help()``,
:func:`inspect.signature`, Jupyter and the API reference show, and refuses an unknown keyword at
run time with the :class:`TypeError` an explicit signature would raise (the mechanism of
``actions_sdk/_keywords.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypedDict

from actions_sdk._keywords import keyword_signature
from actions_sdk._types import UNSET, Unset

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.models import ActionTrigger, Dependency, ModuleRef, Secret

__all__ = ["ACTION_FIELD_DEFAULTS", "ActionFields", "action_fields", "action_options"]


class ActionFields(TypedDict, total=False):
    """The fields of an action (all optional, ``UNSET`` = left out; see ``actions.create``).

    Which ones a vendor supports is its capability table's business: the provider refuses the
    others with :class:`~actions_sdk.errors.UnsupportedOperationError` before sending.
    """

    supported_triggers: Sequence[str | ActionTrigger | Mapping[str, Any]] | Unset
    code: str | Unset
    script: str | Unset
    dependencies: Sequence[Dependency | Mapping[str, Any]] | Unset
    runtime: str | Unset
    secrets: Sequence[Secret | Mapping[str, Any]] | Unset
    modules: Sequence[ModuleRef | Mapping[str, Any]] | Unset
    timeout: timedelta | float | Unset
    allowed_to_fail: bool | Unset
    endpoint: str | Unset
    target_type: str | Unset
    interrupt_on_error: bool | Unset
    payload_type: str | Unset


ACTION_FIELD_DEFAULTS: Final[Mapping[str, object]] = MappingProxyType(
    dict.fromkeys(ActionFields.__annotations__, UNSET)
)
"""Every field defaults to ``UNSET`` (left out). Its own table, not ``KEYWORD_DEFAULTS``: there
``timeout`` is the client's request timeout, here the action's run-time limit."""

action_fields = keyword_signature(ActionFields, ACTION_FIELD_DEFAULTS)
"""Decorator: show a ``**fields: Unpack[ActionFields]`` method's fields in its signature, and
refuse a keyword that is not one of them."""


def action_options(fields: Mapping[str, object], **extra: object) -> dict[str, object]:
    """Fold a call's fields into a request's ``options``: every given one, ``script`` as ``code``.

    Args:
        fields: The method's ``**fields`` as received (checked by :data:`action_fields`).
        **extra: The method's own keywords that are options too (``create``'s ``deploy``).

    Returns:
        The given options (``UNSET`` ones left out), in :class:`ActionFields` order, then
        ``extra``: for ``CreateActionRequest`` / ``UpdateActionRequest``.

    Raises:
        ValidationError: Both ``code`` and ``script``.
    """
    from actions_sdk.errors import ValidationError
    from actions_sdk.providers._base import given_options

    code, script = fields.get("code", UNSET), fields.get("script", UNSET)
    # ZITADEL calls the source "script"; both spellings are accepted, but not both at once.
    if code is not UNSET and script is not UNSET:
        raise ValidationError("pass either code or script, not both", field="script")
    # Declaration order, whatever order the caller wrote: the options (and their repr) are stable.
    merged = {**fields, "code": script if code is UNSET else code}
    ordered = {name: merged[name] for name in ActionFields.__annotations__ if name in merged}
    ordered.pop("script", None)  # folded into code
    return given_options(**ordered, **extra)
