"""The retry policy: which failures are retried, and how long to wait.

Every failure is first *classified* by :func:`classify` — did the request land (no / unknown /
yes, with a final answer) and is it worth trying again — and that one classification is what the
transport (:meth:`RetryPolicy.should_retry`) and every safe helper (:meth:`RetryPolicy.retry_wait`)
decide from. How many retries a call has left (:meth:`RetryPolicy.exhausted`, announced-limit 429s
counted apart in a :class:`RetryTally`) and how long each wait is (:meth:`RetryPolicy.pause`) are
decided here too, for both. There is no second list of transient statuses anywhere in the SDK.

One declared :class:`RetryPolicy` per client, applied by the transport through tenacity:

* 429 is always retried: the server did not process the request.
* A connection that could not be opened is always retried: nothing was sent.
* 408, 5xx (but not 501) and failures after the request went out (read timeout, reset) are retried
  only for operations the provider marked idempotent. A POST that creates, deploys, tests or rolls
  back is never repeated once it may have reached the server.
* Waits follow the server first (``Retry-After-ms``, ``Retry-After`` in seconds or as an HTTP date,
  then Auth0's ``x-ratelimit-reset``), otherwise exponential backoff with jitter. A server wait
  longer than ``max_retry_after`` is not slept: the error is raised at once with ``retry_after``.
"""

from __future__ import annotations

import enum
import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import attrs

from actions_sdk._checks import header_number
from actions_sdk.errors import APIConnectionError, ApiError, RateLimitError

if TYPE_CHECKING:
    from actions_sdk._operation import Operation

__all__ = ["Landed", "Outcome", "RetryPolicy", "RetryTally", "classify", "server_wait_hint"]


async def _asyncio_sleep(seconds: float) -> None:
    # asyncio is imported on first use: sync-only programs never pay for it.
    import asyncio

    await asyncio.sleep(seconds)


# 501 Not Implemented will not change on a retry; the other 5xx are transient.
_NOT_TRANSIENT_5XX = frozenset({501})


class Landed(enum.Enum):
    """Whether a failed request may have been acted on by the server."""

    NO = "no"
    """Certainly not: refused before processing (429) or never sent (connection not opened)."""
    UNKNOWN = "unknown"
    """Maybe: the answer was lost, timed out after sending, or was a 408 / 5xx."""
    YES = "yes"
    """The server looked at it and gave a final answer (4xx, 501, a body that does not decode)."""


@attrs.frozen
class Outcome:
    """What a failure says about the request that raised it.

    Attributes:
        landed: Whether the server may have acted on the request.
        transient: Whether the same request may succeed later (the failure is worth a retry).
    """

    landed: Landed
    transient: bool


_FINAL = Outcome(Landed.YES, transient=False)
_REFUSED = Outcome(Landed.NO, transient=True)
_UNCERTAIN = Outcome(Landed.UNKNOWN, transient=True)


def classify(error: BaseException) -> Outcome:
    """Classify a failure: the one table the transport and the safe helpers share.

    * 429: not landed, transient.
    * A connection that could not be opened: not landed, transient.
    * A connection that failed after sending (reset, read timeout): unknown, transient.
    * 408 and 5xx except 501: unknown, transient (a gateway may answer after the backend acted).
    * Any other error status, a decode error, anything else: a final answer.

    Args:
        error: What an attempt raised.

    Returns:
        The outcome.
    """
    if isinstance(error, RateLimitError):
        return _REFUSED
    if isinstance(error, APIConnectionError):
        return _UNCERTAIN if error.may_have_landed else _REFUSED
    if isinstance(error, ApiError) and (
        error.status_code == 408
        or (error.status_code >= 500 and error.status_code not in _NOT_TRANSIENT_5XX)
    ):
        return _UNCERTAIN
    return _FINAL


