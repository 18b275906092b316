"""What every namespace holds: the provider describing calls and the transport sending them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from actions_sdk._operation import PageFetcher, Plan
    from actions_sdk._transport import SyncTransport
    from actions_sdk.pagination import SyncPager
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
