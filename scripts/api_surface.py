"""Dump the public API surface of ``actions_sdk`` as sorted text, and check it against a snapshot.

The surface is what a user can name without touching a private path:

* every name in the ``__all__`` of every public module (no dotted component starts with ``_``),
  reported once under its *canonical* name (the shortest public path that exports it) with the
  other public paths listed as aliases, so moving a class between private modules changes nothing;
* for every public class: its bases, its constructor signature, and every public method,
  property, field and enum member the SDK itself defines (members inherited from ``object``,
  ``Exception``, ``str`` … are not the SDK's surface);
* every name a public module lists in ``__deprecated__`` (removed, still resolving with a
  ``DeprecationWarning``), marked ``deprecated``;
* the namespaces reached from ``ManagementClient`` / ``AsyncManagementClient`` for both vendors
  (``client.actions.versions`` …), including classes that live in private modules.

Usage (from the repository root)::

    python scripts/api_surface.py            # print the surface
    python scripts/api_surface.py --check    # diff against tests/fixtures/api_surface.txt
    python scripts/api_surface.py --write    # regenerate tests/fixtures/api_surface.txt

The script imports only the standard library and the package found on ``sys.path``, so it runs
unchanged on an older checkout (``PYTHONPATH=/path/to/checkout python scripts/api_surface.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import enum
import importlib
import inspect
import pkgutil
import re
import sys
import typing
import warnings
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

PACKAGE = "actions_sdk"
SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "api_surface.txt"
REGENERATE = "python scripts/api_surface.py --write"

# Dunder methods that are part of how users use an object (``with``, ``for``, ``len`` …).
PROTOCOL_DUNDERS = frozenset(
    {
        "__aenter__",
        "__aexit__",
        "__aiter__",
        "__anext__",
        "__call__",
        "__contains__",
        "__enter__",
        "__exit__",
        "__getitem__",
        "__iter__",
        "__len__",
        "__next__",
    }
)

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _Text(str):
    """An annotation already rendered as text; ``inspect`` prints it without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _annotation(annotation: Any) -> str:
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, typing.ForwardRef):
        return annotation.__forward_arg__
    return inspect.formatannotation(annotation)


def _default(value: Any) -> str:
    # Sentinels and functions carry their memory address in their repr; it is not surface.
    return _ADDRESS.sub("", repr(value))