@attrs.define
class RetryTally:
    """One call's failures so far, counted the way :class:`RetryPolicy` allows retries.

    A 429 that announces the server's limit counts against ``rate_limit_retries``, every other
    retried failure against ``max_retries``. The transport keeps one per call it retries and each
    helper loop one per step, so both stop on the same terms (:meth:`RetryPolicy.exhausted`).

    Attributes:
        limited: Announced-limit 429s so far.
        other: Every other failure so far.
    """

    limited: int = 0
    other: int = 0

    @property
    def attempts(self) -> int:
        """How many attempts failed so far (the attempt number the next wait is for)."""
        return self.limited + self.other


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a client retries failed calls.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        max_retry_after: Longest server-requested wait, in seconds, the client will sleep; a
            longer one raises :class:`~actions_sdk.errors.RateLimitError` immediately.
        backoff_initial: First backoff wait in seconds when the server gives no hint.
        backoff_max: Upper bound of the exponential backoff.
        jitter: Up to this many seconds are added at random to each backoff wait.
        sleep: Called with the number of seconds to wait (inject a recorder in tests).
        async_sleep: What the async client awaits instead of ``sleep`` (``asyncio.sleep`` by
            default), so waiting never blocks the event loop.
        clock: Wall clock in UNIX seconds, used for HTTP-date and ``x-ratelimit-reset`` hints.
        random: Source of jitter in ``[0, 1)``.
        hint_jitter: A server-requested wait is lengthened by up to this fraction at random, so
            tasks told the same whole second do not all wake on it together.
        rate_limit_retries: Retries after a 429 that announces the server's limit (an
            ``x-ratelimit-limit`` header), counted apart from ``max_retries``: many concurrent
            tasks paced by the client's budget may each be refused a few times before their
            slot, and none should fail on a limit the server told it. Each wait is still capped
            by ``max_retry_after``; with ``max_retries=0`` nothing is retried.
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    max_retry_after: float = 60.0
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    sleep: Callable[[float], None] = attrs.field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = attrs.field(
        default=_asyncio_sleep, repr=False
    )
    clock: Callable[[], float] = attrs.field(default=time.time, repr=False)
    random: Callable[[], float] = attrs.field(default=random.random, repr=False)
    hint_jitter: float = 0.1
    rate_limit_retries: int = attrs.field(default=10, validator=attrs.validators.ge(0))

    def should_retry(self, error: BaseException, operation: Operation[Any]) -> bool:
        """Decide whether ``error`` raised by ``operation`` is worth another attempt.

        Args:
            error: What the attempt raised.
            operation: The call that failed.

        Returns:
            ``True`` when the call should be sent again.
        """
        outcome = classify(error)
        if not outcome.transient or not operation.retried:
            return False
        if outcome.landed is Landed.UNKNOWN and not operation.idempotent:
            return False  # it may have been done: repeating it could do it twice
        return not self.hint_too_long(error)

    def hint_too_long(self, error: BaseException) -> bool:
        """Whether the server asked for a wait longer than :attr:`max_retry_after`.

        Such a wait is never slept, by the transport or by a helper: the error is raised at once.

        Args:
            error: The failure.

        Returns:
            ``True`` when the server's hint exceeds the cap.
        """
        hint = self.server_hint(error)
        return hint is not None and hint > self.max_retry_after

    def retry_wait(self, error: BaseException, tally: RetryTally) -> float | None:
        """How long to pause before repeating a failed step, or ``None`` to give up.

        The one rule for the transport's retries and the safe helpers' loops alike: only
        transient failures (:func:`classify`), at most :attr:`max_retries` repeats (announced-limit
        429s: :attr:`rate_limit_retries`, :meth:`exhausted`), never a server hint above
        :attr:`max_retry_after`, and the waits of :meth:`pause`. Whether a step may be repeated
        although it may have landed is the caller's to settle first.

        Args:
            error: What the step raised.
            tally: The step's failures so far; this failure is counted into it.

        Returns:
            Seconds to wait, or ``None`` when the error should be raised.
        """
        if not classify(error).transient or self.exhausted(error, tally):
            return None
        if self.hint_too_long(error):
            return None
        return self.pause(error, tally.attempts)

    def exhausted(self, error: BaseException, tally: RetryTally) -> bool:
        """Count a failure into ``tally`` and say whether its retries are used up.

        An announced-limit 429 (:meth:`announced_limit`) has :attr:`rate_limit_retries` of its
        own: many concurrent tasks paced by one budget may each be refused a few times before
        their slot, and none should fail on a limit the server told it. Every other failure has
        :attr:`max_retries`.

        Args:
            error: What the last attempt raised.
            tally: The call's failures so far (updated).

        Returns:
            ``True`` when no retry is left.
        """
        if self.announced_limit(error):
            tally.limited += 1
            return tally.limited > self.rate_limit_retries
        tally.other += 1
        return tally.other > self.max_retries

    def pause(self, error: BaseException, attempt: int, *, paced: bool = False) -> float:
        """Seconds to wait before attempt ``attempt + 1`` of a step that will be retried.

        Args:
            error: What the last attempt raised.
            attempt: How many attempts were made so far (1 after the first).
            paced: Whether a client-side budget that learned the server's limit schedules the
                next attempt. After an announced-limit 429 the wait is then 0: the budget hands
                each refused task its own slot, whereas sleeping to the shared whole-second
                reset first is what made concurrent tasks storm.

        Returns:
            The wait (:meth:`wait_seconds`, or 0 as above).
        """
        if paced and self.announced_limit(error):
            return 0.0
        return self.wait_seconds(error, attempt)

    def announced_limit(self, error: BaseException) -> bool:
        """Whether ``error`` is a 429 whose answer announced the limit (``x-ratelimit-limit``).

        Such a refusal is retried up to :attr:`rate_limit_retries` times (when retrying is on;
        :meth:`exhausted`).

        Args:
            error: The failure.

        Returns:
            ``True`` for an announced-limit 429.
        """
        return (
            self.max_retries > 0
            and isinstance(error, RateLimitError)
            and error.response is not None
            and "x-ratelimit-limit" in error.response.headers
        )

    def server_hint(self, error: BaseException) -> float | None:
        """Return the wait the server asked for with ``error``, if it asked.

        Args:
            error: The failure.

        Returns:
            Seconds to wait, or ``None``.
        """
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return error.retry_after
        if isinstance(error, ApiError) and error.response is not None:
            # The bucket reset only explains a 429; on a 503 it says nothing about recovery.
            return server_wait_hint(
                error.response.headers, clock=self.clock, use_reset=error.status_code == 429
            )
        return None

    def wait_seconds(self, error: BaseException, attempt: int) -> float:
        """Seconds to wait before attempt ``attempt + 1``.

        Args:
            error: What the last attempt raised.
            attempt: How many attempts were made so far (1 after the first).

        Returns:
            The wait: the server's hint when there is one, else exponential backoff with jitter.
        """
        hint = self.server_hint(error)
        if hint is not None:
            return hint * (1.0 + self.hint_jitter * self.random())
        backoff = min(self.backoff_max, self.backoff_initial * 2.0 ** (attempt - 1))
        return backoff + self.jitter * self.random()


