"""``client.actions.keys``: a target's public keys and its signing key (ZITADEL Actions v2)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic

from actions_sdk._checks import check_action_id
from actions_sdk._types import UNSET, Unset
from actions_sdk.providers._base import ActionT, Provider
from actions_sdk.resources._base import SyncResource

if TYPE_CHECKING:
    from actions_sdk._operation import Plan
    from actions_sdk.pagination import SyncPager
    from actions_sdk.providers.zitadel.models_v2 import PublicKey

__all__ = ["Keys"]


class Keys(SyncResource, Generic[ActionT]):
    """The keys of a target: public keys (for JWE payloads) and the HMAC signing key.

    A target whose ``payload_type`` is JWE gets its payloads encrypted to its one *active*
    public key; the life cycle is add (inactive), activate (the others deactivate), and, once
    the old key is unused, deactivate and remove it. JSON payloads are signed with the target's
    ``signing_key`` instead, which :meth:`rotate_signing_key` replaces.
    """

    _provider: Provider[ActionT, Any, Any]

    def list(
        self, target: str | ActionT, /, *, per_page: int | Unset = UNSET
    ) -> SyncPager[PublicKey]:
        """List a target's public keys lazily, across all pages.

        Args:
            target: The target's id, or the target itself.
            per_page: Page size, 1 to 1000 (default 1000).

        Returns:
            A pager over the keys.

        Raises:
            UnsupportedOperationError: The API has no target keys (all but ZITADEL v2).
        """
        return self._pager(
            self._provider.list_public_keys(check_action_id(target, "target"), per_page)
        )

    def add(
        self,
        target: str | ActionT,
        /,
        *,
        public_key: str | bytes,
        expiration: datetime | None = None,
    ) -> PublicKey:
        """Add a public key to a target; it starts inactive.

        Not repeated once it may have reached the server (a repeat would add a second key):
        after a lost answer the target's keys are listed and the one with this PEM text is
        returned; the error is raised when no key (or more than one) matches.

        Args:
            target: The target's id, or the target itself.
            public_key: The PEM text of an RSA or EC public key (at most 8192 bytes).
            expiration: When the key expires and deactivates itself (timezone-aware), if ever.

        Returns:
            The new key.

        Raises:
            ValidationError: Not a PEM public key, or a naive ``expiration``; nothing was sent.
            UnsupportedOperationError: The API has no target keys.
        """
        return self._run(
            self._provider.add_public_key(check_action_id(target, "target"), public_key, expiration)
        )

    def activate(self, target: str | ActionT, key_id: str, /) -> None:
        """Make a key the target's active one (its other keys are deactivated); idempotent.

        Args:
            target: The target's id, or the target itself.
            key_id: The key's id.
        """
        self._run(self._key_state(target, key_id, active=True))

    def deactivate(self, target: str | ActionT, key_id: str, /) -> None:
        """Deactivate a key (idempotent); a JWE target without an active key fails to run."""
        self._run(self._key_state(target, key_id, active=False))

    def _key_state(self, target: str | ActionT, key_id: str, *, active: bool) -> Plan[None]:
        target_id = check_action_id(target, "target")
        return self._provider.set_public_key_state(target_id, key_id, active=active)

    def remove(self, target: str | ActionT, key_id: str, /) -> None:
        """Remove an inactive key (deactivate the active one first); a missing key is a no-op.

        Args:
            target: The target's id, or the target itself.
            key_id: The key's id.
        """
        self._run(self._provider.remove_public_key(check_action_id(target, "target"), key_id))

    def rotate_signing_key(self, target: str | ActionT, /) -> ActionT:
        """Replace the target's HMAC signing key, effective at once (one call).

        ZITADEL signs JSON payloads with the new key from now on, so update the key your
        endpoint verifies with (``target.signing_key`` of the result) right away. A repeated call
        rotates again, which also leaves a valid key.

        Args:
            target: The target's id, or the target itself.

        Returns:
            The target, read after the rotation, with its new ``signing_key``.
        """
        return self._run(self._provider.rotate_signing_key(check_action_id(target, "target")))
