"""The seam between providers (pure) and the transport (I/O).

A provider describes each call as an :class:`Operation`: method, path, query, body, whether it is
safe to repeat and how to decode the answer. Calls that need several round trips (ZITADEL's
read-merge-write update, name resolution, reading a flow before writing it) are *plans*: generators
that yield operations and receive their decoded results. A plan never does I/O itself, so the same
plan runs on the sync and the async transport.

A plan that has to wait (polling an Auth0 build, backing off before a careful retry) yields a
:class:`Sleep` instead of sleeping: the transport waits with the retry policy's ``sleep`` (or awaits
its ``async_sleep``) and sends back the policy clock's reading, so the plan measures its own
timeout on the same clock its waits move.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any, Generic, Literal, TypeAlias, TypeVar

import attrs
import httpx

from actions_sdk._checks import check_json
from actions_sdk._display import items_html, to_dataframe, to_plain

__all__ = [
    "Operation",
    "Page",
    "PageFetcher",
    "Plan",
    "PlanDriver",
    "Sleep",
    "read_clock",
    "single",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@attrs.frozen(kw_only=True)
class Operation(Generic[T]):
    """One HTTP call, described without performing it.

    Attributes:
        method: HTTP method.
        path: Absolute path with ids already percent-encoded
            (e.g. ``/api/v2/actions/actions/a%2Fb``).
        params: Query parameters, already spelled for the wire.
        json: JSON body, or ``None`` for no body. Checked when the operation is built
            (:func:`~actions_sdk._checks.check_json`), so a body JSON cannot carry fails with a
            ``ValidationError`` naming the bad value before anything is sent.
        form: Form-encoded body (token endpoints); never in a repr: it can hold secrets.
        headers: Extra headers for this call (e.g. ``x-zitadel-orgid``).
        idempotent: Whether repeating the call after it may have reached the server is harmless.
            Only idempotent calls are retried after a 5xx, 408 or a failure mid-request.
        authenticated: Whether to attach the bearer token (token requests themselves are not).
        retried: Whether the transport retries the call itself. ``False`` for the polls of a
            wait: the wait repeats them on the same policy but knows its deadline, so a server
            hint longer than the time left ends the wait instead of being slept through.
        decode: Turns the successful response into the result.
        name: A short name for logs and errors, e.g. ``actions.update``.
    """

    method: str
    path: str
    decode: Callable[[httpx.Response], T] = attrs.field(repr=False)
    params: Mapping[str, str] = attrs.field(factory=dict)
    json: Any = attrs.field(default=None, repr=False, validator=lambda _, __, v: _check_body(v))
    form: Mapping[str, str] | None = attrs.field(default=None, repr=False)
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    idempotent: bool = True
    authenticated: bool = True
    retried: bool = True
    name: str = ""


def _check_body(value: Any) -> None:
    if value is not None:
        check_json(value)


@attrs.frozen
class Sleep:
    """A pause a plan asks the transport for; the plan receives the clock reading afterwards.

    The reading comes from the retry policy's ``clock`` (the one its ``sleep`` moves in tests), so
    ``start = yield Sleep(0)`` … ``now = yield Sleep(delay)`` measures elapsed time. A pause of
    zero or less does not wait at all: it only reads the clock.

    Attributes:
        seconds: How long to wait.
    """

    seconds: float


Plan: TypeAlias = Generator[Operation[Any] | Sleep, Any, T]
"""A pure multi-step call: yields operations or pauses, gets each answer, returns the outcome."""


class PlanDriver(Generic[T]):
    """Steps a plan for whoever performs its steps: the transports, or a plan wrapping another.

    The one place that feeds a step's result — or its error, which the plan may handle (a 404
    read as "absent") or let propagate — back into a plan and catches the ``StopIteration`` that
    carries its outcome, so the sync and async transports (which differ only in awaiting a step)
    and :func:`actions_sdk._recipes._loop._watched` share it.

    Args:
        plan: The plan to drive.

    Example:
        >>> driver = PlanDriver(single(operation))  # doctest: +SKIP
        >>> step = driver.start()
        >>> while step is not None:
        ...     step = driver.send(perform(step))  # or driver.throw(error)
        >>> driver.outcome
    """

    __slots__ = ("_plan", "outcome")

    def __init__(self, plan: Plan[T]) -> None:
        self._plan = plan
        self.outcome: T

    def start(self) -> Operation[Any] | Sleep | None:
        """Return the plan's first step, or ``None`` when it finished without one."""
        try:
            return next(self._plan)
        except StopIteration as stop:
            self.outcome = stop.value
            return None

    def send(self, result: Any) -> Operation[Any] | Sleep | None:
        """Give the plan the last step's result; return its next step, ``None`` once it is done.

        Args:
            result: What the step gave (a decoded answer, a clock reading).

        Returns:
            The next step, or ``None``: then :attr:`outcome` holds the plan's outcome.
        """
        try:
            return self._plan.send(result)
        except StopIteration as stop:
            self.outcome = stop.value
            return None

    def throw(self, error: BaseException) -> Operation[Any] | Sleep | None:
        """Raise the last step's error inside the plan; as :meth:`send` if the plan handles it.

        Args:
            error: What performing the step raised.

        Returns:
            The next step, or ``None`` when the plan is done.

        Raises:
            BaseException: ``error`` (or another), when the plan does not handle it.
        """
        try:
            return self._plan.throw(error)
        except StopIteration as stop:
            self.outcome = stop.value
            return None


def read_clock() -> Plan[float]:
    """Read the transport's clock without waiting (``start = yield from`` this, in a plan).

    Returns:
        A plan whose outcome is the policy clock's current reading, in seconds.
    """
    reading: float = yield Sleep(0.0)
    return reading


def single(operation: Operation[T]) -> Plan[T]:
    """Wrap one operation as a plan whose outcome is that operation's result.

    Args:
        operation: The call.

    Returns:
        A one-step plan.
    """
    result: T = yield operation
    return result


@attrs.frozen(kw_only=True)
class Page(Generic[T_co]):
    """One page of a listing.

    Attributes:
        items: The items of this page, in server order.
        total: The total number of items across all pages, when the server says.
        next_start: Where the next page starts (page number or offset, as the provider counts),
            or ``None`` when this is the last page.
    """

    items: tuple[T_co, ...]
    total: int | None = None
    next_start: int | None = None

    # Notebook display and export (actions_sdk._display): a page is a table of its items.
    def __repr__(self) -> str:
        kind = type(self.items[0]).__name__ if self.items else "item"
        total = "?" if self.total is None else self.total
        more = "" if self.next_start is None else f", next_start={self.next_start}"
        return f"<Page of {len(self.items)} {kind} (total={total}{more})>"

    def _repr_html_(self) -> str:
        return items_html(self.items, self.total, "page")

    def to_dicts(self, mode: Literal["python", "json"] = "python") -> list[Any]:
        """Every item as plain data (see :meth:`actions_sdk._display.Model.to_dict`).

        Args:
            mode: ``"python"`` or ``"json"``.

        Returns:
            One dict per item, without secret values.
        """
        return [to_plain(item, mode) for item in self.items]

    def to_pandas(self) -> Any:
        """A pandas ``DataFrame`` with one flattened row per item (needs ``actions-sdk[pandas]``).

        Returns:
            The ``DataFrame``.

        Raises:
            MissingDependencyError: If pandas is not installed.
        """
        return to_dataframe(self.items)


PageFetcher: TypeAlias = Callable[[int | None], Plan[Page[T]]]
"""Builds the plan for the page starting at ``start`` (``None`` for the first page)."""
