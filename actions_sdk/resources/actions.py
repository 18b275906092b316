"""``client.actions``: create, read, update, delete, deploy and test actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic

from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import ValidationError
from actions_sdk.providers._base import (
    ActionT,
    BindingT,
    CreateActionRequest,
    ListActionsRequest,
    Provider,
    TriggerT,
    UpdateActionRequest,
)
from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk.models.auth0 import ActionTrigger, ActionVersion, Dependency, ModuleRef, Secret
    from actions_sdk.pagination import SyncPager
    from actions_sdk.resources.executions import Executions
    from actions_sdk.resources.modules import Modules
    from actions_sdk.resources.triggers import Triggers
    from actions_sdk.resources.versions import Versions

__all__ = ["Actions"]


def _code_or_script(code: str | Unset, script: str | Unset) -> str | Unset:
    # ZITADEL calls the source "script"; both spellings are accepted, but not both at once.
    if code is not UNSET and script is not UNSET:
        raise ValidationError("pass either code or script, not both", field="script")
    return script if code is UNSET else code


class Actions(SyncResource, Generic[ActionT, TriggerT, BindingT]):
    """Actions of the tenant (Auth0) or organization (ZITADEL).

    Sub-namespaces: :attr:`versions`, :attr:`triggers` (with ``triggers.bindings``),
    :attr:`executions` and :attr:`modules`.
    """

    _provider: Provider[ActionT, TriggerT, BindingT]

    @cached_property
    def versions(self) -> Versions:
        """``client.actions.versions``: an action's immutable versions (Auth0)."""
        from actions_sdk.resources.versions import Versions

        return Versions(self._transport, self._provider)

    @cached_property
    def triggers(self) -> Triggers[TriggerT, BindingT]:
        """``client.actions.triggers``: the triggers and their ordered bindings."""
        from actions_sdk.resources.triggers import Triggers

        return Triggers(self._transport, self._provider)

    @cached_property
    def executions(self) -> Executions:
        """``client.actions.executions``: results of past runs (Auth0)."""
        from actions_sdk.resources.executions import Executions

        return Executions(self._transport, self._provider)

    @cached_property
    def modules(self) -> Modules:
        """``client.actions.modules``: shared code modules (Auth0, early access)."""
        from actions_sdk.resources.modules import Modules

        return Modules(self._transport, self._provider)

    def list(
        self,
        *,
        trigger_id: str | Unset = UNSET,
        action_name: str | Unset = UNSET,
        deployed: bool | Unset = UNSET,
        installed: bool | Unset = UNSET,
        state: str | Unset = UNSET,
        per_page: int | Unset = UNSET,
    ) -> SyncPager[ActionT]:
        """List actions lazily, across all pages.

        Args:
            trigger_id: Only actions supporting this trigger (Auth0).
            action_name: Only the action with this exact name.
            deployed: Only deployed (``True``) or undeployed actions (Auth0).
            installed: ``True`` for marketplace actions only, ``False`` for custom ones (Auth0).
            state: Only actions in this state, e.g. ``"ACTION_STATE_ACTIVE"`` (ZITADEL).
            per_page: Page size; the server's default when left out (ZITADEL: at most 1000).

        Returns:
            A pager: iterate it for the actions; ``.total`` and ``.pages()`` are available.

        Raises:
            UnsupportedOperationError: A filter the provider does not have.
            ValidationError: An invalid page size.
        """
        request = ListActionsRequest(
            trigger_id=trigger_id,
            action_name=action_name,
            deployed=deployed,
            installed=installed,
            state=state,
            per_page=per_page,
        )
        return self._pager(self._provider.list_actions(request))

    def get(self, action_id: str, /) -> ActionT:
        """Fetch one action.

        Args:
            action_id: The action's id.

        Returns:
            The action.

        Raises:
            NotFoundError: No action has this id.
        """
        return self._run(self._provider.get_action(action_id))

    def create(
        self,
        *,
        name: str,
        supported_triggers: Sequence[str | ActionTrigger] | Unset = UNSET,
        code: str | Unset = UNSET,
        script: str | Unset = UNSET,
        dependencies: Sequence[Dependency] | Unset = UNSET,
        runtime: str | Unset = UNSET,
        secrets: Sequence[Secret] | Unset = UNSET,
        modules: Sequence[ModuleRef] | Unset = UNSET,
        deploy: bool | Unset = UNSET,
        timeout: timedelta | float | Unset = UNSET,
        allowed_to_fail: bool | Unset = UNSET,
    ) -> ActionT:
        """Create an action.

        Args:
            name: Unique name (ZITADEL: also the JavaScript function the script defines).
            supported_triggers: The trigger the action is for, by id or as a trigger (Auth0,
                required there), e.g. ``["post-login"]``.
            code: The source code.
            script: Alias of ``code`` (ZITADEL's word for it).
            dependencies: npm dependencies (Auth0).
            runtime: Node runtime, e.g. ``"node22"`` (Auth0).
            secrets: Secrets; values are write-only (Auth0).
            modules: Action modules to include (Auth0).
            deploy: Deploy right after creating (Auth0).
            timeout: Run-time limit, up to 20 s (ZITADEL).
            allowed_to_fail: Let the flow continue when this action fails (ZITADEL).

        Returns:
            The created action.

        Raises:
            ValidationError: Invalid arguments; nothing was sent.
            UnsupportedOperationError: An option the provider does not have; nothing was sent.
            ConflictError: The name is taken.
        """
        request = CreateActionRequest(
            name=name,
            supported_triggers=supported_triggers,
            code=_code_or_script(code, script),
            dependencies=dependencies,
            runtime=runtime,
            secrets=secrets,
            modules=modules,
            deploy=deploy,
            timeout=timeout,
            allowed_to_fail=allowed_to_fail,
        )
        return self._run(self._provider.create_action(request))

    def update(
        self,
        action_id: str,
        /,
        *,
        name: str | Unset = UNSET,
        supported_triggers: Sequence[str | ActionTrigger] | Unset = UNSET,
        code: str | Unset = UNSET,
        script: str | Unset = UNSET,
        dependencies: Sequence[Dependency] | Unset = UNSET,
        runtime: str | Unset | None = UNSET,
        secrets: Sequence[Secret] | Unset = UNSET,
        modules: Sequence[ModuleRef] | Unset = UNSET,
        timeout: timedelta | float | Unset = UNSET,
        allowed_to_fail: bool | Unset = UNSET,
    ) -> ActionT:
        """Change some fields of an action; fields left out keep their values.

        On Auth0 the draft changes (deploy again for it to run). On ZITADEL, whose API replaces
        the whole action, the SDK reads the action, merges the given fields and writes only when
        something changed.

        Args:
            action_id: The action's id.
            name: New name.
            supported_triggers: New trigger (Auth0).
            code: New source code.
            script: Alias of ``code``.
            dependencies: New npm dependencies (Auth0).
            runtime: New runtime; ``None`` resets it to the default (Auth0).
            secrets: The complete new set of secrets; names left out are removed (Auth0).
            modules: New module list (Auth0).
            timeout: New run-time limit (ZITADEL).
            allowed_to_fail: New failure policy (ZITADEL).

        Returns:
            The updated action.

        Raises:
            ValidationError: Invalid or no arguments; nothing was sent.
            UnsupportedOperationError: An option the provider does not have; nothing was sent.
            NotFoundError: No action has this id.
        """
        request = UpdateActionRequest(
            name=name,
            supported_triggers=supported_triggers,
            code=_code_or_script(code, script),
            dependencies=dependencies,
            runtime=runtime,
            secrets=secrets,
            modules=modules,
            timeout=timeout,
            allowed_to_fail=allowed_to_fail,
        )
        return self._run(self._provider.update_action(action_id, request))

    def delete(self, action_id: str, /, *, force: bool = False) -> None:
        """Delete an action.

        Args:
            action_id: The action's id.
            force: Auth0: detach the action from every trigger first instead of failing with
                409. ZITADEL always removes deleted actions from its flows.

        Raises:
            ConflictError: The action is still bound (Auth0, without ``force``).
            NotFoundError: No action has this id.
        """
        self._run(self._provider.delete_action(action_id, force=force))

    def deploy(self, action_id: str, /) -> ActionVersion:
        """Deploy the action's current draft as a new version (Auth0).

        Args:
            action_id: The action's id.

        Returns:
            The new version (its status starts as ``pending``).

        Raises:
            BadRequestError: The draft is not built yet.
            UnsupportedOperationError: On ZITADEL, where actions are live once saved.
        """
        return self._run(self._provider.deploy_action(action_id))

    def test(self, action_id: str, /, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run the action's draft against an event payload (Auth0).

        Args:
            action_id: The action's id.
            payload: The trigger's event payload.

        Returns:
            The resulting payload.
        """
        return self._run(self._provider.test_action(action_id, payload))

    def deactivate(self, action_id: str, /) -> ActionT:
        """Deactivate an action so flows skip it; a no-op when already inactive (ZITADEL).

        Args:
            action_id: The action's id.

        Returns:
            The action, now inactive.
        """
        return self._run(self._provider.deactivate_action(action_id))

    def reactivate(self, action_id: str, /) -> ActionT:
        """Reactivate a deactivated action; a no-op when already active (ZITADEL).

        Args:
            action_id: The action's id.

        Returns:
            The action, now active.
        """
        return self._run(self._provider.reactivate_action(action_id))