def server_wait_hint(
    headers: Mapping[str, str], *, clock: Callable[[], float], use_reset: bool = True
) -> float | None:
    """Read how long the server asked the client to wait.

    Looks at ``Retry-After-ms``, ``Retry-After`` (seconds or HTTP date) and then
    ``x-ratelimit-reset`` (UNIX seconds of the next refill). Malformed values — text, ``inf``,
    ``nan``, ``1e309``, negatives (:func:`~actions_sdk._checks.header_number`) — are ignored; a
    moment already in the past gives no hint.

    Args:
        headers: The response headers (case-insensitive mapping).
        clock: Current UNIX time.
        use_reset: Whether ``x-ratelimit-reset`` counts (it only explains a 429).

    Returns:
        Seconds to wait, or ``None`` when the server gave no usable hint.
    """
    millis = header_number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    raw = headers.get("retry-after")
    if raw is not None:
        seconds = header_number(raw)
        if seconds is not None:
            return seconds
        delta = _until_http_date(raw, clock)
        if delta is not None:
            return delta
    reset = header_number(headers.get("x-ratelimit-reset")) if use_reset else None
    if reset is not None:
        delta = reset - clock()
        if delta > 0:
            return delta
    return None


def _until_http_date(raw: str, clock: Callable[[], float]) -> float | None:
    """Seconds until a ``Retry-After`` HTTP date; ``None`` for a malformed or past date."""
    if len(raw) > 64:  # an HTTP date is 29 characters
        return None
    try:
        delta = parsedate_to_datetime(raw).timestamp() - clock()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return delta if delta > 0 and math.isfinite(delta) else None
