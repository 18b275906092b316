"""The ZITADEL Actions v2 half of :class:`~actions_sdk.testing.ZitadelEmulator` (``/v2/actions``).

One real ZITADEL instance serves the management v1 API and the v2 ``ActionService`` side by side,
with one set of credentials, one rate limit and one gateway. So the emulator does the same: every
``ZitadelEmulator`` answers ``/management/v1/...`` and ``/v2/actions/...``, and this module holds
the v2 state and handlers (reached as ``emulator.v2``). Behaviour follows the wire reference
(``zitadel-v2-actions-api.md``), REST (grpc-gateway) form only:

* **Targets** (``/v2/actions/targets``): create / get / partial update / delete / search. Names are
  unique per instance (duplicate → 409 ``Errors.Target.AlreadyExists``); ``timeout`` must be > 0
  and ≤ 270 s; ``endpoint`` ≤ 2048 chars, an absolute http(s) URL, not on the deny list (§9.4:
  ``localhost`` and private/loopback IP literals → 400 ``Errors.Target.DeniedURL``; the emulator
  resolves no DNS; :attr:`ZitadelActionsV2.deny_list` replaces the list as
  ``ZITADEL_HTTPCLIENT_DENYLIST`` does). Every target has a generated ``signingKey``, returned by
  create, get and list; ``expirationSigningKey: "0s"`` rotates it (any other value → 400). A no-op
  update answers 200 with the last ``changeDate``; deleting a missing target answers 200 (with the
  earlier ``deletionDate`` when it was deleted before) and a delete removes the target from every
  execution.
* **Executions** (``/v2/actions/executions``): SetExecution replaces the ordered target list of a
  condition (``[]`` removes the execution; an identical list answers 200 without writing); order is
  kept exactly as sent. Unknown methods, services, functions, events and groups → **404**
  ``Errors.Execution.ConditionInvalid`` (not the proto's 400); an ambiguous or empty condition →
  400. ListExecutions returns only executions with targets. Known conditions come from the tables
  below (a representative subset of a real instance's services and event types).
* **Public keys** of a target: add (base64 of an RSA or EC ``PUBLIC KEY`` PEM; new keys are
  inactive), activate (deactivates the others; idempotent), deactivate (idempotent), remove (a
  missing key is a no-op; the active key cannot be removed → 400 code 9), search. A key whose
  ``expirationDate`` has passed reads back inactive and cannot be activated (400 code 9: an
  emulator rule, the reference does not say what the server answers).
* **Lists**: offset pagination ``{offset, limit, asc}`` (limit 0 → 100, > 1000 → 400
  ``QUERY-4M0fs``), descending by default, ``{pagination: {totalResult, appliedLimit}}`` with
  uint64s as strings and zero values omitted; ties in the sort column keep creation order.
* **Auth**: the same tokens as v1 (PAT, JWT profile, client credentials, the API audience scope).
  v2 is instance-scoped: ``x-zitadel-orgid`` is ignored, and with :attr:`ZitadelActionsV2.
  instance_permission` false (a token of an ORG_OWNER only) every v2 RPC answers 403 (code 7).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import random
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

from ._base import Incoming, Reply, ReplyError, Route, match_route
from .zitadel import (
    _MAX_LIMIT,
    _duration,
    _duration_ns,
    _enum,
    _error,
    _field,
    _no_route,
    _text_match,
    _timestamp,
)

if TYPE_CHECKING:
    from .zitadel import ZitadelEmulator

__all__ = [
    "DEFAULT_DENY_LIST",
    "EVENT_TYPES",
    "EXECUTION_FUNCTIONS",
    "EXECUTION_METHODS",
    "ZitadelActionsV2",
]

Json = dict[str, Any]

DEFAULT_DENY_LIST: tuple[str, ...] = (
    "localhost",
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "::/128",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
)
"""``HTTPClient.DenyList`` (ZITADEL ≥ v4.15.2): host names and CIDR ranges refused as endpoints."""

EXECUTION_FUNCTIONS: tuple[str, ...] = ("preuserinfo", "preaccesstoken", "presamlresponse")
"""``ListExecutionFunctions`` (``domain.AllActionFunctions``)."""

EXECUTION_METHODS: tuple[str, ...] = (
    "/zitadel.action.v2.ActionService/CreateTarget",
    "/zitadel.action.v2.ActionService/ListTargets",
    "/zitadel.oidc.v2.OIDCService/CreateCallback",
    "/zitadel.org.v2.OrganizationService/AddOrganization",
    "/zitadel.saml.v2.SAMLService/CreateResponse",
    "/zitadel.session.v2.SessionService/CreateSession",
    "/zitadel.session.v2.SessionService/GetSession",
    "/zitadel.session.v2.SessionService/SetSession",
    "/zitadel.user.v2.UserService/AddHumanUser",
    "/zitadel.user.v2.UserService/GetUserByID",
    "/zitadel.user.v2.UserService/ListUsers",
    "/zitadel.user.v2.UserService/RetrieveIdentityProviderIntent",
    "/zitadel.user.v2.UserService/SetEmail",
)
"""``ListExecutionMethods`` of the emulated instance (a subset of a real one's)."""

EVENT_TYPES: tuple[str, ...] = (
    "org.added",
    "org.removed",
    "session.added",
    "session.password.checked",
    "user.added",
    "user.human.added",
    "user.human.email.changed",
    "user.human.password.check.failed",
    "user.human.password.check.succeeded",
    "user.machine.added",
    "user.removed",
)
"""Event types a ``condition.event`` may name; a group is any dot-separated prefix of one."""

_MAX_TIMEOUT_NS = 270 * 10**9
_DEFAULT_LIMIT = 100
_SIGNING_KEY_ALPHABET = string.ascii_letters + string.digits
_TARGET_TYPES = ("restWebhook", "restCall", "restAsync")
_PAYLOAD_TYPES = {
    0: "PAYLOAD_TYPE_UNSPECIFIED",
    1: "PAYLOAD_TYPE_JSON",
    2: "PAYLOAD_TYPE_JWT",
    3: "PAYLOAD_TYPE_JWE",
}
_TARGET_COLUMNS = dict(
    enumerate(
        f"TARGET_FIELD_NAME_{name}"
        for name in (
            "UNSPECIFIED",
            "ID",
            "CREATED_DATE",
            "CHANGED_DATE",
            "NAME",
            "TARGET_TYPE",
            "URL",
            "TIMEOUT",
            "INTERRUPT_ON_ERROR",
        )
    )
)
_EXECUTION_COLUMNS = dict(
    enumerate(
        f"EXECUTION_FIELD_NAME_{name}"
        for name in ("UNSPECIFIED", "ID", "CREATED_DATE", "CHANGED_DATE")
    )
)
_KEY_COLUMNS = dict(
    enumerate(
        f"PUBLIC_KEY_FIELD_NAME_{name}"
        for name in ("UNSPECIFIED", "CREATION_DATE", "CHANGE_DATE", "EXPIRATION_DATE")
    )
)
_EXECUTION_TYPES = dict(
    enumerate(
        f"EXECUTION_TYPE_{name}"
        for name in ("UNSPECIFIED", "REQUEST", "RESPONSE", "EVENT", "FUNCTION")
    )
)
_TEXT_METHODS = dict(
    enumerate(
        f"TEXT_FILTER_METHOD_{name}"
        for name in (
            "EQUALS",
            "EQUALS_IGNORE_CASE",
            "STARTS_WITH",
            "STARTS_WITH_IGNORE_CASE",
            "CONTAINS",
            "CONTAINS_IGNORE_CASE",
            "ENDS_WITH",
            "ENDS_WITH_IGNORE_CASE",
        )
    )
)
_TIMESTAMP_METHODS = dict(
    enumerate(
        f"TIMESTAMP_FILTER_METHOD_{name}"
        for name in ("EQUALS", "AFTER", "AFTER_OR_EQUALS", "BEFORE", "BEFORE_OR_EQUALS")
    )
)
_TIMESTAMP = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z$")
# DER encodings of the algorithm OIDs a target public key may carry (rsaEncryption, id-ecPublicKey).
_KEY_ALGORITHMS = (bytes.fromhex("06092a864886f70d010101"), bytes.fromhex("06072a8648ce3d0201"))
_PEM = re.compile(
    r"^-----BEGIN PUBLIC KEY-----\s+([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----\s*$"
)


@dataclass
class _PublicKey:
    key_id: str
    pem: bytes
    fingerprint: str
    expiration: float | None
    created: float
    changed: float
    active: bool = False


@dataclass
class _Target:
    id: str
    name: str
    kind: str
    interrupt_on_error: bool
    timeout_ns: int
    endpoint: str
    payload_type: int
    signing_key: str
    created: float
    changed: float
    keys: dict[str, _PublicKey] = field(default_factory=dict)


@dataclass
class _Execution:
    condition: Json
    targets: list[str]
    created: float
    changed: float


class ZitadelActionsV2:
    """The v2 Actions state of one emulated ZITADEL instance (``ZitadelEmulator.v2``).

    Created by :class:`~actions_sdk.testing.ZitadelEmulator`; not constructed directly. Its public
    attributes configure the instance, its properties and methods read the stored state (for test
    assertions) in the wire's JSON shape.

    Attributes:
        deny_list: Host names and CIDR ranges refused as target endpoints (default
            :data:`DEFAULT_DENY_LIST`); assigning replaces the list, like
            ``ZITADEL_HTTPCLIENT_DENYLIST``.
        instance_permission: Whether the callers' tokens hold instance-level permissions
            (IAM_OWNER). When false, every v2 RPC answers 403, as for an ORG_OWNER's token.
    """

    def __init__(self, owner: ZitadelEmulator) -> None:
        self._owner = owner
        self.deny_list: tuple[str, ...] = DEFAULT_DENY_LIST
        self.instance_permission = True
        self._routes: list[Route] = [
            ("POST", ("targets", "search"), self._list_targets),
            ("POST", ("targets",), self._create_target),
            ("GET", ("targets", "{}"), self._get_target),
            ("POST", ("targets", "{}"), self._update_target),
            ("DELETE", ("targets", "{}"), self._delete_target),
            ("POST", ("targets", "{}", "publickeys", "search"), self._list_keys),
            ("POST", ("targets", "{}", "publickeys"), self._add_key),
            ("POST", ("targets", "{}", "publickeys", "{}", "activate"), self._activate_key),
            ("POST", ("targets", "{}", "publickeys", "{}", "deactivate"), self._deactivate_key),
            ("DELETE", ("targets", "{}", "publickeys", "{}"), self._remove_key),
            ("PUT", ("executions",), self._set_execution),
            ("POST", ("executions", "search"), self._list_executions),
            ("GET", ("executions", "functions"), self._list_functions),
            ("GET", ("executions", "methods"), self._list_methods),
            ("GET", ("executions", "services"), self._list_services),
        ]
        self.reset()

    def reset(self) -> None:
        """Forget every target, execution and key (configuration is kept)."""
        self._targets: dict[str, _Target] = {}
        self._deleted: dict[str, float] = {}
        self._executions: dict[str, _Execution] = {}
        # A separate seeded stream: signing keys stay reproducible and do not shift the ids.
        self._key_rng = random.Random(self._owner.seed + 2)  # noqa: S311 - fake keys, reproducible

    # ------------------------------------------------------------------ state for tests

    @property
    def targets(self) -> list[Json]:
        """Every target in creation order, as ``GetTarget`` returns it (``signingKey`` included)."""
        with self._owner._lock:
            return [self._target_json(t, self._owner.clock.time()) for t in self._targets.values()]

    def execution(self, condition: Mapping[str, Any]) -> list[str]:
        """The ordered target ids of the execution for ``condition`` (``[]`` when there is none).

        Args:
            condition: A wire condition, e.g. ``{"function": {"name": "preaccesstoken"}}``.
        """
        with self._owner._lock:
            stored = self._executions.get(_condition_key(dict(condition)))
            return list(stored.targets) if stored else []

    @property
    def executions(self) -> list[Json]:
        """Every execution with targets, in creation order, as ``ListExecutions`` returns it."""
        with self._owner._lock:
            return [_execution_json(e, 0.0) for e in self._executions.values()]

    # ------------------------------------------------------------------ dispatch

    def dispatch(self, incoming: Incoming, now: float) -> Reply:
        """Route one ``/v2/actions/...`` request (called by the emulator, lock held).

        Args:
            incoming: The request; its first two segments are ``v2`` and ``actions``.
            now: The instance clock's time.

        Returns:
            The reply.
        """
        handler, captured, path_known = match_route(
            self._routes, incoming.method, incoming.segments[2:]
        )
        if handler is None:
            return _no_route(path_known)
        try:
            self._owner._authenticate(incoming, now)
            if not self.instance_permission:
                raise _error(7, "No matching permissions found", "AUTH-5mWD2")
            for value in captured:
                _check_id(value)
            body = self._owner._body(incoming)
            result: Reply = handler(body, now, *captured)
        except ReplyError as failure:
            return failure.reply
        return result

    # ------------------------------------------------------------------ targets

    def _create_target(self, body: Json, now: float) -> Reply:
        name = _text(body, "name", "CreateTargetRequest.Name", 1000)
        kind, interrupt = _target_type(body)
        if kind is None:
            raise _error(3, "invalid CreateTargetRequest.TargetType: value is required")
        timeout_ns = _timeout(body, "COMMAND-39f35d8uri")
        if timeout_ns is None:
            raise _error(3, "Errors.Target.NoTimeout", "COMMAND-39f35d8uri")
        endpoint = self._endpoint(body, "CreateTargetRequest.Endpoint", "COMMAND-1r2k6qo6wg")
        if endpoint is None:
            raise _error(3, "Errors.Target.InvalidURL", "COMMAND-1r2k6qo6wg")
        payload = _enum(_field(body, "payloadType", "payload_type"), _PAYLOAD_TYPES)
        if name is None or not name.strip():
            raise _error(3, "Errors.Target.Invalid", "COMMAND-ddqbm9us5p")
        if self._by_name(name) is not None:
            raise _error(6, "Errors.Target.AlreadyExists")
        # In _Target's field order: name, type, interruptOnError, timeout, endpoint, payload, key.
        fields = (name, kind, interrupt, timeout_ns, endpoint, payload, self._signing_key())
        target = _Target(self._owner._new_id(), *fields, created=now, changed=now)
        self._targets[target.id] = target
        return Reply(
            200,
            {"id": target.id, "creationDate": _timestamp(now), "signingKey": target.signing_key},
        )

    def _get_target(self, body: Json, now: float, target_id: str) -> Reply:
        return Reply(200, {"target": self._target_json(self._find(target_id), now)})

    def _update_target(self, body: Json, now: float, target_id: str) -> Reply:
        name = _text(body, "name", "UpdateTargetRequest.Name", 1000)
        kind, interrupt = _target_type(body)
        timeout_ns = _timeout(body, "COMMAND-08b39vdi57")
        endpoint = self._endpoint(body, "UpdateTargetRequest.Endpoint", "COMMAND-jsbaera7b6")
        payload = _enum(_field(body, "payloadType", "payload_type"), _PAYLOAD_TYPES)
        rotate = _field(body, "expirationSigningKey", "expiration_signing_key")
        if rotate is not None and rotate not in ("0s", "0.000s"):
            raise _error(3, "invalid UpdateTargetRequest.ExpirationSigningKey: value must equal 0s")
        target = self._find(target_id, "COMMAND-xj14f2cccn")
        if name is not None and name != target.name and self._by_name(name) is not None:
            raise _error(6, "Errors.Target.AlreadyExists")
        wanted = {
            "name": target.name if name is None else name,
            "kind": target.kind if kind is None else kind,
            # Switching to restAsync (no such field) or sending {} resets it to false.
            "interrupt_on_error": target.interrupt_on_error if kind is None else interrupt,
            "timeout_ns": target.timeout_ns if timeout_ns is None else timeout_ns,
            "endpoint": target.endpoint if endpoint is None else endpoint,
            "payload_type": payload or target.payload_type,
        }
        changed = any(getattr(target, key) != value for key, value in wanted.items())
        reply: Json = {}
        if changed or rotate is not None:
            for key, value in wanted.items():
                setattr(target, key, value)
            target.changed = now
        if rotate is not None:
            target.signing_key = self._signing_key()
            reply["signingKey"] = target.signing_key
        # A no-op pushes no event: the answer carries the last change date.
        reply["changeDate"] = _timestamp(target.changed)
        return Reply(200, reply)

    def _delete_target(self, body: Json, now: float, target_id: str) -> Reply:
        target = self._targets.pop(target_id, None)
        if target is None:
            earlier = self._deleted.get(target_id)
            return Reply(200, {} if earlier is None else {"deletionDate": _timestamp(earlier)})
        self._deleted[target_id] = now
        # Deleting a target detaches it from every execution; an emptied one disappears.
        for key, execution in list(self._executions.items()):
            if target_id in execution.targets:
                execution.targets = [t for t in execution.targets if t != target_id]
                execution.changed = now
                if not execution.targets:
                    del self._executions[key]
        return Reply(200, {"deletionDate": _timestamp(now)})

    def _list_targets(self, body: Json, now: float) -> Reply:
        rows = list(self._targets.values())
        return _search(body, rows, _TARGET_LISTING, _target_matches, self._target_json, now)

    def _find(self, target_id: str, error_id: str | None = None) -> _Target:
        target = self._targets.get(target_id)
        if target is None:
            raise _error(5, "Errors.Target.NotFound", error_id)
        return target

    def jwe_recipient(self, target_id: str) -> tuple[str, bytes]:
        """The key a JWE payload for this target is encrypted to: ``(keyId, public PEM)``.

        What ZITADEL reads before posting to a ``PAYLOAD_TYPE_JWE`` target: its active public key
        (as added through AddPublicKey and activated; an expired key counts as inactive).

        Args:
            target_id: The target's id.

        Returns:
            The active key's id (the JWE ``kid``) and its PEM text.

        Raises:
            KeyError: No such target.
            ValueError: The target's payload type is not JWE, or it has no active key (ZITADEL's
                call to it fails then).
        """
        with self._owner._lock:
            target = self._targets.get(target_id)
            if target is None:
                raise KeyError(target_id)
            if target.payload_type != 3:
                kind = _PAYLOAD_TYPES.get(target.payload_type, "?")
                raise ValueError(f"target {target_id} has payload type {kind}, not JWE")
            now = self._owner.clock.time()
            active = [k for k in target.keys.values() if k.active and not _expired(k, now)]
            if not active:
                raise ValueError(
                    f"target {target_id} has no active public key: a JWE call to it fails"
                )
            return active[0].key_id, active[0].pem

    def _by_name(self, name: str) -> _Target | None:
        return next((t for t in self._targets.values() if t.name == name), None)

    def _signing_key(self) -> str:
        return "".join(self._key_rng.choice(_SIGNING_KEY_ALPHABET) for _ in range(32))

    def _endpoint(self, body: Json, message: str, invalid_id: str) -> str | None:
        endpoint = _text(body, "endpoint", message, 2048)
        if endpoint is None:
            return None
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _error(3, "Errors.Target.InvalidURL", invalid_id)
        if self._denied(parts.hostname):
            raise _error(3, "Errors.Target.DeniedURL", "COMMAND-NcJUKo")
        return endpoint

    def _denied(self, host: str) -> bool:
        try:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(
                host
            )
        except ValueError:
            address = None
        for entry in self.deny_list:
            if address is None:
                if host.lower() == entry.lower():
                    return True
                continue
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue  # a host-name entry cannot match an IP literal
        return False

    def _target_json(self, target: _Target, now: float) -> Json:
        options: Json = {}
        if target.kind != "restAsync" and target.interrupt_on_error:
            options["interruptOnError"] = True
        body: Json = {
            "id": target.id,
            "creationDate": _timestamp(target.created),
            "changeDate": _timestamp(target.changed),
            "name": target.name,
            target.kind: options,
            "timeout": _duration(target.timeout_ns),
            "endpoint": target.endpoint,
            "signingKey": target.signing_key,
        }
        if target.payload_type:
            body["payloadType"] = _PAYLOAD_TYPES[target.payload_type]
        return body

    # ------------------------------------------------------------------ public keys

    def _add_key(self, body: Json, now: float, target_id: str) -> Reply:
        raw = _field(body, "publicKey", "public_key")
        pem, fingerprint = _public_key(raw)
        expiration = _field(body, "expirationDate", "expiration_date")
        expires = None if expiration is None else _parse_timestamp(expiration, "expirationDate")
        target = self._find(target_id)
        key = _PublicKey(self._owner._new_id(), pem, fingerprint, expires, now, now)
        target.keys[key.key_id] = key
        target.changed = now
        return Reply(200, {"keyId": key.key_id, "creationDate": _timestamp(now)})

    def _activate_key(self, body: Json, now: float, target_id: str, key_id: str) -> Reply:
        target = self._find(target_id)
        key = self._key(target, key_id)
        if _expired(key, now):
            raise _error(9, "Errors.Target.PublicKey.Expired")
        if not key.active:
            # At most one key is active: activating one deactivates the others.
            for other in target.keys.values():
                if other.active:
                    other.active, other.changed = False, now
            key.active, key.changed = True, now
            target.changed = now
        return Reply(200, {"changeDate": _timestamp(key.changed)})

    def _deactivate_key(self, body: Json, now: float, target_id: str, key_id: str) -> Reply:
        target = self._find(target_id)
        key = self._key(target, key_id)
        if key.active and not _expired(key, now):
            key.active, key.changed = False, now
            target.changed = now
        return Reply(200, {"changeDate": _timestamp(key.changed)})

    def _remove_key(self, body: Json, now: float, target_id: str, key_id: str) -> Reply:
        target = self._find(target_id)
        key = target.keys.get(key_id)
        if key is None:
            return Reply(200, {})
        if key.active and not _expired(key, now):
            raise _error(9, "Errors.Target.PublicKey.Active: deactivate the key first")
        del target.keys[key_id]
        target.changed = now
        return Reply(200, {"deletionDate": _timestamp(now)})

    def _list_keys(self, body: Json, now: float, target_id: str) -> Reply:
        rows = list(self._find(target_id).keys.values())
        return _search(body, rows, _KEY_LISTING, _key_matches, _key_json, now)

    @staticmethod
    def _key(target: _Target, key_id: str) -> _PublicKey:
        key = target.keys.get(key_id)
        if key is None:
            raise _error(5, "Errors.Target.PublicKey.NotFound")
        return key

    # ------------------------------------------------------------------ executions

    def _set_execution(self, body: Json, now: float) -> Reply:
        condition = _condition(body.get("condition"))
        targets = body.get("targets") or []
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise _error(3, "proto: invalid value for repeated string field targets")
        key = _condition_key(condition)
        stored = self._executions.get(key)
        if (stored.targets if stored else []) == targets:
            # Identical list (order included): success without a write.
            return Reply(200, {"setDate": _timestamp(stored.changed)} if stored else {})
        if any(t not in self._targets for t in targets):
            raise _error(5, "Errors.Target.NotFound", "COMMAND-17e8fq1ggk")
        if not targets:
            del self._executions[key]
        elif stored is None:
            self._executions[key] = _Execution(condition, list(targets), now, now)
        else:
            stored.targets, stored.changed = list(targets), now
        return Reply(200, {"setDate": _timestamp(now)})

    def _list_executions(self, body: Json, now: float) -> Reply:
        rows = list(self._executions.values())
        return _search(body, rows, _EXECUTION_LISTING, _execution_matches, _execution_json, now)

    def _list_functions(self, body: Json, now: float) -> Reply:
        return Reply(200, {"functions": list(EXECUTION_FUNCTIONS)})

    def _list_methods(self, body: Json, now: float) -> Reply:
        return Reply(200, {"methods": list(EXECUTION_METHODS)})

    def _list_services(self, body: Json, now: float) -> Reply:
        return Reply(200, {"services": sorted(_services())})

    def __repr__(self) -> str:
        return f"ZitadelActionsV2(targets={len(self._targets)}, executions={len(self._executions)})"


# ---------------------------------------------------------------------- request parsing


_Row = TypeVar("_Row", "_Target", "_PublicKey", "_Execution")


@dataclass(frozen=True)
class _Listing(Generic[_Row]):
    """How one ``…/search`` RPC sorts: its column enum, each column's key, its list field."""

    columns: dict[int, str]
    sort_keys: dict[int, Callable[[_Row], Any]]
    key: str


def _search(
    body: Json,
    rows: list[_Row],
    listing: _Listing[_Row],
    matches: Callable[[_Row, Json, float], bool],
    render: Callable[[_Row, float], Json],
    now: float,
) -> Reply:
    """Answer a ``…/search`` RPC: filter (AND), sort, page and render ``rows``.

    Args:
        body: The request (``pagination``, ``sortingColumn``, ``filters``).
        rows: Every candidate, in creation order.
        listing: The RPC's sorting; a column without a key (unspecified, the creation date)
            sorts by creation, which keeps paging stable.
        matches: Whether a row passes one filter at ``now`` (raises for an unknown filter).
        render: A row's JSON at ``now``.
        now: The instance clock's time.

    Returns:
        ``{pagination, <listing.key>}``.
    """
    offset, limit, asc = _pagination(body)
    wanted = _enum(_field(body, "sortingColumn", "sorting_column"), listing.columns)
    column = listing.sort_keys.get(wanted, _created)
    for item in _filters(body):
        rows = [row for row in rows if matches(row, item, now)]
    # Ties (equal dates on a frozen clock) go by creation, so descending is exactly the reverse.
    ranked = sorted(enumerate(rows), key=lambda pair: (column(pair[1]), pair[0]), reverse=not asc)
    page = [render(row, now) for _, row in ranked[offset : offset + limit]]
    return Reply(200, _page(len(rows), limit, listing.key, page))


def _created(item: _Target | _PublicKey | _Execution) -> float:
    return item.created


def _check_id(value: str) -> None:
    if not 1 <= len(value) <= 200:
        raise _error(3, "invalid Id: value length must be between 1 and 200 runes, inclusive")


def _text(body: Json, key: str, message: str, longest: int) -> str | None:
    """An optional string field: ``None`` when absent, else checked against the proto's length."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _error(3, f"proto: invalid value for string field {key}")
    if not 1 <= len(value) <= longest:
        raise _error(
            3, f"invalid {message}: value length must be between 1 and {longest} runes, inclusive"
        )
    return value


def _target_type(body: Json) -> tuple[str | None, bool]:
    """``(oneof key, interruptOnError)`` of the target type given, ``(None, False)`` if none."""
    given = [key for key in _TARGET_TYPES if body.get(key) is not None]
    if len(given) > 1:
        raise _error(3, "proto: oneof target_type is already set")
    if not given:
        return None, False
    options = body[given[0]]
    if not isinstance(options, dict):
        raise _error(3, f"proto: syntax error: unexpected token for {given[0]}")
    interrupt = _field(options, "interruptOnError", "interrupt_on_error")
    if interrupt is not None and not isinstance(interrupt, bool):
        raise _error(3, "proto: invalid value for bool field interruptOnError")
    return given[0], given[0] != "restAsync" and bool(interrupt)


def _timeout(body: Json, zero_id: str) -> int | None:
    """The ``timeout`` in nanoseconds (``None`` when absent): > 0 and at most 270 s."""
    raw = body.get("timeout")
    if raw is None:
        return None
    nanos = _duration_ns(raw)
    if nanos > _MAX_TIMEOUT_NS:
        raise _error(3, "invalid Target.Timeout: value must be inside range [0s, 4m30s]")
    if nanos == 0:
        raise _error(3, "Errors.Target.NoTimeout", zero_id)
    return nanos


def _uint(value: object, name: str) -> int:
    # uint64 arrive as JSON numbers or strings; a negative or fractional one is a decode error.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _error(3, f"proto: invalid value for uint field {name}")
    text = str(value)
    if not text.isdigit():
        raise _error(3, f"proto: invalid value for uint field {name}")
    return int(text)


def _pagination(body: Json) -> tuple[int, int, bool]:
    """``(offset, limit, asc)`` of a ``PaginationRequest`` (limit 0 → the default 100)."""
    raw = body.get("pagination")
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise _error(3, "proto: syntax error: unexpected token for PaginationRequest")
    offset = _uint(raw.get("offset", 0), "offset")
    limit = _uint(raw.get("limit", 0), "limit")
    if limit > _MAX_LIMIT:
        raise _error(
            3, f"Errors.Query.LimitExceeded (given: {limit}, allowed: {_MAX_LIMIT})", "QUERY-4M0fs"
        )
    return offset, limit or _DEFAULT_LIMIT, raw.get("asc") is True


def _filters(body: Json) -> list[Json]:
    items = body.get("filters", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) and i for i in items):
        raise _error(3, "List.Query.Invalid", "GRPC-vR9nC")
    return items


def _page(total: int, limit: int, key: str, items: list[Json]) -> Json:
    # uint64s are strings; protojson leaves zero values and empty lists out.
    pagination: Json = {"appliedLimit": str(limit)}
    if total:
        pagination = {"totalResult": str(total), **pagination}
    body: Json = {"pagination": pagination}
    if items:
        body[key] = items
    return body


def _text_filter(value: str, spec: Json, key: str) -> bool:
    wanted = spec.get(key, "")
    if not isinstance(wanted, str) or len(wanted) > 200:
        raise _error(3, f"invalid {key}: value length must be at most 200 runes")
    return _text_match(value, wanted, _enum(spec.get("method", 0), _TEXT_METHODS))


def _target_matches(target: _Target, item: Json, now: float) -> bool:
    by_name = _field(item, "targetNameFilter", "target_name_filter")
    by_ids = _field(item, "inTargetIdsFilter", "in_target_ids_filter")
    if isinstance(by_name, dict):
        return _text_filter(target.name, by_name, "targetName")
    if isinstance(by_ids, dict):
        return target.id in _strings(_field(by_ids, "targetIds", "target_ids"))
    raise _error(3, "List.Query.Invalid", "GRPC-vR9nC")


def _execution_matches(execution: _Execution, item: Json, now: float) -> bool:
    by_condition = _field(item, "inConditionsFilter", "in_conditions_filter")
    by_type = _field(item, "executionTypeFilter", "execution_type_filter")
    by_target = _field(item, "targetFilter", "target_filter")
    if isinstance(by_condition, dict):
        wanted = by_condition.get("conditions", [])
        if not isinstance(wanted, list):
            raise _error(3, "List.Query.Invalid", "GRPC-vR9nC")
        key = _condition_key(execution.condition)
        return any(_condition_key(_condition(c, check=False)) == key for c in wanted)
    if isinstance(by_type, dict):
        kind = _enum(_field(by_type, "executionType", "execution_type"), _EXECUTION_TYPES)
        return kind == 0 or next(iter(execution.condition)) == _EXECUTION_TYPES[kind][15:].lower()
    if isinstance(by_target, dict):
        return _field(by_target, "targetId", "target_id") in execution.targets
    raise _error(3, "List.Query.Invalid", "GRPC-vR9nC")


def _execution_json(execution: _Execution, now: float) -> Json:
    return {
        "condition": execution.condition,
        "creationDate": _timestamp(execution.created),
        "changeDate": _timestamp(execution.changed),
        "targets": list(execution.targets),
    }


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(3, "proto: invalid value for repeated string field")
    return value


# ---------------------------------------------------------------------- conditions


def _services() -> set[str]:
    return {method[1:].partition("/")[0] for method in EXECUTION_METHODS}


def _groups() -> set[str]:
    groups: set[str] = set()
    for event in EVENT_TYPES:
        parts = event.split(".")
        groups.update(".".join(parts[:n]) for n in range(1, len(parts)))
    return groups


_KNOWN: Mapping[str, Callable[[], Iterable[str]]] = {
    "method": lambda: EXECUTION_METHODS,
    "service": _services,
    "name": lambda: EXECUTION_FUNCTIONS,
    "event": lambda: EVENT_TYPES,
    "group": _groups,
}
_UNKNOWN_IDS = {
    "method": "COMMAND-vysplsevt8",
    "service": "COMMAND-qu6dfhiioq",
    "event": "COMMAND-74aaqj8fv9",
    "group": "COMMAND-er5oneb5lz",
    "name": "COMMAND-cdy39t0ksr",
}
_INNER_KEYS = {
    "request": ("method", "service", "all"),
    "response": ("method", "service", "all"),
    "event": ("event", "group", "all"),
    "function": ("name",),
}


def _condition(raw: object, *, check: bool = True) -> Json:
    """Validate a wire ``Condition`` and return it in canonical form (one type, one inner key).

    Args:
        raw: The decoded ``condition`` value.
        check: Also require the named method/service/event/group/function to exist (404).

    Returns:
        The canonical condition, e.g. ``{"event": {"group": "user.human"}}``.
    """
    if not isinstance(raw, dict) or not raw:
        raise _error(3, "Errors.Execution.ConditionInvalid", "ACTION-5r5Ju")
    kinds = [key for key in _INNER_KEYS if raw.get(key) is not None]
    if len(kinds) != 1:
        raise _error(3, "Errors.Execution.ConditionInvalid", "ACTION-5r5Ju")
    kind = kinds[0]
    inner = raw[kind]
    if not isinstance(inner, dict):
        raise _error(3, f"proto: syntax error: unexpected token for {kind}")
    given = [key for key in _INNER_KEYS[kind] if inner.get(key) not in (None, "", False)]
    if inner.get("all") is False:
        raise _error(3, "invalid Condition.All: value must equal true")
    if len(given) != 1:
        raise _error(3, "Errors.Execution.Invalid", "COMMAND-3tkej630e6")
    key = given[0]
    value = inner[key]
    if key == "all":
        return {kind: {"all": True}}
    if not isinstance(value, str) or len(value) > 1000:
        raise _error(3, f"invalid Condition.{key}: value length must be between 1 and 1000 runes")
    if key == "group":
        value = value.removesuffix(".*")  # the server stores groups with ".*" and lists them bare
    if check and value not in _KNOWN[key]():
        raise _error(5, "Errors.Execution.ConditionInvalid", _UNKNOWN_IDS[key])
    return {kind: {key: value}}


def _condition_key(condition: Json) -> str:
    """One string per condition (the real server's execution id has the same shape)."""
    kind, inner = next(iter(condition.items()))
    key, value = next(iter(inner.items()))
    return f"{kind}/{key}/{'' if value is True else value}"


# ---------------------------------------------------------------------- public keys


def _public_key(raw: object) -> tuple[bytes, str]:
    """Decode ``publicKey`` (base64 of a PEM ``PUBLIC KEY``): ``(pem, "SHA256:<fingerprint>")``."""
    if not isinstance(raw, str) or not raw:
        raise _error(3, "invalid AddPublicKeyRequest.PublicKey: value length must be at least 1")
    try:
        pem = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise _error(3, "proto: invalid value for bytes field publicKey") from None
    if not 1 <= len(pem) <= 8192:
        raise _error(3, "invalid AddPublicKeyRequest.PublicKey: value length must be 1-8192 bytes")
    match = _PEM.match(pem.decode("ascii", "replace"))
    try:
        der = base64.b64decode("".join(match[1].split()), validate=True) if match else b""
    except (binascii.Error, ValueError):
        der = b""
    # Only the algorithm is checked (RSA or EC), not the key material: enough for an emulator.
    if not any(oid in der[:32] for oid in _KEY_ALGORITHMS):
        raise _error(3, "Errors.Target.PublicKey.Invalid: an RSA or EC public key in PEM is needed")
    digest = base64.b64encode(hashlib.sha256(der).digest()).decode("ascii").rstrip("=")
    return pem, f"SHA256:{digest}"


def _parse_timestamp(raw: object, name: str) -> float:
    match = _TIMESTAMP.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise _error(3, f"proto: invalid google.protobuf.Timestamp value for {name}")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return moment.timestamp() + float(f"0.{match[7] or 0}")


def _expired(key: _PublicKey, now: float) -> bool:
    return key.expiration is not None and key.expiration <= now


def _key_json(key: _PublicKey, now: float) -> Json:
    body: Json = {"keyId": key.key_id}
    # An expired key deactivates automatically; protojson omits a false bool.
    if key.active and not _expired(key, now):
        body["active"] = True
    body["publicKey"] = base64.b64encode(key.pem).decode("ascii")
    body["fingerprint"] = key.fingerprint
    if key.expiration is not None:
        body["expirationDate"] = _timestamp(key.expiration)
    body["creationDate"] = _timestamp(key.created)
    body["changeDate"] = _timestamp(key.changed)
    return body


def _key_matches(key: _PublicKey, item: Json, now: float) -> bool:
    by_ids = _field(item, "keyIdsFilter", "key_ids_filter")
    if isinstance(by_ids, dict):
        return key.key_id in _strings(by_ids.get("ids"))
    if "activeFilter" in item or "active_filter" in item:
        wanted = _field(item, "activeFilter", "active_filter")
        active = key.active and not _expired(key, now)
        return active is (wanted is True)
    by_expiry = _field(item, "expirationDateFilter", "expiration_date_filter")
    if isinstance(by_expiry, dict):
        moment = _parse_timestamp(by_expiry.get("timestamp"), "expirationDateFilter.timestamp")
        method = _enum(by_expiry.get("method", 0), _TIMESTAMP_METHODS)
        if key.expiration is None:
            return False
        # The corrected mapping (converter_test.go): AFTER means "later than the timestamp".
        return {
            0: key.expiration == moment,
            1: key.expiration > moment,
            2: key.expiration >= moment,
            3: key.expiration < moment,
            4: key.expiration <= moment,
        }[method]
    raise _error(3, "List.Query.Invalid", "GRPC-vR9nC")


_TARGET_LISTING = _Listing[_Target](
    _TARGET_COLUMNS,
    {
        1: lambda t: int(t.id),
        3: lambda t: t.changed,
        4: lambda t: t.name,
        5: lambda t: _TARGET_TYPES.index(t.kind),
        6: lambda t: t.endpoint,
        7: lambda t: t.timeout_ns,
        8: lambda t: t.interrupt_on_error,
    },
    "targets",
)
_EXECUTION_LISTING = _Listing[_Execution](
    _EXECUTION_COLUMNS,
    {1: lambda e: _condition_key(e.condition), 3: lambda e: e.changed},
    "executions",
)
_KEY_LISTING = _Listing[_PublicKey](
    _KEY_COLUMNS, {2: lambda k: k.changed, 3: lambda k: k.expiration or 0.0}, "publicKeys"
)
