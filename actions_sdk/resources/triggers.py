"""``client.actions.triggers`` and ``client.actions.triggers.bindings``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic

from actions_sdk._types import UNSET, Unset
from actions_sdk.providers._base import BindingT, Provider, TriggerT
from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk.models.bindings import BindingRef, BindingUpdate
    from actions_sdk.pagination import SyncPager

__all__ = ["Bindings", "Triggers"]


class Triggers(SyncResource, Generic[TriggerT, BindingT]):
    """The points where actions run: Auth0 triggers, or ZITADEL (flow, trigger) pairs."""

    _provider: Provider[object, TriggerT, BindingT]

    @cached_property
    def bindings(self) -> Bindings[TriggerT, BindingT]:
        """``client.actions.triggers.bindings``: the ordered actions bound to a trigger."""
        return Bindings(self._transport, self._provider)

    def list(self) -> builtins.list[TriggerT]:
        """List every trigger the tenant offers (Auth0) or every valid flow/trigger pair (ZITADEL).

        Returns:
            The triggers.
        """
        return self._run(self._provider.list_triggers())


class Bindings(SyncResource, Generic[TriggerT, BindingT]):
    """A trigger's ordered list of bound actions; list order is execution order."""

    _provider: Provider[object, TriggerT, BindingT]

    def list(
        self, trigger: TriggerT | str, /, *, per_page: int | Unset = UNSET
    ) -> SyncPager[BindingT]:
        """List the actions bound to a trigger, in execution order, across all pages.

        Args:
            trigger: Auth0: a trigger id such as ``"post-login"``. ZITADEL: a ``ZitadelTrigger``
                or its string form such as ``"complement_token:pre_access_token_creation"``.
            per_page: Page size (Auth0); the server's default when left out.

        Returns:
            A pager over the bindings.
        """
        return self._pager(self._provider.list_bindings(trigger, per_page))

    def update_many(
        self,
        trigger: TriggerT | str,
        /,
        bindings: Sequence[BindingUpdate | BindingRef | dict[str, Any]],
    ) -> builtins.list[BindingT]:
        """Replace the trigger's whole ordered list of bindings.

        Items not in ``bindings`` are unbound; an empty list unbinds everything. Refer to actions
        with ``BindingRef.by_action_id`` / ``by_action_name`` (or keep an existing Auth0 binding
        with ``BindingRef.by_binding_id``); wire-shaped dicts are accepted too.

        Args:
            trigger: The trigger (see :meth:`list`).
            bindings: The new list, in execution order.

        Returns:
            The trigger's bindings after the write, in execution order.

        Raises:
            ValidationError: A malformed item; nothing was sent.
        """
        return self._run(self._provider.update_bindings(trigger, bindings))
