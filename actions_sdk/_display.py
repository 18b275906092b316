"""Readable models: short reprs, IPython pretty printing, Jupyter HTML and plain-data export.

One neutral module shared by the models of every vendor. A model class opts in by deriving from
:class:`Model` (which adds :meth:`Model.to_dict`, :meth:`Model.to_json`, ``_repr_pretty_`` and
``_repr_html_``) and by the one call :func:`use_short_reprs` at the end of its module, which
replaces the attrs-generated ``__repr__`` (a full dump of every nested object) with a short one.

Secrets: a field declared with ``attrs.field(repr=False)`` (a secret's value, a request body's
secrets) is left out of every repr, of the HTML and of every export. Nothing here imports more
than the standard library: ``import actions_sdk`` stays as cheap as before.
"""

from __future__ import annotations

import enum
import html
import importlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal

import attrs

from actions_sdk._types import UNSET

__all__ = [
    "Model",
    "ModelList",
    "items_html",
    "rows",
    "short_repr",
    "to_dataframe",
    "to_plain",
    "use_short_reprs",
]

# The short repr's budget: past it, trailing fields are dropped and "…" says so.
SHORT_LIMIT: Final = 200
# Strings longer than this (and every ``code``) are shown as their length only.
_SHORT_TEXT: Final = 48
# How much code the pretty and HTML forms show before truncating.
_CODE_PREVIEW: Final = 400
# Rows an HTML table of a list, page or pager shows.
TABLE_ROWS: Final = 20
# Fields shown first, in this order, wherever a model has them.
_FIRST: Final = (
    "id",
    "name",
    "display_name",
    "status",
    "state",
    "deployed",
    "number",
    "trigger_id",
    "supported_triggers",
    "runtime",
    "deployed_version",
    "action",
)
# Short names in the one-line repr only (the pretty and HTML forms use the real field names).
_SHORT_NAMES: Final = {"supported_triggers": "triggers"}
_LONG_TEXT_FIELDS: Final = frozenset({"code", "script"})


def _fields(obj: Any) -> list[tuple[str, Any]]:
    """The shown fields of an attrs instance: every one not marked ``repr=False`` (secrets)."""
    shown = [(a.name, getattr(obj, a.name)) for a in attrs.fields(type(obj)) if a.repr is not False]
    order = {name: i for i, name in enumerate(_FIRST)}
    return sorted(shown, key=lambda item: order.get(item[0], len(order)))


def _empty(value: Any) -> bool:
    return value is None or value is UNSET or value == () or value == ""


def _enum_text(value: enum.Enum) -> str:
    return str(value.value)


def _label(obj: Any) -> str:
    """A nested model in a few characters: its class and its id, number or name."""
    name = type(obj).__name__
    for key in ("number", "name", "id"):
        value = getattr(obj, key, None)
        if value is not None and value is not UNSET:
            text = _enum_text(value) if isinstance(value, enum.Enum) else str(value)
            return f"{name}({key}={_clip(text)!r})" if key != "number" else f"{name}(#{text})"
    return f"{name}(…)"


def _clip(text: str, limit: int = _SHORT_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _trigger_ids(values: Sequence[Any]) -> list[str] | None:
    """``supported_triggers`` as trigger ids, when every item is a trigger with an id."""
    ids = []
    for value in values:
        trigger_id = getattr(value, "id", None)
        if trigger_id is None or not hasattr(value, "version"):
            return None
        ids.append(_enum_text(trigger_id) if isinstance(trigger_id, enum.Enum) else str(trigger_id))
    return ids


def _short_value(name: str, value: Any) -> str | None:
    """One field's value for the short repr, or ``None`` to leave the field out."""
    if _empty(value) or isinstance(value, datetime):
        return None
    if isinstance(value, enum.Enum):
        return repr(_enum_text(value))
    if isinstance(value, str):
        if name in _LONG_TEXT_FIELDS or len(value) > _SHORT_TEXT or "\n" in value:
            return f"<{len(value)} chars>"
        return repr(value)
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, timedelta):
        return f"{value.total_seconds():g}s"
    if attrs.has(type(value)):
        return _label(value)
    if isinstance(value, tuple | list):
        ids = _trigger_ids(value)
        if ids is not None:
            return repr(ids)
        if all(isinstance(item, str) for item in value):
            return _clip(repr(list(value)))
        return f"[{len(value)} × {type(value[0]).__name__}]"
    return _clip(repr(value))


