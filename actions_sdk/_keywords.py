"""The defaults of the shared keyword lists, and the explicit signatures built from them.

The factories and provider constructors take their keywords as ``**options: Unpack[SomeTypedDict]``
(``actions_sdk/providers/_credentials.py``, ``actions_sdk/_client_base.py``) so each list is written
once. Type checkers expand that; ``help()``, :func:`inspect.signature`, Jupyter's Shift-Tab and the
API reference do not, and would show a bare ``**options``; and at run time Python accepts any
keyword into ``**options``. :func:`keyword_signature` makes such a function behave as the explicit
signature it stands for, in both respects: it gets an explicit :class:`inspect.Signature` (the
``TypedDict``'s keys, keyword-only, in declaration order, with their annotations and their
defaults from :data:`KEYWORD_DEFAULTS`), and a call with a keyword that signature lacks fails with
Python's :class:`TypeError`, so no decorated function checks its ``**options`` by hand.

:data:`KEYWORD_DEFAULTS` is the one table of those defaults, and the code that applies a default
reads it from here (:func:`option`), so what the signature shows is what a call without the keyword
does.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from typing import Any, Final, ForwardRef, TypeVar, cast, get_args, get_origin

import httpx

from actions_sdk._checks import check_keywords

__all__ = ["DEFAULT_TIMEOUT", "KEYWORD_DEFAULTS", "keyword_signature", "option"]

FuncT = TypeVar("FuncT", bound=Callable[..., Any])

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
"""30 s per request, 10 s to connect: applied even to an injected ``httpx.Client``."""

KEYWORD_DEFAULTS: Final[Mapping[str, object]] = MappingProxyType(
    {
        # The credentials: None is "not given"; which combination is required is the
        # provider's check. audience=None means "derived from the domain".
        "token": None,
        "client_id": None,
        "client_secret": None,
        "audience": None,
        "client_assertion_signing_key": None,
        "client_assertion_signing_alg": "RS256",
        "key_file": None,
        "key": None,
        "org_id": None,
        # ZITADEL's opt-in to plain http to a host that is not loopback.
        "allow_insecure_http": False,
        # The client settings. max_retries=None keeps the retry policy's own count.
        "timeout": DEFAULT_TIMEOUT,
        "max_retries": None,
        "retry_policy": None,
        "http_client": None,
        "headers": None,
        "request_budget": None,
    }
)
"""The default of every keyword of the shared ``TypedDict`` keyword lists (see the module text)."""


def option(given: Mapping[str, Any], name: str) -> Any:
    """The value of keyword ``name`` as received in ``**options``, or its default.

    Args:
        given: The ``**options`` mapping as received.
        name: A key of :data:`KEYWORD_DEFAULTS`.

    Returns:
        ``given[name]`` when the caller gave it, else ``KEYWORD_DEFAULTS[name]``.
    """
    return given.get(name, KEYWORD_DEFAULTS[name])


def _annotation(hint: object, substitutions: Mapping[str, str]) -> object:
    # The TypedDicts' annotations are unevaluated (``from __future__ import annotations``), as are
    # the rest of the factories' signatures: keep them as text, which costs nothing at import,
    # replacing a type variable by the concrete type the function was declared with.
    text = hint.__forward_arg__ if isinstance(hint, ForwardRef) else inspect.formatannotation(hint)
    for variable, concrete in substitutions.items():
        text = re.sub(rf"\b{re.escape(variable)}\b", concrete, text)
    return text


def keyword_signature(
    options: object, defaults: Mapping[str, object] = KEYWORD_DEFAULTS, *, first: bool = False
) -> Callable[[FuncT], FuncT]:
    """Make a ``**options: Unpack[TD]`` function the explicit signature it stands for.

    The signature shown keeps the function's own parameters, except ``**options``, which is
    replaced by one keyword-only parameter per key of the ``TypedDict``, with its annotation and
    its default from ``defaults``. The decorated function refuses, before running, a keyword that
    signature does not list (:func:`actions_sdk._checks.check_keywords`), with the
    :class:`TypeError` Python raises for an explicit signature, naming the call as written:
    ``Auth0Provider()`` for a constructor, ``ManagementClient.for_auth0()`` for a method.

    Args:
        options: The ``TypedDict`` the function unpacks, subscripted as in its annotation when it
            is generic (``Auth0Options[httpx.Client]``).
        defaults: The table the defaults are read from: :data:`KEYWORD_DEFAULTS`, or, for a
            keyword list whose names mean something else there (the action fields' ``timeout``
            is a run-time limit, not the client's), that list's own table.
        first: Show the keywords before the function's own keyword-only parameters instead of
            after them (``**options`` must come last in a ``def``, not in the signature shown).

    Returns:
        A decorator that returns the checking function, with ``__signature__`` set.

    Raises:
        TypeError: A key without an entry in ``defaults`` (a programming error of
            the SDK, raised at import so a new keyword cannot ship without its default).
    """
    typed_dict: Any = get_origin(options) or options
    substitutions = {
        variable.__name__: inspect.formatannotation(concrete)
        for variable, concrete in zip(
            getattr(typed_dict, "__parameters__", ()), get_args(options), strict=True
        )
    }
    missing = [name for name in typed_dict.__annotations__ if name not in defaults]
    if missing:
        table = "KEYWORD_DEFAULTS" if defaults is KEYWORD_DEFAULTS else "its defaults"
        raise TypeError(f"{typed_dict.__name__}: no default in {table} for {missing}")
    keywords = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=defaults[name],
            annotation=_annotation(hint, substitutions),
        )
        for name, hint in typed_dict.__annotations__.items()
    ]

    names = {parameter.name for parameter in keywords}

    def decorate(function: FuncT) -> FuncT:
        signature = inspect.signature(function)
        # Skipping the keywords too keeps a second decoration (a re-exported function) harmless.
        own = [
            p
            for p in signature.parameters.values()
            if p.kind is not p.VAR_KEYWORD and p.name not in names
        ]
        at = len(own)
        if first:
            at = next((i for i, p in enumerate(own) if p.kind is p.KEYWORD_ONLY), at)
        explicit = signature.replace(parameters=[*own[:at], *keywords, *own[at:]])
        # A positional-only name given as a keyword would land in **options: refused too.
        accepted = frozenset(
            p.name
            for p in explicit.parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        )
        callee = f"{function.__qualname__.removesuffix('.__init__')}()"
        checked = _checking(function, accepted, callee)
        checked.__signature__ = explicit  # type: ignore[attr-defined]
        return cast("FuncT", checked)

    return decorate


def _checking(
    function: Callable[..., Any], accepted: Collection[str], callee: str
) -> Callable[..., Any]:
    # A coroutine function stays one (inspect.iscoroutinefunction, and so the async twins, see it).
    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def checked_async(*args: Any, **kwargs: Any) -> Any:
            check_keywords(kwargs, accepted, callee)
            return await function(*args, **kwargs)

        return checked_async

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        check_keywords(kwargs, accepted, callee)
        return function(*args, **kwargs)

    return checked
