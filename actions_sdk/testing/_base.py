"""Machinery shared by both emulators: request parsing, logging, faults and the httpx glue."""

from __future__ import annotations

import abc
import base64
import binascii
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote

import httpx

from ._clock import Clock, ManualClock, SystemClock
from ._faults import FaultDecision, FaultPlan

if TYPE_CHECKING:
    from ._server import EmulatorServer

__all__ = [
    "EmulatorBase",
    "Incoming",
    "RecordedRequest",
    "Reply",
    "ReplyError",
    "Route",
    "TokenBucket",
    "match_route",
]

JSON = Any
"""A decoded JSON value (the emulators build plain dicts and lists)."""


@dataclass(frozen=True)
class Incoming:
    """One request, already split into the parts the emulators route on.

    Attributes:
        method: Upper-case HTTP method.
        path: Raw (still percent-encoded) path without the query string.
        segments: Path segments, each percent-decoded, so ``a%2F1`` stays one segment ``a/1``.
        query: Parsed query string (blank values kept).
        headers: Request headers with lower-case names.
        body: Raw request body.
        origin: ``scheme://host[:port]`` the client addressed (used to accept audience/issuer
            values that name the loopback server rather than the emulated domain).
    """

    method: str
    path: str
    segments: tuple[str, ...]
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes
    origin: str

    @classmethod
    def build(
        cls, method: str, target: str, headers: Mapping[str, str], body: bytes, origin: str
    ) -> Incoming:
        """Parse a raw request target (``/path?query``) into an :class:`Incoming`.

        Args:
            method: HTTP method.
            target: Raw request target as sent on the wire.
            headers: Request headers (any case).
            body: Raw body.
            origin: ``scheme://host[:port]`` the request was addressed to.

        Returns:
            The parsed request.
        """
        path, _, query = target.partition("?")
        # Split before decoding: a percent-encoded "/" inside an id must not create a segment.
        segments = tuple(unquote(part) for part in path.strip("/").split("/")) if path else ()
        return cls(
            method=method.upper(),
            path=path or "/",
            segments=segments,
            query=parse_qs(query, keep_blank_values=True),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
            origin=origin,
        )

    def param(self, name: str) -> str | None:
        """Return the last value of query parameter ``name``, or ``None`` when absent."""
        values = self.query.get(name)
        return values[-1] if values else None

    def bearer(self) -> str | None:
        """Return the bearer token of the ``Authorization`` header, if there is one."""
        scheme, _, token = self.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()


@dataclass
class Reply:
    """An emulator's answer before it becomes an ``httpx.Response`` or a socket write.

    Attributes:
        status: HTTP status code.
        body: JSON-serialisable body, or ``None`` for no body (e.g. 204).
        headers: Extra response headers.
    """

    status: int
    body: JSON = None
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> tuple[bytes, dict[str, str]]:
        """Serialise the body and return it with the full header set."""
        headers = dict(self.headers)
        if self.body is None:
            return b"", headers
        headers.setdefault("content-type", "application/json; charset=utf-8")
        return json.dumps(self.body, separators=(",", ":")).encode(), headers


@dataclass
class RecordedRequest:
    """One request as the emulator received it (see :attr:`EmulatorBase.request_log`).

    Attributes:
        method: Upper-case HTTP method.
        path: Raw path without the query string.
        query: Parsed query string.
        headers: Request headers, lower-case names.
        body: Raw request body.
        status: Status the emulator answered with (``None`` while in flight).
        fault: Injected fault kind, if any.
    """

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes
    status: int | None = None
    fault: str | None = None

    def json(self) -> JSON:
        """Decode the request body as JSON (``None`` when empty)."""
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Outcome:
    """The result of processing one request, independent of how it is delivered.

    Attributes:
        reply: What to answer.
        lost: The request was processed but the connection must fail instead of answering.
    """

    reply: Reply
    lost: bool = False


Route = tuple[str, tuple[str, ...], Callable[..., Reply]]
"""``(method, pattern, handler)``; a ``"{}"`` pattern segment captures one decoded path segment."""


def match_route(
    routes: list[Route], method: str, segments: tuple[str, ...]
) -> tuple[Callable[..., Reply] | None, list[str], bool]:
    """Find the handler for a request.

    Args:
        routes: Route table.
        method: Upper-case request method.
        segments: Decoded path segments relative to the API base.

    Returns:
        ``(handler, captured, path_known)``: the handler (``None`` when nothing matches), the
        captured segments, and whether some route matched the path with another method.
    """
    path_known = False
    for route_method, pattern, handler in routes:
        if len(pattern) != len(segments):
            continue
        captured: list[str] = []
        for want, got in zip(pattern, segments, strict=True):
            if want == "{}":
                captured.append(got)
            elif want != got:
                break
        else:
            if route_method == method:
                return handler, captured, True
            path_known = True
    return None, [], path_known


