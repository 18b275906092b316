"""``ManagementClient`` and ``AsyncManagementClient``: one client, two vendors, sync or async.

Both clients are built by the same code (:class:`_BaseClient`: domain validation, provider,
retry policy, shared state, ``with_options``) and differ only in their transport, their
namespaces (the async ones are generated from the sync ones) and how they are closed.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping
from functools import cached_property, partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Self, TypeVar, cast, overload
from urllib.parse import urlsplit

import attrs
import httpx

from actions_sdk._budget import AdaptiveBudget, RequestBudget
from actions_sdk._checks import (
    check_bool,
    check_headers,
    check_seconds,
    is_loopback,
    parse_domain,
)
from actions_sdk._retry import RetryPolicy
from actions_sdk._transport import (
    AsyncTransport,
    BaseTransport,
    ClientState,
    HttpDefaults,
    RateLimitInfo,
    SyncTransport,
    TokenCache,
    sdk_headers,
)
from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import InsecureHTTPWarning, ValidationError
from actions_sdk.providers._base import ActionT, BindingT, Provider, TriggerT

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.models import Action, ActionBinding, ActionTrigger
    from actions_sdk.providers.auth0.provider import Auth0Provider
    from actions_sdk.providers.zitadel.models import ZitadelAction, ZitadelBinding, ZitadelTrigger
    from actions_sdk.providers.zitadel.models_v2 import (
        ExecutionCondition,
        ZitadelExecutionBinding,
        ZitadelTarget,
    )
    from actions_sdk.resources._async.actions import AsyncActions
    from actions_sdk.resources.actions import Actions

__all__ = ["DEFAULT_TIMEOUT", "AsyncManagementClient", "ManagementClient"]

HttpT = TypeVar("HttpT", bound=httpx.Client | httpx.AsyncClient)
TransportT = TypeVar("TransportT", bound=BaseTransport[Any])

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s per request, 10 s to connect: applied even to an injected ``httpx.Client``."""


def resolve_base_url(
    domain: str, *, allow_insecure_http: bool = False, opt_in: str | None = None
) -> tuple[str, str]:
    """Turn what the caller passed as ``domain`` into a base URL and a bare host.

    ``acme.eu.auth0.com`` and ``https://acme.eu.auth0.com`` both mean HTTPS. Plain ``http`` is
    accepted for loopback hosts (``localhost``, ``127.0.0.1``, ``[::1]``, for emulators) and,
    with ``allow_insecure_http=True``, for any host — with an
    :class:`~actions_sdk.errors.InsecureHTTPWarning` (``http://zitadel:8080`` in a compose
    network). The parsing itself is :func:`actions_sdk._checks.parse_domain`, shared with the
    providers.

    Args:
        domain: A host name, optionally with scheme and port.
        allow_insecure_http: Accept plain http to a host that is not loopback.
        opt_in: The factory argument that opts in, named in the error (ZITADEL only).

    Returns:
        ``(base_url, host)``, e.g. ``("https://acme.eu.auth0.com", "acme.eu.auth0.com")``.

    Raises:
        ValidationError: Empty, malformed, with white space or a path, or plain http to a
            non-loopback host without the opt-in.
    """
    check_bool(allow_insecure_http, "allow_insecure_http")
    scheme, host = parse_domain(domain, allow_insecure_http=allow_insecure_http, opt_in=opt_in)
    hostname = urlsplit(f"{scheme}://{host}").hostname or host
    if scheme == "http" and not is_loopback(hostname):
        warnings.warn(
            f"plain http to {host}: tokens and scripts cross the network unencrypted "
            "(allow_insecure_http=True)",
            InsecureHTTPWarning,
            # Point at the caller of for_zitadel: here ← _zitadel_provider ← _vendor_client ←
            # the factory ← the caller.
            stacklevel=5,
        )
    return f"{scheme}://{host}", host


def _timeout(value: object) -> httpx.Timeout:
    # Checked here, at the call, rather than failing later inside socket code: "5" or -1 would
    # otherwise be stored and only explode on the first request.
    if isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            seconds = getattr(value, part)
            if seconds is not None:
                check_seconds(seconds, f"timeout.{part}")
        return value
    return httpx.Timeout(check_seconds(value, "timeout"))


def _unused_client() -> httpx.Client:
    # Closed in place of an owned client that was never built: httpx's bare base transport and no
    # proxies from the environment, so no SSL context is created just to be closed.
    return httpx.Client(transport=httpx.BaseTransport(), trust_env=False)


