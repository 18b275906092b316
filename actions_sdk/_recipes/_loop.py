"""The plan tools every helper shares, and the one retry-aware loop they all run on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from actions_sdk._checks import check_seconds, path_segment
from actions_sdk._operation import Operation, PageFetcher, Plan, PlanDriver, Sleep
from actions_sdk._retry import Landed, RetryTally, classify
from actions_sdk.errors import (
    ActionsSDKError,
)

if TYPE_CHECKING:
    from actions_sdk._retry import RetryPolicy


T = TypeVar("T")
A = TypeVar("A")  # the provider's action model
B = TypeVar("B")  # the provider's binding model

logger = logging.getLogger("actions_sdk")


# -- small plan tools --------------------------------------------------------------------------


def _check_wait(timeout: float, poll: float) -> None:
    # check_seconds compares before converting, so timeout=10**400 is refused, not overflowed.
    for field, value in (("timeout", timeout), ("poll", poll)):
        check_seconds(value, field)


def _transient(error: ActionsSDKError) -> ActionsSDKError:
    """Return ``error`` when the shared classification calls it transient; re-raise it otherwise.

    Used as ``except ActionsSDKError as exc: error = _transient(exc)``: every helper handles
    exactly what :func:`actions_sdk._retry.classify` says may succeed later, and nothing else.
    """
    if not classify(error).transient:
        raise error
    return error


def _may_have_landed(error: BaseException) -> bool:
    """Whether the server may have acted on the request that failed with ``error``."""
    return classify(error).landed is not Landed.NO


@attrs.frozen
class Again:
    """One attempt's verdict: nothing to return yet; try again after the policy's pause.

    Attributes:
        error: The transient error the attempt ended with; raised when no retry is left.
    """

    error: ActionsSDKError


def retry_loop(attempt: Callable[[], Plan[T | Again]], policy: RetryPolicy) -> Plan[T]:
    """Run ``attempt`` until it returns a result: the one retry loop of every helper.

    Each attempt is a plan that returns its result, or :class:`Again` with a transient error
    (what :func:`_transient` let through). The pause before the next attempt is
    :meth:`RetryPolicy.retry_wait`'s — the transport's own rule for server hints, backoff,
    ``max_retries`` and ``rate_limit_retries`` for a 429 that announces the limit — and when it
    allows no more, the error is raised. No helper keeps a list of statuses or a backoff of its
    own.

    Args:
        attempt: Makes one attempt's plan (called again for each attempt).
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the first attempt's result.
    """
    tally = RetryTally()
    while True:
        outcome = yield from attempt()
        if not isinstance(outcome, Again):
            return outcome
        pause = policy.retry_wait(outcome.error, tally)
        if pause is None:
            raise outcome.error
        yield Sleep(pause)


def _persistently(make: Callable[[], Plan[T]], policy: RetryPolicy) -> Plan[T]:
    """Start an idempotent step over, after a pause, when it still fails after the transport's.

    Used for reads that settle an uncertain write (did it land?), which must not give up early,
    and for whole binding edits (read, compute, write if changed), which an earlier landed
    attempt turns into a no-op. At most ``max_retries`` repeats, like the transport.
    """

    def attempt() -> Plan[T | Again]:
        try:
            return (yield from make())
        except ActionsSDKError as exc:
            return Again(_transient(exc))

    return (yield from retry_loop(attempt, policy))


def _watched(
    plan: Plan[T], sent: list[Operation[Any]], *, repeatable: bool = True, retried: bool = True
) -> Plan[T]:
    """Delegate to ``plan``, recording each operation it sends.

    With ``repeatable=False`` the operations are marked not idempotent, so the transport does not
    repeat them after an answer was lost; the caller settles that case itself. With
    ``retried=False`` the transport does not retry them at all: the caller's loop does.
    """
    driver = PlanDriver(plan)
    step = driver.start()
    while step is not None:
        if isinstance(step, Operation):
            if not repeatable:
                step = attrs.evolve(step, idempotent=False)
            if not retried:
                step = attrs.evolve(step, retried=False)
            sent.append(step)
        try:
            answer = yield step
        except BaseException as exc:
            step = driver.throw(exc)
        else:
            step = driver.send(answer)
    return driver.outcome


def _all_items(fetch: PageFetcher[T]) -> Plan[list[T]]:
    items: list[T] = []
    start: int | None = None
    while True:
        page = yield from fetch(start)
        items.extend(page.items)
        if page.next_start is None:
            return items
        start = page.next_start


def _identity(action: Any) -> tuple[str, str | None]:
    name = getattr(action, "name", None)
    action_id = str(action.id)
    # The server's id goes into later paths (polling, binding): "..", "" or a lone surrogate is
    # the server's fault, a DecodeError before any request uses it.
    path_segment(action_id, "action.id", source="server")
    return action_id, name if isinstance(name, str) and name else None
