"""The factory behind each provider's single cattrs converter.

Models are plain snake_case attrs classes; each provider builds exactly one converter with
:func:`make_converter`, passing how field names are spelled on its wire. That converter is the only
place where wire names exist.

Every converter built here is strict about JSON types (a number is not a string, ``true`` is not
``1``, a string is not an object) and structures attrs classes through generated fast-path hooks
that fall back to cattrs' detailed hooks whenever anything is unexpected, so the speed-up never
changes what is accepted or how a failure is reported.
"""

from __future__ import annotations

import re
import sys
import typing
import weakref
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import httpx

from actions_sdk._checks import excerpt
from actions_sdk._types import UNSET
from actions_sdk.errors import DecodeError
from actions_sdk.models._common import OpenEnum, format_datetime, parse_datetime

if TYPE_CHECKING:
    # cattrs itself is imported by make_converter, i.e. when a provider first needs its converter
    # (a first decode or request body), not when a client is built: it was ~20 % of the first
    # client's import time.
    import cattrs

__all__ = [
    "decode",
    "error_body",
    "error_text",
    "json_body",
    "make_converter",
    "native_decode",
    "to_camel",
]

T = TypeVar("T")

_Hook = Callable[[Any, Any], Any]


def to_camel(name: str) -> str:
    """Spell a snake_case name in lowerCamelCase (``allowed_to_fail`` → ``allowedToFail``).

    Args:
        name: The snake_case name.

    Returns:
        The camelCase name.
    """
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def make_converter(
    rename: Callable[[str], str] | None = None,
    *,
    overrides: dict[type[Any], dict[str, str]] | None = None,
    fast_path: bool = True,
    native: bool | None = None,
) -> cattrs.Converter:
    """Build a converter for one provider's wire format.

    Structuring is strict: ``str`` only from a JSON string; ``int`` from a JSON integer or an
    integral number (``2.0``), never from a boolean; ``bool`` only from a JSON boolean;
    ``datetime`` only from a timestamp string; an :class:`~actions_sdk.models._common.OpenEnum`
    only from a string; a homogeneous tuple from a JSON array, with ``null`` meaning ``()``; an
    attrs class only from a JSON object. A provider may register its own hook for any of these
    types (or for ``timedelta`` and the like) on the returned converter before first use; its hook
    then takes precedence, including inside the generated fast paths.

    Args:
        rename: Maps a model field name to its wire name (``None`` keeps the name).
        overrides: Per class, explicit wire names for fields whose spelling does not follow
            ``rename`` (e.g. ``{ZitadelAction: {"code": "script"}}``). The mapping is kept, not
            copied, and read when a class is first (un)structured, so entries a provider adds
            later for classes it loads on demand count, as long as they precede that first use.
        fast_path: Generate the fast structure hooks. ``False`` keeps cattrs' detailed hooks
            only: the same results and errors, more slowly (for comparison and debugging).
        native: Let :func:`native_decode` decode bodies with msgspec straight into the models
            (when the ``fast`` extra is installed). ``None`` (the default) enables it when every
            wire name is the field's own name, the only case msgspec can express for attrs
            classes; a provider that registers its own structure hooks must pass ``False``,
            since msgspec would not call them.

    Returns:
        A converter that structures wire dicts into models (unknown keys ignored) and unstructures
        request models into wire dicts, leaving out fields equal to their default (``UNSET``).
    """
    import cattrs
    from cattrs.gen import make_dict_unstructure_fn, override

    converter = cattrs.Converter(detailed_validation=True)
    explicit = overrides if overrides is not None else {}

    def wire_name(cls: type[Any], field: str) -> str:
        by_class = explicit.get(cls, {})
        if field in by_class:
            return by_class[field]
        return rename(field) if rename else field

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], Any]:
        kwargs = {
            a.name: override(rename=wire_name(cls, a.name), omit_if_default=True)
            for a in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, **kwargs)  # type: ignore[arg-type]

    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_unstructure_hook(datetime, format_datetime)
    converter.register_unstructure_hook(OpenEnum, lambda value: value.value)
    converter.register_unstructure_hook(type(UNSET), lambda value: value)

    # Captured before any override: cattrs' own Optional and tuple hooks. The first tells the
    # fast path when an Optional field is still handled the default way; the second does the
    # per-item work (with per-index error notes) behind the strict list hook.
    default_optional = converter.get_structure_hook(str | None)
    structure_tuple = converter.get_structure_hook(tuple[Any, ...])

    def structure_list(value: Any, tp: Any) -> tuple[Any, ...]:
        if value is None:
            # A list sent as null means "no items" rather than a broken response.
            return ()
        if not isinstance(value, list | tuple):
            # cattrs would iterate a string character by character.
            raise TypeError(f"expected a list, got {type(value).__name__}")
        result: tuple[Any, ...] = structure_tuple(value, tp)
        return result

    # Class hooks go to cattrs' singledispatch, which is consulted before predicate hooks and
    # picks the most specific class: OpenEnum (a str subclass) beats str, bool (an int subclass)
    # has its own hook so a provider's int hook can never turn true into 1, and a provider's hook
    # for a subclass (ZITADEL's FlowType) or for int itself, registered later, replaces these.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(OpenEnum, _structure_open_enum)
    converter.register_structure_hook_func(_is_homogeneous_tuple, structure_list)
    converter.register_structure_hook_factory(
        attrs.has,
        _FastPathGenerator(
            converter,
            wire_name,
            optional_hook=default_optional,
            tuple_hook=structure_list,
            enabled=fast_path,
        ),
    )
    if native is None:
        native = rename is None and not explicit
    if native and fast_path:
        _NATIVE[id(converter)] = converter
    return converter


