"""Clocks for the emulators: the real one and a manual one that tests move by hand."""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "ManualClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """What an emulator needs from a clock: the current time as UNIX epoch seconds."""

    def time(self) -> float:
        """Return the current time in seconds since the UNIX epoch."""
        ...


class SystemClock:
    """The real clock: epoch-anchored, but advancing with ``time.monotonic``.

    Anchoring once and then following the monotonic clock keeps intervals (token lifetimes, build
    durations, rate-limit refills) immune to wall-clock jumps while timestamps stay realistic.
    """

    def __init__(self) -> None:
        self._epoch0 = time.time()
        self._mono0 = time.monotonic()

    def time(self) -> float:
        """Return the current time in seconds since the UNIX epoch."""
        return self._epoch0 + (time.monotonic() - self._mono0)


class ManualClock:
    """A clock that only moves when told to, so time-driven behaviour is testable without sleeping.

    Example:
        >>> clock = ManualClock()
        >>> start = clock.time()
        >>> clock.advance(30)
        >>> clock.time() - start
        30.0

    Args:
        start: Initial time in UNIX epoch seconds (default: 2023-11-14T22:13:20Z).
    """

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = float(start)
        # Server mode calls the emulator from handler threads while a test advances the clock.
        self._lock = threading.Lock()

    def time(self) -> float:
        """Return the current (manual) time in seconds since the UNIX epoch."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward.

        Args:
            seconds: How far to move; must not be negative (time does not run backwards).

        Raises:
            ValueError: If ``seconds`` is negative.
        """
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += seconds

    def __repr__(self) -> str:
        return f"ManualClock(start={self.time()!r})"
