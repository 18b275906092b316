"""A griffe extension for the docs: show the factories' keywords, as ``help()`` does.

mkdocstrings reads the source statically, so ``for_auth0(domain, **options:
Unpack[Auth0Options[httpx.Client]])`` would render as that bare ``**options``. The SDK gives such
functions an explicit run-time signature (``actions_sdk/_keywords.py``, ``keyword_signature``);
this extension imports each function whose source has a ``**`` parameter and, when it carries
such a signature, renders that one: every keyword, keyword-only, with its annotation and its
real default. Enabled in ``mkdocs.yml`` (``extensions:`` of the python handler).
"""

from __future__ import annotations

import inspect
from typing import Any

import griffe


class ExplicitKeywordSignatures(griffe.Extension):
    """Replace a ``**options`` parameter by the keywords of the function's ``__signature__``."""

    def on_function(self, *, func: griffe.Function, **kwargs: Any) -> None:
        """Rewrite ``func``'s parameters from its run-time ``__signature__``, if it has one."""
        var_keyword = next(
            (p for p in func.parameters if p.kind is griffe.ParameterKind.var_keyword), None
        )
        if var_keyword is None:
            return
        try:
            runtime = griffe.dynamic_import(func.path)
        except ImportError:
            return
        explicit = getattr(runtime, "__dict__", {}).get("__signature__")
        if not isinstance(explicit, inspect.Signature):
            return
        # A docstring that describes the keywords as a group ("**options:") is parsed while
        # **options is still a parameter, so that entry stays valid; one that describes each
        # keyword (the action fields) is parsed after, when they are parameters.
        if func.docstring is not None and f"**{var_keyword.name}" in func.docstring.value:
            _ = func.docstring.parsed
        del func.parameters[var_keyword.name]
        # In the run-time signature's order: the keywords may come before the function's own
        # keyword-only parameters (keyword_signature(..., first=True)).
        static = {parameter.name: parameter for parameter in func.parameters}
        func.parameters = griffe.Parameters(
            *(
                static.get(name)
                or griffe.Parameter(
                    name,
                    annotation=str(parameter.annotation),
                    kind=griffe.ParameterKind.keyword_only,
                    default=repr(parameter.default),
                )
                for name, parameter in explicit.parameters.items()
                if name in static or parameter.kind is parameter.KEYWORD_ONLY
            )
        )
