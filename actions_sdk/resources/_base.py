"""What every namespace holds: the provider describing calls and the transport sending them.

The sync namespaces (``actions_sdk/resources/*.py``) are written by hand on :class:`SyncResource`;
their async twins in ``actions_sdk/resources/_async/`` are generated from them by
``scripts/gen_async.py`` on :class:`AsyncResource`, which differs only in awaiting ``_run``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from actions_sdk._operation import PageFetcher, Plan
    from actions_sdk._progress import ProgressCallback
    from actions_sdk._recipes.waits import WaitBounds
    from actions_sdk._retry import RetryPolicy
    from actions_sdk._transport import AsyncTransport, SyncTransport
    from actions_sdk.pagination import AsyncPager, SyncPager
    from actions_sdk.providers._base import Provider

T = TypeVar("T")


class SyncResource:
    """Base of the synchronous namespaces.

    Args:
        transport: Sends what the provider describes.
        provider: The vendor's provider.
    """

    def __init__(self, transport: SyncTransport, provider: Provider[Any, Any, Any]) -> None:
        self._transport = transport
        self._provider = provider

    def _run(self, plan: Plan[T]) -> T:
        return self._transport.run(plan)

    def _pager(self, fetch: PageFetcher[T]) -> SyncPager[T]:
        from actions_sdk.pagination import SyncPager

        return SyncPager(self._transport.run, fetch)


class AsyncResource:
    """Base of the asynchronous namespaces (generated twins of the sync ones).

    Args:
        transport: Sends what the provider describes, without blocking the event loop.
        provider: The vendor's provider (the same pure provider the sync client uses).
    """

    def __init__(self, transport: AsyncTransport, provider: Provider[Any, Any, Any]) -> None:
        self._transport = transport
        self._provider = provider

    async def _run(self, plan: Plan[T]) -> T:
        return await self._transport.run(plan)

    def _pager(self, fetch: PageFetcher[T]) -> AsyncPager[T]:
        # Not a coroutine: ``list(...)`` returns the pager at once and ``async for`` drives it.
        from actions_sdk.pagination import AsyncPager

        return AsyncPager(self._transport.run, fetch)


def wait_arguments(
    wait: object,
    timeout: float | None,
    poll: float | None,
    progress: ProgressCallback | None,
    policy: RetryPolicy,
) -> WaitBounds | None:
    """Read the ``wait=`` / ``timeout=`` / ``poll=`` / ``progress=`` of a deploy-like call.

    Args:
        wait: Whether to wait (must be a bool).
        timeout: Seconds the wait may last; the default (300) when ``None``.
        poll: Seconds before the first re-poll; the default (1) when ``None``.
        progress: The caller's progress callback, or ``None``.
        policy: The client's retry policy.

    Returns:
        With ``wait=True`` the keywords of the waiting recipe (defaults filled in); else ``None``.

    Raises:
        ValidationError: ``wait`` is not a bool, or ``timeout``, ``poll`` or ``progress`` is
            given without ``wait=True`` (they would be ignored).
    """
    from actions_sdk._checks import check_bool
    from actions_sdk._recipes import DEFAULT_POLL, DEFAULT_TIMEOUT
    from actions_sdk.errors import ValidationError

    if not check_bool(wait, "wait"):
        if timeout is not None or poll is not None or progress is not None:
            raise ValidationError("timeout, poll and progress need wait=True", field="timeout")
        return None
    return wait_keywords(
        DEFAULT_TIMEOUT if timeout is None else timeout,
        DEFAULT_POLL if poll is None else poll,
        progress,
        policy,
    )


def wait_keywords(
    timeout: float, poll: float, progress: ProgressCallback | None, policy: RetryPolicy
) -> WaitBounds:
    """The keywords every waiting recipe takes, the progress callback checked.

    Args:
        timeout: Seconds the wait may last.
        poll: Seconds before the first re-poll.
        progress: The caller's progress callback, or ``None``.
        policy: The client's retry policy.

    Returns:
        ``timeout``, ``poll``, ``policy`` and ``progress``, by name.
    """
    from actions_sdk._checks import check_callback

    return {
        "timeout": timeout,
        "poll": poll,
        "policy": policy,
        "progress": check_callback(progress, "progress"),
    }


def call_arguments(arguments: Mapping[str, object], *, but: Collection[str] = ()) -> dict[str, Any]:
    """A method's arguments by name, to pass on as keywords: all but ``self`` and ``but``.

    A namespace method whose keywords are exactly those of the request or provider call it
    makes passes ``locals()`` as its first statement, so its signature is the one list of them.

    Args:
        arguments: ``locals()``, taken before anything else is bound.
        but: Names that are not passed on.

    Returns:
        The arguments, in signature order.
    """
    return {key: value for key, value in arguments.items() if key != "self" and key not in but}
