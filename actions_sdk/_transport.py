"""The one place where requests are sent.

:class:`SyncTransport` and :class:`AsyncTransport` turn an
:class:`~actions_sdk._operation.Operation` into an HTTP exchange: they attach the bearer token
(obtaining and caching it when the client has credentials), take a slot from the request budget,
apply the retry policy, map error statuses to typed exceptions through the provider, record
rate-limit headers and decode the body. They know nothing about which vendor they talk to.

Everything that is not I/O (building requests, the 401-refresh decision, decoding, error mapping,
rate-limit recording, the tenacity settings) lives in :class:`BaseTransport`; the two subclasses
only differ in *how* they wait and send: blocking calls, or awaits.

The first attempt of every call is sent directly; tenacity is imported and entered only after a
failure the :class:`~actions_sdk._retry.RetryPolicy` says to retry, so a call that succeeds (or
fails for good) at once pays nothing for the retry machinery.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import httpx

from actions_sdk._budget import AdaptiveBudget, RequestBudget
from actions_sdk._checks import check_headers, encode_json, header_number
from actions_sdk._operation import Operation, Plan, PlanDriver, Sleep
from actions_sdk._retry import RetryPolicy, RetryTally, server_wait_hint
from actions_sdk._version import __version__
from actions_sdk.errors import (
    ActionsSDKError,
    APIConnectionError,
    ApiError,
    APITimeoutError,
    ClientClosedError,
    DecodeError,
    RateLimitError,
    UnauthorizedError,
    ValidationError,
)
from actions_sdk.providers._base import Provider, TokenGrant

if TYPE_CHECKING:
    import asyncio

    import tenacity
    from httpx._client import UseClientDefault

__all__ = [
    "AsyncTransport",
    "BaseTransport",
    "ClientState",
    "HttpDefaults",
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
# Requests an SDK-owned async client has in flight at once: httpx's default pool size, which the
# SDK keeps. Further tasks wait their turn in a FIFO semaphore instead of in httpcore's pool.
OWNED_ASYNC_IN_FLIGHT = 100


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
        if isinstance(headers, httpx.Headers):
            # This runs on every response: one pass over the headers instead of three
            # case-insensitive look-ups (each a scan, plus a KeyError when the header is absent).
            headers = _rate_limit_headers(headers)
            if not headers:
                return None
        limit = _int_or_none(headers.get("x-ratelimit-limit"))
        remaining = _int_or_none(headers.get("x-ratelimit-remaining"))
        reset = _int_or_none(headers.get("x-ratelimit-reset"))
        if limit is None and remaining is None and reset is None:
            return None
        return cls(limit=limit, remaining=remaining, reset=reset)


def _rate_limit_headers(headers: httpx.Headers) -> dict[str, str]:
    """The ``x-ratelimit-*`` headers by lower-case name, read the way ``headers.get`` reads them."""
    found: dict[str, str] = {}
    for key, value in headers.multi_items():  # names come lower-cased
        if key.startswith("x-ratelimit-"):
            # A repeated header reads as its values joined by ", " (what httpx's ``get`` returns).
            found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def _int_or_none(raw: str | None) -> int | None:
    # header_number ignores inf, nan, 1e309 and negatives: a bad header must not fail the call.
    number = header_number(raw)
    return None if number is None else int(number)


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


def sdk_headers(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers the SDK sends with every request: its user agent, JSON, then ``extra``.

    Names are lower-cased (HTTP/1.1 sends them so anyway), so that a header given again in
    another case — ``X-Team`` then ``x-team`` through ``with_options`` — replaces the first
    instead of going out twice, whether the httpx client is the SDK's or the caller's.

    Args:
        extra: The caller's extra headers (they win over the SDK's own).

    Returns:
        A new dict.

    Raises:
        ValidationError: For a header name or value HTTP cannot carry.
    """
    headers = {"user-agent": USER_AGENT, "accept": "application/json"}
    # Checked here, when the client is built: a bad name or value would otherwise fail every
    # request inside httpx (UnicodeEncodeError, TypeError), or split a header at a CR/LF.
    for key, value in check_headers(extra).items():
        headers[key.lower()] = value
    return headers


