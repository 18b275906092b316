"""ZITADEL Actions (v1, per organization) models: actions, flows, triggers and bindings.

Everything here is snake_case and wire-agnostic; the camelCase spelling, duration strings and
uint64-as-string rules live only in :mod:`actions_sdk.providers.zitadel`.

A ZITADEL *trigger* is a (flow, trigger type) pair such as "Complement Token / Pre Access Token
Creation"; each trigger holds an ordered list of actions, which this SDK calls its bindings.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final, TypeVar

import attrs

from actions_sdk._checks import excerpt
from actions_sdk._display import Model, use_short_reprs
from actions_sdk.errors import ValidationError
from actions_sdk.models._common import ActionModel, OpenEnum

__all__ = [
    "VALID_TRIGGERS",
    "ActionState",
    "Flow",
    "FlowState",
    "FlowType",
    "ObjectDetails",
    "TriggerActions",
    "TriggerType",
    "ZitadelAction",
    "ZitadelBinding",
    "ZitadelTrigger",
]

E = TypeVar("E", bound=OpenEnum)


class ActionState(OpenEnum):
    """Whether an action runs when its trigger fires.

    Attributes:
        UNSPECIFIED: The server did not say (also the value of an omitted field).
        INACTIVE: Deactivated; bound but skipped.
        ACTIVE: Runs when its trigger fires.
    """

    UNSPECIFIED = "ACTION_STATE_UNSPECIFIED"
    INACTIVE = "ACTION_STATE_INACTIVE"
    ACTIVE = "ACTION_STATE_ACTIVE"


class FlowState(OpenEnum):
    """State of a flow (the server currently always reports ``ACTIVE``).

    Attributes:
        UNSPECIFIED: Not given.
        INACTIVE: Inactive.
        ACTIVE: Active.
    """

    UNSPECIFIED = "FLOW_STATE_UNSPECIFIED"
    INACTIVE = "FLOW_STATE_INACTIVE"
    ACTIVE = "FLOW_STATE_ACTIVE"


class FlowType(OpenEnum):
    """A flow, by its wire id (ZITADEL sends flow types as numeric strings).

    An id the SDK does not know yet (a flow added to ZITADEL later) parses into a pseudo-member
    whose value is that id.

    Attributes:
        EXTERNAL_AUTHENTICATION: Login through an external identity provider.
        COMPLEMENT_TOKEN: Add claims to userinfo and access tokens.
        INTERNAL_AUTHENTICATION: Login with ZITADEL's own credentials.
        COMPLEMENT_SAML_RESPONSE: Add attributes to SAML responses.
    """

    EXTERNAL_AUTHENTICATION = "1"
    COMPLEMENT_TOKEN = "2"  # noqa: S105 - a flow id, not a credential
    INTERNAL_AUTHENTICATION = "3"
    COMPLEMENT_SAML_RESPONSE = "4"


class TriggerType(OpenEnum):
    """A point inside a flow, by its wire id (a numeric string).

    Attributes:
        POST_AUTHENTICATION: After the user authenticated.
        PRE_CREATION: Before a user is created.
        POST_CREATION: After a user was created.
        PRE_USERINFO_CREATION: Before the userinfo response is built.
        PRE_ACCESS_TOKEN_CREATION: Before an access token is built.
        PRE_SAML_RESPONSE_CREATION: Before a SAML response is built.
    """

    POST_AUTHENTICATION = "1"
    PRE_CREATION = "2"
    POST_CREATION = "3"
    PRE_USERINFO_CREATION = "4"
    PRE_ACCESS_TOKEN_CREATION = "5"  # noqa: S105 - a trigger id, not a credential
    PRE_SAML_RESPONSE_CREATION = "6"


# The server's allowed flow/trigger table (internal/domain/flow.go, zitadel/zitadel PR #7519).
_ALLOWED: Final[dict[FlowType, tuple[TriggerType, ...]]] = {
    FlowType.EXTERNAL_AUTHENTICATION: (
        TriggerType.POST_AUTHENTICATION,
        TriggerType.PRE_CREATION,
        TriggerType.POST_CREATION,
    ),
    FlowType.COMPLEMENT_TOKEN: (
        TriggerType.PRE_USERINFO_CREATION,
        TriggerType.PRE_ACCESS_TOKEN_CREATION,
    ),
    FlowType.INTERNAL_AUTHENTICATION: (
        TriggerType.POST_AUTHENTICATION,
        TriggerType.PRE_CREATION,
        TriggerType.POST_CREATION,
    ),
    FlowType.COMPLEMENT_SAML_RESPONSE: (TriggerType.PRE_SAML_RESPONSE_CREATION,),
}

# Enum names from older protos that the server still accepts in paths (§4 of the reference).
_LEGACY_FLOWS: Final[dict[str, FlowType]] = {
    "FLOW_TYPE_EXTERNAL_AUTHENTICATION": FlowType.EXTERNAL_AUTHENTICATION,
}
_LEGACY_TRIGGERS: Final[dict[str, TriggerType]] = {
    "TRIGGER_TYPE_POST_AUTHENTICATION": TriggerType.POST_AUTHENTICATION,
    "TRIGGER_TYPE_PRE_CREATION": TriggerType.PRE_CREATION,
    "TRIGGER_TYPE_POST_CREATION": TriggerType.POST_CREATION,
}


def _to_flow(value: FlowType | str | int) -> FlowType:
    return _enum_id(FlowType, value, _LEGACY_FLOWS, "flow")


def _to_trigger_type(value: TriggerType | str | int) -> TriggerType:
    return _enum_id(TriggerType, value, _LEGACY_TRIGGERS, "trigger_type")


def _enum_id(cls: type[E], value: E | str | int, legacy: dict[str, E], what: str) -> E:
    """Accept a member, its name (any case), its numeric string or its number.

    The same spellings as each side of :meth:`ZitadelTrigger.parse`, so
    ``ZitadelTrigger("complement_token", "pre_access_token_creation")`` and
    ``ZitadelTrigger.parse("complement_token:pre_access_token_creation")`` are the same trigger.
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return cls(str(value))
    member = _lookup(cls, value, legacy) if isinstance(value, str) else None
    if member is None:
        raise ValidationError(
            f"{what} must be a {cls.__name__}, its name ({_names(cls)}) or a numeric id, "
            f"got {excerpt(value)}",
            field=what,
        )
    return member


