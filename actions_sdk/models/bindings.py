"""Provider-neutral binding references used to write a trigger's ordered bindings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from actions_sdk._checks import MAX_ID_LENGTH, check_text, excerpt
from actions_sdk._display import Model, use_short_reprs
from actions_sdk.errors import ValidationError
from actions_sdk.models._common import OpenEnum

if TYPE_CHECKING:
    from actions_sdk.providers.auth0.models import Secret

__all__ = ["BindingRef", "BindingRefType", "BindingUpdate"]


class BindingRefType(OpenEnum):
    """How a :class:`BindingRef` names what to bind."""

    ACTION_ID = "action_id"
    ACTION_NAME = "action_name"
    BINDING_ID = "binding_id"


def _ref_type(value: object) -> BindingRefType:
    # A member or its wire text ("action_id"); an unknown kind is refused here, at construction,
    # rather than sent and refused by the server (or crashing a provider that reads it).
    if isinstance(value, BindingRefType) and value.is_known:
        return value
    if isinstance(value, str) and not isinstance(value, BindingRefType):
        for member in BindingRefType:
            if member.value == value:
                return member
    raise ValidationError(
        "ref type must be one of "
        + ", ".join(repr(member.value) for member in BindingRefType)
        + f", got {excerpt(value)}",
        field="type",
    )


def _check_ref(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, BindingRef):
        raise ValidationError(
            f"BindingUpdate ref must be a BindingRef (e.g. BindingRef.by_action_id(...)), got a "
            f"{type(value).__name__}",
            field="ref",
        )


@attrs.frozen
class BindingRef(Model):
    """What one binding points at: an action by id or name, or an existing binding by id.

    Build one with :meth:`by_action_id`, :meth:`by_action_name` or :meth:`by_binding_id`. The
    constructor validates: the type must be a known :class:`BindingRefType` (or its text, e.g.
    ``"action_id"``) and the value a non-blank string, so ``BindingRef.by_action_id(None)`` is a
    :class:`~actions_sdk.errors.ValidationError` at once.

    Attributes:
        type: The kind of reference.
        value: The id or name.
    """

    type: BindingRefType = attrs.field(converter=_ref_type)
    value: str

    def __attrs_post_init__(self) -> None:
        check_text(self.value, self.type.value, max_length=MAX_ID_LENGTH)

    @classmethod
    def by_action_id(cls, action_id: str) -> BindingRef:
        """Refer to an action by its id.

        Args:
            action_id: The action's id.

        Returns:
            The reference.

        Raises:
            ValidationError: ``action_id`` is not a non-blank string.
        """
        return cls(BindingRefType.ACTION_ID, action_id)

    @classmethod
    def by_action_name(cls, name: str) -> BindingRef:
        """Refer to an action by its name (unique per tenant / organization).

        Args:
            name: The action's name.

        Returns:
            The reference.

        Raises:
            ValidationError: ``name`` is not a non-blank string.
        """
        return cls(BindingRefType.ACTION_NAME, name)

    @classmethod
    def by_binding_id(cls, binding_id: str) -> BindingRef:
        """Refer to an existing binding, keeping it as it is (Auth0 only).

        Args:
            binding_id: The binding's id.

        Returns:
            The reference.

        Raises:
            ValidationError: ``binding_id`` is not a non-blank string.
        """
        return cls(BindingRefType.BINDING_ID, binding_id)


@attrs.frozen(kw_only=True)
class BindingUpdate(Model):
    """One entry of the ordered list written by ``bindings.update_many``.

    ``ref`` must be a :class:`BindingRef` (otherwise :class:`~actions_sdk.errors.ValidationError`).

    Attributes:
        ref: What to bind.
        display_name: The binding's display name (Auth0 only).
        secrets: Per-binding secrets (Auth0 only); values are write-only.
    """

    ref: BindingRef = attrs.field(validator=_check_ref)
    display_name: str | None = None
    secrets: Sequence[Secret] | None = attrs.field(default=None, repr=False)


# Short reprs instead of attrs' full dumps (see actions_sdk._display).
use_short_reprs(globals())
