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
from collections.abc import Callable

__all__ = ["RequestBudget"]


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
