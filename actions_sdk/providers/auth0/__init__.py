"""The Auth0 Management API v2 vendor package.

Everything Auth0-specific lives here and nowhere else: the models (:mod:`.models`), the provider
with its converter, request bodies, capability table and error refinement (:mod:`.provider`).
The neutral core never imports this package at runtime; ``ManagementClient.for_auth0`` imports it
lazily inside the factory.

The names are loaded on first use, so ``import actions_sdk.providers.auth0.models`` (what
``actions_sdk.models.auth0`` re-exports) does not pull in the provider and its converter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actions_sdk.providers._lazy import lazy_exports

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.provider import AUTH0_CONVERTER, Auth0Provider

__all__ = ["AUTH0_CONVERTER", "Auth0Provider"]

__getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, "provider"))