# -- strict scalar hooks --------------------------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    # cattrs' default is ``str(value)``, which would turn a number or an object into text silently.
    if type(value) is str:
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: Any) -> int:
    # JSON has one number type and some servers type counters as ``number`` (Auth0's ``total``,
    # ``per_page``), so ``1.0`` can arrive; integral floats become ints, anything else (bools
    # included) is an error.
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise TypeError(f"expected an integer, got {value!r}")


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) is str:
        try:
            return parse_datetime(value)
        except ValueError:
            # fromisoformat quotes its whole input, and a server may send megabytes of junk.
            raise ValueError(f"not a timestamp: {excerpt(value)}") from None
    raise TypeError(f"expected a timestamp string, got {type(value).__name__}")


def _structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected a string for {cls.__name__}, got {type(value).__name__}")
    return cls(value)


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _not_object(value: Any) -> TypeError:
    # cattrs' own hook would look keys up in a string or list ("id" in "post-login") and build an
    # empty model; a JSON object is the only valid input.
    return TypeError(f"expected a JSON object, got {type(value).__name__}")


def _objects_only(slow: _Hook) -> _Hook:
    """Wrap cattrs' detailed hook with the same JSON-object check the fast path makes."""

    def structure(value: Any, cls: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _not_object(value)
        return slow(value, cls)

    return structure


# -- the fast path --------------------------------------------------------------------------------


class _LazyHook:
    """A structure hook built on its first call (the fast path's fallback, rarely needed)."""

    __slots__ = ("_build", "_hook")

    def __init__(self, build: Callable[[], _Hook]) -> None:
        self._build = build
        self._hook: _Hook | None = None

    def __call__(self, value: Any, cls: Any) -> Any:
        hook = self._hook
        if hook is None:  # two threads may both build it: the same hook, harmlessly twice
            hook = self._hook = self._build()
        return hook(value, cls)


class _FastPathMissError(Exception):
    """The fast path met something unexpected; the detailed hook takes over."""


_MISSING = object()


@attrs.define(eq=False)
class _FastPathGenerator:
    """Generates a fast structure hook per attrs class, falling back to cattrs' detailed one.

    cattrs' detailed hooks (field-by-field try/except, one dispatch per optional field) are slow on
    large models. The generated code reads each field under its wire name, checks JSON types inline
    where the converter's hook for the type is the shared default (and calls the converter's hook
    where a provider registered its own) and, when ``__init__`` would only store values, fills the
    instance's slots directly. On *any* failure it reruns cattrs' detailed hook on the same data,
    which raises the precise error (``supported_triggers[0].id``) or, if it accepts the data,
    returns its result. So the fast path only ever changes speed, never what is accepted or how
    failures are reported.

    Hooks are generated when a class is first structured, so they see every hook the provider
    registered after :func:`make_converter` returned (and cattrs regenerates them after any later
    registration, which clears its hook cache).
    """

    _converter: cattrs.Converter
    _wire_name: Callable[[type[Any], str], str]
    _optional_hook: _Hook = attrs.field(kw_only=True)
    _tuple_hook: _Hook = attrs.field(kw_only=True)
    _enabled: bool = attrs.field(default=True, kw_only=True)
    # Generated hooks accept the type as an optional argument, so they can be map()ped.
    _generated: weakref.WeakSet[_Hook] = attrs.field(factory=weakref.WeakSet, init=False)
    _counter: int = attrs.field(default=0, init=False)

    def __call__(self, cls: type[Any]) -> _Hook:
        from cattrs.gen import make_dict_structure_fn, override

        renames = {
            a.name: override(rename=self._wire_name(cls, a.name))
            for a in attrs.fields(cls)
            if self._wire_name(cls, a.name) != a.name
        }
        generic = getattr(cls, "__parameters__", ()) or typing.get_origin(cls) is not None
        if generic or not self._enabled:
            # Generic classes need cattrs' type-variable mapping, which the generated code does not
            # do; they (and every class, with the fast path off) keep the detailed hook.
            slow: _Hook = make_dict_structure_fn(cls, self._converter, **renames)  # type: ignore[arg-type]
            return _objects_only(slow)
        # The fallback, and the reference for what is accepted: cattrs' detailed hook, built only
        # when the fast path first misses (building it was ~80 % of an Action's first decode).
        # The string annotations it would have resolved are resolved here, as cattrs does.
        attrs.resolve_types(cls)
        converter = self._converter

        def build_slow() -> _Hook:
            hook: _Hook = make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]
            return hook

        fast = self._generate(cls, _LazyHook(build_slow))
        self._generated.add(fast)
        return fast

    def _generate(self, cls: type[Any], slow: _Hook) -> _Hook:
        namespace: dict[str, Any] = {
            "cls": cls,
            "slow": slow,
            "Mapping": Mapping,
            "MISSING": _MISSING,
            "to_int": _structure_int,
            "utc": UTC,
            "fromisoformat": datetime.fromisoformat,
            "Bad": _FastPathMissError,
            "not_object": _not_object,
        }
        # cattrs leaves init=False fields to __init__; so does the fast path.
        fields = [field for field in attrs.fields(cls) if field.init]
        # Filling the slots directly skips the keyword-argument call of attrs' __init__ (about half
        # of an object's cost); only when __init__ would do nothing more than convert and store.
        direct = (
            len(fields) == len(attrs.fields(cls))
            and not hasattr(cls, "__attrs_pre_init__")
            and not hasattr(cls, "__attrs_post_init__")
            and not hasattr(cls, "__attrs_init__")  # a hand-written __init__
            and not hasattr(cls, "_attrs_cached_hash")  # cache_hash: a slot __init__ clears
            and all(
                field.validator is None
                and (field.converter is None or not isinstance(field.converter, attrs.Converter))
                and isinstance(getattr(cls, field.name, None), MemberDescriptorType)
                for field in fields
            )
        )
        body: list[str] = []
        arguments: list[str] = []
        for index, field in enumerate(fields):
            var = f"v{index}"
            key = self._wire_name(cls, field.name)
            convert = self._field_conversion(var, field, namespace)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    # The default depends on the half-built instance: leave it to cattrs.
                    return _objects_only(slow)
                namespace[f"f{index}"] = default.factory
                absent = f"f{index}()"
            else:
                namespace[f"d{index}"] = default
                absent = f"d{index}"
            if default is attrs.NOTHING:
                body.append(f"{var} = o[{key!r}]")
                body.extend(convert)
            elif self._absent_is_null(field, default, convert):
                body.append(f"{var} = g({key!r})")
                body.extend(convert)
            else:
                # Another default: an absent key takes it, anything present is converted (an
                # explicit null then fails the type check, as it does in cattrs).
                body.append(f"{var} = g({key!r}, MISSING)")
                body.append(f"if {var} is MISSING:")
                body.append(f"    {var} = {absent}")
                if convert:
                    body.append("else:")
                    body.extend(f"    {line}" for line in convert)
            if direct:
                namespace[f"s{index}"] = getattr(cls, field.name).__set__
                if field.converter is not None:
                    # Same as __init__: the field's converter runs, then the value is stored.
                    namespace[f"c{index}"] = field.converter
                    arguments.append(f"s{index}(instance, c{index}({var}))")
                else:
                    arguments.append(f"s{index}(instance, {var})")
            else:
                arguments.append(f"{field.alias}={var}")
        if direct:
            build = ["instance = new(cls)", *arguments, "return instance"]
            namespace["new"] = object.__new__
        else:
            build = [f"return cls({', '.join(arguments)})"]
        source = "\n".join(
            [
                "def structure(o, _=None):",
                "    if type(o) is not dict:",
                # Other mappings are rare enough to leave to cattrs, which accepts them.
                "        if isinstance(o, Mapping):",
                "            return slow(o, cls)",
                "        raise not_object(o)",
                "    try:",
                "        g = o.get",
                *(f"        {line}" for line in body),
                *(f"        {line}" for line in build),
                "    except Exception:",
                "        return slow(o, cls)",
            ]
        )
        code = compile(source, f"<fast structure {cls.__module__}.{cls.__qualname__}>", "exec")
        # exec of generated code is the technique cattrs itself uses; the source is built only from
        # our own attrs field list, and every value it refers to is passed in the namespace.
        exec(code, namespace)  # noqa: S102 - generated from the model's own attrs fields
        return typing.cast("_Hook", namespace["structure"])

    def _field_conversion(
        self, var: str, field: attrs.Attribute[Any], namespace: dict[str, Any]
    ) -> list[str]:
        if field.type is None:
            # No annotation: cattrs passes the value through, and so does the fast path.
            return []
        if field.converter is not None:
            from cattrs.errors import StructureHandlerNotFoundError

            # cattrs tolerates a type it has no hook for when the field has its own converter.
            try:
                self._converter.get_structure_hook(field.type)
            except StructureHandlerNotFoundError:
                return []
        return self._convert(var, field.type, namespace)

    def _name(self, namespace: dict[str, Any], value: Any) -> str:
        self._counter += 1
        name = f"n{self._counter}"
        namespace[name] = value
        return name

    def _absent_is_null(
        self, field: attrs.Attribute[Any], default: Any, convert: list[str]
    ) -> bool:
        """Whether an absent key may be read as null: both end up as the field's default."""
        if default is None:
            # An Optional defaulting to None, or an unannotated field.
            return not convert or self._optional_inner(field.type) is not None
        # A list defaulting to (): the shared list hook turns null into () as well.
        return (
            type(default) is tuple
            and not default
            and self._converter.get_structure_hook(field.type) is self._tuple_hook
        )

    def _optional_inner(self, tp: Any) -> Any:
        """The ``X`` of an ``X | None`` the converter handles the default way, else ``None``."""
        args = typing.get_args(tp)
        if len(args) != 2 or type(None) not in args:
            return None
        if self._converter.get_structure_hook(tp) != self._optional_hook:
            return None  # a provider's own hook for this union
        return args[0] if args[1] is type(None) else args[1]

    def _convert(self, var: str, tp: Any, namespace: dict[str, Any]) -> list[str]:
        """Return statements that check ``var`` against ``tp`` and rebind it to the value."""
        inner = self._optional_inner(tp)
        if inner is not None:
            lines = self._convert(var, inner, namespace)
            return [f"if {var} is not None:", *(f"    {line}" for line in lines)]
        hook = self._converter.get_structure_hook(tp)
        if hook is _structure_str:
            return [f"if type({var}) is not str: raise Bad"]
        if hook is _structure_bool:
            return [f"if type({var}) is not bool: raise Bad"]
        if hook is _structure_int:
            return [f"if type({var}) is not int: {var} = to_int({var}, None)"]
        if hook is _structure_datetime:
            # parse_datetime inlined; timestamps usually carry an offset, so the branch is cold.
            return [
                f"if type({var}) is not str: raise Bad",
                f"{var} = fromisoformat({var})",
                f"if {var}.tzinfo is None: {var} = {var}.replace(tzinfo=utc)",
            ]
        if hook is _structure_open_enum and isinstance(tp, type) and issubclass(tp, OpenEnum):
            members = self._name(namespace, tp._value2member_map_)
            enum = self._name(namespace, tp)
            return [
                f"if type({var}) is not str: raise Bad",
                f"{var} = {members}.get({var}) or {enum}({var})",
            ]
        if hook is self._tuple_hook:
            return [
                f"if {var} is None:",
                f"    {var} = ()",
                "else:",
                *(
                    f"    {line}"
                    for line in self._convert_items(var, typing.get_args(tp)[0], namespace)
                ),
            ]
        # Nested attrs classes, provider hooks and anything else: the converter's own hook.
        hook_name = self._name(namespace, hook)
        type_name = self._name(namespace, tp)
        return [f"{var} = {hook_name}({var}, {type_name})"]

    def _convert_items(self, var: str, item: Any, namespace: dict[str, Any]) -> list[str]:
        lines = [f"if type({var}) is not list: raise Bad"]
        hook = self._converter.get_structure_hook(item)
        if hook is _structure_str:
            lines.append(f"for x in {var}:")
            lines.append("    if type(x) is not str: raise Bad")
            lines.append(f"{var} = tuple({var})")
            return lines
        hook_name = self._name(namespace, hook)
        if hook in self._generated:
            # Generated hooks take the type as an optional argument; map() keeps the loop in C.
            lines.append(f"{var} = tuple(map({hook_name}, {var}))")
        else:
            item_type = self._name(namespace, item)
            lines.append(f"{var} = tuple([{hook_name}(x, {item_type}) for x in {var}])")
        return lines


