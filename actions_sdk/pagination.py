"""Lazy iteration over paged listings.

:class:`SyncPager` is returned by the sync client's ``list`` methods and :class:`AsyncPager` by
the async client's. Both fetch nothing until used, stop at the server's ``total`` or a short page
(no trailing empty request), and start over with fresh data when iterated again. The only
difference in shape: properties cannot await, so ``SyncPager.total`` is a property while
``AsyncPager.total()`` is a coroutine method.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from actions_sdk._display import ModelList, items_html, to_dataframe
from actions_sdk._operation import Page, PageFetcher, Plan

__all__ = ["AsyncPager", "Page", "SyncPager"]

T = TypeVar("T")


def _pager_repr(kind: str, first: Page[Any] | None) -> str:
    """What a pager is and what it holds, without sending anything."""
    if first is None:
        return f"<{kind}: nothing loaded yet (total=?)>"
    of = f" of {type(first.items[0]).__name__}" if first.items else ""
    total = "?" if first.total is None else first.total
    return f"<{kind}{of}: first page loaded ({len(first.items)} items, total={total})>"


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
        return _pager_repr("SyncPager", self._first)

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
            The items in server order, as a :class:`~actions_sdk._display.ModelList`: a plain
            ``list`` that also renders as a table in Jupyter and has ``to_pandas()``.
        """
        return ModelList(self)

    def _repr_html_(self) -> str:
        # Displaying a pager in a notebook is asking to see it: this fetches the first page
        # (one request, reused by the next iteration); a plain repr() never sends anything.
        page = self.first_page()
        return items_html(page.items, page.total, "SyncPager, first page")

    def to_pandas(self) -> Any:
        """Fetch every page and return a pandas ``DataFrame``, one flattened row per item.

        Nested fields become ``parent.child`` columns, ``supported_triggers`` its trigger ids,
        ``code`` its length (``code_length``); secret values are never included.

        Returns:
            The ``DataFrame``.

        Raises:
            MissingDependencyError: If pandas is not installed: ``pip install
                "actions-sdk[pandas]"``.
        """
        return to_dataframe(self)

    to_dataframe = to_pandas


class AsyncPager(Generic[T]):
    """Iterates every item of a listing with ``async for``, fetching pages only as needed.

    The async twin of :class:`SyncPager`. ``list(...)`` itself is not awaited: it returns the
    pager at once, and nothing is sent until the pager is iterated or :meth:`total`,
    :meth:`first_page` or :meth:`to_list` is awaited. Because a property cannot await,
    ``total`` is a method here: ``await pager.total()`` instead of ``pager.total``.

    Example:
        >>> async for action in client.actions.list(trigger_id="post-login"):  # doctest: +SKIP
        ...     print(action.name)
        >>> actions = await client.actions.list().to_list()  # doctest: +SKIP
    """

    def __init__(
        self, run: Callable[[Plan[Page[T]]], Awaitable[Page[T]]], fetch: PageFetcher[T]
    ) -> None:
        self._run = run
        self._fetch = fetch
        self._first: Page[T] | None = None

    def __repr__(self) -> str:
        return _pager_repr("AsyncPager", self._first)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Iterate page by page: ``async for page in pager.pages()``.

        Yields:
            Each :class:`~actions_sdk.pagination.Page` in order.
        """
        page = await self.first_page()
        # Reuse the first page once (e.g. after awaiting ``total()``), then always fetch afresh.
        self._first = None
        yield page
        while page.next_start is not None:
            page = await self._run(self._fetch(page.next_start))
            yield page

    async def first_page(self) -> Page[T]:
        """Fetch (once) and return the first page.

        Returns:
            The first page.
        """
        if self._first is None:
            self._first = await self._run(self._fetch(None))
        return self._first

    async def total(self) -> int | None:
        """Return the total number of items the server reports (fetches the first page if needed).

        A method, not a property as on :class:`SyncPager`: reading it may have to await a request.

        Returns:
            The total, or ``None`` when the server does not say.
        """
        return (await self.first_page()).total

    async def to_list(self) -> list[T]:
        """Fetch every page and return all items.

        Returns:
            The items in server order, as a :class:`~actions_sdk._display.ModelList` (a
            ``list`` with a Jupyter table and ``to_pandas()``).
        """
        return ModelList([item async for item in self])

    async def to_pandas(self) -> Any:
        """Fetch every page and return a pandas ``DataFrame`` (see :meth:`SyncPager.to_pandas`).

        Returns:
            The ``DataFrame``.

        Raises:
            MissingDependencyError: If pandas is not installed.
        """
        return to_dataframe(await self.to_list())

    to_dataframe = to_pandas