def _unused_async_client() -> httpx.AsyncClient:
    # As _unused_client, for the async client.
    return httpx.AsyncClient(transport=httpx.AsyncBaseTransport(), trust_env=False)


def _policy(base: RetryPolicy | None, max_retries: int | None) -> RetryPolicy:
    policy = base if base is not None else RetryPolicy()
    if max_retries is None:
        return policy
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValidationError("max_retries must be a whole number ≥ 0", field="max_retries")
    return attrs.evolve(policy, max_retries=max_retries)


def _budget(budget: RequestBudget | None) -> RequestBudget | None:
    if budget is not None and not isinstance(budget, RequestBudget):
        raise ValidationError(
            f"request_budget must be a RequestBudget, got {type(budget).__name__}",
            field="request_budget",
        )
    return budget


def _auth0_provider(
    domain: str,
    *,
    token: str | None,
    client_id: str | None,
    client_secret: str | None,
    audience: str | None,
    client_assertion_signing_key: str | bytes | None = None,
    client_assertion_signing_alg: str = "RS256",
) -> tuple[Auth0Provider, str]:
    from actions_sdk.providers.auth0.provider import Auth0Provider

    base_url, host = resolve_base_url(domain)
    provider = Auth0Provider(
        host,
        token=token,
        client_id=client_id,
        client_secret=client_secret,
        # The Management API identifier is the tenant's own URL with the trailing slash;
        # deriving it from the base URL keeps plain-http loopback emulators working.
        audience=audience if audience is not None else f"{base_url}/api/v2/",
        client_assertion_signing_key=client_assertion_signing_key,
        client_assertion_signing_alg=client_assertion_signing_alg,
        # Client assertions are addressed to the tenant itself (same reasoning as above).
        assertion_audience=f"{base_url}/",
    )
    return provider, base_url


def _zitadel_provider(
    domain: str,
    *,
    token: str | None,
    key_file: str | os.PathLike[str] | None,
    key: Mapping[str, Any] | str | None,
    client_id: str | None,
    client_secret: str | None,
    org_id: str | None,
    allow_insecure_http: bool,
    api: str = "v1",
) -> tuple[Provider[Any, Any, Any], str]:
    # The ZITADEL package chooses the provider of the API version (and loads only that one).
    from actions_sdk.providers.zitadel import provider_for_api

    base_url, _ = resolve_base_url(
        domain, allow_insecure_http=allow_insecure_http, opt_in="allow_insecure_http=True"
    )
    provider = provider_for_api(
        api,
        base_url,
        token=token,
        key_file=key_file,
        key=key,
        client_id=client_id,
        client_secret=client_secret,
        org_id=org_id,
        issuer=base_url,
    )
    return provider, base_url


