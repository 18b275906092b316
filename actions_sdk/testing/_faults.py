"""Seeded, reproducible fault injection shared by both emulators."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["FaultDecision", "FaultKind", "FaultPlan", "FaultRecord"]

FaultKind = Literal["5xx", "429", "long_429", "408", "lost_response", "latency"]
"""The kinds of fault an emulator can inject.

* ``"5xx"``: answer 503 *before* processing (state unchanged).
* ``"429"``: answer 429 *before* processing (state unchanged).
* ``"long_429"``: answer 429 *before* processing with ``Retry-After`` set to
  :attr:`FaultPlan.long_retry_after` (120 s by default: above the SDK's default
  ``max_retry_after``), as real tenants do when a burst exhausts the bucket.
* ``"408"``: process the request (state changes), then answer 408 — a gateway that gave up
  waiting while the backend finished: the worst case of a "may have landed" answer.
* ``"lost_response"``: process the request (state changes), then fail the connection instead of
  answering: in-process the transport raises :class:`httpx.RemoteProtocolError`; in server mode the
  socket is closed without a reply.
* ``"latency"``: delay the answer. In-process this advances a :class:`ManualClock` (never sleeps);
  in server mode the handler thread really sleeps.
"""

_KINDS: frozenset[str] = frozenset({"5xx", "429", "long_429", "408", "lost_response", "latency"})
_Injected = Literal["5xx", "429", "long_429", "408", "lost_response"]


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one request.

    Attributes:
        kind: The failure to inject (any :data:`FaultKind` but ``"latency"``) or ``None``.
        latency: Seconds of delay to add before answering.
    """

    kind: _Injected | None = None
    latency: float = 0.0


@dataclass(frozen=True)
class FaultRecord:
    """One injected fault, kept in :attr:`FaultPlan.history` for assertions.

    Attributes:
        method: HTTP method of the affected request.
        path: Raw request path (no query) of the affected request.
        kind: The injected kind.
        latency: Added delay in seconds (``0.0`` unless ``kind == "latency"`` or random latency).
    """

    method: str
    path: str
    kind: FaultKind
    latency: float = 0.0


@dataclass
class _Scripted:
    kind: FaultKind
    remaining: int
    method: str | None
    path_prefix: str | None
    seconds: float

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path_prefix is None or path.startswith(self.path_prefix)


