"""Building blocks shared by every model: open enums and timestamp parsing."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, Final

__all__ = ["ActionModel", "OpenEnum", "format_datetime", "parse_datetime"]


# Unknown values cached per enum. Bounded because the values come from servers: a field that turns
# out to carry ids or free text must not make every enum grow for the life of the process.
_UNKNOWN_CACHE_LIMIT: Final = 256


class ActionModel:
    """The neutral mark of a vendor's action model: what the core accepts in place of an id.

    Every vendor's action model subclasses it (``Action``, ``ZitadelAction``) and has an ``id``
    and a ``name`` attribute. The neutral core (argument checks, binding recipes) tests
    ``isinstance(value, ActionModel)`` and never imports a vendor's models, so a new vendor's
    action is accepted wherever an action id is, with no change outside its package.
    """

    __slots__ = ()


class OpenEnum(enum.StrEnum):
    """A string enum that accepts values it does not know.

    Both vendors add enum values over time (trigger ids, build statuses, states). A value the SDK
    does not list yet becomes a pseudo-member of the same enum instead of an error, so the annotated
    type stays exact and ``status == "new-value"`` still works. Known values are the usual members.

    The first 256 unknown values of each enum are cached, so the same value is the same object;
    beyond that a fresh pseudo-member is made each time, still equal (``==``, hashing) to the
    others of that value, but no longer identical (``is``).
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        # msgspec's decoder calls _missing_ directly for every value outside its own table of the
        # declared members, so a value seen before is answered from the cache here.
        cached = cls._value2member_map_.get(value)
        if cached is not None:
            return cached
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        # The declared members are the only other entries of _value2member_map_ (one per value;
        # aliases add none), so the difference is the number of unknown values cached so far.
        if len(cls._value2member_map_) - len(cls._member_names_) < _UNKNOWN_CACHE_LIMIT:
            cls._value2member_map_[value] = member
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value is one the SDK declares (not a value the server added later)."""
        return self._name_ in type(self).__members__


def parse_datetime(value: str) -> datetime:
    """Parse an RFC 3339 timestamp (or a bare date) into an aware UTC-normalised datetime.

    Accepts ``Z`` or an offset and 0–9 fractional digits (nanoseconds are truncated to
    microseconds). A value without an offset, including a date-only ``2023-05-12`` as printed in
    some vendor examples, is taken as UTC.

    Args:
        value: The timestamp text.

    Returns:
        An aware :class:`~datetime.datetime`.

    Raises:
        ValueError: If ``value`` is not a timestamp.
    """
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as RFC 3339 UTC with milliseconds and a ``Z`` suffix.

    Args:
        value: The datetime; a naive one is taken as UTC.

    Returns:
        Text such as ``2021-01-01T00:00:00.000Z``.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
