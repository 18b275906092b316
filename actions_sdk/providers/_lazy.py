"""Lazy re-exports for vendor packages: a name is imported from its module on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, module: str, names: Collection[str]) -> Callable[[str], Any]:
    """Build a module ``__getattr__`` that loads ``names`` from ``package.module`` when asked.

    A vendor package re-exports its provider this way, so importing the package's models (what
    ``actions_sdk.models.<vendor>`` does) does not load the provider and its converter.

    Args:
        package: The package's ``__name__``.
        module: The submodule holding the names, e.g. ``"provider"``.
        names: The names it re-exports.

    Returns:
        The ``__getattr__`` to assign in the package.
    """

    def load(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return load