class FaultPlan:
    """Decide, reproducibly, which requests fail and how.

    Random faults are drawn from a private ``random.Random(seed)``: the same seed and the same
    sequence of eligible requests give the same faults. Exactly two random numbers are drawn per
    eligible request whatever the outcome, so changing one rate does not shift the others' draws.
    Scripted faults (:meth:`next`) take precedence and are consumed first-in, first-out.

    Token endpoints (``/oauth/token``, ``/oauth/v2/token``) are exempt from random faults unless
    ``include_token_endpoint`` is true; a scripted fault reaches them only when its ``path_prefix``
    names them explicitly.

    Example:
        >>> plan = FaultPlan(7, error_rate=0.2, lost_response_rate=0.05)
        >>> plan.next("5xx", count=2, method="POST", path_prefix="/api/v2/actions/actions")

    Args:
        seed: Seed of the private random generator.
        error_rate: Probability of a 503 before processing.
        rate_limit_rate: Probability of a 429 before processing.
        lost_response_rate: Probability of processing a request and then dropping the answer.
        timeout_rate: Probability of processing a request and then answering 408.
        long_rate_limit_rate: Probability of a 429 with a long ``Retry-After`` before processing.
        long_retry_after: The ``Retry-After`` seconds of a ``long_429``.
        latency: ``(low, high)`` seconds; every eligible request gets a uniform delay in that range.
        only: Optional predicate ``(method, path) -> bool`` restricting random faults to
            the requests it accepts (``path`` is the raw path without query).
        include_token_endpoint: Also inject random faults on the token endpoint.

    Raises:
        ValueError: If a rate is outside ``[0, 1]``, the rates sum above 1, or ``latency`` is
            not an ordered pair of non-negative numbers.
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        error_rate: float = 0.0,
        rate_limit_rate: float = 0.0,
        lost_response_rate: float = 0.0,
        timeout_rate: float = 0.0,
        long_rate_limit_rate: float = 0.0,
        long_retry_after: float = 120.0,
        latency: tuple[float, float] = (0.0, 0.0),
        only: Callable[[str, str], bool] | None = None,
        include_token_endpoint: bool = False,
    ) -> None:
        for name, rate in (
            ("error_rate", error_rate),
            ("rate_limit_rate", rate_limit_rate),
            ("lost_response_rate", lost_response_rate),
            ("timeout_rate", timeout_rate),
            ("long_rate_limit_rate", long_rate_limit_rate),
        ):
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {rate!r}")
        rates = (error_rate, rate_limit_rate, lost_response_rate, timeout_rate)
        if sum(rates) + long_rate_limit_rate > 1.0:
            raise ValueError("the fault rates must not sum above 1")
        if long_retry_after < 0:
            raise ValueError(f"long_retry_after must not be negative, got {long_retry_after!r}")
        low, high = latency
        if low < 0 or high < low:
            raise ValueError(f"latency must be (low, high) with 0 <= low <= high, got {latency!r}")
        self.seed = seed
        self.error_rate = error_rate
        self.rate_limit_rate = rate_limit_rate
        self.lost_response_rate = lost_response_rate
        self.timeout_rate = timeout_rate
        self.long_rate_limit_rate = long_rate_limit_rate
        self.long_retry_after = float(long_retry_after)
        self.latency = (float(low), float(high))
        self.only = only
        self.include_token_endpoint = include_token_endpoint
        # Not cryptographic: reproducible test randomness is the whole point.
        self._rng = random.Random(seed)  # noqa: S311 - reproducible test randomness, not security
        self._scripted: list[_Scripted] = []
        self._history: list[FaultRecord] = []
        self._lock = threading.Lock()

    def next(
        self,
        kind: FaultKind,
        count: int = 1,
        *,
        method: str | None = None,
        path_prefix: str | None = None,
        seconds: float = 0.0,
    ) -> None:
        """Script a fault for the next ``count`` matching requests.

        Args:
            kind: What to inject (see :data:`FaultKind`).
            count: How many matching requests get it.
            method: Only requests with this HTTP method match (any when ``None``).
            path_prefix: Only requests whose raw path starts with this match (any when ``None``).
            seconds: Delay for ``kind="latency"``.

        Raises:
            ValueError: On an unknown kind, a non-positive count or a negative delay.
        """
        if kind not in _KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(_KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._scripted.append(_Scripted(kind, count, method, path_prefix, float(seconds)))

    @property
    def history(self) -> list[FaultRecord]:
        """Every fault injected so far, in order."""
        with self._lock:
            return list(self._history)

    @property
    def pending(self) -> int:
        """How many scripted faults are still waiting for a matching request."""
        with self._lock:
            return sum(s.remaining for s in self._scripted)

    def clear(self) -> None:
        """Drop scripted faults and the history (the random generator keeps its position)."""
        with self._lock:
            self._scripted.clear()
            self._history.clear()

    def decide(self, method: str, path: str, *, token_endpoint: bool = False) -> FaultDecision:
        """Decide the fault for one request and record it.

        Args:
            method: Upper-case HTTP method.
            path: Raw request path without query.
            token_endpoint: Whether the path is the emulator's token endpoint.

        Returns:
            The decision; ``FaultDecision()`` when nothing is injected.
        """
        with self._lock:
            eligible = (self.include_token_endpoint or not token_endpoint) and (
                self.only is None or self.only(method, path)
            )
            kind: _Injected | None = None
            latency = 0.0
            if eligible:
                # Always two draws per eligible request: reproducibility does not depend on rates.
                roll = self._rng.random()
                spread = self._rng.random()
                # The older kinds keep their bands, so adding a new rate shifts none of them.
                bands: tuple[tuple[_Injected, float], ...] = (
                    ("5xx", self.error_rate),
                    ("429", self.rate_limit_rate),
                    ("lost_response", self.lost_response_rate),
                    ("408", self.timeout_rate),
                    ("long_429", self.long_rate_limit_rate),
                )
                edge = 0.0
                for band, rate in bands:
                    edge += rate
                    if roll < edge:
                        kind = band
                        break
                low, high = self.latency
                latency = low + (high - low) * spread
            scripted = self._take_scripted(method, path, token_endpoint)
            if scripted is not None:
                if scripted.kind == "latency":
                    latency = scripted.seconds
                else:
                    kind = scripted.kind
            if kind is not None:
                self._history.append(FaultRecord(method, path, kind, latency))
            elif latency > 0:
                self._history.append(FaultRecord(method, path, "latency", latency))
            return FaultDecision(kind, latency)

    def _take_scripted(self, method: str, path: str, token_endpoint: bool) -> _Scripted | None:
        for entry in self._scripted:
            if not entry.matches(method, path):
                continue
            if token_endpoint and not self.include_token_endpoint and entry.path_prefix is None:
                continue
            entry.remaining -= 1
            if entry.remaining == 0:
                self._scripted.remove(entry)
            return entry
        return None

    def __repr__(self) -> str:
        return (
            f"FaultPlan(seed={self.seed!r}, error_rate={self.error_rate!r}, "
            f"rate_limit_rate={self.rate_limit_rate!r}, "
            f"lost_response_rate={self.lost_response_rate!r}, timeout_rate={self.timeout_rate!r}, "
            f"long_rate_limit_rate={self.long_rate_limit_rate!r}, latency={self.latency!r})"
        )
