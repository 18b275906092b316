"""What ZITADEL v2 sends to a target, and what a target may answer: frozen, wire-agnostic models.

ZITADEL calls a target with one of four JSON bodies, depending on the kind of condition of the
execution that lists it (zitadel-v2-actions-api.md §9):

* :class:`RequestPayload` — a ``request`` condition (before an API method runs);
* :class:`ResponsePayload` — a ``response`` condition (after it ran, before the caller sees it);
* :class:`FunctionPayload` — a ``function`` condition (``preuserinfo``, ``preaccesstoken``,
  ``presamlresponse``);
* :class:`EventPayload` — an ``event`` condition (after an event was stored).

The bodies mix spellings (``fullMethod``, ``instanceID``, ``user_metadata``, ``event_type``);
they live only in the ZITADEL converter (:mod:`actions_sdk.providers.zitadel._converter`), the
fields here are snake_case. Parsing and the answer helpers are in
:mod:`actions_sdk.providers.zitadel.webhooks` (public path: :mod:`actions_sdk.webhooks.zitadel`).

Raw protobuf messages (``request``, ``response``, the user objects, the event's data) are kept as
plain mappings, exactly as sent. They can hold personal data and secrets (``AddHumanUser`` carries
the new password), so they are left out of every ``repr`` and of ``to_dict()`` / ``to_json()``:
read them from the attribute.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NewType

import attrs

from actions_sdk._display import Model, use_short_reprs

__all__ = [
    "Base64Bytes",
    "Claim",
    "EventData",
    "EventPayload",
    "FunctionAnswer",
    "FunctionOrg",
    "FunctionPayload",
    "JsonValue",
    "MetadataEntry",
    "RequestPayload",
    "ResponsePayload",
    "SamlAttribute",
]

EventData = NewType("EventData", dict[str, Any])
"""An event's data: sent as base64 of its JSON, decoded into a mapping by the converter."""

Base64Bytes = NewType("Base64Bytes", bytes)
"""Bytes that go on the wire as standard base64 text (Go's ``[]byte`` in JSON)."""

JsonValue = NewType("JsonValue", object)
"""A JSON value sent exactly as given (a claim's value: no protojson rule applies to it)."""


@attrs.frozen
class _MethodCall(Model):
    """The fields shared by the request and the response payload of an API method."""

    full_method: str = ""
    instance_id: str = ""
    org_id: str = ""
    project_id: str = ""
    user_id: str = ""
    request: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def service(self) -> str:
        """The gRPC service of :attr:`full_method` (``zitadel.user.v2.UserService``)."""
        return self.full_method.strip("/").rpartition("/")[0]

    @property
    def method(self) -> str:
        """The method name of :attr:`full_method` (``AddHumanUser``)."""
        return self.full_method.rpartition("/")[2]


@attrs.frozen
class RequestPayload(_MethodCall):
    """What a target of a ``request`` condition receives: the call about to be served.

    A ``restCall`` target may answer with a changed copy of :attr:`request` (the message ZITADEL
    then serves instead), or with :func:`~actions_sdk.webhooks.zitadel.forward_error` to refuse
    the call.

    Attributes:
        full_method: The gRPC method, e.g. ``/zitadel.user.v2.UserService/AddHumanUser``.
        instance_id: The instance the call is served by.
        org_id: The caller's organization, when known.
        project_id: The caller's project, when known.
        user_id: The calling user, when known.
        request: The request message (protojson, camelCase), as sent; not in any repr.
    """


@attrs.frozen
class ResponsePayload(_MethodCall):
    """What a target of a ``response`` condition receives: the call and its answer.

    A ``restCall`` target may answer with a changed copy of :attr:`response`, which the caller
    then gets instead.

    It has the fields of a :class:`RequestPayload` (the method, the ids, the request message)
    and the answer.

    Attributes:
        response: The response message (protojson, camelCase), as sent; not in any repr.
    """

    response: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class FunctionOrg(Model):
    """The user's organization, as a function condition receives it.

    Attributes:
        id: The organization id.
        name: Its name.
        primary_domain: Its primary domain.
    """

    id: str = ""
    name: str = ""
    primary_domain: str = ""