# -- decoding -------------------------------------------------------------------------------------


_loads: Callable[[bytes], Any]
try:  # pragma: no cover - which branch runs depends on the environment
    # ``pip install "actions-sdk[fast]"``: orjson parses response bodies about 3x faster than the
    # standard library, and json.loads was ~40 % of decoding a typical Action.
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    from json import loads as _stdlib_loads

    _loads = _stdlib_loads


# -- the msgspec fast path ------------------------------------------------------------------------

# Converters whose bodies msgspec may decode directly (see make_converter's ``native``), by id.
# cattrs converters take no weak references; each provider builds one at import, so holding them
# costs nothing, and holding them keeps their ids from being reused.
_NATIVE: dict[int, cattrs.Converter] = {}

# Bodies on which msgspec could accept what the strict path (orjson + the converter) rejects or
# structures differently, found by tests/providers/test_converters_native.py, go the strict way:
# - ``\\u`` escapes: lone surrogates, and timestamps spelled with escapes;
# - a time followed by the closing quote: a timestamp without an offset, which msgspec keeps
#   naive while the strict path reads it as UTC;
# - 7+ fractional digits: msgspec rounds nanoseconds to microseconds, the strict path truncates;
# - 19+ digit runs: orjson turns integers beyond 64 bits into (rounded) floats, msgspec keeps them;
# - 3+ digit exponents: orjson rejects infinite numbers, which msgspec skips in unknown fields.
# The checks run on a copy whose digits are all ``0`` and whose number terminators are all ``,``,
# so each is a plain substring search or a regex with a literal prefix (a single regex with
# alternatives scanned every byte: slower than the decoding it guards). False alarms (an id with
# ``e000`` before a comma) only cost the strict path.
_CANONICAL = bytes.maketrans(b"123456789E}] \t\r\n", b"000000000e,,,,,,")
_NAIVE_TIME = re.compile(rb':00(?:\.0*)?"')
_BIG_EXPONENT = re.compile(rb"e\+?000+,")
_NINETEEN_DIGITS = b"0" * 19
_SEVEN_FRACTION_DIGITS = b".0000000"

