"""The ``UNSET`` sentinel: "not given", as opposed to an explicit ``None``."""

from __future__ import annotations

import enum
from types import TracebackType
from typing import Final, Literal, Self, TypeAlias

__all__ = ["UNSET", "AsyncClosesOnExit", "ClosesOnExit", "Unset"]


class _UnsetType(enum.Enum):
    # An enum member is the one way to get a singleton that mypy can narrow with ``is``.
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


Unset: TypeAlias = Literal[_UnsetType.UNSET]
"""The type of :data:`UNSET`; use ``X | Unset`` for "may be left out"."""

UNSET: Final = _UnsetType.UNSET
"""Marks an argument that was not given, as opposed to an explicit ``None``.

Fields left ``UNSET`` are never sent, so a partial update changes only what the caller named.
"""


class ClosesOnExit:
    """Mixin for an object that is a context manager which calls its :meth:`close` on exit.

    The SDK's sync client and the emulator server share it (the async client has
    :class:`AsyncClosesOnExit`), so ``with x:`` means the same everywhere.
    """

    def close(self) -> None:
        """Release what the object holds; subclasses implement it."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClosesOnExit:
    """As :class:`ClosesOnExit`, for ``async with``: awaits :meth:`aclose` on exit."""

    async def aclose(self) -> None:
        """Release what the object holds; subclasses implement it."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
