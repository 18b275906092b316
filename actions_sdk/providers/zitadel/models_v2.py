"""ZITADEL Actions v2 (instance-wide) models: targets, execution conditions, bindings, keys.

In v2 the code runs at your endpoint: a *target* is that endpoint (URL, call style, timeout),
an *execution* binds an ordered list of targets to a *condition* (an API request or response, a
function such as ``preaccesstoken``, or an event). Through the SDK's neutral namespaces a target
is the "action", a condition the "trigger", and one entry of an execution's list a "binding".

Everything here is snake_case and wire-agnostic; the protojson spelling lives in
:mod:`actions_sdk.providers.zitadel.v2`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

import attrs

from actions_sdk._checks import check_text, excerpt
from actions_sdk._display import Model, use_short_reprs
from actions_sdk.errors import ValidationError
from actions_sdk.models._common import ActionModel, OpenEnum

__all__ = [
    "CONDITION_MAX",
    "FUNCTIONS",
    "ConditionScope",
    "ConditionType",
    "ExecutionCondition",
    "PayloadType",
    "PublicKey",
    "TargetType",
    "ZitadelExecutionBinding",
    "ZitadelTarget",
    "is_condition_text",
]

CONDITION_MAX: Final = 1000
"""Longest method, service, function, event or group string the server accepts."""

FUNCTIONS: Final = ("preuserinfo", "preaccesstoken", "presamlresponse")
"""The functions of ``ListExecutionFunctions`` on current servers (a newer one is let through)."""


class TargetType(OpenEnum):
    """How ZITADEL calls a target (the ``restWebhook`` / ``restCall`` / ``restAsync`` oneof).

    Attributes:
        WEBHOOK: POST; only the status matters (``interrupt_on_error`` stops the chain).
        CALL: POST; a 2xx body is parsed and used (needed to change requests, responses,
            claims).
        ASYNC: Fire and forget; neither status nor body is used (meant for events).
    """

    WEBHOOK = "webhook"
    CALL = "call"
    ASYNC = "async"


class PayloadType(OpenEnum):
    """What body ZITADEL sends to a target, and so how the target verifies it.

    Attributes:
        JSON: Raw JSON, signed in the ``ZITADEL-Signature`` header with the target's signing key
            (also what a target without a payload type gets).
        JWT: A JWT signed with the instance's web key.
        JWE: That JWT encrypted to the target's active public key (``client.actions.keys``).
    """

    JSON = "PAYLOAD_TYPE_JSON"
    JWT = "PAYLOAD_TYPE_JWT"
    JWE = "PAYLOAD_TYPE_JWE"


class ConditionType(OpenEnum):
    """The kind of an execution condition.

    Attributes:
        REQUEST: Before ZITADEL handles an API request.
        RESPONSE: Before ZITADEL answers an API request.
        FUNCTION: Inside a ZITADEL function (``preuserinfo``, ``preaccesstoken``, ...).
        EVENT: After an event was stored.
    """

    REQUEST = "request"
    RESPONSE = "response"
    FUNCTION = "function"
    EVENT = "event"


class ConditionScope(OpenEnum):
    """What a condition matches within its kind.

    Attributes:
        METHOD: One gRPC method, ``/zitadel.user.v2.UserService/AddHumanUser`` (request,
            response).
        SERVICE: Every method of one service, ``zitadel.user.v2.UserService`` (request,
            response).
        ALL: Every request, response or event.
        FUNCTION: One function by name (function).
        EVENT: One event type, ``user.human.added`` (event).
        GROUP: Every event type with a prefix, ``user.human`` (event; written ``user.human.*``).
    """

    METHOD = "method"
    SERVICE = "service"
    ALL = "all"
    FUNCTION = "function"
    EVENT = "event"
    GROUP = "group"


_SCOPES: Final[dict[ConditionType, tuple[ConditionScope, ...]]] = {
    ConditionType.REQUEST: (ConditionScope.METHOD, ConditionScope.SERVICE, ConditionScope.ALL),
    ConditionType.RESPONSE: (ConditionScope.METHOD, ConditionScope.SERVICE, ConditionScope.ALL),
    ConditionType.FUNCTION: (ConditionScope.FUNCTION,),
    ConditionType.EVENT: (ConditionScope.EVENT, ConditionScope.GROUP, ConditionScope.ALL),
}
_GROUP_SUFFIX: Final = ".*"
_FORMS: Final = (
    "request:/pkg.Service/Method, request:pkg.Service, request:*, the same with response:, "
    "function:preaccesstoken, event:user.human.added, event:user.human.*, event:*"
)


def _invalid(problem: str) -> ValidationError:
    return ValidationError(f"invalid execution condition: {problem}", field="condition")


@attrs.frozen(repr=False)
class ExecutionCondition(Model):
    """What an execution is bound to: its key (executions have no id of their own).

    Build one with :meth:`request`, :meth:`response`, :meth:`function`, :meth:`event` or
    :meth:`parse`; the constructor checks the combination, so an invalid condition is a
    ``ValidationError`` before anything is sent. The short string form (``str(condition)``,
    accepted wherever a condition is) is::

        request:/zitadel.user.v2.UserService/AddHumanUser   one method (leading slash)
        request:zitadel.user.v2.UserService                 one service
        request:*                                           every request (response: alike)
        function:preaccesstoken                             one function
        event:user.human.added   event:user.human.*   event:*   one event, a group, all

    Attributes:
        type: Request, response, function or event.
        scope: What it matches within the type.
        value: The method, service, function, event or group (without ``.*``); ``None`` for
            ``all``.
    """

    type: ConditionType = attrs.field(converter=ConditionType)
    scope: ConditionScope = attrs.field(converter=ConditionScope)
    value: str | None = None

    def __attrs_post_init__(self) -> None:
        allowed = _SCOPES.get(self.type)
        if allowed is None:
            raise _invalid(f"unknown type {excerpt(self.type.value)}; expected one of {_FORMS}")
        if self.scope not in allowed:
            raise _invalid(
                f"{self.type.value} conditions match "
                + ", ".join(s.value for s in allowed)
                + f", not {excerpt(self.scope.value)}"
            )
        if self.scope == ConditionScope.ALL:
            if self.value is not None:
                raise _invalid("an 'all' condition has no value")
            return
        text = check_text(self.value, "condition", max_length=CONDITION_MAX)
        if text != text.strip() or any(ch.isspace() for ch in text):
            raise _invalid(f"{excerpt(text)} must not contain white space")
        if self.scope == ConditionScope.METHOD and not (text.startswith("/") and "/" in text[1:]):
            raise _invalid(f"a method looks like /package.Service/Method, got {excerpt(text)}")
        if self.scope == ConditionScope.SERVICE and "/" in text:
            raise _invalid(
                f"a service has no slash (zitadel.user.v2.UserService), got {excerpt(text)}"
            )
        if self.scope == ConditionScope.GROUP and text.endswith(_GROUP_SUFFIX):
            # One spelling, so conditions compare equal however the group was written.
            object.__setattr__(self, "value", text[: -len(_GROUP_SUFFIX)])
            check_text(self.value, "condition")

    @classmethod
    def request(
        cls, method: str | None = None, *, service: str | None = None
    ) -> ExecutionCondition:
        """A request condition: one ``method``, one ``service``, or every request (neither).

        Args:
            method: A full method, ``/zitadel.user.v2.UserService/AddHumanUser``.
            service: A service, ``zitadel.user.v2.UserService``.

        Returns:
            The condition.

        Raises:
            ValidationError: Both given, or a malformed value.
        """
        return cls._call(ConditionType.REQUEST, method, service)

    @classmethod
    def response(
        cls, method: str | None = None, *, service: str | None = None
    ) -> ExecutionCondition:
        """A response condition; ``method`` and ``service`` as for :meth:`request`."""
        return cls._call(ConditionType.RESPONSE, method, service)

    @classmethod
    def function(cls, name: str) -> ExecutionCondition:
        """A function condition, e.g. ``preaccesstoken``.

        Args:
            name: The function (see :data:`FUNCTIONS`).

        Returns:
            The condition.
        """
        return cls(ConditionType.FUNCTION, ConditionScope.FUNCTION, name)

    @classmethod
    def event(cls, event: str | None = None, *, group: str | None = None) -> ExecutionCondition:
        """An event condition: one ``event`` type, a ``group`` prefix, or every event (neither).

        Args:
            event: An event type, ``user.human.added``.
            group: A prefix, ``user.human`` (``user.human.*`` is the same).

        Returns:
            The condition.

        Raises:
            ValidationError: Both given, or a malformed value.
        """
        if event is not None and group is not None:
            raise _invalid("give event or group, not both")
        if event is not None:
            return cls(ConditionType.EVENT, ConditionScope.EVENT, event)
        if group is not None:
            return cls(ConditionType.EVENT, ConditionScope.GROUP, group)
        return cls(ConditionType.EVENT, ConditionScope.ALL)

    @classmethod
    def _call(
        cls, kind: ConditionType, method: str | None, service: str | None
    ) -> ExecutionCondition:
        if method is not None and service is not None:
            raise _invalid("give method or service, not both")
        if method is not None:
            return cls(kind, ConditionScope.METHOD, method)
        if service is not None:
            return cls(kind, ConditionScope.SERVICE, service)
        return cls(kind, ConditionScope.ALL)

    @classmethod
    def parse(cls, text: object) -> ExecutionCondition:
        """Read the short string form (see the class docstring).

        Args:
            text: E.g. ``"function:preaccesstoken"`` or ``"event:user.human.*"``.

        Returns:
            The condition.

        Raises:
            ValidationError: Malformed text (the message lists the accepted forms).
        """
        if isinstance(text, ExecutionCondition):
            return text
        if not isinstance(text, str) or ":" not in text:
            raise _invalid(f"expected one of {_FORMS}; got {excerpt(text)}")
        kind, _, rest = text.partition(":")
        kind = kind.strip().lower()
        if kind not in {member.value for member in ConditionType}:
            raise _invalid(f"unknown type {excerpt(kind)}; expected one of {_FORMS}")
        condition_type = ConditionType(kind)
        if rest == "*":
            return cls(condition_type, ConditionScope.ALL)
        if condition_type == ConditionType.FUNCTION:
            return cls.function(rest)
        if condition_type == ConditionType.EVENT:
            if rest.endswith(_GROUP_SUFFIX):
                return cls.event(group=rest)
            return cls.event(rest)
        if rest.startswith("/"):
            return cls._call(condition_type, rest, None)
        return cls._call(condition_type, None, rest)

    def __str__(self) -> str:
        if self.scope == ConditionScope.ALL:
            return f"{self.type.value}:*"
        if self.scope == ConditionScope.GROUP:
            return f"{self.type.value}:{self.value}{_GROUP_SUFFIX}"
        return f"{self.type.value}:{self.value}"

    def __repr__(self) -> str:
        return f"ExecutionCondition.parse({str(self)!r})"


@attrs.frozen(kw_only=True)
class ZitadelTarget(ActionModel, Model):
    """An endpoint ZITADEL calls (v2): the "action" of ``client.actions`` on the v2 API.

    Attributes:
        id: The target's id.
        name: Unique within the instance.
        target_type: How it is called: webhook, call or async.
        endpoint: The URL.
        timeout: How long ZITADEL waits for it (at most 270 s).
        interrupt_on_error: Whether a failure stops the execution (webhook and call).
        payload_type: What body it receives (JSON when the server did not say).
        signing_key: The HMAC key of the ``ZITADEL-Signature`` header. A secret: left out of
            every repr, ``to_dict()``, ``to_json()`` and table; read the attribute itself.
            Rotate it with ``client.actions.keys.rotate_signing_key(target)``.
        creation_date: When it was created.
        change_date: When it last changed.
    """

    id: str
    name: str = ""
    target_type: TargetType = TargetType.WEBHOOK
    endpoint: str = ""
    timeout: timedelta = timedelta(0)
    interrupt_on_error: bool = False
    payload_type: PayloadType = PayloadType.JSON
    signing_key: str | None = attrs.field(default=None, repr=False)
    creation_date: datetime | None = None
    change_date: datetime | None = None


@attrs.frozen(kw_only=True)
class ZitadelExecutionBinding(Model):
    """One entry of an execution's ordered target list.

    Attributes:
        condition: The execution's condition.
        target: The target, as listed (only ``id`` is set when the target could not be read,
            e.g. deleted meanwhile).
    """

    condition: ExecutionCondition
    target: ZitadelTarget

    @property
    def action(self) -> ZitadelTarget:
        """The target under the neutral name (``binding.action.id`` as on the other vendors)."""
        return self.target


@attrs.frozen(kw_only=True)
class PublicKey(Model):
    """A public key of a target: JWE payloads are encrypted to its active key.

    Attributes:
        key_id: The key's id (the JWE ``kid``).
        active: Whether it is the target's active key (at most one is).
        public_key: The PEM text as stored.
        fingerprint: ``SHA256:<base64>`` of the key.
        expiration_date: When it expires (it deactivates itself then), if set.
        creation_date: When it was added.
        change_date: When it last changed.
    """

    key_id: str
    active: bool = False
    public_key: str = ""
    fingerprint: str = ""
    expiration_date: datetime | None = None
    creation_date: datetime | None = None
    change_date: datetime | None = None


def is_condition_text(value: object) -> bool:
    """Whether ``value`` is meant as a v2 condition: a model, or text with a condition's type.

    Lets each ZITADEL API refuse the other's triggers with ``UnsupportedOperationError`` instead
    of a confusing parse error.

    Args:
        value: A trigger argument.

    Returns:
        ``True`` for an :class:`ExecutionCondition` or ``"request:…"``-style text.
    """
    if isinstance(value, ExecutionCondition):
        return True
    if not isinstance(value, str) or ":" not in value:
        return False
    kind = value.partition(":")[0].strip().lower()
    return kind in {member.value for member in ConditionType}


# Short reprs instead of attrs' full dumps (see actions_sdk._display).
use_short_reprs(globals())
