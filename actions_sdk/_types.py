"""The ``UNSET`` sentinel: "not given", as opposed to an explicit ``None``."""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeAlias

__all__ = ["UNSET", "Unset"]


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