@attrs.frozen
class FunctionPayload(Model):
    """What a target of a ``function`` condition receives (token and SAML assembly).

    ``presamlresponse`` sends neither ``userinfo``, ``user_metadata`` nor ``org``. A
    ``restCall`` target answers with :func:`~actions_sdk.webhooks.zitadel.function_answer`.

    Attributes:
        function: The function, e.g. ``preaccesstoken``, ``preuserinfo``, ``presamlresponse``.
        userinfo: The OIDC userinfo being built, as sent; not in any repr.
        user: The user, as sent; not in any repr.
        user_metadata: The user's metadata entries, as sent (values base64); not in any repr.
        org: The user's organization.
        user_grants: The user's grants, as sent; not in any repr.
    """

    function: str
    userinfo: dict[str, Any] | None = attrs.field(default=None, repr=False)
    user: dict[str, Any] | None = attrs.field(default=None, repr=False)
    user_metadata: tuple[dict[str, Any], ...] = attrs.field(default=(), repr=False)
    org: FunctionOrg | None = None
    user_grants: tuple[dict[str, Any], ...] = attrs.field(default=(), repr=False)


@attrs.frozen
class EventPayload(Model):
    """What a target of an ``event`` condition receives, after the event was stored.

    The answer is ignored (use a ``restAsync`` or ``restWebhook`` target).

    Attributes:
        event_type: The event, e.g. ``user.human.added``.
        aggregate_id: The id of the object the event belongs to (e.g. the user).
        aggregate_type: Its type, e.g. ``user``.
        resource_owner: The organization owning the object.
        instance_id: The instance.
        version: The aggregate's version, e.g. ``v2``.
        sequence: The event's sequence number.
        created_at: When the event was stored.
        user_id: Who caused the event.
        event_payload: The event's data (sent as base64 of its JSON, decoded here), or ``None``
            when the event has none; not in any repr.
    """

    event_type: str
    aggregate_id: str = ""
    aggregate_type: str = ""
    resource_owner: str = ""
    instance_id: str = ""
    version: str = ""
    sequence: int = 0
    created_at: datetime | None = None
    user_id: str = ""
    event_payload: EventData | None = attrs.field(default=None, repr=False)


# -- answers ----------------------------------------------------------------------------------


@attrs.frozen
class Claim(Model):
    """A claim a ``preuserinfo`` / ``preaccesstoken`` target adds to the token or userinfo.

    Attributes:
        key: The claim's name.
        value: Any JSON value, sent as is.
    """

    key: str
    value: JsonValue


@attrs.frozen
class MetadataEntry(Model):
    """A user metadata entry a function target sets; the value goes out base64-encoded.

    Attributes:
        key: The metadata key.
        value: The raw value (not in any repr: metadata may hold secrets).
    """

    key: str
    value: Base64Bytes = attrs.field(repr=False)


@attrs.frozen
class SamlAttribute(Model):
    """An attribute a ``presamlresponse`` target adds to the SAML response.

    Attributes:
        name: The attribute's name.
        name_format: Its SAML name format (e.g.
            ``urn:oasis:names:tc:SAML:2.0:attrname-format:basic``), or ``""``.
        values: Its values.
    """

    name: str
    name_format: str
    values: tuple[str, ...]


@attrs.frozen
class FunctionAnswer(Model):
    """The body a ``restCall`` target of a function condition answers with.

    ``preuserinfo`` and ``preaccesstoken`` read ``set_user_metadata``, ``append_claims`` and
    ``append_log_claims``; ``presamlresponse`` reads ``set_user_metadata`` and
    ``append_attribute``. Build it with :func:`~actions_sdk.webhooks.zitadel.function_answer`.

    Attributes:
        set_user_metadata: Metadata to set on the user.
        append_claims: Claims to add.
        append_log_claims: Lines for the ``urn:zitadel:iam:action:function/<name>:log`` claim.
        append_attribute: SAML attributes to add.
    """

    set_user_metadata: tuple[MetadataEntry, ...] = ()
    append_claims: tuple[Claim, ...] = ()
    append_log_claims: tuple[str, ...] = ()
    append_attribute: tuple[SamlAttribute, ...] = ()


use_short_reprs(globals())