class _BaseClient(Generic[ActionT, TriggerT, BindingT, HttpT, TransportT]):
    """Construction, shared state and options common to the sync and async clients.

    The client takes a provider, as httpx's ``Client(transport=...)`` takes a transport:
    ``ManagementClient(provider, base_url=...)`` works for any object meeting the
    :class:`~actions_sdk.providers._base.Provider` contract (see CONTRIBUTING.md, "Add a vendor").
    ``for_auth0`` / ``for_zitadel`` are thin constructors that build the vendor's provider.

    Args:
        provider: The vendor's provider (positional or keyword).
        base_url: Scheme and host.
        http_client: The caller's httpx client (never closed by the SDK), or ``None`` to own one.
        timeout: Per-request timeout.
        retry_policy: Retry settings.
        headers: Extra headers for every request.
        request_budget: Client-side request budget shared by every call of this client.
        token_clock: Monotonic clock of the token cache (tests).
    """

    def __init__(
        self,
        provider: Provider[ActionT, TriggerT, BindingT],
        *,
        base_url: str,
        http_client: HttpT | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        request_budget: RequestBudget | None = None,
        token_clock: Callable[[], float] | None = None,
        _state: ClientState[HttpT] | None = None,
    ) -> None:
        if _state is None:
            tokens = TokenCache(clock=token_clock) if token_clock is not None else TokenCache()
            budget = _budget(request_budget)
            # Without an explicit budget the client learns one from the server's headers.
            adaptive = AdaptiveBudget() if budget is None else None
            if http_client is not None:
                _state = ClientState(
                    http=http_client,
                    owns_http=False,
                    tokens=tokens,
                    budget=budget,
                    adaptive=adaptive,
                )
            else:
                # Built on the first request (see ClientState), with this client's constant
                # headers and timeout set once on it rather than merged into every request.
                defaults = HttpDefaults(headers=sdk_headers(headers), timeout=_timeout(timeout))
                _state = ClientState(
                    new_http=partial(self._new_http, defaults),
                    http_defaults=defaults,
                    owns_http=True,
                    tokens=tokens,
                    budget=budget,
                    adaptive=adaptive,
                )
        self._provider = provider
        self._state: ClientState[HttpT] = _state
        self._base_url = base_url
        self._timeout = _timeout(timeout)
        self._policy = retry_policy if retry_policy is not None else RetryPolicy()
        self._headers = check_headers(headers)
        self._transport: TransportT = self._transport_type(
            base_url=base_url,
            provider=provider,
            state=_state,
            policy=self._policy,
            timeout=self._timeout,
            headers=self._headers,
        )

    _transport_type: ClassVar[type[Any]]
    """The transport class (``SyncTransport`` / ``AsyncTransport``); built once per client."""

    @staticmethod
    def _new_http(defaults: HttpDefaults) -> HttpT:
        """Build the httpx client the SDK owns (a static method: the shared state keeps it)."""
        raise NotImplementedError

    # -- state -----------------------------------------------------------------------------

    @property
    def provider(self) -> str:
        """The vendor talked to: ``"auth0"``, ``"zitadel"`` (v1) or ``"zitadel-v2"``."""
        return self._provider.name

    @property
    def base_url(self) -> str:
        """Scheme and host requests go to."""
        return self._base_url

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """The server's ``x-ratelimit-*`` values of the latest response that carried them.

        Not to be confused with the ``request_budget=`` argument of ``for_auth0`` / ``for_zitadel``,
        the client-side :class:`~actions_sdk.RequestBudget`, available as :attr:`request_budget`.
        """
        return self._state.rate_limit

    @property
    def request_budget(self) -> RequestBudget | None:
        """The client-side request budget, if any (``with_options`` copies share it)."""
        return self._state.budget

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        org_id: str | Unset | None = UNSET,
        headers: Mapping[str, str] | Unset = UNSET,
    ) -> Self:
        """Return a client for one call or a group of calls with other settings.

        The copy shares connections, the token cache, the request budget and rate-limit state
        with this client, so it is cheap: ``client.with_options(timeout=5).actions.get(id)``.

        Args:
            timeout: Per-request timeout.
            max_retries: Retries after the first attempt.
            org_id: Organization to act on (ZITADEL); ``None`` for the caller's own.
            headers: Extra headers, added to this client's.

        Returns:
            The configured copy.

        Raises:
            UnsupportedOperationError: ``org_id`` on a provider without organizations.
            ValidationError: A timeout that is not a positive number of seconds or an
                ``httpx.Timeout`` (``"5"``, ``-1``), or a bad ``max_retries`` / ``org_id``.
        """
        provider = self._provider if org_id is UNSET else self._provider.with_org(org_id)
        policy = self._policy
        if max_retries is not UNSET:
            policy = _policy(policy, max_retries)
        merged = dict(self._headers)
        if headers is not UNSET:
            merged.update(check_headers(headers))
        return type(self)(
            provider=provider,
            base_url=self._base_url,
            timeout=self._timeout if timeout is UNSET else timeout,
            retry_policy=policy,
            headers=merged,
            _state=self._state,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} provider={self.provider} base_url={self._base_url}>"


def _vendor_client(
    client_class: type[_BaseClient[Any, Any, Any, Any, Any]],
    build_provider: Callable[..., tuple[Provider[Any, Any, Any], str]],
    *,
    domain: str,
    http_client: httpx.Client | httpx.AsyncClient | None,
    timeout: float | httpx.Timeout,
    max_retries: int | None,
    retry_policy: RetryPolicy | None,
    headers: Mapping[str, str] | None,
    request_budget: RequestBudget | None,
    **credentials: Any,
) -> Any:
    """The one body of the four ``for_auth0`` / ``for_zitadel`` factories (sync and async).

    Each factory passes its own arguments (``**locals()``): the vendor's credentials go to
    ``build_provider``, the client settings to ``client_class``. The factories keep their
    explicit, typed signatures (Python cannot type "the same signature with another client
    class"), so only their bodies are shared.
    """
    provider, base_url = build_provider(domain, **credentials)
    return client_class(
        provider=provider,
        base_url=base_url,
        http_client=http_client,
        timeout=timeout,
        retry_policy=_policy(retry_policy, max_retries),
        headers=headers,
        request_budget=request_budget,
    )


