"""ZITADEL Actions v2 wire shapes: request bodies and response envelopes, as attrs classes.

:data:`~actions_sdk.providers.zitadel._converter.ZITADEL_CONVERTER` (the one ZITADEL converter,
shared with v1) turns them into protojson and back: camelCase names, uint64 as strings,
durations as ``"10s"``, fields equal to their default left out. The public models
(:mod:`.models_v2`) are built from these by :mod:`.v2`, which also maps the ``restWebhook`` /
``restCall`` / ``restAsync`` oneof. An :class:`~.models_v2.ExecutionCondition` needs no wire
class: the converter spells it (``{"request": {"method": ...}}``) and reads it back. The list
parts that mean the same in v1 (``ListQuery``, ``ListDetails``, ``EmptyBody``) are shared from
:mod:`._bodies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeAlias

import attrs

from actions_sdk.providers._converters import to_camel
from actions_sdk.providers.zitadel._bodies import EmptyBody, ListDetails, ListQuery, Uint32
from actions_sdk.providers.zitadel._converter import ZITADEL_CONVERTER
from actions_sdk.providers.zitadel.models_v2 import (
    ExecutionCondition,
    PayloadType,
    PublicKey,
    ZitadelTarget,
)

JsonObject: TypeAlias = dict[str, Any]


def search_filter(name: str, **fields: object) -> JsonObject:
    """One search filter, e.g. ``{"inTargetIdsFilter": {"targetIds": ["1", "2"]}}``.

    Every v2 search filter is a oneof member holding one small object; instead of a wrapper class
    and a field class for each, a filter is named by its proto field name in snake_case and
    spelled by the one ZITADEL converter (names camelCased, values as in any body).

    Args:
        name: The filter's proto field name (``in_target_ids_filter``, ``key_ids_filter``).
        **fields: Its fields by snake_case name.

    Returns:
        The filter as protojson.
    """
    unstructure = ZITADEL_CONVERTER.unstructure
    body = {to_camel(key): unstructure(value) for key, value in fields.items()}
    return {to_camel(name): body}


@attrs.frozen(kw_only=True)
class SearchBody:
    """The body of every v2 search: ListTargets, ListExecutions and ListPublicKeys.

    ListPublicKeys reads ``pagination`` and ``filters`` from ZITADEL v4.11 on (older servers
    ignore them); only ListTargets takes a ``sortingColumn``.
    """

    pagination: ListQuery
    filters: tuple[JsonObject, ...] = ()
    sorting_column: str | None = None

    @classmethod
    def page(
        cls,
        offset: int,
        limit: int,
        filters: Sequence[JsonObject] = (),
        *,
        ascending: bool = True,
        sorting_column: str | None = None,
    ) -> SearchBody:
        """The search of ``limit`` items from ``offset`` on (uint64 and uint32 on the wire)."""
        pagination = ListQuery(offset=offset, limit=Uint32(limit), asc=ascending)
        return cls(pagination=pagination, filters=tuple(filters), sorting_column=sorting_column)


# -- targets ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RestFlags:
    """``restWebhook`` / ``restCall``: ``{}`` means ``interruptOnError: false``."""

    interrupt_on_error: bool = False


# Not slotted: TargetWire combines it with the slotted ZitadelTarget (one slotted base at most).
@attrs.frozen(kw_only=True, slots=False)
class TargetTypeKeys:
    """The ``restWebhook`` / ``restCall`` / ``restAsync`` oneof: the one key present is the type."""

    rest_webhook: RestFlags | None = None
    rest_call: RestFlags | None = None
    rest_async: EmptyBody | None = None


@attrs.frozen(kw_only=True)
class TargetFields(TargetTypeKeys):
    """The writable fields of ``CreateTarget`` / ``UpdateTarget`` (``None``: left out)."""

    name: str | None = None
    timeout: timedelta | None = None
    endpoint: str | None = None
    payload_type: PayloadType | None = None
    # UpdateTarget only; "0s" (the only valid value) rotates the signing key at once.
    expiration_signing_key: timedelta | None = None


@attrs.frozen(kw_only=True)
class TargetWire(ZitadelTarget, TargetTypeKeys):
    """A ``Target`` as the server writes it: the model's fields and the type oneof.

    A field protojson left out (an empty name, a zero timeout, no payload type) gets the model's
    default; ``v2._target`` folds the oneof into ``target_type`` and ``interrupt_on_error``.
    """


@attrs.frozen(kw_only=True)
class GetTargetResponse:
    """``GetTarget``'s answer."""

    target: TargetWire


@attrs.frozen(kw_only=True)
class Created:
    """The answer of ``CreateTarget`` (``id``) or ``AddPublicKey`` (``keyId``).

    The rest (``creationDate``, the new ``signingKey``) is not kept: the object is read back.
    """

    id: str = ""
    key_id: str = ""


@attrs.frozen(kw_only=True)
class Listing:
    """The answer of every v2 list call; each fills its own list.

    ListTargets, ListExecutions and ListPublicKeys page (``pagination``; ListPublicKeys only
    from ZITADEL v4.11 on); ListExecutionServices, ListExecutionMethods and
    ListExecutionFunctions answer their whole list of names.
    """

    pagination: ListDetails | None = None
    targets: tuple[TargetWire, ...] = ()
    executions: tuple[ExecutionWire, ...] = ()
    # publicKey still in base64 there: see v2._public_key.
    public_keys: tuple[PublicKey, ...] = ()
    services: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()


# -- executions ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ExecutionWire:
    """An ``Execution``: a condition and its ordered target ids."""

    condition: ExecutionCondition
    targets: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class SetExecutionBody(ExecutionWire):
    """``SetExecution``'s body: an execution whose ``[]`` (remove) is sent too (no default)."""

    targets: tuple[str, ...]


# -- public keys --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AddPublicKeyBody:
    """``AddPublicKey``'s body: ``publicKey`` is the base64 of the PEM text (proto bytes)."""

    public_key: str
    expiration_date: datetime | None = None
