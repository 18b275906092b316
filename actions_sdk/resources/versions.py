"""``client.actions.versions``: an action's immutable versions and rollback (Auth0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actions_sdk import _recipes
from actions_sdk._checks import check_action_id
from actions_sdk._types import UNSET, Unset
from actions_sdk.resources._base import SyncResource, wait_arguments

if TYPE_CHECKING:
    from actions_sdk._progress import ProgressCallback
    from actions_sdk.pagination import SyncPager
    from actions_sdk.providers.auth0.models import Action, ActionVersion

__all__ = ["Versions"]


class Versions(SyncResource):
    """The versions of an action, newest first as the server orders them."""

    def list(
        self, action_id: str | Action, /, *, per_page: int | Unset = UNSET
    ) -> SyncPager[ActionVersion]:
        """List an action's versions lazily, across all pages.

        Args:
            action_id: The action's id, or the action itself.
            per_page: Page size; the server's default when left out.

        Returns:
            A pager over the versions.
        """
        return self._pager(self._provider.list_versions(check_action_id(action_id), per_page))

    def get(self, action_id: str | Action, version_id: str, /) -> ActionVersion:
        """Fetch one version.

        Args:
            action_id: The action's id, or the action itself.
            version_id: The version's id.

        Returns:
            The version.
        """
        return self._run(self._provider.get_version(check_action_id(action_id), version_id))

    def deploy(
        self,
        action_id: str | Action,
        version_id: str,
        /,
        *,
        update_draft: bool | None = None,
        wait: bool = False,
        timeout: float | None = None,
        poll: float | None = None,
        progress: ProgressCallback | None = None,
    ) -> ActionVersion:
        """Roll back: deploy a new version identical to ``version_id``.

        The server makes a new version (the next number) with that version's contents and
        deploys it. The action's *draft* is left as it is unless ``update_draft=True``: with the
        default, the draft still holds the newer code, so a later ``actions.deploy(id)`` or
        ``actions.deploy(id, wait=True)`` deploys that draft again and undoes the rollback. Pass
        ``update_draft=True`` to make the rolled-back contents the draft as well, so that the
        next deploy keeps them.

        Do not follow a rollback with ``actions.deploy(id, wait=True)`` to wait for it (that
        deploys the draft): use ``wait=True`` here, which only waits until the new version (or
        a newer one) is the deployed one. The POST is sent once; after an answer that may hide
        a success it is not repeated (it would make another version) and the error is raised.

        Args:
            action_id: The action's id, or the action itself.
            version_id: The version to bring back.
            update_draft: Also replace the draft with that version's contents (the server
                defaults to ``False``; ``None`` sends no body).
            wait: Wait until the new version is deployed.
            timeout: Seconds the wait may last (with ``wait=True``; default 300).
            poll: Seconds before the first re-poll (with ``wait=True``; default 1).
            progress: Called with a :class:`~actions_sdk.ProgressEvent` at each step of the
                wait (with ``wait=True``).

        Returns:
            The new version; without ``wait`` as the POST answers it (not deployed yet), with
            ``wait=True`` the action's ``deployed_version`` once it is live.

        Raises:
            UnsupportedOperationError: Where the vendor keeps no versions (its capability table).
            ActionBuildError: The version's build failed (``wait=True``).
            WaitTimeoutError: Not deployed within ``timeout`` (``wait=True``).
        """
        waiting = wait_arguments(wait, timeout, poll, progress, self._transport.policy)
        if waiting is not None:
            action = check_action_id(action_id)
            rollback = _recipes.rollback_and_wait
            return self._run(rollback(self._provider, action, version_id, update_draft, **waiting))
        return self._run(
            self._provider.deploy_version(check_action_id(action_id), version_id, update_draft)
        )
