"""``client.actions.triggers`` and ``client.actions.triggers.bindings``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Unpack

from actions_sdk import _recipes
from actions_sdk._checks import check_callback
from actions_sdk._keywords import keyword_signature
from actions_sdk._types import UNSET, Unset
from actions_sdk.providers._base import BindingT, Provider, TriggerT
from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk._operation import Plan
    from actions_sdk._progress import ProgressCallback
    from actions_sdk._recipes import ActionInput
    from actions_sdk.models.bindings import BindingRef, BindingUpdate
    from actions_sdk.pagination import SyncPager

__all__ = ["Bindings", "Triggers"]

_placement = keyword_signature(_recipes.Where, _recipes.WHERE_DEFAULTS, first=True)
"""Decorator of ``add`` / ``move``: their ``**where`` shown as the three placement keywords, in
front of the method's own keywords (where they always stood), and any other keyword refused."""


def _subject(trigger: object) -> str:
    """A trigger as the progress events name it: its id (Auth0) or its text (ZITADEL)."""
    if isinstance(trigger, str):
        return trigger
    trigger_id = getattr(trigger, "id", None)
    return str(trigger if trigger_id is None else trigger_id)


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

    def bound(self) -> builtins.list[TriggerT]:
        """List every trigger that has at least one binding (ZITADEL v2: every execution).

        v2's ``list()`` cannot name every event condition, and reading each condition's
        bindings would be a request per condition; this is one listing of the executions.

        Returns:
            The triggers with bindings, each once, in the server's order.

        Raises:
            UnsupportedOperationError: On a vendor API without such a listing (Auth0, ZITADEL
                v1: read ``list()`` and each trigger's bindings instead).
        """
        return self._run(self._provider.list_bound_triggers())


