"""``client.actions``: create, read, update, delete, deploy and test actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Literal, Unpack, overload

from actions_sdk import _recipes
from actions_sdk._checks import check_action_id, excerpt
from actions_sdk._recipes import DEFAULT_POLL, DEFAULT_TIMEOUT
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
from actions_sdk.resources._base import (
    SyncResource,
    call_arguments,
    wait_arguments,
    wait_keywords,
)
from actions_sdk.resources._fields import ActionFields, action_fields, action_options

if TYPE_CHECKING:
    from actions_sdk._progress import ProgressCallback
    from actions_sdk.pagination import SyncPager
    from actions_sdk.providers.auth0.models import (
        ActionVersion,
    )
    from actions_sdk.resources.executions import Executions
    from actions_sdk.resources.keys import Keys
    from actions_sdk.resources.modules import Modules
    from actions_sdk.resources.triggers import Triggers
    from actions_sdk.resources.versions import Versions

__all__ = ["Actions"]


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
    def keys(self) -> Keys[ActionT]:
        """``client.actions.keys``: a target's public keys and signing key (ZITADEL v2)."""
        from actions_sdk.resources.keys import Keys

        return Keys(self._transport, self._provider)

    @cached_property
    def modules(self) -> Modules:
        """``client.actions.modules``: shared code modules (Auth0)."""
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
        ids: Sequence[str] | Unset = UNSET,
        sort_by: str | Unset = UNSET,
    ) -> SyncPager[ActionT]:
        """List actions lazily, across all pages.

        Args:
            trigger_id: Only actions supporting this trigger (Auth0).
            action_name: Only the action with this exact name.
            deployed: Only deployed (``True``) or undeployed actions (Auth0).
            installed: ``True`` for marketplace actions only, ``False`` for custom ones (Auth0).
            state: Only actions in this state, e.g. ``"ACTION_STATE_ACTIVE"`` (ZITADEL).
            per_page: Page size; Auth0: the server's default when left out; ZITADEL: 1 to 1000,
                default 1000 (pages are sorted by id and no action is listed twice).
            ids: Only the targets with these ids (ZITADEL v2).
            sort_by: The order of a ZITADEL v2 listing: ``"creation_date"`` (default, the most
                stable for paging), ``"change_date"``, ``"id"``, ``"name"``, ``"target_type"``,
                ``"endpoint"``, ``"timeout"`` or ``"interrupt_on_error"``; a leading ``-``
                sorts descending.

        Returns:
            A pager: iterate it for the actions; ``.total`` and ``.pages()`` are available.

        Raises:
            UnsupportedOperationError: A filter the provider does not have.
            ValidationError: An invalid page size.
        """
        request = ListActionsRequest(**call_arguments(locals()))  # the filters, as given
        return self._pager(self._provider.list_actions(request))

    def get(self, action_id: str | ActionT, /) -> ActionT:
        """Fetch one action.

        Args:
            action_id: The action's id, or the action itself.

        Returns:
            The action.

        Raises:
            NotFoundError: No action has this id.
        """
        return self._run(self._provider.get_action(check_action_id(action_id)))

    @action_fields
    def create(
        self,
        *,
        name: str,
        deploy: bool | Unset = UNSET,
        wait: bool = False,
        wait_timeout: float = DEFAULT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        progress: ProgressCallback | None = None,
        **fields: Unpack[ActionFields],
    ) -> ActionT:
        """Create an action, exactly once even when an answer is lost.

        **Duplicate-free.** When the outcome is unknown (the response was lost, a timeout after
        sending, a 5xx), the action is looked up by its unique name before anything else: found
        with the requested content, it is returned; found with other content,
        :class:`~actions_sdk.errors.CreateOutcomeUnknownError` says so (nothing is overwritten);
        not found, the create is sent again, within the policy's ``max_retries``. A 409 on the
        first attempt is raised as is: the name was taken before this call.

        **Waiting (Auth0).** With ``wait=True`` the call returns once the action is built; with
        ``deploy=True`` as well, once the deployed version is live and bindable. On ZITADEL,
        whose actions run as soon as they are saved, ``wait=True`` returns at once and accepts
        ``deploy=True``, so one script runs on both.

        Args:
            name: Unique name (ZITADEL: also the JavaScript function the script defines).
            supported_triggers: The trigger the action is for, by id, as a trigger or as
                ``{"id", "version"}`` (Auth0, required there), e.g. ``["post-login"]``.
            code: The source code.
            script: Alias of ``code`` (ZITADEL's word for it).
            dependencies: npm dependencies (Auth0): ``Dependency`` or ``{"name", "version"}``.
            runtime: Node runtime, e.g. ``"node22"`` (Auth0).
            secrets: Secrets; values are write-only (Auth0): ``Secret`` or ``{"name", "value"}``.
            modules: Action modules to include (Auth0).
            deploy: Deploy once built (Auth0; on ZITADEL only together with ``wait=True``).
            wait: Wait until built (and with ``deploy=True`` deployed) before returning.
            wait_timeout: Seconds the wait may last (``timeout`` is the action's run-time limit).
            poll: Seconds before the first re-poll while waiting; pauses grow ×1.5 up to 5 s.
            timeout: Run-time limit, up to 20 s (ZITADEL v1; v2: required, up to 270 s).
            allowed_to_fail: Let the flow continue when this action fails (ZITADEL v1).
            endpoint: The URL ZITADEL calls (ZITADEL v2 target, required there).
            target_type: ``"webhook"``, ``"call"`` or ``"async"`` (ZITADEL v2, required).
            interrupt_on_error: Stop the execution when the target fails (ZITADEL v2).
            payload_type: ``"json"`` (default), ``"jwt"`` or ``"jwe"`` (ZITADEL v2).
            progress: Called with a :class:`~actions_sdk.ProgressEvent` at each step of the
                wait (``wait=True``): polls, status changes, the end.

        Returns:
            The created action (read again after waiting).

        Raises:
            ValidationError: Invalid arguments; nothing was sent.
            UnsupportedOperationError: An option the provider does not have; nothing was sent.
            ConflictError: The name was already taken.
            CreateOutcomeUnknownError: The create may have landed and the lookup by name could
                not settle it.
            ActionBuildError: The build failed (``wait=True``).
            WaitTimeoutError: Not built or deployed within ``wait_timeout``.

        Any error raised with ``wait=True`` *after* the action was created carries it as
        ``error.created_action`` (``None`` means nothing was created: calling again is safe).
        Then do not create again — the name is taken — but resume with
        ``actions.deploy(error.created_action.id, wait=True)`` or ``wait_until_built``.
        """
        options = action_options(fields, deploy=deploy)
        request = CreateActionRequest(name, options)
        return self._run(
            _recipes.create_action(
                self._provider,
                request,
                wait=wait,
                **wait_keywords(wait_timeout, poll, progress, self._transport.policy),
            )
        )

    @action_fields
    def upsert(
        self,
        *,
        name: str,
        deploy: bool = False,
        wait_timeout: float = DEFAULT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        **fields: Unpack[ActionFields],
    ) -> ActionT:
        """Create the action, or update the one with this name so it has these fields.

        The action is looked up by its unique name. Absent, it is created (duplicate-free, as
        :meth:`create`). Present, it is compared field by field with what is given (fields left
        out are neither compared nor changed) and updated only when something differs; secret
        values cannot be read back, so given secrets are sent whenever the action is written.
        With ``deploy=True`` the call then waits for the build, deploys when the draft is not
        the deployed code, and waits until it is live (Auth0). A re-run after a failed build or
        an interrupted deploy therefore just continues.

        Args:
            name: The action's unique name.
            supported_triggers: The trigger the action is for (Auth0, required to create).
            code: The source code.
            script: Alias of ``code``.
            dependencies: npm dependencies (Auth0).
            runtime: Node runtime (Auth0).
            secrets: The complete set of secrets, with values (Auth0).
            modules: Action modules (Auth0).
            deploy: Build, deploy and wait (Auth0; ZITADEL actions are live once saved).
            wait_timeout: Seconds the waits may last.
            poll: Seconds before the first re-poll while waiting.
            timeout: Run-time limit (ZITADEL).
            allowed_to_fail: Let the flow continue when this action fails (ZITADEL v1).
            endpoint: The URL ZITADEL calls (ZITADEL v2 target, required there).
            target_type: ``"webhook"``, ``"call"`` or ``"async"`` (ZITADEL v2, required).
            interrupt_on_error: Stop the execution when the target fails (ZITADEL v2).
            payload_type: ``"json"`` (default), ``"jwt"`` or ``"jwe"`` (ZITADEL v2).

        Returns:
            The action as it is afterwards.

        Raises:
            ValidationError: Invalid arguments; nothing was sent.
            UnsupportedOperationError: An option the provider does not have; nothing was sent.
            ActionBuildError: The build failed (``deploy=True``).
            WaitTimeoutError: Not built or deployed within ``wait_timeout``.
        """
        options = action_options(fields)
        request = CreateActionRequest(name, options)
        return self._run(
            _recipes.upsert_action(
                self._provider,
                request,
                deploy=deploy,
                timeout=wait_timeout,
                poll=poll,
                policy=self._transport.policy,
            )
        )

    def wait_until_built(
        self,
        action_id: str | ActionT,
        /,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        progress: ProgressCallback | None = None,
    ) -> ActionT:
        """Wait until the action's draft is built (Auth0); a no-op read on ZITADEL.

        Polls ``GET`` with growing pauses (``poll``, ×1.5, at most 5 s) through the normal send
        path, so the request budget applies; a poll that fails transiently is tried again at the
        next round, waiting what a ``Retry-After`` asks when the wait has that much time left.

        Args:
            action_id: The action's id, or the action itself.
            timeout: Seconds to wait at most (Auth0 gives up on a build after 5 minutes).
            poll: Seconds before the first re-poll.
            progress: Called with a :class:`~actions_sdk.ProgressEvent` at each poll, status
                change and at the end (Auth0; ZITADEL sends none: there is no wait).

        Returns:
            The built action (ZITADEL: the action, after one GET).

        Raises:
            ActionBuildError: The build failed; raised as soon as it is seen, with the errors.
            WaitTimeoutError: Not built within ``timeout``; carries the last status. Also
                raised at once when the server asks to wait longer than the time left.
            RateLimitError: The server asked to wait longer than the policy's
                ``max_retry_after``; raised at once, with ``retry_after``.
            NotFoundError: No action has this id.
        """
        return self._run(
            _recipes.wait_until_built(
                self._provider,
                check_action_id(action_id),
                **wait_keywords(timeout, poll, progress, self._transport.policy),
            )
        )

    @action_fields
    def update(
        self,
        action_id: str | ActionT,
        /,
        *,
        name: str | Unset = UNSET,
        **fields: Unpack[ActionFields],
    ) -> ActionT:
        """Change some fields of an action; fields left out keep their values.

        On Auth0 the draft changes (deploy again for it to run). On ZITADEL, whose API replaces
        the whole action, the SDK reads the action, merges the given fields and writes only when
        something changed.

        Args:
            action_id: The action's id, or the action itself.
            name: New name.
            supported_triggers: New trigger (Auth0).
            code: New source code.
            script: Alias of ``code``.
            dependencies: New npm dependencies (Auth0).
            runtime: New runtime, e.g. ``"node22"`` (Auth0). ``None`` is refused with a
                ``ValidationError``: the API documents no way to reset the runtime.
            secrets: The complete new set of secrets; names left out are removed (Auth0).
            modules: New module list (Auth0).
            timeout: New run-time limit (ZITADEL).
            allowed_to_fail: New failure policy (ZITADEL v1).
            endpoint: New URL (ZITADEL v2).
            target_type: New call style: webhook, call or async (ZITADEL v2).
            interrupt_on_error: New failure policy (ZITADEL v2).
            payload_type: New payload type: json, jwt or jwe (ZITADEL v2).

        Returns:
            The updated action.

        Raises:
            ValidationError: Invalid or no arguments; nothing was sent.
            UnsupportedOperationError: An option the provider does not have; nothing was sent.
            NotFoundError: No action has this id.
        """
        options = action_options(fields)
        request = UpdateActionRequest(name, options)
        return self._run(self._provider.update_action(check_action_id(action_id), request))

    def delete(
        self, action_id: str | ActionT, /, *, force: bool = False, unbind: bool = False
    ) -> None:
        """Delete an action.

        With ``unbind=True`` the action is first removed from every trigger it is bound to, the
        other bindings kept as they are (Auth0: every trigger-bound trigger is read and written
        back without it, by binding id; ZITADEL removes deleted actions from its flows itself),
        then deleted — instead of a 409 or a blind ``force``. A 404 answering a repeated delete
        whose earlier attempt may have landed counts as done.

        Args:
            action_id: The action's id, or the action itself.
            force: Auth0: have the server detach the action from every trigger instead of
                failing with 409. ZITADEL always removes deleted actions from its flows.
            unbind: Unbind it from every trigger first, then delete (not with ``force``).

        Raises:
            ConflictError: The action is still bound (Auth0, without ``force`` or ``unbind``).
            NotFoundError: No action has this id.
            ValidationError: Both ``force`` and ``unbind``.
        """
        if unbind is not False:
            if unbind is not True:
                raise ValidationError(
                    f"unbind must be a bool, got {excerpt(unbind)}", field="unbind"
                )
            if force:
                raise ValidationError("give force or unbind, not both", field="unbind")
            self._run(
                _recipes.delete_action(
                    self._provider, check_action_id(action_id), policy=self._transport.policy
                )
            )
            return
        self._run(self._provider.delete_action(check_action_id(action_id), force=force))

    @overload
    def deploy(
        self, action_id: str | ActionT, /, *, wait: Literal[False] = False
    ) -> ActionVersion: ...

    @overload
    def deploy(
        self,
        action_id: str | ActionT,
        /,
        *,
        wait: Literal[True],
        timeout: float = DEFAULT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        progress: ProgressCallback | None = None,
    ) -> ActionT: ...

    @overload
    def deploy(
        self,
        action_id: str | ActionT,
        /,
        *,
        wait: bool,
        timeout: float = DEFAULT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        progress: ProgressCallback | None = None,
    ) -> ActionVersion | ActionT: ...

    def deploy(
        self,
        action_id: str | ActionT,
        /,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll: float | None = None,
        progress: ProgressCallback | None = None,
    ) -> ActionVersion | ActionT:
        """Deploy the action's current draft as a new version (Auth0).

        ``deploy(id)`` is the raw endpoint: one POST, never repeated once it may have reached the
        server; it fails with 400 while the draft is not built.

        ``deploy(id, wait=True)`` is the safe way: wait until built (failing fast on a failed
        build), deploy, then wait until the new version is deployed and bindable, and return the
        action read then (``deployed_version`` is the new version). When the built draft already
        is the deployed code (``all_changes_deployed``) no new version is made. After a lost
        answer the action is re-read: a new version there means the deploy landed, otherwise it
        is sent again (within ``max_retries``). On ZITADEL, where actions are live once saved,
        it reads and returns the action.

        Args:
            action_id: The action's id, or the action itself.
            wait: Wait for the build before and the deployment after (see above).
            timeout: Seconds the whole wait may last (with ``wait=True``; default 300).
            poll: Seconds before the first re-poll (with ``wait=True``; default 1).
            progress: Called with a :class:`~actions_sdk.ProgressEvent` at each step of the
                wait (with ``wait=True``).

        Returns:
            The new version (status ``pending``); with ``wait=True`` the deployed action.

        Raises:
            BadRequestError: The draft is not built yet (without ``wait``).
            UnsupportedOperationError: Where the vendor has no deploy step and ``wait`` is not given
                (the vendor's capability table; docs/providers.md).
            ActionBuildError: The build failed (``wait=True``).
            WaitTimeoutError: Not deployed within ``timeout`` (``wait=True``).
        """
        waiting = wait_arguments(wait, timeout, poll, progress, self._transport.policy)
        if waiting is not None:
            action = check_action_id(action_id)
            return self._run(_recipes.deploy_and_wait(self._provider, action, **waiting))
        return self._run(self._provider.deploy_action(check_action_id(action_id)))

    def test(self, action_id: str | ActionT, /, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run the action's draft against an event payload (Auth0).

        Args:
            action_id: The action's id, or the action itself.
            payload: The trigger's event payload.

        Returns:
            The run result (the answer's ``payload`` object): not the event, but what the run
            did, e.g. ``{"error": None, "stats": {...}, "logs": ...}``.
        """
        return self._run(self._provider.test_action(check_action_id(action_id), payload))

    def deactivate(self, action_id: str | ActionT, /) -> ActionT:
        """Deactivate an action so flows skip it; a no-op when already inactive (ZITADEL).

        Args:
            action_id: The action's id, or the action itself.

        Returns:
            The action, now inactive.
        """
        return self._run(self._provider.deactivate_action(check_action_id(action_id)))

    def reactivate(self, action_id: str | ActionT, /) -> ActionT:
        """Reactivate a deactivated action; a no-op when already active (ZITADEL).

        Args:
            action_id: The action's id, or the action itself.

        Returns:
            The action, now active.
        """
        return self._run(self._provider.reactivate_action(check_action_id(action_id)))
