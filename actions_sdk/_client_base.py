"""What the sync and async clients share: construction, shared state, options and factories.

:class:`_BaseClient` validates the settings, builds the transport and carries ``with_options``;
:func:`_vendor_client` is the one body of every ``for_auth0`` / ``for_zitadel``. The sync client,
``actions_sdk/_client.py``, is written by hand; its async twin ``actions_sdk/_async/_client.py`` is
generated from it by ``scripts/gen_async.py``. The public path is :mod:`actions_sdk.client`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypedDict, TypeVar
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
from actions_sdk._keywords import DEFAULT_TIMEOUT, KEYWORD_DEFAULTS, option
from actions_sdk._retry import RetryPolicy
from actions_sdk._transport import (
    BaseTransport,
    ClientState,
    HttpDefaults,
    RateLimitInfo,
    TokenCache,
    sdk_headers,
)
from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import InsecureHTTPWarning, ValidationError
from actions_sdk.providers._base import ActionT, BindingT, Provider, TriggerT
from actions_sdk.providers._credentials import Auth0Credentials, ZitadelCredentials

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.provider import Auth0Provider

__all__ = ["DEFAULT_TIMEOUT", "Auth0Options", "HttpOptions", "ZitadelOptions", "resolve_base_url"]

HttpT = TypeVar("HttpT", bound=httpx.Client | httpx.AsyncClient)
TransportT = TypeVar("TransportT", bound=BaseTransport[Any])


class HttpOptions(TypedDict, Generic[HttpT], total=False):
    """The client settings every factory takes, whatever the vendor (all optional).

    Attributes:
        timeout: Per-request timeout in seconds (a positive number), or an
            :class:`httpx.Timeout`; :data:`DEFAULT_TIMEOUT` when not given.
        max_retries: Retries after the first attempt (default 2; see :class:`RetryPolicy`).
        retry_policy: Full retry settings (``max_retries`` overrides its count).
        http_client: Your own httpx client (proxies, mocks): an ``httpx.Client`` for the sync
            client, an ``httpx.AsyncClient`` for the async one; never closed by the SDK.
        headers: Extra headers for every request.
        request_budget: A :class:`~actions_sdk.RequestBudget` every request of the client takes
            a slot from, e.g. ``RequestBudget.auth0_free()``; none by default.
    """

    timeout: float | httpx.Timeout
    max_retries: int | None
    retry_policy: RetryPolicy | None
    http_client: HttpT | None
    headers: Mapping[str, str] | None
    request_budget: RequestBudget | None


class Auth0Options(Auth0Credentials, HttpOptions[HttpT], total=False):
    """The keywords of ``for_auth0``: the Auth0 credentials and the client settings."""


class ZitadelOptions(ZitadelCredentials, HttpOptions[HttpT], total=False):
    """The keywords of ``for_zitadel``: the ZITADEL credentials, the opt-in and the settings.

    Attributes:
        allow_insecure_http: Allow plain ``http://`` to a host that is not loopback (with an
            :class:`~actions_sdk.errors.InsecureHTTPWarning`); off by default.
    """

    allow_insecure_http: bool


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
            # the factory ← its keyword check (keyword_signature) ← the caller.
            stacklevel=6,
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
    domain: str, *, audience: str | None = None, **credentials: Any
) -> tuple[Auth0Provider, str]:
    # The factory's credential keywords go to the provider unchanged: they are spelled once, in
    # Auth0Credentials, and checked by the provider.
    from actions_sdk.providers.auth0.provider import Auth0Provider

    base_url, host = resolve_base_url(domain)
    provider = Auth0Provider(
        host,
        # The Management API identifier is the tenant's own URL with the trailing slash;
        # deriving it from the base URL keeps plain-http loopback emulators working.
        audience=audience if audience is not None else f"{base_url}/api/v2/",
        # Client assertions are addressed to the tenant itself (same reasoning as above).
        assertion_audience=f"{base_url}/",
        **credentials,
    )
    return provider, base_url


def _zitadel_provider(
    domain: str, *, api: object = "v1", **credentials: Any
) -> tuple[Provider[Any, Any, Any], str]:
    # As _auth0_provider: the credentials (and org_id) go to the provider unchanged; the ZITADEL
    # package chooses the provider of the API version (and loads only that one). The opt-in is
    # the client's, not the provider's; its default is the one the signature shows.
    from actions_sdk.providers.zitadel import provider_for_api

    allow_insecure_http = credentials.pop(
        "allow_insecure_http", KEYWORD_DEFAULTS["allow_insecure_http"]
    )
    base_url, _ = resolve_base_url(
        domain, allow_insecure_http=allow_insecure_http, opt_in="allow_insecure_http=True"
    )
    return provider_for_api(api, base_url, issuer=base_url, **credentials), base_url


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
            # The caller's httpx client is used as given; otherwise one is built on the first
            # request (see ClientState), with this client's constant headers and timeout set
            # once on it rather than merged into every request.
            defaults = (
                HttpDefaults(headers=sdk_headers(headers), timeout=_timeout(timeout))
                if http_client is None
                else None
            )
            _state = ClientState(
                http=http_client,
                new_http=None if defaults is None else partial(self._new_http, defaults),
                http_defaults=defaults,
                owns_http=http_client is None,
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
    domain: str,
    options: Mapping[str, Any],
    **explicit: Any,
) -> Any:
    """The one body of the four ``for_auth0`` / ``for_zitadel`` factories (sync and async).

    Each factory passes its ``**options``, already checked against the ``TypedDict`` that
    declares them (:class:`Auth0Options`, :class:`ZitadelOptions`) by its
    ``@keyword_signature``: the client settings (:class:`HttpOptions`) go to ``client_class``,
    everything else (the vendor's credentials) to ``build_provider``, which checks them, with
    ``explicit``: the factory's own keywords outside the ``TypedDict`` (``for_zitadel``'s
    ``api``, which its overloads type the result by).
    """
    credentials = {name: value for name, value in options.items() if name not in _HTTP_OPTIONS}
    provider, base_url = build_provider(domain, **credentials, **explicit)
    return client_class(
        provider=provider,
        base_url=base_url,
        # Each default from the table the factories' signatures show (actions_sdk/_keywords.py).
        http_client=option(options, "http_client"),
        timeout=option(options, "timeout"),
        retry_policy=_policy(option(options, "retry_policy"), option(options, "max_retries")),
        headers=option(options, "headers"),
        request_budget=option(options, "request_budget"),
    )


_HTTP_OPTIONS = HttpOptions.__optional_keys__
