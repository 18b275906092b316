"""What the tests of the shared keyword lists read: explicit signatures, the API reference."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_reference(module: str) -> Any:
    """Load ``module`` as the API reference does: griffe with ``scripts/griffe_keywords.py``."""
    import griffe

    sys.path.insert(0, str(SCRIPTS))
    try:
        from griffe_keywords import ExplicitKeywordSignatures
    finally:
        sys.path.pop(0)
    extensions = griffe.load_extensions(ExplicitKeywordSignatures)
    return griffe.load(module, extensions=extensions, docstring_parser="google")


def shown_keywords(
    function: Callable[..., Any], names: Collection[str], default: object
) -> Mapping[str, inspect.Parameter]:
    """The parameters ``inspect.signature`` shows for ``function``, checked first.

    Each of ``names`` must be there, keyword-only, with ``default``; no ``**`` parameter is left.
    """
    parameters = inspect.signature(function).parameters
    for name in names:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameters[name].default is default, name
    assert not any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    return parameters
