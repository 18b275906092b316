"""The ZITADEL vendor package.

Everything ZITADEL-specific lives here and nowhere else: the models (:mod:`.models`) and the
management v1 provider (:mod:`.v1`: the protojson converter, key files and JWT assertions, error
parsing and the v1 operations). A provider for ZITADEL's v2 Actions API sits beside :mod:`.v1`
and reuses its shared parts. The neutral core never imports this package at runtime;
``ManagementClient.for_zitadel`` imports it lazily inside the factory.

The names are loaded on first use, so importing :mod:`.models` does not pull in the provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actions_sdk.providers._lazy import lazy_exports

if TYPE_CHECKING:
    from actions_sdk.providers.zitadel.v1 import ZITADEL_CONVERTER, ZitadelProvider

__all__ = ["ZITADEL_CONVERTER", "ZitadelProvider"]

__getattr__ = lazy_exports(__name__, "v1", __all__)
