"""Progress reports of the long-running helpers: one small neutral type and the callback's shape.

``wait_until_built``, ``deploy(wait=True)``, ``create(..., wait=True)``,
``versions.deploy(wait=True)`` and the bulk binding edits take ``progress=``: a callable that
receives a :class:`ProgressEvent` at every step worth showing (a poll's answer, a status
change, the end). The helpers are sans-I/O plans; the events are made inside the plan, so the
sync and async clients report the same events, with ``elapsed`` measured on the retry policy's
clock (a test's manual clock).

A callback that raises stops the helper with that error: keep it small, e.g. update a progress
bar or log a line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeAlias

import attrs

__all__ = ["ProgressCallback", "ProgressEvent", "ProgressKind"]

ProgressKind: TypeAlias = Literal["started", "poll", "status", "step", "done"]
"""What a :class:`ProgressEvent` reports.

``started``: the helper began waiting (``status`` is the last one seen, if any).
``poll``: one poll answered (``status`` as read; ``attempt`` counts the polls of this wait).
``status``: the status changed since the previous poll (sent after that poll's ``poll`` event).
``step``: a stage of a multi-step helper finished (``detail`` names it: ``"deployed"``,
``"bindings written"``).
``done``: the wait ended successfully.
"""


@attrs.frozen(kw_only=True)
class ProgressEvent:
    """One progress report of a long-running helper.

    Attributes:
        kind: What happened (see :data:`ProgressKind`).
        operation: Which helper reports: ``"wait_until_built"``, ``"deploy"``, ``"create"``,
            ``"rollback"`` or ``"bindings"``.
        action_id: The action concerned (for bindings, the trigger id).
        status: The last status read (``"pending"``, ``"building"``, ``"built"``, ...), or
            ``None`` when nothing was read yet.
        waiting_for: What the current wait waits for (``"build"``, ``"deployment"``), or
            ``None`` outside a wait.
        elapsed: Seconds since the helper started, on the retry policy's clock.
        attempt: The number of polls so far in the current wait (0 before the first).
        detail: A short free text for ``step`` events.
    """

    kind: ProgressKind
    operation: str
    action_id: str
    status: str | None = None
    waiting_for: str | None = None
    elapsed: float = 0.0
    attempt: int = 0
    detail: str | None = None

    def __str__(self) -> str:
        status = f" {self.status}" if self.status else ""
        what = f" ({self.waiting_for})" if self.waiting_for else ""
        detail = f" {self.detail}" if self.detail else ""
        return (
            f"[{self.elapsed:6.1f}s] {self.operation} {self.action_id}: "
            f"{self.kind}{what}{status}{detail}"
        )


ProgressCallback: TypeAlias = Callable[[ProgressEvent], None]
"""The ``progress=`` argument: called with each :class:`ProgressEvent`, in order."""
