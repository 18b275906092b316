"""Request bodies of ZITADEL's management v1 Actions API, as models, and the list parts v2 shares.

The v1 provider builds these (v2 reuses :class:`ListQuery`, :class:`EmptyBody` and
:class:`ListDetails`, which mean the same there) and
:data:`~actions_sdk.providers.zitadel._converter.ZITADEL_CONVERTER` turns them into protojson
(camelCase names, uint64 as strings, durations as ``"10s"``), so wire names are spelled in the
converter only. ``UNSET`` fields are left out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NewType

import attrs

from actions_sdk._display import Model, use_short_reprs
from actions_sdk._types import UNSET, Unset

__all__ = [
    "ActionBody",
    "ActionNameQuery",
    "ActionQuery",
    "ActionStateQuery",
    "EmptyBody",
    "ListDetails",
    "ListQuery",
    "SearchActionsBody",
    "SetTriggerActionsBody",
    "Uint32",
]

Uint32 = NewType("Uint32", int)
"""A protojson uint32: sent as a JSON number (a plain ``int`` is a uint64, sent as a string)."""


@attrs.frozen(kw_only=True)
class ActionBody(Model):
    """Body of ``POST /actions`` and ``PUT /actions/{id}``; ``code`` goes out as ``script``."""

    name: str
    code: str
    timeout: timedelta | Unset = UNSET
    allowed_to_fail: bool


@attrs.frozen(kw_only=True)
class ListQuery(Model):
    """The paging part of a search: ``offset`` (uint64), ``limit`` (uint32), ascending order."""

    offset: int
    limit: Uint32
    asc: bool


@attrs.frozen(kw_only=True)
class ListDetails(Model):
    """The totals of a list answer (v1 ``details``, v2 ``pagination``).

    protojson leaves zero values out: an absent ``totalResult`` means 0, not "unknown".
    """

    total_result: int = 0


@attrs.frozen(kw_only=True)
class ActionNameQuery(Model):
    """Match an action by name; ``method`` ``TEXT_QUERY_METHOD_EQUALS`` is an exact match.

    No field has a default: the converter leaves out a field equal to its default, and the
    method is sent explicitly.
    """

    name: str
    method: str


@attrs.frozen(kw_only=True)
class ActionStateQuery(Model):
    """Match actions in one state (``ACTION_STATE_ACTIVE`` / ``ACTION_STATE_INACTIVE``)."""

    state: str


@attrs.frozen(kw_only=True)
class ActionQuery(Model):
    """One search query: exactly one of its fields is set."""

    action_name_query: ActionNameQuery | Unset = UNSET
    action_state_query: ActionStateQuery | Unset = UNSET


@attrs.frozen(kw_only=True)
class SearchActionsBody(Model):
    """Body of ``POST /actions/_search``."""

    query: ListQuery
    sorting_column: str
    queries: tuple[ActionQuery, ...]


@attrs.frozen(kw_only=True)
class SetTriggerActionsBody(Model):
    """Body of ``POST /flows/{flow}/trigger/{trigger}``: the ordered action ids."""

    action_ids: tuple[str, ...]


@attrs.frozen
class EmptyBody(Model):
    """An empty JSON object: v1's ``_deactivate`` / ``_reactivate`` bodies, v2's ``restAsync``."""


# Short reprs instead of attrs' full dumps (see actions_sdk._display).
use_short_reprs(globals())
