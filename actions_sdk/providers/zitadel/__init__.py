"""The ZITADEL vendor package.

Everything ZITADEL-specific lives here and nowhere else: the models (:mod:`.models` for v1,
:mod:`.models_v2` for v2), the management v1 provider (:mod:`.v1`: the protojson converter, key
files and JWT assertions, error parsing and the v1 operations) and the Actions v2 provider
(:mod:`.v2`: targets, executions, public keys), which reuses v1's authentication, errors and
converter. The neutral core never imports this package at runtime;
``ManagementClient.for_zitadel`` imports it lazily inside the factory and calls
:func:`provider_for_api`, which loads only the chosen version.

The names are loaded on first use, so importing :mod:`.models` does not pull in a provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from actions_sdk._checks import excerpt
from actions_sdk.errors import ValidationError
from actions_sdk.providers._lazy import lazy_exports

if TYPE_CHECKING:
    from actions_sdk.providers._base import Provider
    from actions_sdk.providers.zitadel.v1 import ZITADEL_CONVERTER, ZitadelProvider
    from actions_sdk.providers.zitadel.v2 import ZitadelV2Provider

__all__ = ["API_VERSIONS", "ZITADEL_CONVERTER", "ZitadelProvider", "ZitadelV2Provider"]

API_VERSIONS: Final = ("v1", "v2")
"""The ZITADEL Actions APIs ``for_zitadel(api=...)`` speaks; ``"v1"`` is the default."""

__getattr__ = lazy_exports(
    __name__, {"ZITADEL_CONVERTER": "v1", "ZitadelProvider": "v1", "ZitadelV2Provider": "v2"}
)


def provider_for_api(
    api: object, domain: str, *, org_id: str | None = None, **credentials: Any
) -> Provider[Any, Any, Any]:
    """Build the provider of one ZITADEL Actions API version.

    ``"v1"`` is management v1 (per organization: actions, flows, triggers); ``"v2"`` is
    Actions v2 (instance-wide: targets, executions, public keys). v2 has no organization, so an
    ``org_id`` with it is refused rather than silently dropped.

    Args:
        api: ``"v1"`` or ``"v2"``.
        domain: The instance URL.
        org_id: The organization (v1 only).
        **credentials: The authentication arguments of the providers.

    Returns:
        The provider.

    Raises:
        ValidationError: An unknown ``api`` (or bad credentials).
        UnsupportedOperationError: ``org_id`` with ``api="v2"``.
    """
    if api == "v2":
        from actions_sdk.providers.zitadel.v2 import ZitadelV2Provider

        return ZitadelV2Provider(domain, org_id=org_id, **credentials)
    if api == "v1":
        from actions_sdk.providers.zitadel.v1 import ZitadelProvider

        return ZitadelProvider(domain, org_id=org_id, **credentials)
    raise ValidationError(
        f"api must be one of {', '.join(map(repr, API_VERSIONS))}, got {excerpt(api)}", field="api"
    )