class Bindings(SyncResource, Generic[TriggerT, BindingT]):
    """A trigger's ordered list of bound actions; list order is execution order.

    Both vendors only let a client replace a trigger's whole list. :meth:`add`, :meth:`remove`,
    :meth:`move` and :meth:`replace` do the safe read-modify-write for you: they read every page,
    compute the new order, keep every other binding's identity, display name and place (Auth0:
    by binding id, so nothing is re-created), write only when something changes, and return the
    new list. An action may be given by id, as a model, or as a ``BindingRef`` (by action id or
    name, or an Auth0 binding id).
    """

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
        bindings: Sequence[ActionInput | BindingUpdate | BindingRef | dict[str, Any]],
    ) -> builtins.list[BindingT]:
        """Replace the trigger's whole ordered list of bindings.

        Items not in ``bindings`` are unbound; an empty list unbinds everything. Refer to actions
        by id (a plain string), as action models, with ``BindingRef.by_action_id`` /
        ``by_action_name`` (or keep an existing Auth0 binding with ``BindingRef.by_binding_id``);
        wire-shaped dicts are accepted too.

        Args:
            trigger: The trigger (see :meth:`list`).
            bindings: The new list, in execution order.

        Returns:
            The trigger's bindings after the write, in execution order.

        Raises:
            ValidationError: A malformed item; nothing was sent.
        """
        return self._run(self._provider.update_bindings(trigger, bindings))

    @_placement
    def add(
        self,
        trigger: TriggerT | str,
        action: ActionInput,
        /,
        *,
        display_name: str | None = None,
        progress: ProgressCallback | None = None,
        **where: Unpack[_recipes.Where],
    ) -> builtins.list[BindingT]:
        """Bind one action at a place in the trigger's list, keeping every other binding.

        Give at most one of ``position``, ``before`` and ``after``; with none the action is
        appended (it runs last). An action that is already bound stays where it is, as it is, and
        nothing is written: running a script twice is harmless (use :meth:`move` to change its
        place, :meth:`replace` with a ``BindingUpdate`` to rename it).

        Args:
            trigger: The trigger (see :meth:`list`).
            action: The action to bind: an id, an action, or a ``BindingRef`` by id or name.
            position: Its 0-based index in the new list; negative counts from the end
                (``-1``: last). Outside the new list's range it is a ``ValidationError``.
            before: Bind it just before this bound action.
            after: Bind it just after this bound action.
            display_name: The binding's display name (Auth0; default: the action's name).
            progress: Called with a :class:`~actions_sdk.ProgressEvent` when the edit starts
                and when it is done.

        Returns:
            The trigger's bindings afterwards, in execution order.

        Raises:
            ValidationError: Bad arguments (before sending), or a position or anchor that does
                not fit the trigger's list (after reading it; nothing written).
            NotFoundError: No such action.
            UnsupportedOperationError: ``display_name`` or ``secrets`` where bindings have none (the
                vendor's capability table), before sending.
        """
        edit = _recipes.add_binding(
            self._provider,
            trigger,
            action,
            where=where,
            display_name=display_name,
            policy=self._transport.policy,
        )
        return self._run(self._reported(trigger, edit, progress))

    def remove(
        self,
        trigger: TriggerT | str,
        action: ActionInput,
        /,
        *,
        progress: ProgressCallback | None = None,
    ) -> builtins.list[BindingT]:
        """Unbind one action from the trigger, keeping every other binding in its place.

        Every binding of that action on this trigger is removed; when there is none, nothing is
        written.

        Args:
            trigger: The trigger (see :meth:`list`).
            action: The action (id, model or ``BindingRef``) or an Auth0 binding id reference.
            progress: Called with a :class:`~actions_sdk.ProgressEvent` when the edit starts
                and when it is done.

        Returns:
            The trigger's bindings afterwards, in execution order.
        """
        edit = _recipes.remove_binding(
            self._provider, trigger, action, policy=self._transport.policy
        )
        return self._run(self._reported(trigger, edit, progress))

    @_placement
    def move(
        self,
        trigger: TriggerT | str,
        action: ActionInput,
        /,
        *,
        progress: ProgressCallback | None = None,
        **where: Unpack[_recipes.Where],
    ) -> builtins.list[BindingT]:
        """Move one bound action to another place, keeping its binding and every other one.

        Give exactly one of ``position``, ``before`` and ``after``. Nothing is written when the
        action already is there.

        Args:
            trigger: The trigger (see :meth:`list`).
            action: The bound action to move (its first binding, if it is bound twice).
            position: Its 0-based index in the new list; negative counts from the end.
            before: Move it just before this bound action.
            after: Move it just after this bound action.
            progress: Called with a :class:`~actions_sdk.ProgressEvent` when the edit starts
                and when it is done.

        Returns:
            The trigger's bindings afterwards, in execution order.

        Raises:
            ValidationError: Bad arguments, or the action (or the anchor) is not bound to this
                trigger, or the position is out of range; nothing is written.
        """
        edit = _recipes.move_binding(
            self._provider, trigger, action, where=where, policy=self._transport.policy
        )
        return self._run(self._reported(trigger, edit, progress))

    def replace(
        self,
        trigger: TriggerT | str,
        items: Sequence[ActionInput | BindingUpdate],
        /,
        *,
        progress: ProgressCallback | None = None,
    ) -> builtins.list[BindingT]:
        """Make the trigger's list exactly ``items``, keeping the bindings that already exist.

        Unlike :meth:`update_many`, an action that is already bound keeps its binding (Auth0: its
        id and display name, unless a ``BindingUpdate`` item gives a new display name or secrets),
        actions bound anew get their name as display name, and nothing is written when the list
        already is ``items``.

        Args:
            trigger: The trigger (see :meth:`list`).
            items: The wanted list, in execution order: ids, actions, ``BindingRef`` or
                ``BindingUpdate`` items. An empty list unbinds everything.
            progress: Called with a :class:`~actions_sdk.ProgressEvent` when the edit starts
                and when it is done.

        Returns:
            The trigger's bindings afterwards, in execution order.

        Raises:
            ValidationError: A malformed item; nothing was sent.
            NotFoundError: An item names no action; nothing is written.
        """
        edit = _recipes.replace_bindings(
            self._provider, trigger, items, policy=self._transport.policy
        )
        return self._run(self._reported(trigger, edit, progress))

    def _reported(
        self,
        trigger: TriggerT | str,
        edit: Plan[builtins.list[BindingT]],
        progress: ProgressCallback | None,
    ) -> Plan[builtins.list[BindingT]]:
        """One of the four edits above, reported to ``progress`` as the ``"bindings"`` edit."""
        return _recipes.reported(
            edit, check_callback(progress, "progress"), "bindings", _subject(trigger)
        )
