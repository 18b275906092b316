"""The one way a public module keeps a removed name working while warning ``DeprecationWarning``.

A public module lists its deprecated names in ``__deprecated__`` (name → what to use instead) and
sets ``__getattr__ = deprecated_getattr(__name__, __deprecated__, home)``; the objects themselves
live in ``home``, a private module imported only when an old name is touched, so the public module
costs nothing more to import. ``scripts/api_surface.py`` reports every ``__deprecated__`` name.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["deprecated_getattr"]


def deprecated_getattr(
    module: str, replacements: Mapping[str, str], home: str
) -> Callable[[str], Any]:
    """A module ``__getattr__`` resolving ``replacements``' names from ``home``, warning each time.

    Args:
        module: The public module's ``__name__`` (for the warning and the ``AttributeError``).
        replacements: Deprecated name → what to use instead (quoted in the warning).
        home: The dotted name of the private module that defines the deprecated objects.

    Returns:
        The function to assign to the public module's ``__getattr__``.
    """

    def module_getattr(name: str) -> Any:
        if name not in replacements:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} is deprecated and will be removed in the next major release; "
            f"{replacements[name]}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(home), name)

    return module_getattr
