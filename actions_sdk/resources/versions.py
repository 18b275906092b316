"""``client.actions.versions``: an action's immutable versions and rollback (Auth0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actions_sdk._checks import check_action_id
from actions_sdk._types import UNSET, Unset
from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk.models.auth0 import Action, ActionVersion
    from actions_sdk.pagination import SyncPager

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
        self, action_id: str | Action, version_id: str, /, *, update_draft: bool | None = None
    ) -> ActionVersion:
        """Roll back: deploy a new version identical to ``version_id``.

        Args:
            action_id: The action's id, or the action itself.
            version_id: The version to bring back.
            update_draft: Also replace the draft with that version's contents.

        Returns:
            The new, deployed version (status ``pending`` at first).
        """
        return self._run(
            self._provider.deploy_version(check_action_id(action_id), version_id, update_draft)
        )