def short_repr(obj: Any, limit: int = SHORT_LIMIT) -> str:
    """A one-line repr of an attrs model of at most about ``limit`` characters.

    Leading fields first (id, name, status, triggers), empty fields and timestamps left out,
    code and long text as their length, nested models as their class and id, secrets never.

    Args:
        obj: An attrs instance.
        limit: The length past which trailing fields are dropped (an ``…`` says so).

    Returns:
        Text such as ``Action(id='…', name='my-action', triggers=['post-login'], code=<25 chars>)``.
    """
    name = type(obj).__name__
    parts: list[str] = []
    length = len(name) + 2
    for field, value in _fields(obj):
        text = _short_value(field, value)
        if text is None:
            continue
        part = f"{_SHORT_NAMES.get(field, field)}={text}"
        if parts and length + len(part) + 2 > limit - 3:  # 3: room for ", …"
            parts.append("…")
            break
        parts.append(part)
        length += len(part) + 2
    return f"{name}({', '.join(parts)})"


def _pretty_lines(obj: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines = [f"{type(obj).__name__}("]
    for field, value in _fields(obj):
        if _empty(value):
            continue
        lines.extend(_pretty_field(field, value, indent + 4))
    lines.append(pad + ")")
    return lines


def _pretty_field(field: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if attrs.has(type(value)):
        nested = _pretty_lines(value, indent)
        return [f"{pad}{field}={nested[0]}", *nested[1:-1], nested[-1] + ","]
    if isinstance(value, tuple | list) and value and attrs.has(type(value[0])):
        lines = [f"{pad}{field}=["]
        for item in value:
            nested = _pretty_lines(item, indent + 4)
            lines.extend([" " * (indent + 4) + nested[0], *nested[1:-1], nested[-1] + ","])
        return [*lines, pad + "],"]
    if isinstance(value, str) and (field in _LONG_TEXT_FIELDS or "\n" in value):
        preview = value[:_CODE_PREVIEW]
        more = f" … ({len(value)} chars)" if len(value) > len(preview) else f" ({len(value)} chars)"
        return [f"{pad}{field}={preview!r}{more},"]
    if isinstance(value, enum.Enum):
        return [f"{pad}{field}={_enum_text(value)!r},"]
    if isinstance(value, datetime):
        return [f"{pad}{field}={value.isoformat()},"]
    if isinstance(value, timedelta):
        return [f"{pad}{field}={value.total_seconds():g}s,"]
    return [f"{pad}{field}={value!r},"]


def pretty_text(obj: Any) -> str:
    """The multi-line form IPython shows: every non-empty field, nested models indented.

    Args:
        obj: An attrs instance.

    Returns:
        The text, one field a line; code is truncated with its full length shown.
    """
    return "\n".join(_pretty_lines(obj, 0))


def _html_value(field: str, value: Any) -> str:
    if attrs.has(type(value)):
        return f"<code>{html.escape(short_repr(value))}</code>"
    if isinstance(value, tuple | list):
        if value and attrs.has(type(value[0])):
            return "<br>".join(f"<code>{html.escape(short_repr(item))}</code>" for item in value)
        return html.escape(", ".join(_plain_text(item) for item in value))
    if isinstance(value, str) and (field in _LONG_TEXT_FIELDS or "\n" in value):
        return (
            f"<details><summary>{len(value)} chars</summary>"
            f"<pre>{html.escape(value)}</pre></details>"
        )
    return html.escape(_plain_text(value))


def _plain_text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return _enum_text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return f"{value.total_seconds():g}s"
    return str(value)


def model_html(obj: Any) -> str:
    """A compact key/value table of one model; every value HTML-escaped, code collapsible.

    Args:
        obj: An attrs instance.

    Returns:
        An HTML ``<table>`` fragment.
    """
    body = "".join(
        f"<tr><th>{html.escape(field)}</th><td>{_html_value(field, value)}</td></tr>"
        for field, value in _fields(obj)
        if not _empty(value)
    )
    caption = html.escape(type(obj).__name__)
    return (
        f'<table class="actions-sdk-model"><caption>{caption}</caption><tbody>{body}</tbody>'
        "</table>"
    )


# -- export ---------------------------------------------------------------------------------------


def to_plain(value: Any, mode: Literal["python", "json"] = "python") -> Any:
    """Convert a model (or a value inside one) to plain Python data, without secret values.

    Args:
        value: An attrs model, a sequence of them or a field value.
        mode: ``"python"`` keeps datetimes as :class:`~datetime.datetime` (and durations as
            :class:`~datetime.timedelta`); ``"json"`` gives ISO 8601 text (and seconds as a
            float) instead, so the result passes to :func:`json.dumps` as it is.

    Returns:
        Dicts, lists, strings, numbers, booleans, ``None`` (and datetimes in python mode). Enums
        become their string value; fields that were never set (``UNSET``) are left out.
    """
    if attrs.has(type(value)):
        return {
            a.name: to_plain(getattr(value, a.name), mode)
            for a in attrs.fields(type(value))
            if a.repr is not False and getattr(value, a.name) is not UNSET
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat() if mode == "json" else value
    if isinstance(value, timedelta):
        return value.total_seconds() if mode == "json" else value
    if isinstance(value, Mapping):
        return {str(k): to_plain(v, mode) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_plain(item, mode) for item in value]
    return value


def _flat(prefix: str, value: Any, row: dict[str, Any]) -> None:
    if attrs.has(type(value)):
        for key, item in to_plain(value).items():
            _flat(f"{prefix}.{key}" if prefix else key, item, row)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _flat(f"{prefix}.{key}" if prefix else key, item, row)
        return
    if isinstance(value, list):
        ids = [item.get("id") for item in value if isinstance(item, dict)]
        if ids and len(ids) == len(value) and all(isinstance(i, str) for i in ids):
            # A list of nested objects becomes its ids (triggers, errors): one readable cell.
            row[prefix] = ", ".join(str(i) for i in ids)
        elif all(isinstance(item, str) for item in value):
            row[prefix] = ", ".join(value)
        else:
            row[prefix] = len(value)
        return
    row[prefix] = value


def rows(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Flatten models into table rows: nested fields as ``parent.child`` columns.

    Lists of nested objects become their ids joined by ``", "`` (``supported_triggers``) or
    their count; ``code`` becomes ``code_length`` so a table stays readable.

    Args:
        items: Models.

    Returns:
        One dict per item.
    """
    result = []
    for item in items:
        row: dict[str, Any] = {}
        _flat("", to_plain(item), row)
        for key in [k for k in row if k.rsplit(".", 1)[-1] in _LONG_TEXT_FIELDS]:
            text = row.pop(key)
            row[key + "_length"] = len(text) if isinstance(text, str) else None
        result.append(row)
    return result


def to_dataframe(items: Iterable[Any]) -> Any:
    """A pandas ``DataFrame`` of the items' flattened rows (see :func:`rows`).

    Args:
        items: Models.

    Returns:
        A ``pandas.DataFrame``.

    Raises:
        MissingDependencyError: If pandas is not installed (``pip install "actions-sdk[pandas]"``).
    """
    try:
        # An optional extra, imported only when asked for (and untyped: no stubs needed).
        pandas = importlib.import_module("pandas")
    except ImportError as exc:
        from actions_sdk.errors import MissingDependencyError

        raise MissingDependencyError(
            'pager.to_pandas() needs pandas: pip install "actions-sdk[pandas]"'
        ) from exc
    return pandas.DataFrame(rows(items))


def items_html(items: Sequence[Any], total: int | None, what: str, limit: int = TABLE_ROWS) -> str:
    """An HTML table of the first ``limit`` items' short columns, with the total when known.

    Args:
        items: The items at hand (a page's, a list's).
        total: The server's total, or ``None`` when unknown.
        what: What the items are part of (caption text).
        limit: How many rows to show.

    Returns:
        An HTML ``<table>`` fragment; every cell escaped.
    """
    shown = list(items[:limit])
    table = rows(shown)
    columns: list[str] = []
    for row in table:
        for key in row:
            if key not in columns and not key.endswith(("_at", "_time")):
                columns.append(key)
    # Columns empty in every shown row (no secrets, no dependencies) only take room.
    columns = [c for c in columns if any(_filled(row.get(c)) for row in table)]
    order = {name: i for i, name in enumerate(_FIRST)}
    columns = sorted(columns, key=lambda c: order.get(c, len(order)))[:8]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in table
    )
    count = f"{len(shown)} of {total if total is not None else f'{len(items)}+'}"
    caption = html.escape(f"{what}: {count}")
    return (
        f'<table class="actions-sdk-list"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _filled(value: Any) -> bool:
    """Whether a table cell shows something: not empty, and not the count of an empty list."""
    if isinstance(value, bool):
        return True
    return value is not None and value != "" and value != 0


def _cell(value: Any) -> str:
    return "" if value is None else _plain_text(value)


# -- the base class and the module hook -----------------------------------------------------------


class Model:
    """The behaviour every SDK model shares: short repr, IPython and Jupyter forms, export.

    A mixin without state (``__slots__ = ()``), so attrs' slotted classes stay slotted.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return short_repr(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(short_repr(self) if cycle else pretty_text(self))

    def _repr_html_(self) -> str:
        return model_html(self)

    def to_dict(self, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """This model as a dict of plain values, without secret values.

        Args:
            mode: ``"python"`` (datetimes stay :class:`~datetime.datetime`, durations
                :class:`~datetime.timedelta`) or ``"json"`` (datetimes as ISO 8601 text,
                durations as seconds). Enums become their string value either way;
                nested models become dicts, tuples lists, and unset request fields are left out.

        Returns:
            The dict.
        """
        result: dict[str, Any] = to_plain(self, mode)
        return result

    def to_json(self, **kwargs: Any) -> str:
        """This model as JSON text (``to_dict(mode="json")`` through :func:`json.dumps`).

        Args:
            **kwargs: Passed to :func:`json.dumps` (``indent=2``, ``sort_keys=True``, ...).

        Returns:
            The JSON text, without secret values.
        """
        return json.dumps(self.to_dict(mode="json"), **kwargs)


class ModelList(list[Any]):
    """A plain ``list`` of models that also renders as a table in Jupyter and exports rows.

    Returned by ``pager.to_list()``; behaves exactly like a list otherwise.
    """

    def _repr_html_(self) -> str:
        return items_html(self, len(self), "list")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # One short line per item (the first TABLE_ROWS), not each item's multi-line form.
        if cycle:
            printer.text("[...]")
            return
        lines = [
            f"    {short_repr(item) if attrs.has(type(item)) else repr(item)}," for item in self
        ]
        more = len(lines) - TABLE_ROWS
        shown = lines[:TABLE_ROWS] + ([f"    … {more} more"] if more > 0 else [])
        printer.text("[\n" + "\n".join(shown) + "\n]" if shown else "[]")

    def to_dicts(self, mode: Literal["python", "json"] = "python") -> list[Any]:
        """Every item's :meth:`Model.to_dict`.

        Args:
            mode: As for :meth:`Model.to_dict`.

        Returns:
            A list of dicts.
        """
        return [to_plain(item, mode) for item in self]

    def to_pandas(self) -> Any:
        """A pandas ``DataFrame`` with one flattened row per item (needs ``[pandas]``).

        Returns:
            The ``DataFrame``.
        """
        return to_dataframe(self)


def _attrs_repr(cls: type) -> bool:
    """Whether ``cls.__repr__`` is the one attrs generated (not one the class wrote itself)."""
    code = getattr(cls.__dict__.get("__repr__"), "__code__", None)
    return code is not None and code.co_filename.startswith("<attrs generated")


def use_short_reprs(namespace: Mapping[str, Any]) -> None:
    """Give every :class:`Model` class of a module the short repr instead of attrs' full dump.

    Called once at the end of each models module. A class that wrote its own ``__repr__``
    keeps it.

    Args:
        namespace: The module's ``globals()``.
    """
    for value in list(namespace.values()):
        if isinstance(value, type) and issubclass(value, Model) and _attrs_repr(value):
            # Removed rather than replaced: IPython takes the first ``_repr_pretty_`` or
            # ``__repr__`` it meets along the MRO, so both must come from Model.
            delattr(value, "__repr__")