def signature(obj: Any) -> str:
    """``inspect.signature`` as text: annotations unquoted, defaults without addresses."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(?)"
    params = []
    for param in sig.parameters.values():
        changes: dict[str, Any] = {}
        if param.annotation is not inspect.Parameter.empty:
            changes["annotation"] = _Text(_annotation(param.annotation))
        if param.default is not inspect.Parameter.empty:
            changes["default"] = _Text(_default(param.default))
        params.append(param.replace(**changes))
    returns = sig.return_annotation
    if returns is not inspect.Signature.empty:
        returns = _Text(_annotation(returns))
    text = str(sig.replace(parameters=params, return_annotation=returns))
    return text + _unpacked_keywords(obj, sig)


def _unpacked_keywords(obj: Any, sig: inspect.Signature) -> str:
    """The keywords of a ``**kwargs: Unpack[SomeTypedDict]`` parameter, which the signature hides.

    Removing a key from the ``TypedDict`` removes a keyword callers could pass, so each key is part
    of the surface: `` [**options: name: str, retries?: int]`` (``?``: not required).
    """
    function = obj.__init__ if inspect.isclass(obj) else obj
    namespace = getattr(inspect.unwrap(function), "__globals__", {})
    parts = []
    for param in sig.parameters.values():
        if param.kind is not inspect.Parameter.VAR_KEYWORD:
            continue
        match = re.match(r"(?:typing\.)?Unpack\[(\w+)", _annotation(param.annotation))
        typed_dict = namespace.get(match.group(1)) if match else None
        if typed_dict is None or not hasattr(typed_dict, "__required_keys__"):
            continue
        keys = [
            f"{key}{'' if key in typed_dict.__required_keys__ else '?'}: {_annotation(annotation)}"
            for key, annotation in sorted(typed_dict.__annotations__.items())
        ]
        parts.append(f" [**{param.name}: {', '.join(keys)}]")
    return "".join(parts)


def public_modules() -> list[Any]:
    """The package and every submodule whose dotted path has no private component."""
    root = importlib.import_module(PACKAGE)
    modules = [root]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{PACKAGE}."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def _is_ours(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "")).startswith(PACKAGE)


class Surface:
    """Collects the surface lines; ``lines()`` returns them sorted."""

    def __init__(self) -> None:
        self._lines: set[str] = set()
        # id(object) → canonical public name, for classes and functions exported somewhere.
        self._canonical: dict[int, str] = {}
        self._classes: dict[int, tuple[str, type]] = {}

    def add(self, line: str) -> None:
        """Record one line (memory addresses removed)."""
        self._lines.add(_ADDRESS.sub("", line))

    def lines(self) -> list[str]:
        """Every recorded line, sorted."""
        return sorted(self._lines)

    # -- names -------------------------------------------------------------------------------

    def exports(self, modules: list[Any]) -> None:
        """Record every exported and deprecated name of ``modules`` under its canonical path."""
        found: dict[int, list[str]] = {}
        values: dict[int, Any] = {}
        plain: list[tuple[str, Any]] = []
        for module in modules:
            names = getattr(module, "__all__", None)
            if names is None:
                continue
            for name in names:
                value = getattr(module, name)
                path = f"{module.__name__}.{name}"
                if inspect.isclass(value) or inspect.isroutine(value):
                    found.setdefault(id(value), []).append(path)
                    values[id(value)] = value
                else:
                    plain.append((path, value))
            # Removed names that still resolve (and warn): part of the surface until removed.
            for name, instead in getattr(module, "__deprecated__", {}).items():
                path = f"{module.__name__}.{name}"
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    value = getattr(module, name)
                self.add(f"{path}: deprecated ({instead})")
                found.setdefault(id(value), []).append(path)
                values[id(value)] = value
        for key, paths in found.items():
            paths.sort(key=lambda path: (path.count("."), path))
            canonical, *aliases = paths
            self._canonical[key] = canonical
            for alias in aliases:
                self.add(f"{alias} = {canonical}")
            value = values[key]
            if inspect.isclass(value):
                self._classes[key] = (canonical, value)
            else:
                kind = "async def" if inspect.iscoroutinefunction(value) else "def"
                self.add(f"{canonical}: {kind}{signature(value)}")
                for variant in _overloads(value):
                    self.add(f"{canonical}: overload{variant}")
        for path, value in plain:
            self.add(f"{path}: {self._value(value)}")

    def _value(self, value: Any) -> str:
        if isinstance(value, str | int | float | bool | tuple | frozenset) or value is None:
            return f"{type(value).__name__} = {_default(value)}"
        if _is_ours(type(value)) or type(value).__module__ == "typing":
            return f"{type(value).__name__} = {_default(value)}"
        return type(value).__name__

    def name_of(self, cls: type) -> str:
        """A class's canonical public name, else its defining module's path."""
        if id(cls) in self._canonical:
            return self._canonical[id(cls)]
        if _is_ours(cls):
            return f"{cls.__module__}.{cls.__qualname__}"
        return (
            cls.__qualname__
            if cls.__module__ == "builtins"
            else f"{cls.__module__}.{cls.__qualname__}"
        )

    # -- classes -----------------------------------------------------------------------------

    def reach(self, cls: type, via: str) -> None:
        """Describe a class reached from a client (a namespace) even if no module exports it."""
        if id(cls) not in self._classes:
            self._classes[id(cls)] = (self.name_of(cls), cls)
        self.add(f"{via}: -> {self.name_of(cls)}")

    def classes(self) -> None:
        """Describe every class exported or reached so far."""
        for name, cls in list(self._classes.values()):
            self.describe(name, cls)

    def describe(self, name: str, cls: type) -> None:
        """Record a class's bases, constructor and members under ``name``."""
        bases = ", ".join(self.name_of(base) for base in cls.__bases__ if base is not object)
        self.add(f"{name}: class({bases}) {signature(cls)}")
        for member, text in self.members(cls):
            self.add(f"{name}.{member}: {text}")

    def members(self, cls: type) -> Iterator[tuple[str, str]]:
        """``(member, description)`` for each public member the SDK itself defines on ``cls``."""
        fields = _fields(cls)
        for field, annotation in fields.items():
            yield field, f"field {annotation}"
        for member in dir(cls):
            if member in fields or (member.startswith("_") and member not in PROTOCOL_DUNDERS):
                continue
            owner = next((base for base in cls.__mro__ if member in vars(base)), None)
            if owner is None or not _is_ours(owner):
                continue
            yield member, self._member(cls, owner, member)
            raw = vars(owner)[member]
            for variant in _overloads(getattr(raw, "__func__", raw)):
                yield member, f"overload{variant}"

    def _member(self, cls: type, owner: type, member: str) -> str:
        raw = vars(owner)[member]
        if isinstance(cls, enum.EnumMeta) and isinstance(getattr(cls, member), cls):
            return f"member = {_default(getattr(cls, member).value)}"
        if isinstance(raw, property):
            return f"property{signature(raw.fget)}" + (" settable" if raw.fset else "")
        if isinstance(raw, cached_property):
            return f"cached_property{signature(raw.func)}"
        if isinstance(raw, classmethod):
            return f"classmethod{signature(raw.__func__)}"
        if isinstance(raw, staticmethod):
            return f"staticmethod{signature(raw.__func__)}"
        if inspect.isfunction(raw):
            kind = "async def" if inspect.iscoroutinefunction(raw) else "def"
            return f"{kind}{signature(raw)}"
        if inspect.isclass(raw):
            return f"class {self.name_of(raw)}"
        return f"attribute {self._value(raw)}"