# orjson refuses nesting deeper than 1024 levels. On CPython 3.11 msgspec's nesting is bounded by
# the recursion limit (1,000 by default: a RecursionError, hence the strict path), so nothing
# nested deeply enough to differ gets through; elsewhere, or with a raised limit, a body with this
# many opening brackets (which could nest that deep) takes the strict path.
_MAX_BRACKETS = 1000
_DEPTH_BOUNDED_BY_RECURSION = sys.version_info < (3, 12)

# msgspec's JSON decoder (or None without the fast extra), imported on the first fast decode:
# importing msgspec costs ~10-40 ms (it pulls in typing_extensions and inspect), which would
# otherwise land on every provider import, used or not.
_MSGSPEC: list[Callable[..., Any] | None] = []


def _msgspec_decoder() -> Callable[..., Any] | None:
    if not _MSGSPEC:
        decoder: Callable[..., Any] | None
        try:  # pragma: no cover - which branch runs depends on the environment
            # The fast path reproduces the strict path's orjson semantics, so it needs both.
            import orjson  # noqa: F401
            from msgspec.json import decode as decoder
        except ImportError:  # pragma: no cover
            decoder = None
        _MSGSPEC.append(decoder)
    return _MSGSPEC[0]


def native_decode(converter: cattrs.Converter, content: bytes, cls: type[T]) -> T | None:
    """Decode a body with msgspec straight into ``cls``, or ``None`` to take the strict path.

    msgspec (``pip install "actions-sdk[fast]"``) parses and structures in one pass in C. It is
    used only where its answer is known to equal the strict path's: for a converter built with
    ``native`` enabled, on bodies none of whose spellings could be read differently (see
    the checks above it), and only when msgspec accepts the body. Anything it rejects returns
    ``None``, and the caller decodes the strict way, which raises the precise error. A
    differential test compares both paths on fixtures, emulator answers and hostile bodies.

    Args:
        converter: The provider's converter.
        content: The raw response body.
        cls: The model class.

    Returns:
        The model instance, or ``None`` when the strict path must decode the body.
    """
    if id(converter) not in _NATIVE:
        return None
    decoder = _msgspec_decoder()
    if decoder is None:
        return None
    if b"\\u" in content:
        return None
    canonical = content.translate(_CANONICAL)
    if (
        _NINETEEN_DIGITS in canonical
        or _SEVEN_FRACTION_DIGITS in canonical
        or _NAIVE_TIME.search(canonical) is not None
        or _BIG_EXPONENT.search(canonical) is not None
    ):
        return None
    if not (_DEPTH_BOUNDED_BY_RECURSION and sys.getrecursionlimit() <= _MAX_BRACKETS) and (
        content.count(b"[") + content.count(b"{") >= _MAX_BRACKETS
    ):
        return None
    if not content.isascii():
        # msgspec skips unknown fields without checking their UTF-8; orjson rejects a body with
        # any invalid byte (surrogates included), as Python's own codec does.
        try:
            content.decode()
        except UnicodeDecodeError:
            return None
    try:
        result: T = decoder(content, type=cls, strict=True)
    # Any failure (a msgspec ValidationError, a RecursionError, an exception from a field's
    # converter): the strict path decides, and reports it its own way.
    except Exception:
        return None
    return result