@attrs.frozen(kw_only=True)
class HttpDefaults:
    """The constant headers and the timeout configured once on an httpx client the SDK owns.

    httpx merges a client's own headers and timeout into every request it builds far more cheaply
    than the ones passed per request, so the SDK configures them when it creates its client and
    then passes per request only what a transport has that differs (a ``with_options`` copy with
    another timeout or more headers shares the same httpx client).

    Attributes:
        headers: Headers set on the client (on top of httpx's own defaults).
        timeout: The client's timeout.
    """

    headers: Mapping[str, str]
    timeout: httpx.Timeout


@attrs.define(kw_only=True)
class ClientState(Generic[HttpT]):
    """What every copy of a client made by ``with_options`` shares.

    The httpx client is either given (``http=``: the caller's, or a test's) or built on first use
    by ``new_http``: creating an httpx client builds an SSL context and loads the CA bundle (tens
    of milliseconds and a few MB), which a client that is built and never used, or used later,
    should not pay up front.

    Attributes:
        owns_http: Whether the SDK created the httpx client (and so must close it).
        tokens: The token cache.
        budget: The client-side request budget, if any.
        adaptive: The budget learned from ``x-ratelimit-*`` headers, used when ``budget`` is
            ``None`` (the clients make one by default; ``None`` turns learning off).
        rate_limit: The last rate-limit headers seen.
        closed: Whether the client was closed.
        new_http: Builds the SDK-owned httpx client on first use; ``None`` when one was given.
        http_defaults: The headers and timeout ``new_http`` configures on the client it builds;
            ``None`` when the client is not configured by the SDK, so that every request carries
            them itself.
    """

    owns_http: bool
    tokens: TokenCache
    budget: RequestBudget | None = None
    adaptive: AdaptiveBudget | None = None
    rate_limit: RateLimitInfo | None = None
    closed: bool = False
    new_http: Callable[[], HttpT] | None = attrs.field(default=None, repr=False)
    http_defaults: HttpDefaults | None = None
    _http: HttpT | None = attrs.field(default=None, alias="http")
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)
    _in_flight: tuple[object, asyncio.Semaphore] | None = attrs.field(
        default=None, init=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self._http is None and self.new_http is None:
            raise TypeError("ClientState needs http= or new_http=")

    @property
    def http(self) -> HttpT:
        """The httpx client (:class:`httpx.Client` or :class:`httpx.AsyncClient`).

        Built by ``new_http`` on first access. After :meth:`begin_close` it is a closed client.
        """
        http = self._http
        if http is None:
            http = self._build_http()
        return http

    def _build_http(self) -> HttpT:
        # Double-checked under a lock: concurrent first requests (threads) build one client. The
        # async client needs no more: building involves no await, so tasks cannot interleave.
        with self._lock:
            if self._http is None:
                assert self.new_http is not None  # noqa: S101 - __attrs_post_init__ checked
                self._http = self.new_http()
            return self._http

    def in_flight_slots(self) -> asyncio.Semaphore | None:
        """The semaphore an async request holds while it is sent on an SDK-owned client.

        httpcore's pool makes a waiting request scan every connection each time one is released,
        and counts the wait against the pool timeout: measured over loopback, 1,000 concurrent
        gets on one ``httpx.AsyncClient`` (100 connections) ran for 43 s and 23 % ended in
        ``PoolTimeout``. Held to :data:`OWNED_ASYNC_IN_FLIGHT` requests at a time, the pool never
        has a queue; the other tasks wait here, in order, without a timeout ticking (each still
        has its own once sent). A client the caller gave is left as it is: its pool size is the
        caller's.

        Returns:
            The semaphore of the running event loop, or ``None`` for a caller's client.
        """
        if not self.owns_http:
            return None
        import asyncio

        loop = asyncio.get_running_loop()
        held = self._in_flight
        if held is None or held[0] is not loop:
            # A semaphore belongs to one event loop; a client reused under another gets a new one.
            held = self._in_flight = (loop, asyncio.Semaphore(OWNED_ASYNC_IN_FLIGHT))
        return held[1]

    def begin_close(self, stand_in: Callable[[], HttpT]) -> HttpT | None:
        """Mark the state closed and say which httpx client the SDK must now close.

        Args:
            stand_in: Makes a client without connections or SSL context; used when the owned
                client was never built, so that :attr:`http` still ends up a closed client
                without building the real one just to close it.

        Returns:
            The client to close (the owned one, or the stand-in), or ``None`` when the state was
            already closed or the client is the caller's.
        """
        with self._lock:
            if self.closed:
                return None
            self.closed = True
            if self._http is None:
                self._http = stand_in()
            return self._http if self.owns_http else None


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
        self.headers = sdk_headers(headers)
        defaults = state.http_defaults
        self._request_headers: Mapping[str, str]
        self._request_timeout: httpx.Timeout | UseClientDefault
        if defaults is None:
            # A client the SDK did not configure: every request carries the SDK's headers and
            # timeout (so the default timeout applies to an injected client too).
            self._request_headers = self.headers
            self._request_timeout = timeout
        else:
            # The SDK's own client already has its creator's headers and timeout; a request only
            # carries what this transport (e.g. a ``with_options`` copy) has differently.
            self._request_headers = {
                key: value
                for key, value in self.headers.items()
                if defaults.headers.get(key) != value
            }
            self._request_timeout = (
                httpx.USE_CLIENT_DEFAULT if timeout == defaults.timeout else timeout
            )

    # -- before sending --------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.state.closed:
            raise ClientClosedError("the client is closed: make a new one to send requests")

    def _retry_options(self, operation: Operation[Any]) -> dict[str, Any]:
        """The tenacity settings for one operation (sleep excluded: it is the I/O part)."""
        import tenacity

        policy = self.policy
        tally = RetryTally()  # this call's failures: the policy counts announced 429s apart
        return {
            "retry": tenacity.retry_if_exception(lambda exc: policy.should_retry(exc, operation)),
            "wait": lambda state: policy.pause(
                _failure(state), state.attempt_number, paced=self._pacing()
            ),
            "stop": lambda state: policy.exhausted(_failure(state), tally),
            "before_sleep": _log_retry(operation),
            "reraise": True,
        }

    def _budget_wait(self, operation: Operation[Any]) -> float:
        """Take this request's slot from the explicit budget; return how long to wait for it."""
        budget = self.state.budget
        if budget is None:
            return 0.0
        wait = budget.reserve()
        self._log_budget_wait(operation, wait)
        return wait

    def _log_budget_wait(self, operation: Operation[Any], wait: float) -> None:
        if wait > 0 and logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request budget: %s %s waits %.3f s",
                operation.method,
                operation.path,
                wait,
                extra=log_fields(operation, wait=wait),
            )

    def _waits_before_sending(self, operation: Operation[Any]) -> Iterator[float]:
        """The pauses before a request goes out: the explicit budget's, then the learned one's.

        Shared by the sync and async transports, which only differ in how they sleep. The
        learned wait is recomputed after each pause (the slot moves as the learned rate does).
        """
        wait = self._budget_wait(operation)
        if wait > 0:
            yield wait
        slot = self._learned_slot(operation)
        if slot is not None:
            while (wait := self._learned_wait(operation, slot)) > 0:
                yield wait

    def _learned_slot(self, operation: Operation[Any]) -> float | None:
        """A slot of the learned budget, when it paces (no explicit budget, a limit seen).

        Raises:
            RateLimitError: The slot is further away than ``max_retry_after``: on the same terms
                as a server wait that long, it is not slept, and nothing is sent.
        """
        adaptive = self.state.adaptive
        if adaptive is None or self.state.budget is not None:
            return None
        now = self.policy.clock()
        wait = adaptive.next_wait(now)  # looked at first: a slot taken and not used is lost
        if wait > self.policy.max_retry_after:
            # Sending anyway would only be refused (and retried at once: a storm of its own).
            raise RateLimitError(
                f"{operation.name or operation.method}: the server's rate limit (learned: "
                f"{adaptive.rate or 0:.3g}/s) has no free slot for {wait:.0f} s, more than "
                f"max_retry_after ({self.policy.max_retry_after:g} s); nothing was sent",
                status_code=429,
                retry_after=wait,
            )
        return adaptive.take(now)

    def _learned_wait(self, operation: Operation[Any], slot: float) -> float:
        """The next sleep before ``slot`` (at most a window: the slot moves as the rate does)."""
        adaptive = self.state.adaptive
        assert adaptive is not None  # noqa: S101 - a slot comes from it
        wait = adaptive.wait(slot, self.policy.clock())
        self._log_budget_wait(operation, wait)
        return min(wait, adaptive.window)

    def _build_request(
        self, http: HttpT, operation: Operation[Any], token: str | None
    ) -> httpx.Request:
        headers = dict(self._request_headers)
        if operation.headers:
            headers.update(operation.headers)
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        content: bytes | None = None
        if operation.json is not None:
            # The SDK's one JSON encoder (not httpx's ``json=``): a value JSON cannot carry is a
            # ValidationError naming its path, never a TypeError from inside httpx.
            content = encode_json(operation.json)
            headers["content-type"] = "application/json"
        try:
            return http.build_request(
                operation.method,
                self.base_url + operation.path,
                params=operation.params or None,
                content=content,
                data=operation.form,
                headers=headers,
                timeout=self._request_timeout,
            )
        except httpx.InvalidURL as exc:
            # Ids and filters are bounded before this; anything that still makes an invalid URL
            # (too long a query, say) is the caller's input, reported without the URL itself.
            raise ValidationError(
                f"{operation.name or operation.method} would need an invalid URL: {exc}"[:200]
            ) from None

    # -- after sending ---------------------------------------------------------------------

    def _transport_error(self, operation: Operation[Any], exc: httpx.TransportError) -> Exception:
        """The SDK error for an httpx failure of ``operation`` (:func:`transport_error`)."""
        return transport_error(f"{operation.method} {self.base_url}{operation.path}", exc)

    def _sent_at(self) -> float | None:
        """When a request goes out, on the policy's clock, if the learned budget needs it."""
        return self.policy.clock() if self.state.adaptive is not None else None

    def _received(
        self,
        operation: Operation[Any],
        response: httpx.Response,
        started: float,
        sent: float | None = None,
    ) -> httpx.Response:
        """Log a response and record its rate-limit headers."""
        if logger.isEnabledFor(logging.DEBUG):
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug(
                "%s %s -> %d in %.1f ms",
                operation.method,
                operation.path,
                response.status_code,
                elapsed_ms,
                extra=log_fields(operation, status=response.status_code, elapsed_ms=elapsed_ms),
            )
        # One pass over the headers; parsed only when present (no ZITADEL answer has any).
        found = _rate_limit_headers(response.headers)
        if found:
            info = RateLimitInfo.from_headers(found)
            if info is not None:
                self.state.rate_limit = info
            adaptive = self.state.adaptive
            if adaptive is not None and self.state.budget is None:
                adaptive.observe(response.status_code, found, self.policy.clock(), sent)
        return response

    def _pacing(self) -> bool:
        """Whether the learned budget schedules requests (then it, not the hint, sets waits)."""
        adaptive = self.state.adaptive
        return self.state.budget is None and adaptive is not None and adaptive.rate is not None

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

    def _known_token(self) -> str | None:
        """The static token, else the cached one while fresh; ``None`` when one must be fetched."""
        static = self.provider.static_token()
        return static if static is not None else self.state.tokens.current()

    def _can_refresh(self) -> bool:
        return self.provider.static_token() is None

    def _token_failed(self, operation: Operation[Any], error: ActionsSDKError) -> None:
        """Say that the failure was the token request's, keeping the typed error and its fields.

        Without this, a 401 from the token endpoint reads like a 401 from the API call itself.
        A connection failure already names the token URL.
        """
        if isinstance(error, APIConnectionError):
            return
        prefix = f"token request to {self.base_url}{operation.path} failed"
        error.args = (f"{prefix}: {error}", *error.args[1:])

    def _token_operation(self) -> Operation[TokenGrant]:
        operation = self.provider.token_operation()
        if operation is None:
            raise UnauthorizedError("the client has no credentials", status_code=401)
        return operation