def _names(cls: type[E]) -> str:
    """The members' names as a caller may spell them, for an error message."""
    return ", ".join(name.lower() for name in cls.__members__)


def _lookup(cls: type[E], text: str, legacy: dict[str, E]) -> E | None:
    part = text.strip()
    if part.isascii() and part.isdigit():
        # Normalise "05" to "5": the server always answers with the plain number.
        return cls(str(int(part)))
    upper = part.upper()
    if upper in cls.__members__:
        return cls.__members__[upper]
    return legacy.get(upper)


def _token(member: E) -> str:
    return member.name.lower() if member.is_known else member.value


def _parse_part(cls: type[E], text: str, legacy: dict[str, E], what: str, whole: str) -> E:
    member = _lookup(cls, text, legacy)
    if member is None:
        raise ValidationError(
            f"unknown {what} {excerpt(text.strip())} in trigger {excerpt(whole)}; expected one "
            f"of {_names(cls)} or a numeric id",
            field="trigger",
        )
    return member


@attrs.frozen(repr=False)
class ZitadelTrigger(Model):
    """One (flow, trigger type) pair: the place a list of actions is bound to.

    Each side may be given as the enum member, its name in any case
    (``ZitadelTrigger("complement_token", "pre_access_token_creation")``), its numeric id
    (``ZitadelTrigger(2, 5)``, ``"2"``) or a legacy enum name — the same spellings
    :meth:`parse` takes for ``"flow:trigger"`` text. The repr shows names:
    ``ZitadelTrigger('complement_token', 'pre_access_token_creation')``.

    The constructor rejects combinations ZITADEL does not allow (e.g. Complement Token with Post
    Creation). A pair involving an id the SDK does not know is let through, because the server
    may have added it after this release.

    Attributes:
        flow: The flow.
        trigger_type: The trigger inside that flow.
    """

    flow: FlowType = attrs.field(converter=_to_flow)
    trigger_type: TriggerType = attrs.field(converter=_to_trigger_type)

    def __attrs_post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check that ZITADEL allows this trigger type in this flow.

        Raises:
            ValidationError: If both ids are known and the combination is not allowed.
        """
        if not (self.flow.is_known and self.trigger_type.is_known):
            return
        allowed = _ALLOWED[self.flow]
        if self.trigger_type not in allowed:
            raise ValidationError(
                f"trigger {_token(self.trigger_type)} is not allowed in flow {_token(self.flow)}; "
                f"allowed: {', '.join(_token(t) for t in allowed)}",
                field="trigger",
            )

    @classmethod
    def parse(cls, text: str) -> ZitadelTrigger:
        """Parse ``"flow:trigger"`` text.

        Each side is a member name in any case (``complement_token:pre_access_token_creation``), a
        numeric id (``2:5``, unknown ids included) or a legacy enum name the server still accepts
        (``FLOW_TYPE_EXTERNAL_AUTHENTICATION:TRIGGER_TYPE_POST_AUTHENTICATION``).

        Args:
            text: The trigger text.

        Returns:
            The trigger.

        Raises:
            ValidationError: If the text is malformed, names an unknown flow or trigger, or the
                combination is not allowed.
        """
        if not isinstance(text, str) or text.count(":") != 1:
            raise ValidationError(
                f"trigger must look like 'flow:trigger' (e.g. 'complement_token:"
                f"pre_access_token_creation' or '2:5'), got {excerpt(text)}",
                field="trigger",
            )
        flow_text, trigger_text = text.split(":")
        flow = _parse_part(FlowType, flow_text, _LEGACY_FLOWS, "flow", text)
        trigger_type = _parse_part(TriggerType, trigger_text, _LEGACY_TRIGGERS, "trigger", text)
        return cls(flow, trigger_type)

    def __str__(self) -> str:
        return f"{_token(self.flow)}:{_token(self.trigger_type)}"

    def __repr__(self) -> str:
        # Names, not wire numbers, and a form that evaluates back to an equal trigger.
        return f"ZitadelTrigger({_token(self.flow)!r}, {_token(self.trigger_type)!r})"


VALID_TRIGGERS: Final[tuple[ZitadelTrigger, ...]] = tuple(
    ZitadelTrigger(flow, trigger_type)
    for flow, trigger_types in _ALLOWED.items()
    for trigger_type in trigger_types
)
"""Every (flow, trigger type) pair ZITADEL allows, in flow then trigger order."""


@attrs.frozen(kw_only=True)
class ObjectDetails(Model):
    """Bookkeeping ZITADEL attaches to objects and write responses.

    For actions and flows the server fills ``sequence``, ``change_date`` and ``resource_owner``
    only; ``creation_date`` is usually ``None``.

    Attributes:
        sequence: Sequence of the last event applied to the object.
        creation_date: When the object was created, when the server says.
        change_date: When the object last changed.
        resource_owner: Id of the organization owning the object.
    """

    sequence: int | None = None
    creation_date: datetime | None = None
    change_date: datetime | None = None
    resource_owner: str | None = None


@attrs.frozen(kw_only=True)
class ZitadelAction(ActionModel, Model):
    """A JavaScript action of one organization.

    Attributes:
        id: The action's id (a numeric-looking string).
        name: The action's name; it must equal the name of the JavaScript function the script
            defines, and is unique within the organization.
        code: The JavaScript source (ZITADEL calls it ``script``).
        timeout: How long the action may run; the server reads back ``20s`` for a stored 0.
        allowed_to_fail: Whether the next action still runs when this one fails.
        state: Whether the action is active.
        details: Sequence, change date and owning organization.
    """

    id: str
    name: str = ""
    code: str = ""
    timeout: timedelta = timedelta(0)
    allowed_to_fail: bool = False
    state: ActionState = ActionState.UNSPECIFIED
    details: ObjectDetails | None = None

    @property
    def script(self) -> str:
        """The JavaScript source under ZITADEL's name for it (same as :attr:`code`)."""
        return self.code


