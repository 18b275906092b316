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
from typing import Generic, TypeVar

import attrs

from actions_sdk.providers.zitadel._bodies import EmptyBody, ListDetails, ListQuery, Uint32
from actions_sdk.providers.zitadel.models_v2 import ExecutionCondition, PayloadType, PublicKey

F = TypeVar("F")


@attrs.frozen(kw_only=True)
class SearchBody(Generic[F]):
    """The body of every v2 search: ListTargets, ListExecutions and ListPublicKeys.

    ListPublicKeys reads ``pagination`` and ``filters`` from ZITADEL v4.11 on (older servers
    ignore them); only ListTargets takes a ``sortingColumn``.
    """

    pagination: ListQuery
    filters: tuple[F, ...] = ()
    sorting_column: str | None = None

    @classmethod
    def page(
        cls,
        offset: int,
        limit: int,
        filters: Sequence[F] = (),
        *,
        ascending: bool = True,
        sorting_column: str | None = None,
    ) -> SearchBody[F]:
        """The search of ``limit`` items from ``offset`` on (uint64 and uint32 on the wire)."""
        pagination = ListQuery(offset=offset, limit=Uint32(limit), asc=ascending)
        return cls(pagination=pagination, filters=tuple(filters), sorting_column=sorting_column)


# -- targets ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RestFlags:
    """``restWebhook`` / ``restCall``: ``{}`` means ``interruptOnError: false``."""

    interrupt_on_error: bool = False


@attrs.frozen(kw_only=True)
class TargetFields:
    """The writable fields of ``CreateTarget`` / ``UpdateTarget`` (``None``: left out)."""

    name: str | None = None
    rest_webhook: RestFlags | None = None
    rest_call: RestFlags | None = None
    rest_async: EmptyBody | None = None
    timeout: timedelta | None = None
    endpoint: str | None = None
    payload_type: PayloadType | None = None
    # UpdateTarget only; "0s" (the only valid value) rotates the signing key at once.
    expiration_signing_key: timedelta | None = None


@attrs.frozen(kw_only=True)
class TargetWire(TargetFields):
    """A ``Target`` as the server writes it: the writable fields and what the server adds."""

    id: str
    signing_key: str | None = None
    creation_date: datetime | None = None
    change_date: datetime | None = None


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
    """The answer of ListTargets, ListExecutions or ListPublicKeys (each fills its own list).

    ListPublicKeys has ``pagination`` only from ZITADEL v4.11 on.
    """

    pagination: ListDetails | None = None
    targets: tuple[TargetWire, ...] = ()
    executions: tuple[ExecutionWire, ...] = ()
    # publicKey still in base64 there: see v2._public_key.
    public_keys: tuple[PublicKey, ...] = ()


@attrs.frozen(kw_only=True)
class TargetNameFilter:
    """``targetNameFilter``; the method is always sent (an exact ``EQUALS`` match)."""

    target_name: str
    method: str


@attrs.frozen(kw_only=True)
class InTargetIdsFilter:
    """``inTargetIdsFilter``."""

    target_ids: tuple[str, ...]


@attrs.frozen(kw_only=True)
class TargetFilter:
    """One ``TargetSearchFilter`` (exactly one field set)."""

    target_name_filter: TargetNameFilter | None = None
    in_target_ids_filter: InTargetIdsFilter | None = None


# -- executions ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ExecutionWire:
    """An ``Execution``: a condition and its ordered target ids."""

    condition: ExecutionCondition
    targets: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class InConditionsFilter:
    """``inConditionsFilter``: the exact lookup of executions by condition."""

    conditions: tuple[ExecutionCondition, ...]


@attrs.frozen(kw_only=True)
class ExecutionFilter:
    """One ``ExecutionSearchFilter``."""

    in_conditions_filter: InConditionsFilter


@attrs.frozen(kw_only=True)
class SetExecutionBody:
    """``SetExecution``'s body; ``targets`` has no default, so ``[]`` (remove) is sent too."""

    condition: ExecutionCondition
    targets: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ExecutionNames:
    """The answer of ListExecutionServices, ListExecutionMethods or ListExecutionFunctions."""

    services: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()


# -- public keys --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AddPublicKeyBody:
    """``AddPublicKey``'s body: ``publicKey`` is the base64 of the PEM text (proto bytes)."""

    public_key: str
    expiration_date: datetime | None = None


@attrs.frozen(kw_only=True)
class KeyIdsFilter:
    """``keyIdsFilter``."""

    ids: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PublicKeyFilter:
    """One ``PublicKeySearchFilter``."""

    key_ids_filter: KeyIdsFilter | None = None
