"""Lazy iteration over paged listings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from actions_sdk._operation import Page, PageFetcher, Plan

__all__ = ["Page", "SyncPager"]

T = TypeVar("T")


class SyncPager(Generic[T]):
    """Iterates every item of a listing, fetching pages only as they are needed.

    Nothing is sent until the pager is iterated or :attr:`total` is read. Iteration stops when
    the server's ``total`` (or a short page) shows the end, so no trailing empty page is
    requested. Iterating again starts over with fresh data.

    Example:
        >>> for action in client.actions.list(trigger_id="post-login"):  # doctest: +SKIP
        ...     print(action.name)
    """

    def __init__(self, run: Callable[[Plan[Page[T]]], Page[T]], fetch: PageFetcher[T]) -> None:
        self._run = run
        self._fetch = fetch
        self._first: Page[T] | None = None

    def __repr__(self) -> str:
        total = "?" if self._first is None else self._first.total
        return f"<SyncPager total={total}>"

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[T]]:
        """Iterate page by page.

        Yields:
            Each :class:`~actions_sdk.pagination.Page` in order.
        """
        page = self.first_page()
        # Reuse the first page once (e.g. after reading ``total``), then always fetch afresh.
        self._first = None
        yield page
        while page.next_start is not None:
            page = self._run(self._fetch(page.next_start))
            yield page

    def first_page(self) -> Page[T]:
        """Fetch (once) and return the first page.

        Returns:
            The first page.
        """
        if self._first is None:
            self._first = self._run(self._fetch(None))
        return self._first

    @property
    def total(self) -> int | None:
        """The total number of items the server reports (fetches the first page if needed)."""
        return self.first_page().total

    def to_list(self) -> list[T]:
        """Fetch every page and return all items.

        Returns:
            The items in server order.
        """
        return list(self)
