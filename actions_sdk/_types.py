"""Small shared types: the ``UNSET`` sentinel and JSON aliases."""

from __future__ import annotations

import enum
from typing import Any, Final, Literal, TypeAlias, TypeVar

__all__ = ["JSON", "UNSET", "JSONObject", "Unset", "is_set"]

T = TypeVar("T")

JSON: TypeAlias = Any
"""Any value that ``json.loads`` can return."""

JSONObject: TypeAlias = dict[str, Any]
"""A decoded JSON object."""


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


def is_set(value: T | Unset) -> bool:
    """Tell whether ``value`` was given (is not :data:`UNSET`).

    Args:
        value: Any value, possibly :data:`UNSET`.

    Returns:
        ``True`` unless ``value`` is :data:`UNSET`.
    """
    return value is not UNSET
