"""The one place where requests are sent.

:class:`SyncTransport` and :class:`AsyncTransport` turn an
:class:`~actions_sdk._operation.Operation` into an HTTP exchange: they attach the bearer token
(obtaining and caching it when the client has credentials), take a slot from the request budget,
apply the retry policy, map error statuses to typed exceptions through the provider, record
rate-limit headers and decode the body. They know nothing about which vendor they talk to.

Everything that is not I/O (building requests, the 401-refresh decision, decoding, error mapping,
rate-limit recording, the tenacity settings) lives in :class:`BaseTransport`; the two subclasses
only differ in *how* they wait and send: blocking calls, or awaits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import httpx
import tenacity

from actions_sdk._budget import RequestBudget
from actions_sdk._operation import Operation, Plan, Sleep
from actions_sdk._retry import RetryPolicy, server_wait_hint
from actions_sdk._version import __version__
from actions_sdk.errors import (
    APIConnectionError,
    ApiError,
    APITimeoutError,
    DecodeError,
    RateLimitError,
    UnauthorizedError,
)
from actions_sdk.providers._base import Provider, TokenGrant

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "AsyncTransport",
    "BaseTransport",
    "ClientState",
    "RateLimitInfo",
    "SyncTransport",
    "TokenCache",
]

T = TypeVar("T")
HttpT = TypeVar("HttpT", bound=httpx.Client | httpx.AsyncClient)

logger = logging.getLogger("actions_sdk")

USER_AGENT = f"actions-sdk/{__version__} httpx/{httpx.__version__}"

# Refresh a cached token this many seconds before the server says it expires.
TOKEN_LEEWAY_SECONDS = 30.0
# Token endpoints that do not say how long a token lives: assume an hour, then refresh.
DEFAULT_TOKEN_LIFETIME = 3600.0


@attrs.frozen(kw_only=True)
class RateLimitInfo:
    """The rate-limit headers of the most recent response that carried them.

    Attributes:
        limit: ``x-ratelimit-limit``: the bucket size.
        remaining: ``x-ratelimit-remaining``: requests left in the bucket.
        reset: ``x-ratelimit-reset``: UNIX seconds of the next refill.
    """

    limit: int | None = None
    remaining: int | None = None
    reset: int | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo | None:
        """Read the ``x-ratelimit-*`` headers; malformed values are ignored.

        Args:
            headers: Response headers.

        Returns:
            The values, or ``None`` when the response carried none.
        """
        values = [
            _int_or_none(headers.get(f"x-ratelimit-{key}"))
            for key in ("limit", "remaining", "reset")
        ]
        if all(value is None for value in values):
            return None
        return cls(limit=values[0], remaining=values[1], reset=values[2])


def _int_or_none(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(float(raw))
    except ValueError:
        return None


class TokenCache:
    """A bearer token shared by every copy of one client, refreshed under a lock.

    The sync transport refreshes under :attr:`lock` (threads), the async one under
    :attr:`async_lock` (tasks of one event loop); the cached token itself is the same state.

    Args:
        clock: Monotonic clock in seconds (injectable for tests).
        leeway: Seconds before expiry at which the token counts as expired.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, leeway: float = TOKEN_LEEWAY_SECONDS
    ) -> None:
        self._token: str | None = None
        self._expires_at = 0.0
        self._clock = clock
        self._leeway = leeway
        self.lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        state = "empty" if self._token is None else "cached"
        return f"<TokenCache {state}>"

    @property
    def async_lock(self) -> asyncio.Lock:
        """The :class:`asyncio.Lock` async tasks refresh the token under.

        Made on first use, so sync programs never import asyncio; making it involves no await,
        so two tasks of one event loop cannot both make one.
        """
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        return self._async_lock

    def current(self) -> str | None:
        """Return the cached token while it is still fresh."""
        if self._token is not None and self._clock() < self._expires_at - self._leeway:
            return self._token
        return None

    def store(self, grant: TokenGrant) -> str:
        """Cache a newly obtained token.

        Args:
            grant: The token endpoint's answer.

        Returns:
            The access token.
        """
        lifetime = grant.expires_in if grant.expires_in is not None else DEFAULT_TOKEN_LIFETIME
        self._token = grant.access_token
        self._expires_at = self._clock() + lifetime
        return grant.access_token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the cached one (another thread may have refreshed).

        Args:
            token: The token the server rejected.
        """
        if self._token == token:
            self._token = None


@attrs.define(kw_only=True)
class ClientState(Generic[HttpT]):
    """What every copy of a client made by ``with_options`` shares.

    Attributes:
        http: The httpx client (:class:`httpx.Client` or :class:`httpx.AsyncClient`).
        owns_http: Whether the SDK created ``http`` (and so must close it).
        tokens: The token cache.
        budget: The client-side request budget, if any.
        rate_limit: The last rate-limit headers seen.
        closed: Whether the client was closed.
    """

    http: HttpT
    owns_http: bool
    tokens: TokenCache
    budget: RequestBudget | None = None
    rate_limit: RateLimitInfo | None = None
    closed: bool = False


class BaseTransport(Generic[HttpT]):
    """What the sync and async transports share: everything but the I/O.

    Args:
        base_url: Scheme and host, e.g. ``https://acme.eu.auth0.com``.
        provider: The vendor's provider (error parsing, token requests, static token).
        state: Shared client state (httpx client, token cache, budget, rate-limit info).
        policy: The retry policy.
        timeout: Timeout applied to every request.
        headers: Extra headers sent with every request.
    """

    def __init__(
        self,
        *,
        base_url: str,
        provider: Provider[Any, Any, Any],
        state: ClientState[HttpT],
        policy: RetryPolicy,
        timeout: httpx.Timeout,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.provider = provider
        self.state: ClientState[HttpT] = state
        self.policy = policy
        self.timeout = timeout
        self.headers = {"user-agent": USER_AGENT, "accept": "application/json", **(headers or {})}

    # -- before sending --------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.state.closed:
            raise RuntimeError("the client is closed")

    def _retry_options(self, operation: Operation[Any]) -> dict[str, Any]:
        """The tenacity settings for one operation (sleep excluded: it is the I/O part)."""
        policy = self.policy
        return {
            "retry": tenacity.retry_if_exception(lambda exc: policy.should_retry(exc, operation)),
            "wait": _wait_from(policy),
            "stop": tenacity.stop_after_attempt(policy.max_retries + 1),
            "before_sleep": _log_retry(operation),
            "reraise": True,
        }

    def _budget_wait(self, operation: Operation[Any]) -> float:
        """Take this request's slot from the budget; return how long to wait before sending."""
        budget = self.state.budget
        if budget is None:
            return 0.0
        wait = budget.reserve()
        if wait > 0 and logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request budget: %s %s waits %.3f s", operation.method, operation.path, wait
            )
        return wait

    def _build_request(self, operation: Operation[Any], token: str | None) -> httpx.Request:
        headers = dict(self.headers)
        headers.update(operation.headers)
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        return self.state.http.build_request(
            operation.method,
            self.base_url + operation.path,
            params=operation.params or None,
            json=operation.json,
            data=operation.form,
            headers=headers,
            timeout=self.timeout,
        )

    # -- after sending ---------------------------------------------------------------------

    def _transport_error(self, operation: Operation[Any], exc: httpx.TransportError) -> Exception:
        """Wrap an httpx failure; ``may_have_landed`` drives the retry decision."""
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"{operation.method} {operation.path} timed out ({type(exc).__name__})",
                may_have_landed=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            )
        return APIConnectionError(
            f"{operation.method} {operation.path} failed: {type(exc).__name__}",
            may_have_landed=not isinstance(exc, httpx.ConnectError),
        )

    def _received(
        self, operation: Operation[Any], response: httpx.Response, started: float
    ) -> httpx.Response:
        """Log a response and record its rate-limit headers."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms",
                operation.method,
                operation.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        info = RateLimitInfo.from_headers(response.headers)
        if info is not None:
            self.state.rate_limit = info
        return response

    def _forget_rejected_token(self, response: httpx.Response, token: str | None) -> bool:
        """On a 401 to a token the SDK obtained, forget it; return whether to replay once.

        A static token cannot be renewed, so its 401 is final.
        """
        if response.status_code == 401 and token is not None and self._can_refresh():
            # The token may have been revoked or expired early: the replay fetches a new one.
            self.state.tokens.invalidate(token)
            return True
        return False

    def _outcome(self, operation: Operation[T], response: httpx.Response) -> T:
        """Decode a success, or raise the typed error for an error status."""
        if response.is_success:
            return self._decode(operation, response)
        raise self._error(response)

    def _decode(self, operation: Operation[T], response: httpx.Response) -> T:
        try:
            return operation.decode(response)
        except DecodeError as exc:
            if exc.response is None:
                exc.response = response
            raise
        except ValueError as exc:  # e.g. a 2xx body that is not JSON
            raise DecodeError(
                f"cannot decode the response of {operation.name or operation.path}: {exc}",
                response=response,
            ) from exc

    def _error(self, response: httpx.Response) -> ApiError:
        error = self.provider.parse_error(response)
        if isinstance(error, RateLimitError) and error.retry_after is None:
            error.retry_after = server_wait_hint(response.headers, clock=self.policy.clock)
        return error

    # -- tokens ----------------------------------------------------------------------------

    def _can_refresh(self) -> bool:
        return self.provider.static_token() is None

    def _token_operation(self) -> Operation[TokenGrant]:
        operation = self.provider.token_operation()
        if operation is None:
            raise UnauthorizedError("the client has no credentials", status_code=401)
        return operation


class SyncTransport(BaseTransport[httpx.Client]):
    """Sends operations for one client configuration, blocking the calling thread.

    Args:
        base_url: Scheme and host, e.g. ``https://acme.eu.auth0.com``.
        provider: The vendor's provider (error parsing, token requests, static token).
        state: Shared client state (httpx client, token cache, budget, rate-limit info).
        policy: The retry policy.
        timeout: Timeout applied to every request.
        headers: Extra headers sent with every request.
    """

    def run(self, plan: Plan[T]) -> T:
        """Drive a plan: send each operation it yields and feed back the decoded result.

        A :class:`~actions_sdk._operation.Sleep` is waited with the policy's ``sleep``; the plan
        gets the policy clock's reading back.

        Args:
            plan: The plan built by a provider.

        Returns:
            The plan's outcome.
        """
        try:
            step = next(plan)
            while True:
                try:
                    if isinstance(step, Sleep):
                        result: Any = self._pause(step)
                    else:
                        result = self.send(step)
                except BaseException as exc:
                    # Let the plan react (e.g. treat a 404 as "absent"); re-raised if it does not.
                    step = plan.throw(exc)
                else:
                    step = plan.send(result)
        except StopIteration as stop:
            outcome: T = stop.value
            return outcome

    def _pause(self, step: Sleep) -> float:
        if step.seconds > 0:
            self.policy.sleep(step.seconds)
        return self.policy.clock()

    def send(self, operation: Operation[T]) -> T:
        """Send one operation with retries and return its decoded result.

        Args:
            operation: The call.

        Returns:
            What ``operation.decode`` made of the successful response.

        Raises:
            ApiError: A typed subclass for the final error status.
            APIConnectionError: When no response could be obtained.
            DecodeError: When a successful body does not match the model.
        """
        self._check_open()
        retrying = tenacity.Retrying(sleep=self.policy.sleep, **self._retry_options(operation))
        result: T = retrying(self._attempt, operation)
        return result

    def _attempt(self, operation: Operation[T]) -> T:
        token = self._token() if operation.authenticated else None
        response = self._exchange(operation, token)
        if self._forget_rejected_token(response, token):
            response = self._exchange(operation, self._token())
        return self._outcome(operation, response)

    def _exchange(self, operation: Operation[Any], token: str | None) -> httpx.Response:
        wait = self._budget_wait(operation)
        if wait > 0:
            self.policy.sleep(wait)
        request = self._build_request(operation, token)
        started = time.perf_counter()
        try:
            response = self.state.http.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(operation, exc) from exc
        return self._received(operation, response, started)

    def _token(self) -> str:
        static = self.provider.static_token()
        if static is not None:
            return static
        tokens = self.state.tokens
        token = tokens.current()
        if token is not None:
            return token
        # Double-checked: only one thread asks the token endpoint; the others reuse its answer.
        with tokens.lock:
            token = tokens.current()
            if token is not None:
                return token
            return tokens.store(self.send(self._token_operation()))


class AsyncTransport(BaseTransport[httpx.AsyncClient]):
    """Sends operations for one async client configuration; never blocks the event loop.

    Args:
        base_url: Scheme and host, e.g. ``https://acme.eu.auth0.com``.
        provider: The vendor's provider (error parsing, token requests, static token).
        state: Shared client state (httpx async client, token cache, budget, rate-limit info).
        policy: The retry policy (its ``async_sleep`` is awaited between attempts).
        timeout: Timeout applied to every request.
        headers: Extra headers sent with every request.
    """

    async def run(self, plan: Plan[T]) -> T:
        """Drive a plan: send each operation it yields and feed back the decoded result.

        The same plans as the sync transport's: a plan is a plain generator and does no I/O. A
        :class:`~actions_sdk._operation.Sleep` is awaited with the policy's ``async_sleep``.

        Args:
            plan: The plan built by a provider.

        Returns:
            The plan's outcome.
        """
        try:
            step = next(plan)
            while True:
                try:
                    if isinstance(step, Sleep):
                        result: Any = await self._pause(step)
                    else:
                        result = await self.send(step)
                except BaseException as exc:
                    # Let the plan react (e.g. treat a 404 as "absent"); re-raised if it does not.
                    step = plan.throw(exc)
                else:
                    step = plan.send(result)
        except StopIteration as stop:
            outcome: T = stop.value
            return outcome

    async def _pause(self, step: Sleep) -> float:
        if step.seconds > 0:
            await self.policy.async_sleep(step.seconds)
        return self.policy.clock()

    async def send(self, operation: Operation[T]) -> T:
        """Send one operation with retries and return its decoded result.

        Args:
            operation: The call.

        Returns:
            What ``operation.decode`` made of the successful response.

        Raises:
            ApiError: A typed subclass for the final error status.
            APIConnectionError: When no response could be obtained.
            DecodeError: When a successful body does not match the model.
        """
        self._check_open()
        retrying = tenacity.AsyncRetrying(
            sleep=self.policy.async_sleep, **self._retry_options(operation)
        )
        result: T = await retrying(self._attempt, operation)
        return result

    async def _attempt(self, operation: Operation[T]) -> T:
        token = await self._token() if operation.authenticated else None
        response = await self._exchange(operation, token)
        if self._forget_rejected_token(response, token):
            response = await self._exchange(operation, await self._token())
        return self._outcome(operation, response)

    async def _exchange(self, operation: Operation[Any], token: str | None) -> httpx.Response:
        wait = self._budget_wait(operation)
        if wait > 0:
            await self.policy.async_sleep(wait)
        request = self._build_request(operation, token)
        started = time.perf_counter()
        try:
            response = await self.state.http.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(operation, exc) from exc
        return self._received(operation, response, started)

    async def _token(self) -> str:
        static = self.provider.static_token()
        if static is not None:
            return static
        tokens = self.state.tokens
        token = tokens.current()
        if token is not None:
            return token
        # Double-checked under an asyncio.Lock: concurrent first calls fetch one token, and the
        # tasks waiting for it yield to the loop instead of blocking it.
        async with tokens.async_lock:
            token = tokens.current()
            if token is not None:
                return token
            return tokens.store(await self.send(self._token_operation()))


def _wait_from(policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], float]:
    def wait(state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        if error is None:  # pragma: no cover - tenacity only waits after a failure
            return 0.0
        return policy.wait_seconds(error, state.attempt_number)

    return wait


def _log_retry(operation: Operation[Any]) -> Callable[[tenacity.RetryCallState], None]:
    def log(state: tenacity.RetryCallState) -> None:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        logger.info(
            "retrying %s %s in %.2f s after attempt %d: %s",
            operation.method,
            operation.path,
            wait,
            state.attempt_number,
            error,
        )

    return log