class TokenBucket:
    """A token bucket on an injectable clock: ``burst`` tokens, refilled at ``rate`` per second.

    Args:
        burst: Bucket size (maximum burst of requests).
        rate: Sustained refill rate in tokens per second.
        now: Current time (epoch seconds); the bucket starts full.

    Raises:
        ValueError: If ``burst`` < 1 or ``rate`` <= 0.
    """

    def __init__(self, burst: int, rate: float, now: float) -> None:
        if burst < 1 or rate <= 0:
            raise ValueError("rate limit needs burst >= 1 and rate > 0")
        self.burst = burst
        self.rate = rate
        self._tokens = float(burst)
        self._stamp = now

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def take(self, now: float) -> bool:
        """Consume one token if available; return whether the request may proceed."""
        self._refill(now)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False

    def remaining(self, now: float) -> int:
        """Whole tokens left right now."""
        self._refill(now)
        return int(self._tokens)

    def next_refill(self, now: float) -> float:
        """Epoch seconds when the next whole token is added (``now`` when the bucket is full)."""
        self._refill(now)
        if self._tokens >= self.burst:
            return now
        missing = 1.0 - (self._tokens - int(self._tokens))
        return now + missing / self.rate


class ReplyError(Exception):
    """Abort a handler with a ready-made error reply (each emulator builds its vendor's body).

    Args:
        reply: The answer to send instead of the handler's.
    """

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class EmulatorBase(abc.ABC):
    """Common behaviour of :class:`Auth0Emulator` and :class:`ZitadelEmulator`.

    Subclasses implement :meth:`_dispatch` (routing and state) and the fault replies; this class
    provides the lock, the request log, fault injection and every way of calling the emulator
    (``handle``, ``transport``, ``client``, ``async_client``, ``serve``), and keeps the
    configuration every vendor's emulator has (domain and base URL, the clocks, faults, seed).
    A subclass sets its own configuration after ``super().__init__`` and then calls
    :meth:`_start`.

    Args:
        domain: Host the emulator claims to be; the base URL is ``https://{domain}``.
        clock: Clock of the emulated server's state (a ``ManualClock`` in tests).
        assertion_clock: Clock that JWT assertions' time claims are checked against: real
            clients sign with real time, while ``clock`` may be a ``ManualClock``.
        faults: Fault plan.
        seed: Seed for ids and fault decisions.
    """

    _token_paths: frozenset[str] = frozenset()

    def __init__(
        self,
        domain: str,
        *,
        clock: Clock | None,
        assertion_clock: Callable[[], float],
        faults: FaultPlan | None,
        seed: int,
    ) -> None:
        self.domain = domain
        self.base_url = f"https://{domain}"
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.assertion_clock = assertion_clock
        self.faults: FaultPlan = faults if faults is not None else FaultPlan(seed)
        self.seed = seed
        # Re-entrant: helpers called under the lock may call other locked helpers.
        self._lock = threading.RLock()
        self._log: list[RecordedRequest] = []

    def _start(self) -> None:
        """Build the route table and the initial state, once the subclass is configured."""
        self._routes: list[Route] = self._route_table()
        self._reset_state()

    # ------------------------------------------------------------------ public API

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one ``httpx`` request from the in-memory state (the ``MockTransport`` handler).

        Args:
            request: The request; its body must already be read (``MockTransport`` does that).

        Returns:
            The response.

        Raises:
            httpx.RemoteProtocolError: When a ``lost_response`` fault hits: the request was
                processed and state changed, but the "connection" drops before the answer.
        """
        url = request.url
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        incoming = Incoming.build(
            request.method, url.raw_path.decode("ascii"), request.headers, request.content, origin
        )
        outcome = self.process(incoming, server_mode=False)
        if outcome.lost:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        content, headers = outcome.reply.encode()
        return httpx.Response(
            outcome.reply.status, content=content, headers=headers, request=request
        )

    def transport(self) -> httpx.MockTransport:
        """Return an ``httpx.MockTransport`` serving this emulator.

        The same transport works for ``httpx.Client`` and ``httpx.AsyncClient``.
        """
        return httpx.MockTransport(self.handle)

    def client(self, **kwargs: Any) -> httpx.Client:
        """Return an ``httpx.Client`` wired to this emulator with ``base_url`` preset.

        Args:
            **kwargs: Passed to ``httpx.Client`` (``base_url`` may be overridden).
        """
        kwargs.setdefault("base_url", self.base_url)
        return httpx.Client(transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """Return an ``httpx.AsyncClient`` wired to this emulator with ``base_url`` preset.

        Args:
            **kwargs: Passed to ``httpx.AsyncClient`` (``base_url`` may be overridden).
        """
        kwargs.setdefault("base_url", self.base_url)
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> EmulatorServer:
        """Serve this emulator over real HTTP/1.1 on a background thread.

        Args:
            host: Interface to bind (keep the loopback default unless you mean it).
            port: TCP port; ``0`` picks a free one.

        Returns:
            A running server with ``.url`` and ``.close()``; also a context manager.
        """
        from ._server import EmulatorServer

        return EmulatorServer(self, host, port)

    @property
    def requests(self) -> list[tuple[str, str]]:
        """``(method, path)`` of every request received so far (raw path, no query)."""
        with self._lock:
            return [(r.method, r.path) for r in self._log]

    @property
    def request_log(self) -> list[RecordedRequest]:
        """Every request received so far, with query, headers, body and the answered status."""
        with self._lock:
            return list(self._log)

    def reset(self) -> None:
        """Forget all state, issued tokens and the request log (configuration is kept)."""
        with self._lock:
            self._log.clear()
            self._reset_state()

    # ------------------------------------------------------------------ processing

    def process(self, incoming: Incoming, *, server_mode: bool) -> Outcome:
        """Process one parsed request: log it, apply faults, dispatch it.

        Args:
            incoming: The parsed request.
            server_mode: True when called by the loopback server (latency really sleeps).

        Returns:
            The outcome to deliver.
        """
        token_endpoint = incoming.path in self._token_paths
        record = RecordedRequest(
            incoming.method, incoming.path, incoming.query, incoming.headers, incoming.body
        )
        with self._lock:
            self._log.append(record)
        decision: FaultDecision = self.faults.decide(
            incoming.method, incoming.path, token_endpoint=token_endpoint
        )
        if decision.latency > 0:
            self._delay(decision.latency, server_mode=server_mode)
        if decision.kind == "5xx":
            reply = self._unavailable_reply(incoming)
        elif decision.kind in {"429", "long_429"}:
            reply = self._throttled_reply(incoming)
            if decision.kind == "long_429":
                reply.headers["retry-after"] = f"{self.faults.long_retry_after:g}"
        else:
            with self._lock:
                reply = self._dispatch(incoming)
            if decision.kind == "408":
                # Processed, but the answer is a gateway's timeout: the client cannot tell.
                reply = Reply(
                    408, {"statusCode": 408, "error": "Request Timeout", "message": "timed out"}
                )
        record.status = reply.status
        record.fault = decision.kind or ("latency" if decision.latency > 0 else None)
        return Outcome(reply, lost=decision.kind == "lost_response")

    def _delay(self, seconds: float, *, server_mode: bool) -> None:
        # In-process, latency is simulated by moving a manual clock: tests never sleep.
        if isinstance(self.clock, ManualClock):
            self.clock.advance(seconds)
        if server_mode:
            time.sleep(seconds)

    # ------------------------------------------------------------------ subclass hooks

    @abc.abstractmethod
    def _dispatch(self, incoming: Incoming) -> Reply:
        """Route and execute one request (called with the lock held)."""

    @abc.abstractmethod
    def _unavailable_reply(self, incoming: Incoming) -> Reply:
        """Build the vendor's 503 body for an injected ``5xx`` fault."""

    @abc.abstractmethod
    def _throttled_reply(self, incoming: Incoming) -> Reply:
        """Build the vendor's 429 answer for an injected ``429`` fault."""

    @abc.abstractmethod
    def _reset_state(self) -> None:
        """Reinitialise all mutable state (called with the lock held)."""

    @abc.abstractmethod
    def _route_table(self) -> list[Route]:
        """The vendor's routes: ``(method, path pattern, handler)`` (see :func:`match_route`)."""

    def credentials(self) -> dict[str, str]:
        """Return the configured credentials and identifiers a client needs (name → value)."""
        return {}


def oauth_error(status: int, error: str, description: str) -> Reply:
    """An OAuth token-endpoint error (``{error, error_description}``), as both vendors send it.

    Args:
        status: HTTP status.
        error: The OAuth error code, e.g. ``invalid_client``.
        description: Human-readable text.

    Returns:
        The reply.
    """
    return Reply(status, {"error": error, "error_description": description})


def basic_credentials(incoming: Incoming) -> tuple[str, str] | None:
    """Read HTTP Basic client credentials, or ``None`` when absent or malformed.

    Args:
        incoming: The request.

    Returns:
        ``(client_id, client_secret)``.
    """
    scheme, _, encoded = incoming.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    if not sep:
        return None
    # RFC 6749 §2.3.1: both parts are form-url-encoded before joining.
    return unquote(user.replace("+", " ")), unquote(password.replace("+", " "))
