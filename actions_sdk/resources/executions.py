"""``client.actions.executions``: results of past action runs (Auth0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.models import Execution

__all__ = ["Executions"]


class Executions(SyncResource):
    """Executions are kept for 10 days; their ids appear in tenant logs."""

    def get(self, execution_id: str, /) -> Execution:
        """Fetch one execution.

        Args:
            execution_id: The execution's id.

        Returns:
            The execution with the result of each action.
        """
        return self._run(self._provider.get_execution(execution_id))