class ManagementClient(_BaseClient[ActionT, TriggerT, BindingT, httpx.Client, SyncTransport]):
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
    def for_auth0(
        domain: str,
        *,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        audience: str | None = None,
        client_assertion_signing_key: str | bytes | None = None,
        client_assertion_signing_alg: str = "RS256",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        headers: Mapping[str, str] | None = None,
        request_budget: RequestBudget | None = None,
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
            token: A Management API access token.
            client_id: The application's client id.
            client_secret: The application's client secret.
            audience: The API identifier; defaults to ``https://{domain}/api/v2/``.
            client_assertion_signing_key: Private Key JWT instead of a secret: the PEM-encoded
                RSA private key (``str`` or ``bytes``) whose public key is registered with the
                application. Never shown in a repr, log line or error.
            client_assertion_signing_alg: The credential's algorithm: ``RS256`` (default),
                ``RS384`` or ``PS256``.
            timeout: Per-request timeout in seconds (a positive number), or an
                :class:`httpx.Timeout`.
            max_retries: Retries after the first attempt (default 2; see :class:`RetryPolicy`).
            retry_policy: Full retry settings (``max_retries`` overrides its count).
            http_client: Your own :class:`httpx.Client` (proxies, mocks); never closed by the SDK.
            headers: Extra headers for every request.
            request_budget: A :class:`~actions_sdk.RequestBudget` every request of this client takes
                a slot from, e.g. ``RequestBudget.auth0_free()``; none by default.

        Returns:
            A client whose models are :class:`~actions_sdk.models.auth0.Action` and friends.

        Raises:
            ValidationError: Missing or conflicting credentials, an invalid domain or timeout,
                or a signing key that does not load.
            MissingDependencyError: A signing key without ``actions-sdk[jwt]`` installed.
        """
        return cast(
            "ManagementClient[Action, ActionTrigger, ActionBinding]",
            _vendor_client(ManagementClient, _auth0_provider, **locals()),
        )

    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v1"] = "v1", **options: Any
    ) -> ManagementClient[ZitadelAction, ZitadelTrigger, ZitadelBinding]: ...
    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v2"], **options: Any
    ) -> ManagementClient[ZitadelTarget, ExecutionCondition, ZitadelExecutionBinding]: ...
    # The stubs above type the result by ``api`` only (the keywords are this signature's).
    @staticmethod  # type: ignore[misc]
    def for_zitadel(
        domain: str,
        *,
        token: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        key: Mapping[str, Any] | str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        org_id: str | None = None,
        api: Literal["v1", "v2"] = "v1",
        allow_insecure_http: bool = False,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        headers: Mapping[str, str] | None = None,
        request_budget: RequestBudget | None = None,
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
            token: A personal access token.
            key_file: Path of a service-account key JSON file.
            key: The key file's content, as a mapping or JSON text.
            client_id: A machine user's client id.
            client_secret: A machine user's client secret.
            org_id: Organization to act on (``x-zitadel-orgid``); defaults to the caller's own.
                Override per call with ``client.with_options(org_id=...)``. v1 only: with
                ``api="v2"`` it is refused (``UnsupportedOperationError``), as v2 has no
                organization scope.
            api: ``"v1"`` (default) or ``"v2"``, the ZITADEL Actions API to speak.
            allow_insecure_http: Allow plain ``http://`` to a host that is not loopback, e.g.
                ``http://zitadel:8080`` inside a compose network; warns with
                :class:`~actions_sdk.errors.InsecureHTTPWarning`. Off by default: without it
                only ``https`` (and http to localhost) is accepted.
            timeout: Per-request timeout in seconds (a positive number), or an
                :class:`httpx.Timeout`.
            max_retries: Retries after the first attempt.
            retry_policy: Full retry settings (``max_retries`` overrides its count).
            http_client: Your own :class:`httpx.Client`; never closed by the SDK.
            headers: Extra headers for every request.
            request_budget: A :class:`~actions_sdk.RequestBudget` every request of this client takes
                a slot from, e.g. ``RequestBudget.zitadel_cloud()``; none by default.

        Returns:
            A client whose models are :class:`~actions_sdk.models.zitadel.ZitadelAction` and
            friends (v1), or :class:`~actions_sdk.providers.zitadel.models_v2.ZitadelTarget`,
            ``ExecutionCondition`` and ``ZitadelExecutionBinding`` (v2).

        Raises:
            ValidationError: Missing or conflicting credentials, an unreadable key, an unknown
                ``api``, or an invalid domain or timeout.
            UnsupportedOperationError: ``org_id`` with ``api="v2"``.
        """
        return cast(
            "ManagementClient[Any, Any, Any]",
            _vendor_client(ManagementClient, _zitadel_provider, **locals()),
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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncManagementClient(
    _BaseClient[ActionT, TriggerT, BindingT, httpx.AsyncClient, AsyncTransport]
):
    """An asynchronous client for the actions of one Auth0 tenant or ZITADEL instance.

    The same namespaces, method names, arguments, models and errors as
    :class:`ManagementClient`; calls are awaited, except ``list`` methods, which return an
    :class:`~actions_sdk.AsyncPager` at once for ``async for``. Tokens are fetched and refreshed
    without blocking the event loop, and concurrent first calls share one token request. Use it
    as an async context manager, or await :meth:`aclose`, to release connections. Use one client
    per event loop.

    Example:
        >>> async with AsyncManagementClient.for_zitadel(  # doctest: +SKIP
        ...     "acme-xyz.zitadel.cloud", token="…", request_budget=RequestBudget.zitadel_cloud()
        ... ) as client:
        ...     action = await client.actions.get(action_id)
        ...     async for binding in client.actions.triggers.bindings.list(trigger):
        ...         print(binding.action.name)
    """

    @staticmethod
    def _new_http(defaults: HttpDefaults) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            follow_redirects=False, headers=defaults.headers, timeout=defaults.timeout
        )

    _transport_type = AsyncTransport

    # -- construction ----------------------------------------------------------------------

    @staticmethod
    def for_auth0(
        domain: str,
        *,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        audience: str | None = None,
        client_assertion_signing_key: str | bytes | None = None,
        client_assertion_signing_alg: str = "RS256",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        headers: Mapping[str, str] | None = None,
        request_budget: RequestBudget | None = None,
    ) -> AsyncManagementClient[Action, ActionTrigger, ActionBinding]:
        """Create an async client for an Auth0 tenant's Management API.

        Takes exactly the arguments of :meth:`ManagementClient.for_auth0` (documented there once),
        except that ``http_client`` is an :class:`httpx.AsyncClient`. Nothing is sent until the
        first call, and the token request is awaited like any other.

        Returns:
            An :class:`AsyncManagementClient` whose models are
            :class:`~actions_sdk.models.auth0.Action` and friends.

        Raises:
            ValidationError: As for :meth:`ManagementClient.for_auth0`.
            MissingDependencyError: As for :meth:`ManagementClient.for_auth0`.
        """
        return cast(
            "AsyncManagementClient[Action, ActionTrigger, ActionBinding]",
            _vendor_client(AsyncManagementClient, _auth0_provider, **locals()),
        )

    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v1"] = "v1", **options: Any
    ) -> AsyncManagementClient[ZitadelAction, ZitadelTrigger, ZitadelBinding]: ...
    @overload
    @staticmethod
    def for_zitadel(
        domain: str, *, api: Literal["v2"], **options: Any
    ) -> AsyncManagementClient[ZitadelTarget, ExecutionCondition, ZitadelExecutionBinding]: ...
    # The stubs above type the result by ``api`` only (the keywords are this signature's).
    @staticmethod  # type: ignore[misc]
    def for_zitadel(
        domain: str,
        *,
        token: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        key: Mapping[str, Any] | str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        org_id: str | None = None,
        api: Literal["v1", "v2"] = "v1",
        allow_insecure_http: bool = False,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        headers: Mapping[str, str] | None = None,
        request_budget: RequestBudget | None = None,
    ) -> AsyncManagementClient[Any, Any, Any]:
        """Create an async client for a ZITADEL instance's actions (``api="v1"`` or ``"v2"``).

        Takes exactly the arguments of :meth:`ManagementClient.for_zitadel` (documented there
        once), except that ``http_client`` is an :class:`httpx.AsyncClient`. Nothing is sent until
        the first call, and the token request is awaited like any other.

        Returns:
            An :class:`AsyncManagementClient` whose models are
            :class:`~actions_sdk.models.zitadel.ZitadelAction` and friends.

        Raises:
            ValidationError: As for :meth:`ManagementClient.for_zitadel`.
        """
        return cast(
            "AsyncManagementClient[Any, Any, Any]",
            _vendor_client(AsyncManagementClient, _zitadel_provider, **locals()),
        )

    # -- namespaces ------------------------------------------------------------------------

    @cached_property
    def actions(self) -> AsyncActions[ActionT, TriggerT, BindingT]:
        """``client.actions``: actions, and through it versions, triggers, bindings, modules."""
        from actions_sdk.resources._async.actions import AsyncActions

        return AsyncActions(self._transport, self._provider)

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Release the connections (an injected ``httpx.AsyncClient`` is left open)."""
        http = self._state.begin_close(_unused_async_client)
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
