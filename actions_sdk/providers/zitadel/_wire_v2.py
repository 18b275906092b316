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
from datetime import datetime
from typing import Any, TypeAlias

import attrs

from actions_sdk.providers._converters import to_camel
from actions_sdk.providers.zitadel._bodies import EmptyBody, ListDetails, ListQuery, Uint32
from actions_sdk.providers.zitadel._converter import ZITADEL_CONVERTER
from actions_sdk.providers.zitadel.models_v2 import (
    ExecutionCondition,
    PublicKey,
    ZitadelTarget,
)

JsonObject: TypeAlias = dict[str, Any]


def protojson(**fields: object) -> JsonObject:
    """An object of the given fields only, as protojson: for bodies whose fields vary by call.

    A partial ``UpdateTarget`` sends just the changed fields, a ``CreateTarget`` just the given
    ones; the names are the proto field names in snake_case, camelCased and their values
    unstructured by the one ZITADEL converter, as an attrs body's would be.

    Args:
        **fields: The fields by snake_case name (``rest_call``, ``payload_type``, ...).

    Returns:
        The object as protojson.
    """
    unstructure = ZITADEL_CONVERTER.unstructure
    return {to_camel(key): unstructure(value) for key, value in fields.items()}


def search_filter(name: str, **fields: object) -> JsonObject:
    """One search filter, e.g. ``{"inTargetIdsFilter": {"targetIds": ["1", "2"]}}``.

    Every v2 search filter is a oneof member holding one small object; instead of a wrapper class
    and a field class for each, a filter is named by its proto field name in snake_case.

    Args:
        name: The filter's proto field name (``in_target_ids_filter``, ``key_ids_filter``).
        **fields: Its fields by snake_case name.

    Returns:
        The filter as protojson.
    """
    return {to_camel(name): protojson(**fields)}


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


@attrs.frozen(kw_only=True)
class TargetWire(ZitadelTarget):
    """A ``Target`` as the server writes it: the model's fields and the type oneof.

    The oneof is ``restWebhook`` / ``restCall`` / ``restAsync``, the one key present being the
    type; ``v2._target`` folds it into ``target_type`` and ``interrupt_on_error``. A field
    protojson left out (an empty name, a zero timeout, no payload type) gets the model's default.
    """

    rest_webhook: RestFlags | None = None
    rest_call: RestFlags | None = None
    rest_async: EmptyBody | None = None


@attrs.frozen(kw_only=True)
class Answer:
    """The answer of every v2 call that returns something; each fills its own keys.

    GetTarget: ``target``. CreateTarget: ``id``; AddPublicKey: ``keyId`` (the rest, such as
    ``creationDate`` and a new ``signingKey``, is not kept: the object is read back). ListTargets,
    ListExecutions and ListPublicKeys page (``pagination``; ListPublicKeys only from ZITADEL v4.11
    on); ListExecutionServices, ListExecutionMethods and ListExecutionFunctions answer their whole
    list of names.
    """

    target: TargetWire | None = None
    id: str = ""
    key_id: str = ""
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
