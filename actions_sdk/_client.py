"""The synchronous client, :class:`ManagementClient` (public path: :mod:`actions_sdk.client`).

Written by hand; ``scripts/gen_async.py`` generates ``AsyncManagementClient`` from this module
into ``actions_sdk/_async/_client.py`` (``async def``/``await`` for closing, ``Async…`` names, the
async class docstring), so every factory's signature and docstring is written once, here.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Unpack, cast, overload

import httpx

from actions_sdk._client_base import (
    Auth0Options,
    ZitadelOptions,
    _auth0_provider,
    _BaseClient,
    _unused_client,
    _vendor_client,
    _zitadel_provider,
)
from actions_sdk._keywords import keyword_signature
from actions_sdk._transport import HttpDefaults, SyncTransport
from actions_sdk._types import ClosesOnExit
from actions_sdk.providers._base import ActionT, BindingT, TriggerT

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.models import Action, ActionBinding, ActionTrigger
    from actions_sdk.providers.zitadel.models import ZitadelAction, ZitadelBinding, ZitadelTrigger
    from actions_sdk.providers.zitadel.models_v2 import (
        ExecutionCondition,
        ZitadelExecutionBinding,
        ZitadelTarget,
    )
    from actions_sdk.resources.actions import Actions

__all__ = ["ManagementClient"]


class ManagementClient(
    _BaseClient[ActionT, TriggerT, BindingT, httpx.Client, SyncTransport], ClosesOnExit
):
    """A synchronous client for the actions of one Auth0 tenant or ZITADEL instance.

    Build one with :meth:`for_auth0` or :meth:`for_zitadel`; both return a client with the same
    namespaces, typed with that vendor's models. Use it as a context manager, or call
    :meth:`close`, to release connections. Safe to share between threads.

    Example:
        >>> with ManagementClient.for_auth0(  # doctest: +SKIP
        ...     "acme.eu.auth0.com", client_id="…", client_secret="…"
        ... ) as client:
        ...     action = client.actions.update(action_id, code=new_code)
    """

    @staticmethod
    def _new_http(defaults: HttpDefaults) -> httpx.Client:
        return httpx.Client(
            follow_redirects=False, headers=defaults.headers, timeout=defaults.timeout
        )

    _transport_type = SyncTransport

    # -- construction ----------------------------------------------------------------------

    @staticmethod
    @keyword_signature(Auth0Options[httpx.Client])
    def for_auth0(
        domain: str, **options: Unpack[Auth0Options[httpx.Client]]
    ) -> ManagementClient[Action, ActionTrigger, ActionBinding]:
        """Create a client for an Auth0 tenant's Management API.

        Give either a ``token`` or a machine-to-machine application's ``client_id`` and
        ``client_secret`` (client-credentials grant; the token is requested through this client's
        own httpx client, cached until shortly before it expires, and renewed once if the API
        answers 401). Tenants that forbid shared secrets use Private Key JWT instead: give
        ``client_id`` and ``client_assertion_signing_key`` (needs ``actions-sdk[jwt]``); each
        token request then carries a freshly signed client assertion.

        Args:
            domain: The tenant's domain, e.g. ``acme.eu.auth0.com`` (``http://localhost:…`` is
                allowed for emulators).
            **options: The keywords of :class:`~actions_sdk.client.Auth0Options`, each optional:
                the credentials ``token``, ``client_id``, ``client_secret``, ``audience``
                (defaults to ``https://{domain}/api/v2/``), ``client_assertion_signing_key``
                (PEM, never shown in a repr, log line or error) and
                ``client_assertion_signing_alg`` (``RS256`` by default, ``RS384``, ``PS256``);
                and the client settings ``timeout``, ``max_retries``, ``retry_policy``,
                ``http_client`` (your own :class:`httpx.Client`, never closed by the SDK),
                ``headers`` and ``request_budget`` (e.g. ``RequestBudget.auth0_free()``).

        Returns:
            A client whose models are :class:`~actions_sdk.models.auth0.Action` and friends.

        Raises:
            ValidationError: Missing or conflicting credentials, an invalid domain or timeout,
                or a signing key that does not load.
            MissingDependencyError: A signing key without ``actions-sdk[jwt]`` installed.
            TypeError: An unknown keyword, as with any Python call.
        """
        return cast(
            "ManagementClient[Action, ActionTrigger, ActionBinding]",
            _vendor_client(ManagementClient, _auth0_provider, domain, options),
        )

    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v1"] = "v1", **options: Unpack[ZitadelOptions[httpx.Client]]
    ) -> ManagementClient[ZitadelAction, ZitadelTrigger, ZitadelBinding]: ...
    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v2"], **options: Unpack[ZitadelOptions[httpx.Client]]
    ) -> ManagementClient[ZitadelTarget, ExecutionCondition, ZitadelExecutionBinding]: ...
    @staticmethod
    @keyword_signature(ZitadelOptions[httpx.Client])
    def for_zitadel(
        domain: str,
        *,
        api: Literal["v1", "v2"] = "v1",
        **options: Unpack[ZitadelOptions[httpx.Client]],
    ) -> ManagementClient[Any, Any, Any]:
        """Create a client for a ZITADEL instance's actions: management v1 or Actions v2.

        ``api="v1"`` (the default) speaks management v1 (per-organization actions and flows);
        ``api="v2"`` speaks Actions v2 (instance-wide targets, execution conditions and their
        ordered targets, public keys; see docs/zitadel-v2.md). The default stays ``"v1"`` so an
        existing program is never switched to another API (and another data set) silently;
        new setups should pass ``api="v2"``: v1 is to be sunset in ZITADEL V5. v2 is
        instance-scoped: the token needs instance permissions (IAM_OWNER, or a role with
        ``action.target.read/write/delete`` and ``action.execution.read/write``).

        Authenticate with exactly one of: a personal access token (``token``); a service
        account's key (``key_file`` path or ``key`` JSON/mapping, JWT profile; needs
        ``pip install "actions-sdk[zitadel]"``); or ``client_id`` + ``client_secret`` (client
        credentials).

        Args:
            domain: The instance's domain, e.g. ``acme-xyz.zitadel.cloud``.
            api: ``"v1"`` (default) or ``"v2"``, the ZITADEL Actions API to speak.
            **options: The keywords of :class:`~actions_sdk.client.ZitadelOptions`, each
                optional: the credentials ``token``, ``key_file``, ``key``, ``client_id``,
                ``client_secret``; ``org_id``, the organization to act on
                (``x-zitadel-orgid``, the caller's own by default; per call:
                ``client.with_options(org_id=...)``; v1 only: with ``api="v2"`` it is refused,
                as v2 has no organization scope); ``allow_insecure_http=True`` to allow plain
                ``http://`` to a host that is not loopback, e.g. ``http://zitadel:8080`` in a
                compose network (warns with :class:`~actions_sdk.errors.InsecureHTTPWarning`;
                without it only ``https`` and http to localhost are accepted); and the client
                settings ``timeout``, ``max_retries``, ``retry_policy``, ``http_client`` (your
                own :class:`httpx.Client`, never closed by the SDK), ``headers`` and
                ``request_budget`` (e.g. ``RequestBudget.zitadel_cloud()``).

        Returns:
            A client whose models are :class:`~actions_sdk.models.zitadel.ZitadelAction` and
            friends (v1), or :class:`~actions_sdk.providers.zitadel.models_v2.ZitadelTarget`,
            ``ExecutionCondition`` and ``ZitadelExecutionBinding`` (v2).

        Raises:
            ValidationError: Missing or conflicting credentials, an unreadable key, an unknown
                ``api``, or an invalid domain or timeout.
            UnsupportedOperationError: ``org_id`` with ``api="v2"``.
            TypeError: An unknown keyword, as with any Python call.
        """
        return cast(
            "ManagementClient[Any, Any, Any]",
            _vendor_client(
                ManagementClient,
                _zitadel_provider,
                domain,
                options,
                api=api,
            ),
        )

    # -- namespaces ------------------------------------------------------------------------

    @cached_property
    def actions(self) -> Actions[ActionT, TriggerT, BindingT]:
        """``client.actions``: actions, and through it versions, triggers, bindings, modules."""
        from actions_sdk.resources.actions import Actions

        return Actions(self._transport, self._provider)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the connections (an injected ``httpx.Client`` is left open)."""
        http = self._state.begin_close(_unused_client)
        if http is not None:
            http.close()