def json_body(response: httpx.Response) -> Any:
    """Parse a response body as JSON (with orjson when the ``fast`` extra is installed).

    Args:
        response: A response whose body has been read.

    Returns:
        The decoded JSON.

    Raises:
        DecodeError: The body is not JSON; the message names the status and content type.
    """
    try:
        return _loads(response.content)
    # JSONDecodeError (both parsers), UnicodeDecodeError, and RecursionError: the stdlib parser
    # recurses once per nesting level, so "[" * 100_000 exhausts the stack (orjson stops at 1024
    # levels with a JSONDecodeError).
    except (ValueError, RecursionError) as exc:
        content_type = response.headers.get("content-type", "unknown content type")
        raise DecodeError(
            f"expected a JSON body from HTTP {response.status_code}, got {content_type}",
            response=response,
        ) from exc


def error_body(response: httpx.Response) -> Any:
    """The body of an error response: its JSON when it parses, else its text.

    An error body comes from the server or any proxy on the way (an HTML page, a truncated or
    absurdly nested document), so nothing about it may fail the error mapping: a body that is
    not JSON — including one nested too deeply to parse — is kept as text.

    Args:
        response: An error response whose body has been read.

    Returns:
        The decoded JSON, or the body's text.
    """
    try:
        # The success path's parser (orjson with the ``fast`` extra), not ``response.json()``.
        return _loads(response.content)
    except (ValueError, RecursionError):
        return response.text


