"""Capability tables: what a vendor offers, declared once, in the vendor's own package.

A vendor package declares ``CAPABILITIES``, a mapping from a *capability key* to
:class:`Supported` or :class:`Unsupported`. A key is an operation as callers spell it
(``"actions.deploy"``) or one option of it (``"actions.create(timeout=)"``). Two things are
produced from the table and nothing else:

- the refusals: :meth:`~actions_sdk.providers._base.Provider.unsupported` takes its hint from the
  table, and :meth:`~actions_sdk.providers._base.Provider.refuse_options` raises
  :class:`~actions_sdk.errors.UnsupportedOperationError` for every option a request gives that the
  table marks unsupported, before anything is sent;
- the vendor matrix in ``docs/providers.md`` (``scripts/gen_matrix.py``; a test fails when the
  document and the tables drift).

A key a vendor does not declare is neither refused nor documented by the table; the vendor's own
validation decides. The documented vendors declare every key of the matrix (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["Capabilities", "Capability", "Supported", "Unsupported", "option_key"]


@attrs.frozen
class Supported:
    """The vendor has this operation or option.

    Attributes:
        wire: How it is done on the wire, for the matrix (Markdown).
        summary: A shorter text for README's summary table; ``wire`` when not given.
    """

    wire: str
    summary: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Unsupported:
    """The vendor lacks this operation or option; calls are refused before anything is sent.

    Attributes:
        hint: What to do instead (part of the error message and of the matrix).
    """

    hint: str | None = None


Capability = Supported | Unsupported
"""One entry of a capability table."""

Capabilities = Mapping[str, Capability]
"""A vendor's capability table: capability key → entry."""

_OPTION_SUFFIX: Final = "=...)"


def option_key(operation: str) -> str:
    """Return the table key of an operation string as it appears in an error.

    Errors name an option as ``"actions.create(timeout=...)"``; the table key is
    ``"actions.create(timeout=)"``.

    Args:
        operation: The operation or option, as put in the error.

    Returns:
        The capability key.
    """
    if operation.endswith(_OPTION_SUFFIX):
        return operation[: -len(_OPTION_SUFFIX)] + "=)"
    return operation