class SyncTransport(BaseTransport[httpx.Client]):
    """Sends operations for one client configuration, blocking the calling thread.

    Built with the arguments of :class:`BaseTransport`; waits with the policy's ``sleep``.
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
        driver = PlanDriver(plan)
        step = driver.start()
        while step is not None:
            try:
                result = self._pause(step) if isinstance(step, Sleep) else self.send(step)
            except BaseException as exc:
                # Let the plan react (e.g. treat a 404 as "absent"); re-raised if it does not.
                step = driver.throw(exc)
            else:
                step = driver.send(result)
        return driver.outcome

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
        try:
            return self._attempt(operation)
        except Exception as exc:
            if not self.policy.should_retry(exc, operation):
                raise
            failure = exc
        # Outside the ``except`` block, so later failures do not chain to this one.
        return self._retry(operation, failure)

    def _retry(self, operation: Operation[T], failure: Exception) -> T:
        """Continue with tenacity after a first attempt that failed with a retryable error.

        Tenacity is handed the first failure as the outcome of its own attempt 1 (that "attempt"
        re-raises it without sending anything), so attempt numbers, waits, the stop rule and the
        retry log line are exactly what they are when tenacity makes every attempt.
        """
        import tenacity  # only now: most programs never retry, and the import costs ~3 ms

        replayed = False

        def attempt() -> T:
            nonlocal replayed
            if not replayed:
                replayed = True
                raise failure
            return self._attempt(operation)

        retrying = tenacity.Retrying(sleep=self.policy.sleep, **self._retry_options(operation))
        result: T = retrying(attempt)
        return result

    def _attempt(self, operation: Operation[T]) -> T:
        token = self._token() if operation.authenticated else None
        response = self._exchange(operation, token)
        if self._forget_rejected_token(response, token):
            response = self._exchange(operation, self._token())
        return self._outcome(operation, response)

    def _exchange(self, operation: Operation[Any], token: str | None) -> httpx.Response:
        for wait in self._waits_before_sending(operation):
            self.policy.sleep(wait)
        http = self.state.http
        request = self._build_request(http, operation, token)
        started = time.perf_counter()
        sent = self._sent_at()
        try:
            response = http.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(operation, exc) from exc
        return self._received(operation, response, started, sent)

    def _token(self) -> str:
        token = self._known_token()
        if token is not None:
            return token
        tokens = self.state.tokens
        # Double-checked: only one thread asks the token endpoint; the others reuse its answer.
        with tokens.lock:
            token = tokens.current()
            if token is not None:
                return token
            operation = self._token_operation()
            try:
                grant = self.send(operation)
            except ActionsSDKError as exc:
                self._token_failed(operation, exc)
                raise
            return tokens.store(grant)


class AsyncTransport(BaseTransport[httpx.AsyncClient]):
    """Sends operations for one async client configuration; never blocks the event loop.

    Built with the arguments of :class:`BaseTransport`; awaits the policy's ``async_sleep``
    between attempts.
    """

    async def run(self, plan: Plan[T]) -> T:
        """Drive a plan as :meth:`SyncTransport.run` does, awaiting every step.

        The same plans as the sync transport's: a plan is a plain generator and does no I/O. A
        :class:`~actions_sdk._operation.Sleep` is awaited with the policy's ``async_sleep``.

        Args:
            plan: The plan built by a provider.

        Returns:
            What the plan returned once its last step was answered.
        """
        driver = PlanDriver(plan)
        step = driver.start()
        while step is not None:
            try:
                result = await (self._pause(step) if isinstance(step, Sleep) else self.send(step))
            except BaseException as exc:
                step = driver.throw(exc)  # the plan may handle it, as in SyncTransport.run
            else:
                step = driver.send(result)
        return driver.outcome

    async def _pause(self, step: Sleep) -> float:
        if step.seconds > 0:
            await self.policy.async_sleep(step.seconds)
        return self.policy.clock()

    async def send(self, operation: Operation[T]) -> T:
        """Send one operation, awaiting each attempt and each wait between retries.

        Args:
            operation: The call.

        Returns:
            Its decoded result.

        Raises:
            ActionsSDKError: The errors of :meth:`SyncTransport.send`, for the same reasons.
        """
        self._check_open()
        try:
            return await self._attempt(operation)
        except Exception as exc:
            if not self.policy.should_retry(exc, operation):
                raise
            failure = exc
        # Outside the ``except`` block, so later failures do not chain to this one.
        return await self._retry(operation, failure)

    async def _retry(self, operation: Operation[T], failure: Exception) -> T:
        """Continue with tenacity after a first attempt that failed with a retryable error.

        As in :meth:`SyncTransport._retry`: tenacity's attempt 1 re-raises the first failure
        without sending anything, and tenacity makes every attempt after it.
        """
        import tenacity  # only now: most programs never retry, and the import costs ~3 ms

        replayed = False

        async def attempt() -> T:
            nonlocal replayed
            if not replayed:
                replayed = True
                raise failure
            return await self._attempt(operation)

        retrying = tenacity.AsyncRetrying(
            sleep=self.policy.async_sleep, **self._retry_options(operation)
        )
        result: T = await retrying(attempt)
        return result

    async def _attempt(self, operation: Operation[T]) -> T:
        token = await self._token() if operation.authenticated else None
        response = await self._exchange(operation, token)
        if self._forget_rejected_token(response, token):
            response = await self._exchange(operation, await self._token())
        return self._outcome(operation, response)

    async def _exchange(self, operation: Operation[Any], token: str | None) -> httpx.Response:
        for wait in self._waits_before_sending(operation):
            await self.policy.async_sleep(wait)
        http = self.state.http
        request = self._build_request(http, operation, token)
        slots = self.state.in_flight_slots()
        try:
            # Timed from when the request leaves, after any wait for an in-flight slot: the
            # learned budget reads ``sent`` as the moment the server saw the request.
            async with slots or contextlib.nullcontext():
                started = time.perf_counter()
                sent = self._sent_at()
                response = await http.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(operation, exc) from exc
        return self._received(operation, response, started, sent)

    async def _token(self) -> str:
        token = self._known_token()
        if token is not None:
            return token
        tokens = self.state.tokens
        # Double-checked under an asyncio.Lock: concurrent first calls fetch one token, and the
        # tasks waiting for it yield to the loop instead of blocking it.
        async with tokens.async_lock:
            token = tokens.current()
            if token is not None:
                return token
            operation = self._token_operation()
            try:
                grant = await self.send(operation)
            except ActionsSDKError as exc:
                self._token_failed(operation, exc)
                raise
            return tokens.store(grant)


_TIMEOUT_PHASES: Mapping[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "no connection within the connect timeout",
    httpx.ReadTimeout: "no answer within the read timeout (the request was sent)",
    httpx.WriteTimeout: "the request could not be sent within the write timeout",
    httpx.PoolTimeout: "no free connection in the pool within the pool timeout",
}


def transport_error(where: str, exc: httpx.TransportError) -> Exception:
    """Wrap an httpx failure in one line naming the request and the cause.

    ``may_have_landed`` drives the retry decision. The line names scheme and host (the usual
    mistake is the wrong one) and the cause in words — refused, DNS, TLS, proxy — since httpx's
    own class name (``ConnectError``) does not say which it was.

    Args:
        where: The request, as ``"METHOD URL"``.
        exc: What httpx raised instead of returning a response.

    Returns:
        :class:`~actions_sdk.errors.APITimeoutError` for a timeout, else
        :class:`~actions_sdk.errors.APIConnectionError`.
    """
    cause = connection_failure_cause(exc)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{where} timed out: {cause}",
            may_have_landed=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
        )
    return APIConnectionError(
        f"{where} failed: {cause}",
        may_have_landed=not isinstance(exc, httpx.ConnectError | httpx.ProxyError),
    )


def connection_failure_cause(exc: httpx.TransportError) -> str:
    """Say in words why no response arrived: refused, DNS, TLS, proxy, timeout, dropped.

    httpx wraps the socket or SSL error (``__cause__``/``__context__`` chain), so the chain is
    searched for the underlying error; its text is kept short and contains no headers.

    Args:
        exc: The httpx failure.

    Returns:
        A short phrase, e.g. ``"connection refused"`` or ``"TLS handshake failed: …"``.
    """
    import socket
    import ssl

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(str(error) for error in chain)
    lowered = text.lower()
    detail = _short(str(exc)) or type(exc).__name__
    for kind, phrase in _TIMEOUT_PHASES.items():
        if isinstance(exc, kind):
            return f"{phrase} ({type(exc).__name__})"
    if isinstance(exc, httpx.ProxyError) or "proxy" in lowered:
        return f"the proxy failed or refused the connection: {detail}"
    if "wrong_version_number" in lowered or "wrong version number" in lowered:
        return (
            "TLS handshake failed: the server does not answer TLS (wrong version number) — "
            "is it plain http? check the scheme"
        )
    if any(isinstance(error, ssl.SSLCertVerificationError) for error in chain) or (
        "certificate verify failed" in lowered
    ):
        return f"TLS certificate verification failed: {detail}"
    if any(isinstance(error, socket.gaierror) for error in chain) or any(
        marker in lowered
        for marker in ("name or service not known", "nodename nor servname", "getaddrinfo")
    ):
        return f"DNS lookup failed (no such host?): {detail}"
    if any(isinstance(error, ConnectionRefusedError) for error in chain) or (
        "connection refused" in lowered or "errno 111" in lowered
    ):
        return "connection refused (nothing listens on that host and port?)"
    # "[SSL: …]" is how OpenSSL's errors read; a bare "ssl" could be part of a host name.
    if any(isinstance(error, ssl.SSLError) for error in chain) or "[ssl" in lowered:
        return f"TLS handshake failed: {detail}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server closed the connection without a complete answer: {detail}"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect: {detail}"
    return f"{type(exc).__name__}: {detail}" if str(exc) else type(exc).__name__


def _short(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _failure(state: tenacity.RetryCallState) -> BaseException:
    """The error of the attempt tenacity just finished (it only stops or waits after one)."""
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    assert error is not None  # noqa: S101 - the retry predicate only lets failures through
    return error


def log_fields(operation: Operation[Any], **more: Any) -> dict[str, Any]:
    """The structured ``extra`` of an ``actions_sdk`` log record about one request.

    Built only when the record's level is enabled. Never a secret: the path carries ids only
    (no query, no body, no header), and error texts are the SDK's own, which hold no credential.

    Args:
        operation: The request.
        **more: ``status``, ``attempt``, ``wait``, ``elapsed_ms``, as the record has them.

    Returns:
        ``operation`` (its short name, e.g. ``actions.update``), ``method``, ``path`` and ``more``.
    """
    return {
        "operation": operation.name or None,
        "method": operation.method,
        "path": operation.path,
        **more,
    }


def _log_retry(operation: Operation[Any]) -> Callable[[tenacity.RetryCallState], None]:
    def log(state: tenacity.RetryCallState) -> None:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info(
            "retrying %s %s in %.2f s after attempt %d: %s",
            operation.method,
            operation.path,
            wait,
            state.attempt_number,
            error,
            extra=log_fields(
                operation,
                status=getattr(error, "status_code", None),
                attempt=state.attempt_number,
                wait=wait,
            ),
        )

    return log
