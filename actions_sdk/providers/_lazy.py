"""Lazy re-exports for vendor packages: a name is imported from its module on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """Build a module ``__getattr__`` that loads each re-exported name from its submodule on use.

    A vendor package re-exports its providers this way, so importing the package's models (what
    ``actions_sdk.models.<vendor>`` does) does not load a provider and its converter, and asking
    for one API version's provider does not load the other's.

    Args:
        package: The package's ``__name__``.
        modules: Each re-exported name and the submodule holding it, e.g.
            ``{"Auth0Provider": "provider"}``.

    Returns:
        The ``__getattr__`` to assign in the package.
    """

    def load(name: str) -> Any:
        module = modules.get(name)
        if module is not None:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return load