def _overloads(function: Any) -> list[str]:
    """The ``@overload`` signatures type checkers see (``inspect.signature`` shows none)."""
    if not inspect.isfunction(function):
        return []
    return [signature(variant) for variant in typing.get_overloads(function)]


def _fields(cls: type) -> dict[str, str]:
    """The attrs / dataclass fields (a field without a default is not a class attribute)."""
    attrs_fields = getattr(cls, "__attrs_attrs__", None)
    if attrs_fields is not None:
        fields = [(field.name, field.type) for field in attrs_fields]
    elif dataclasses.is_dataclass(cls):
        fields = [(field.name, field.type) for field in dataclasses.fields(cls)]
    else:
        return {}
    return {
        name: _field_annotation(cls, name, resolved)
        for name, resolved in fields
        if not name.startswith("_")
    }


def _field_annotation(cls: type, name: str, resolved: Any) -> str:
    # The annotation as written: converters resolve ``field.type`` in place on first use, which
    # would make the text depend on what ran before.
    for base in cls.__mro__:
        written = vars(base).get("__annotations__", {}).get(name)
        if written is not None:
            return _annotation(written)
    return _annotation(resolved)


def walk_clients(surface: Surface) -> None:
    """Reach every namespace from real client instances of both vendors, sync and async."""
    import httpx

    client_module = importlib.import_module(f"{PACKAGE}.client")
    makers: list[tuple[str, Callable[[], Any], Any]] = [
        ("ManagementClient", httpx.Client, client_module.ManagementClient),
        ("AsyncManagementClient", httpx.AsyncClient, client_module.AsyncManagementClient),
    ]
    for label, http, factory in makers:
        for vendor in ("for_auth0", "for_zitadel"):
            for options in _api_choices(getattr(factory, vendor)):
                with_http = http()
                # A placeholder credential: building a client sends nothing.
                client = getattr(factory, vendor)(
                    "tenant.example",
                    token="t",  # noqa: S106
                    http_client=with_http,
                    **options,
                )
                _walk(surface, client, f"{PACKAGE}.{label}", set())
                if isinstance(with_http, httpx.Client):
                    with_http.close()


def _api_choices(factory: Callable[..., Any]) -> list[dict[str, str]]:
    """One set of options per API a factory can speak (``api: Literal["v1", "v2"]``)."""
    param = inspect.signature(factory).parameters.get("api")
    if param is None:
        return [{}]
    values = re.findall(r"""["']([^"']+)["']""", _annotation(param.annotation))
    return [{"api": value} for value in values] or [{}]


def _walk(surface: Surface, obj: Any, path: str, seen: set[int]) -> None:
    cls = type(obj)
    if id(cls) in seen:
        return
    seen.add(id(cls))
    for member in dir(cls):
        if member.startswith("_"):
            continue
        raw = inspect.getattr_static(cls, member)
        if not isinstance(raw, property | cached_property):
            continue
        value = getattr(obj, member)
        kind = type(value)
        # Namespaces are the SDK's own objects reached through properties; plain values
        # (strings, providers' settings) are covered by the property's own signature.
        if not _is_ours(kind) or isinstance(value, enum.Enum):
            continue
        surface.reach(kind, f"{path}.{member}")
        _walk(surface, value, f"{path}.{member}", seen)


def build() -> list[str]:
    """The surface of the importable ``actions_sdk`` as sorted lines."""
    surface = Surface()
    surface.exports(public_modules())
    walk_clients(surface)
    surface.classes()
    return surface.lines()


def diff(expected: list[str], actual: list[str]) -> list[str]:
    """A unified diff from the snapshot to the current surface (empty when equal)."""
    return list(difflib.unified_diff(expected, actual, "snapshot", "current", n=0, lineterm=""))


def main(argv: list[str] | None = None) -> int:
    """Print, check or write the surface; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="diff against the snapshot")
    mode.add_argument("--write", action="store_true", help="regenerate the snapshot")
    args = parser.parse_args(argv)
    lines = build()
    if args.write:
        SNAPSHOT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} lines to {SNAPSHOT}")
        return 0
    if args.check:
        expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
        changes = diff(expected, lines)
        if changes:
            print("\n".join(changes))
            print(f"\nthe public API changed; if deliberate, regenerate with `{REGENERATE}`")
            return 1
        return 0
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
