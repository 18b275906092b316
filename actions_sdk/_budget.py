"""A client-side request budget, so bulk automation stays under a tenant's rate limit on purpose.

:class:`RequestBudget` is a virtual-time token bucket (GCRA, the "generic cell rate algorithm"):
it keeps the *theoretical arrival time* of the next request and, for each request, computes the
moment it may start and moves the schedule on by one interval. Reserving is a few arithmetic
operations under a :class:`threading.Lock`; nobody sleeps while holding it. The caller then waits
on its own: the sync transport with the retry policy's ``sleep``, the async transport with its
``async_sleep``. So one budget can be shared by the threads of a sync client, the tasks of an async
client, and several clients at once (pass the same instance).

A schedule computed this way never exceeds a server token bucket of the same size: at most
``burst`` requests at once, then one every ``1 / per_second`` seconds.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping

from actions_sdk._checks import header_number

__all__ = ["AdaptiveBudget", "RequestBudget"]


class RequestBudget:
    """At most ``burst`` requests at once, then ``per_second`` on average, across all its users.

    Every HTTP request a client sends takes one slot: first attempts, retries, the replay after a
    401, and token requests. When no slot is free the request waits (without blocking the event
    loop in the async client) until one is. Waiting requests are served in the order they asked.

    Pass it as ``request_budget=`` to ``for_auth0`` / ``for_zitadel`` of either client; copies
    made by ``with_options`` share it, and the same instance may be given to several clients.

    Args:
        per_second: Sustained rate, in requests per second (> 0).
        burst: How many requests may start at once after an idle period (≥ 1).
        clock: Monotonic clock in seconds (inject a fake one in tests; the async client's sleeps
            must advance the same clock).

    Raises:
        ValueError: A rate that is not a positive finite number, or a burst below 1.

    Example:
        >>> budget = RequestBudget(per_second=2, burst=1)
        >>> client = ManagementClient.for_auth0(  # doctest: +SKIP
        ...     "acme.eu.auth0.com", client_id="…", client_secret="…", request_budget=budget
        ... )
    """

    def __init__(
        self, per_second: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if isinstance(per_second, bool) or not isinstance(per_second, int | float):
            raise ValueError(f"per_second must be a number, got {per_second!r}")
        if not math.isfinite(per_second) or per_second <= 0:
            raise ValueError(f"per_second must be a positive finite number, got {per_second!r}")
        if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
            raise ValueError(f"burst must be a whole number ≥ 1, got {burst!r}")
        self._per_second = float(per_second)
        self._burst = burst
        self._clock = clock
        self._interval = 1.0 / self._per_second
        # How far ahead of "now" the schedule may run before requests must wait: the burst.
        self._tolerance = (burst - 1) * self._interval
        # Theoretical arrival time of the next request; -inf means "idle for ever": full burst.
        self._next = -math.inf
        self._lock = threading.Lock()

    # -- presets ---------------------------------------------------------------------------
    # Each preset keeps the tier's sustained rate but one request less than the tier's burst:
    # a schedule that drains the server's bucket exactly would turn the smallest network jitter
    # (a request arriving a few ms early) into a 429. One spare slot absorbs a whole interval.

    @classmethod
    def auth0_free(cls, *, clock: Callable[[], float] = time.monotonic) -> RequestBudget:
        """Auth0 Free tier Management API (bucket of 2, 2 per second): 2/s, burst 1.

        Args:
            clock: Monotonic clock in seconds.

        Returns:
            The budget.
        """
        return cls(2.0, 1, clock=clock)

    @classmethod
    def auth0_enterprise_nonprod(
        cls, *, clock: Callable[[], float] = time.monotonic
    ) -> RequestBudget:
        """Auth0 Enterprise non-production tenants (bucket of 10, 2 per second): 2/s, burst 9.

        Args:
            clock: Monotonic clock in seconds.

        Returns:
            The budget.
        """
        return cls(2.0, 9, clock=clock)

    @classmethod
    def zitadel_cloud(cls, *, clock: Callable[[], float] = time.monotonic) -> RequestBudget:
        """ZITADEL Cloud APIs (50 requests per second averaged over a minute, per IP): 50/s.

        The burst is 1: ZITADEL averages over a sliding minute, so every request of a burst
        would count on top of the sustained rate.

        Args:
            clock: Monotonic clock in seconds.

        Returns:
            The budget.
        """
        return cls(50.0, 1, clock=clock)

    # -- state -----------------------------------------------------------------------------

    @property
    def per_second(self) -> float:
        """The sustained rate, in requests per second."""
        return self._per_second

    @property
    def burst(self) -> int:
        """How many requests may start at once after an idle period."""
        return self._burst

    def __repr__(self) -> str:
        return f"RequestBudget(per_second={self._per_second:g}, burst={self._burst})"

    # -- reservations ----------------------------------------------------------------------

    def reserve(self) -> float:
        """Take the next free slot and say how long to wait for it.

        The slot is taken at once (so concurrent callers get successive slots); the caller must
        then wait the returned number of seconds before sending. A slot whose caller gives up
        (e.g. a cancelled task) is not given back: the budget errs on the side of fewer requests.

        Returns:
            Seconds until the request may be sent (0.0 when it may go now).
        """
        with self._lock:
            now = self._clock()
            # GCRA: the next request is due at ``_next``; it may start ``_tolerance`` earlier.
            due = max(self._next, now)
            start = max(now, due - self._tolerance)
            self._next = due + self._interval
        return start - now


class AdaptiveBudget:
    """A request budget that learns the server's rate from its ``x-ratelimit-*`` headers.

    It stays out of the way (no wait, a few comparisons per request) until the server says its
    bucket is empty — a 429, or ``x-ratelimit-remaining: 0``. From then on it schedules requests
    like :class:`RequestBudget` (GCRA) at the *learned* rate, so that the many tasks of an
    ``asyncio.gather`` that were refused together are given successive slots instead of all
    waking on the same whole-second ``x-ratelimit-reset``.

    How the rate is learned: the moment the bucket is seen empty is an anchor. Every answered
    (non-429) request sent after it consumed one token, so ``(remaining + consumed) / elapsed``
    is the refill rate, measured over at least ``window`` seconds (a lower bound when other
    clients share the bucket, or when it filled up: pacing errs on the slow side). Until a
    window has passed, the rate is estimated from the advertised limit and reset: ``limit``
    tokens per ``max(1 s, reset - now)`` (Auth0's reset is a whole second away at most).

    When the learned rate changes, slots already handed out but not yet due move with it (the
    future of the schedule is rescaled around "now"), so a first guess that was too slow or too
    fast does not hold on to 90 queued tasks: waiters re-read their slot (:meth:`wait`) at
    least every ``window`` seconds.

    The SDK creates one per client when no ``request_budget=`` is given (copies made by
    ``with_options`` share it). It is sans-I/O: the transport passes the time (the retry
    policy's ``clock``, UNIX seconds, the clock ``x-ratelimit-reset`` is on) and sleeps itself.

    Args:
        window: Shortest measuring window, in seconds, for a learned rate; also the longest a
            waiter sleeps before re-reading its slot.
    """

    def __init__(self, *, window: float = 0.5) -> None:
        self.window = window
        self._rate: float | None = None  # tokens per second; None: not pacing
        self._limit = 1
        self._next = -math.inf  # GCRA theoretical arrival time of the next request (schedule)
        # Slots are kept on a schedule axis; real time = _scale * slot + _shift. A rate change
        # rescales the future around "now" by changing these two, moving every waiter at once.
        self._scale = 1.0
        self._shift = 0.0
        # (sent, seen): the request whose answer last said the bucket was empty (measuring).
        self._anchor: tuple[float, float] | None = None
        self._consumed = 0  # answered requests sent since the anchor
        self._emptied = -math.inf  # when the bucket was last seen empty
        self._lock = threading.Lock()

    @property
    def rate(self) -> float | None:
        """The rate requests are paced at, in requests per second; ``None`` before any limit."""
        return self._rate

    def __repr__(self) -> str:
        rate = "unknown" if self._rate is None else f"{self._rate:.3g}/s"
        return f"AdaptiveBudget(rate={rate})"

    def take(self, now: float) -> float | None:
        """Take the next slot (``None`` when not pacing: send at once).

        Args:
            now: Current UNIX time (the retry policy's clock).

        Returns:
            The slot, to pass to :meth:`wait`; ``None`` when there is nothing to wait for.
        """
        if self._rate is None:
            return None
        with self._lock:
            interval = 1.0 / self._rate
            tolerance = self._tolerance(interval)
            due = max(self._next, now)
            start = max(now, due - tolerance)
            self._next = due + interval
            return (start - self._shift) / self._scale

    def _tolerance(self, interval: float) -> float:
        # The burst a schedule may use up front, one token spare like the presets: a schedule
        # that drains the bucket exactly turns a few milliseconds of network jitter into a 429.
        return max(0, self._limit - 2) * interval

    def next_wait(self, now: float) -> float:
        """How long the next slot is away, without taking it (0.0 when not pacing).

        Args:
            now: Current UNIX time.

        Returns:
            Seconds.
        """
        rate = self._rate
        if rate is None:
            return 0.0
        with self._lock:
            tolerance = self._tolerance(1.0 / rate)
            return max(0.0, max(self._next, now) - tolerance - now)

    def wait(self, slot: float, now: float) -> float:
        """Seconds from ``now`` until ``slot`` may start (≤ 0: go), as the schedule stands now.

        Args:
            slot: What :meth:`take` returned.
            now: Current UNIX time.

        Returns:
            Seconds to wait; re-ask after at most :attr:`window` seconds, the slot may move.
        """
        return self._scale * slot + self._shift - now

    def reserve(self, now: float) -> float:
        """Take the next slot and return the wait for it as the schedule stands now.

        Args:
            now: Current UNIX time.

        Returns:
            Seconds to wait (0.0 when not pacing).
        """
        slot = self.take(now)
        return 0.0 if slot is None else max(0.0, self.wait(slot, now))

    def _set_rate(self, rate: float, now: float) -> None:
        """Change the rate; what is scheduled after ``now`` is stretched or squeezed to it."""
        old = self._rate
        self._rate = rate
        if old is None or old == rate:
            return
        factor = old / rate  # new interval / old interval
        self._scale *= factor
        self._shift = factor * self._shift + now * (1.0 - factor)
        if self._next > now:
            self._next = now + (self._next - now) * factor

    def observe(
        self, status: int, headers: Mapping[str, str], now: float, sent: float | None = None
    ) -> None:
        """Learn from one answer's rate-limit headers (nothing happens without them).

        Args:
            status: The HTTP status.
            headers: The response headers (case-insensitive mapping).
            now: Current UNIX time (the retry policy's clock).
            sent: When the request was sent (same clock). An answer to a request sent before
                the bucket was seen empty may have been served before that moment, so it does
                not count as consumed after it (``None``: counts).
        """
        limit = header_number(headers.get("x-ratelimit-limit"))
        if limit is None or limit < 1:
            return  # no announced limit: nothing to learn, and no pacing on a guess
        remaining = header_number(headers.get("x-ratelimit-remaining"))
        with self._lock:
            self._limit = min(int(limit), 1_000_000)
            empty = status == 429 or remaining == 0
            full = not empty and remaining is not None and remaining >= limit - 1
            if self._anchor is not None:
                empty_sent, empty_seen = self._anchor
                if status != 429 and (sent is None or sent >= empty_seen):
                    self._consumed += 1
                # From when the empty answer's request was *sent*: the bucket was empty at
                # some moment after that, so the refill is measured over no less time than
                # it took, and the rate is a lower bound however late answers arrive.
                elapsed = now - empty_sent
                if elapsed > 0 and (elapsed >= self.window or full):
                    left = 0.0 if empty or remaining is None else min(remaining, limit)
                    measured = (left + self._consumed) / elapsed
                    if full:
                        # A full bucket may have stopped refilling a while ago: this says the
                        # rate is at least ``measured``, so it may only raise the estimate.
                        measured = max(measured, self._rate or 0.0)
                    if measured > 0:
                        self._set_rate(measured, now)
                if full:
                    # Keeping the anchor would let an idle hour read as a rate of a few
                    # requests per hour; the next empty bucket starts a new measurement.
                    self._anchor = None
                elif empty and elapsed >= self.window:
                    self._anchor, self._consumed = (sent if sent is not None else now, now), 0
            elif empty:
                self._anchor, self._consumed = (sent if sent is not None else now, now), 0
            if full and self._rate is not None and (sent is None or sent >= self._emptied):
                # The server has (all but one of) its bucket left, by an answer to a request
                # sent after the bucket was last seen empty (not a stale one still in flight):
                # the schedule was slower than the server, so give it back the bucket's credit.
                assert remaining is not None  # noqa: S101 - full implies it
                self._next = min(self._next, now + (limit - remaining) / self._rate)
            if empty:
                self._emptied = now
                rate = self._rate
                if rate is None:
                    reset = header_number(headers.get("x-ratelimit-reset"))
                    span = max(1.0, reset - now) if reset is not None else 1.0
                    rate = self._limit / span
                    self._set_rate(rate, now)
                # The bucket is empty now: the schedule has no credit left, and the next
                # request may not start before one interval.
                interval = 1.0 / rate
                tolerance = self._tolerance(interval)
                self._next = max(self._next, now + interval + tolerance)
