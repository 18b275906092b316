"""``client.actions.modules``: shared code modules (Auth0)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from actions_sdk._types import UNSET, Unset
from actions_sdk.resources._base import SyncResource, call_arguments

if TYPE_CHECKING:
    from actions_sdk.pagination import SyncPager
    from actions_sdk.providers.auth0.models import (
        Dependency,
        Module,
        ModuleAction,
        ModuleVersion,
        Secret,
    )

__all__ = ["ModuleVersions", "Modules"]


class Modules(SyncResource):
    """Reusable code shared by several actions."""

    @cached_property
    def versions(self) -> ModuleVersions:
        """``client.actions.modules.versions``: published versions of a module."""
        return ModuleVersions(self._transport, self._provider)

    def list(self, *, per_page: int | Unset = UNSET) -> SyncPager[Module]:
        """List modules lazily, across all pages.

        Args:
            per_page: Page size; when left out the server returns everything at once.

        Returns:
            A pager over the modules.
        """
        return self._pager(self._provider.list_modules(per_page))

    def get(self, module_id: str, /) -> Module:
        """Fetch one module.

        Args:
            module_id: The module's id.

        Returns:
            The module.
        """
        return self._run(self._provider.get_module(module_id))

    def create(
        self,
        *,
        name: str,
        code: str,
        secrets: Sequence[Secret | Mapping[str, Any]] | Unset = UNSET,
        dependencies: Sequence[Dependency | Mapping[str, Any]] | Unset = UNSET,
        api_version: str | Unset = UNSET,
        publish: bool | Unset = UNSET,
    ) -> Module:
        """Create a module.

        Args:
            name: Unique name (≤ 255 characters).
            code: Source code (≤ 65 536 characters).
            secrets: Secrets; values are write-only.
            dependencies: npm dependencies.
            api_version: Module API version.
            publish: Publish the first version right away.

        Returns:
            The module.
        """
        fields = call_arguments(locals())  # first: only the arguments are bound yet
        return self._run(self._provider.create_module(**fields))

    def update(
        self,
        module_id: str,
        /,
        *,
        code: str | Unset = UNSET,
        secrets: Sequence[Secret | Mapping[str, Any]] | Unset = UNSET,
        dependencies: Sequence[Dependency | Mapping[str, Any]] | Unset = UNSET,
    ) -> Module:
        """Change a module's draft; ``secrets`` replaces the whole set.

        Args:
            module_id: The module's id.
            code: New source code.
            secrets: The complete new set of secrets.
            dependencies: New npm dependencies.

        Returns:
            The module.
        """
        return self._run(
            self._provider.update_module(
                module_id, code=code, secrets=secrets, dependencies=dependencies
            )
        )

    def delete(self, module_id: str, /) -> None:
        """Delete a module that no action uses.

        Args:
            module_id: The module's id.

        Raises:
            PreconditionFailedError: Actions still use the module.
        """
        self._run(self._provider.delete_module(module_id))

    def list_actions(
        self, module_id: str, /, *, per_page: int | Unset = UNSET
    ) -> SyncPager[ModuleAction]:
        """List the actions that use a module.

        Args:
            module_id: The module's id.
            per_page: Page size.

        Returns:
            A pager over the using actions.
        """
        return self._pager(self._provider.list_module_actions(module_id, per_page))

    def rollback(self, module_id: str, /, *, module_version_id: str) -> Module:
        """Replace the module's draft with an earlier version.

        Args:
            module_id: The module's id.
            module_version_id: The version to bring back.

        Returns:
            The module.
        """
        return self._run(self._provider.rollback_module(module_id, module_version_id))


class ModuleVersions(SyncResource):
    """Published, immutable versions of a module."""

    def list(self, module_id: str, /, *, per_page: int | Unset = UNSET) -> SyncPager[ModuleVersion]:
        """List a module's versions.

        Args:
            module_id: The module's id.
            per_page: Page size.

        Returns:
            A pager over the versions.
        """
        return self._pager(self._provider.list_module_versions(module_id, per_page))

    def create(self, module_id: str, /) -> ModuleVersion:
        """Publish the module's draft as a new version.

        Args:
            module_id: The module's id.

        Returns:
            The new version.
        """
        return self._run(self._provider.create_module_version(module_id))

    def get(self, module_id: str, version_id: str, /) -> ModuleVersion:
        """Fetch one module version.

        Args:
            module_id: The module's id.
            version_id: The version's id.

        Returns:
            The version.
        """
        return self._run(self._provider.get_module_version(module_id, version_id))