@attrs.frozen(kw_only=True)
class TriggerActions(Model):
    """The ordered actions bound to one trigger type of a flow.

    Attributes:
        trigger_type: The trigger type.
        actions: The actions, in execution order.
    """

    trigger_type: TriggerType
    actions: tuple[ZitadelAction, ...] = ()


@attrs.frozen(kw_only=True)
class Flow(Model):
    """A flow with the actions bound to each of its trigger types.

    Attributes:
        type: The flow.
        details: Sequence, change date and owning organization.
        state: Always ``ACTIVE`` on current servers.
        trigger_actions: One group per trigger type that has actions; the order of the groups is
            not stable, the order of actions inside a group is execution order.
    """

    type: FlowType
    details: ObjectDetails | None = None
    state: FlowState = FlowState.UNSPECIFIED
    trigger_actions: tuple[TriggerActions, ...] = ()

    def actions_for(self, trigger_type: TriggerType) -> tuple[ZitadelAction, ...]:
        """Return the actions bound to ``trigger_type``, in execution order.

        Args:
            trigger_type: The trigger type.

        Returns:
            The actions (empty when none are bound).
        """
        for group in self.trigger_actions:
            if group.trigger_type == trigger_type:
                return group.actions
        return ()


@attrs.frozen(kw_only=True)
class ZitadelBinding(Model):
    """One entry of a trigger's ordered action list.

    ZITADEL has no binding objects of its own; this pairs the trigger with the bound action so that
    ``binding.action.id`` and ``binding.action.name`` work as for Auth0 bindings.

    Attributes:
        trigger: The trigger the action is bound to.
        action: The bound action.
    """

    trigger: ZitadelTrigger
    action: ZitadelAction


# Short reprs instead of attrs' full dumps (see actions_sdk._display).
use_short_reprs(globals())