# The longest body text that becomes an error's message: a line of plain text, as servers and
# proxies send for "unable to set instance" or "upstream connect error".
_ERROR_TEXT_LIMIT: Final = 300


def error_text(body: object) -> str | None:
    """The message an error body that is not the vendor's error document gives, if any.

    Only a short line of plain text qualifies (ZITADEL's "unable to set instance using origin
    …", a proxy's "upstream connect error"): it says what went wrong. A body that looks like a
    document — JSON that did not parse or was no error document, HTML, several lines — is data,
    not a message: quoting it would put whatever it carries (a target's signing key, an echoed
    request with its secrets) into every ``str()`` and log line of the error. Such a body stays
    on :attr:`~actions_sdk.errors.ApiError.body` and the reason phrase is the message.

    Args:
        body: What :func:`error_body` returned.

    Returns:
        The text, stripped, or ``None``.
    """
    if not isinstance(body, str):
        return None
    text = body.strip()
    if not text or len(text) > _ERROR_TEXT_LIMIT or text[0] in '{[<"' or "\n" in text:
        return None
    return text


def decode(
    converter: cattrs.Converter,
    data: Any,
    cls: type[T],
    *,
    what: str | None = None,
    response: httpx.Response | None = None,
) -> T:
    """Structure ``data`` into ``cls``, turning any failure into a :class:`DecodeError`.

    Args:
        converter: The provider's converter.
        data: Decoded JSON.
        cls: The model class.
        what: A name for the payload, prefixed to field paths (e.g. ``action`` when ``data``
            is the action itself; leave it out for a response envelope whose keys already
            name the parts).
        response: The response the data came from, attached to the error.

    Returns:
        The model instance.

    Raises:
        DecodeError: Whose ``field`` is the dotted path of the first offending field, prefixed
            with ``what`` (e.g. ``action.timeout``).
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        path, reason = _first_failure(exc)
        field = f"{what}.{path}" if what and path else (path or what)
        where = field or cls.__name__
        raise DecodeError(
            f"cannot decode {where}: {reason}", field=field, response=response
        ) from exc


def _first_failure(exc: BaseException) -> tuple[str | None, str]:
    """Find the dotted path and reason of the first leaf error in a cattrs exception group."""
    import cattrs

    path: list[str] = []
    current: BaseException = exc
    while isinstance(current, cattrs.BaseValidationError) and current.exceptions:
        inner = current.exceptions[0]
        note = next(
            (
                n
                for n in getattr(inner, "__notes__", [])
                if isinstance(n, cattrs.AttributeValidationNote | cattrs.IterableValidationNote)
            ),
            None,
        )
        if isinstance(note, cattrs.AttributeValidationNote):
            path.append(note.name)
        elif isinstance(note, cattrs.IterableValidationNote):
            path.append(f"[{note.index}]")
        current = inner
    dotted = ".".join(path).replace(".[", "[") or None
    if type(current) is KeyError and len(current.args) == 1 and isinstance(current.args[0], str):
        # cattrs reports an absent required key as a bare KeyError('id'), whose text is just
        # "'id'"; the path already names the field.
        return dotted, "missing required field"
    return dotted, str(current) or type(current).__name__
