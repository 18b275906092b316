"""The ZITADEL provider: Management API v1 actions and flows, as pure plans.

ZITADEL's REST gateway speaks protojson: camelCase names, zero values left out, uint64 as strings
and durations as ``"10s"``. All of that is handled by :data:`ZITADEL_CONVERTER`, the only place in
the SDK where ZITADEL wire names appear.

ZITADEL refuses no-op writes (``UpdateAction`` with identical fields, ``SetTriggerActions`` with the
stored list, deactivating an inactive action) with ``FAILED_PRECONDITION``. The plans here read
first and skip the write when nothing would change, so the SDK's writes are idempotent for the
caller; a "no changes" refusal of a write that raced an identical one (or a retry whose first
attempt landed) is likewise taken as success.
"""

from __future__ import annotations

import base64
import copy
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, TypeVar, Unpack
from urllib.parse import quote

import attrs
import httpx

from actions_sdk._checks import (
    check_bool,
    check_count,
    check_credential,
    check_header_value,
    check_seconds,
    check_sequence,
    check_text,
    excerpt,
    path_segment,
)
from actions_sdk._keywords import keyword_signature
from actions_sdk._operation import Operation, Page, PageFetcher, Plan, single
from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import (
    ApiError,
    FailedPreconditionError,
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.bindings import BindingRef, BindingRefType
from actions_sdk.providers._base import (
    BindingFacts,
    Progress,
    Provider,
    binding_options,
    binding_update,
    content_differences,
    encode_path_id,
)
from actions_sdk.providers._converters import (
    decode,
    json_body,
)
from actions_sdk.providers._credentials import ZitadelCredentials
from actions_sdk.providers._oauth import decode_token_grant
from actions_sdk.providers.zitadel._auth import (
    _JWT_BEARER,
    _SCOPE,
    _TOKEN_PATH,
    ServiceAccountKey,
    jwt_assertion,
    load_key,
    split_domain,
)
from actions_sdk.providers.zitadel._bodies import (
    ActionBody,
    ActionNameQuery,
    ActionQuery,
    ActionStateQuery,
    EmptyBody,
    ListDetails,
    ListQuery,
    SearchActionsBody,
    SetTriggerActionsBody,
    Uint32,
)
from actions_sdk.providers.zitadel._converter import (
    ZITADEL_CONVERTER,
)
from actions_sdk.providers.zitadel._errors import parse_error
from actions_sdk.providers.zitadel.capabilities import V1_CAPABILITIES
from actions_sdk.providers.zitadel.models import (
    VALID_TRIGGERS,
    ActionState,
    Flow,
    FlowType,
    ObjectDetails,
    ZitadelAction,
    ZitadelBinding,
    ZitadelTrigger,
)
from actions_sdk.providers.zitadel.models_v2 import is_condition_text

if TYPE_CHECKING:
    # Types of the contract used only in annotations.
    from actions_sdk.providers._base import (
        BindingInput,
        CreateActionRequest,
        Differs,
        ListActionsRequest,
        TokenGrant,
        TriggerInput,
        UpdateActionRequest,
    )

__all__ = ["ZITADEL_CONVERTER", "ZitadelProvider"]

T = TypeVar("T")

_BASE: Final = "/management/v1"

# Limits enforced by the server (reference §5); checked here so bad input fails before sending.
_NAME_MAX: Final = 200
_SCRIPT_MAX_BYTES: Final = 40_000
_TIMEOUT_MAX: Final = timedelta(seconds=20)
# The largest page ListActions serves; also the default, so most organizations list in one
# request (fewer requests, and fewer page boundaries for concurrent writes to shift).
_LIMIT_MAX: Final = 1000
# ListActions without a sorting column has no ORDER BY on the server, so offset pages may repeat
# or skip rows; the id never changes, so ordering by it keeps offsets stable between pages.
_SORT_BY_ID: Final = "ACTION_FIELD_NAME_ID"
_EQUALS: Final = "TEXT_QUERY_METHOD_EQUALS"


# -- wire envelopes (response shapes that are not models of their own) ---------------------------


@attrs.frozen(kw_only=True)
class _ListActionsResponse:
    details: ListDetails | None = None
    result: tuple[ZitadelAction, ...] = ()


@attrs.frozen(kw_only=True)
class _GetActionResponse:
    action: ZitadelAction


@attrs.frozen(kw_only=True)
class _CreateActionResponse:
    id: str
    details: ObjectDetails | None = None


@attrs.frozen(kw_only=True)
class _GetFlowResponse:
    flow: Flow


def _decode(response: httpx.Response, cls: type[T]) -> T:
    # Envelopes ({"action": {...}}) already name their parts, so no label prefix is added.
    return decode(ZITADEL_CONVERTER, json_body(response), cls, response=response)


def _decode_action(response: httpx.Response) -> ZitadelAction:
    return _decode(response, _GetActionResponse).action


def _decode_flow(response: httpx.Response) -> Flow:
    return _decode(response, _GetFlowResponse).flow


def _decode_created_id(response: httpx.Response) -> str:
    return _decode(response, _CreateActionResponse).id


def _ignore(_: httpx.Response) -> None:
    return None


# "Already in that state" answers (FAILED_PRECONDITION): a concurrent identical write, or a retry
# of a write whose first attempt landed. The state the caller asked for holds, so they count as
# success.
_NO_CHANGE_IDS: Final = frozenset(
    {"ACTION-dg4t2", "COMMAND-Nfh52", "COMMAND-Dgj92", "COMMAND-J53zh"}
)


def _already_done(exc: BaseException) -> bool:
    return isinstance(exc, FailedPreconditionError) and exc.error_code in _NO_CHANGE_IDS


def _write(operation: Operation[None]) -> Generator[Operation[Any], Any, None]:
    """Yield a write whose "no changes" refusal means the desired state is already stored."""
    try:
        yield operation
    except FailedPreconditionError as exc:
        if not _already_done(exc):
            raise


# -- argument checks ----------------------------------------------------------------------------


def _check_name(name: object, field: str = "name") -> str:
    # The shared rule for names: text, not empty, not only white space, at most 200 characters.
    return check_text(name, field, max_length=_NAME_MAX)


def _check_code(code: object) -> str:
    if not isinstance(code, str) or not code:
        raise ValidationError("code (the script) must be a non-empty string", field="code")
    size = len(code.encode("utf-8"))
    if size > _SCRIPT_MAX_BYTES:
        raise ValidationError(
            f"code is {size} bytes in UTF-8; ZITADEL allows at most {_SCRIPT_MAX_BYTES}",
            field="code",
        )
    return code


def _check_timeout(value: object) -> timedelta:
    if isinstance(value, timedelta):
        delta = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # check_seconds compares before converting: 10**400 or 1e308 would overflow timedelta.
        seconds = check_seconds(
            value, "timeout", maximum=_TIMEOUT_MAX.total_seconds(), allow_zero=True
        )
        delta = timedelta(seconds=seconds)
    else:
        raise ValidationError(
            f"timeout must be a timedelta or a number of seconds, got {excerpt(value)}",
            field="timeout",
        )
    if not timedelta(0) <= delta <= _TIMEOUT_MAX:
        raise ValidationError(
            f"timeout must be between 0 and {_TIMEOUT_MAX.seconds} seconds, got {delta}",
            field="timeout",
        )
    return delta


def _check_per_page(per_page: int | Unset) -> int:
    return (
        _LIMIT_MAX if per_page is UNSET else check_count(per_page, "per_page", maximum=_LIMIT_MAX)
    )


def _check_state(state: object) -> ActionState:
    if isinstance(state, str):
        text = state.strip().upper()
        if text in ActionState.__members__:
            return ActionState.__members__[text]
        for member in ActionState:
            if member.value == text:
                return member
    raise ValidationError(
        f"state must be one of {', '.join(m.name.lower() for m in ActionState)}, "
        f"got {excerpt(state)}",
        field="state",
    )


_CHECKS: Final[Mapping[str, Callable[[Any], Any]]] = {
    "code": _check_code,
    "timeout": _check_timeout,
    "allowed_to_fail": lambda value: check_bool(value, "allowed_to_fail"),
}
"""The check of each option v1 supports (the capability table refuses every other one)."""


def _changes(request: CreateActionRequest | UpdateActionRequest) -> dict[str, Any]:
    """The request's options, each checked, by :class:`ZitadelAction` field name."""
    return {option: _CHECKS[option](value) for option, value in request.options.items()}


def _effective_timeout(value: timedelta) -> timedelta:
    # The server reads back a stored 0 (and anything >= the maximum) as the maximum, and compares
    # stored values on update; comparing effective values avoids a spurious write.
    return _TIMEOUT_MAX if value == timedelta(0) or value >= _TIMEOUT_MAX else value


def _timeout_differs(action: ZitadelAction, wanted: object) -> bool:
    # As the server reads them back: a left-out or zero timeout is the maximum, 20 s.
    timeout = timedelta(0) if wanted is UNSET else _check_timeout(wanted)
    return _effective_timeout(action.timeout) != _effective_timeout(timeout)


_DIFFERS: Final[Differs] = {
    "code": lambda action, code: code is not UNSET and action.code != code,
    "timeout": _timeout_differs,
    # Left out means false: the create sends allowedToFail false.
    "allowed_to_fail": lambda action, wanted: action.allowed_to_fail != (wanted is True),
}
"""How a found action is compared with a create request (left-out code is not compared)."""


def _same_action(a: ZitadelAction, b: ZitadelAction) -> bool:
    return (
        a.name == b.name
        and a.code == b.code
        and a.allowed_to_fail == b.allowed_to_fail
        and _effective_timeout(a.timeout) == _effective_timeout(b.timeout)
    )


# -- provider ---------------------------------------------------------------------------------


class ZitadelProvider(Provider[ZitadelAction, ZitadelTrigger, ZitadelBinding]):
    """Translates SDK calls into ZITADEL Management API v1 requests.

    Exactly one authentication method must be given: a personal access token (``token``), a
    service account key for the JWT profile (``key_file`` or ``key``), or ``client_id`` with
    ``client_secret`` for client credentials. The JWT profile needs the ``zitadel`` extra
    (PyJWT and cryptography).

    Args:
        domain: The instance host, e.g. ``example.zitadel.cloud`` or ``localhost:8080``; requests go
            to ``https://{domain}`` unless ``domain`` itself carries a scheme
            (``http://localhost:8080``).
        **credentials: ``token`` (sent as is), ``key_file`` or ``key``, or ``client_id`` with
            ``client_secret``, and optionally ``org_id`` (the caller's own organization when
            ``None``): the keywords of
            :class:`~actions_sdk.providers._credentials.ZitadelCredentials`, documented there.
        issuer: The ``aud`` of JWT assertions; defaults to the base URL.
        clock: Returns the current UNIX time; injected for tests.

    Raises:
        ValidationError: If not exactly one authentication method is given, or the domain or the
            key is malformed.
    """

    name = "zitadel"
    capabilities = V1_CAPABILITIES
    live_on_save = True
    delete_cascades = True

    @keyword_signature(ZitadelCredentials)
    def __init__(
        self,
        domain: str,
        *,
        issuer: str | None = None,
        clock: Callable[[], float] = time.time,
        **credentials: Unpack[ZitadelCredentials],
    ) -> None:
        self._base_url, self._issuer = split_domain(domain, issuer)
        token, org_id = credentials.get("token"), credentials.get("org_id")
        key_file, key = credentials.get("key_file"), credentials.get("key")
        client_id, client_secret = credentials.get("client_id"), credentials.get("client_secret")
        given = [
            method
            for method, present in (
                ("token", token is not None),
                ("jwt_profile", key_file is not None or key is not None),
                ("client_credentials", client_id is not None or client_secret is not None),
            )
            if present
        ]
        if len(given) != 1:
            raise ValidationError(
                "give exactly one authentication method: token, key_file/key, or "
                f"client_id with client_secret (got {', '.join(given) or 'none'})",
                field="auth",
            )
        self._auth = given[0]
        self._token: str | None = None
        self._key: ServiceAccountKey | None = None
        self._client: tuple[str, str] | None = None
        if token is not None:
            # Sent as a header: visible ASCII only, and its value never shows in an error.
            self._token = check_credential(token, "token", header=True)
        elif self._auth == "jwt_profile":
            if key_file is not None and key is not None:
                raise ValidationError("give key_file or key, not both", field="key")
            self._key = load_key(key_file, key)
        else:
            self._client = (
                check_credential(client_id, "client_id"),
                check_credential(client_secret, "client_secret"),
            )
        self._org_id = _check_org(org_id)
        self._clock = clock

    def __repr__(self) -> str:
        # Deliberately only non-secret settings: reprs end up in logs and notebooks.
        return (
            f"ZitadelProvider(base_url={self._base_url!r}, auth={self._auth!r}, "
            f"org_id={self._org_id!r})"
        )

    @property
    def base_url(self) -> str:
        """The instance URL requests are sent to, e.g. ``https://example.zitadel.cloud``."""
        return self._base_url

    @property
    def org_id(self) -> str | None:
        """The organization sent as ``x-zitadel-orgid``, or ``None`` for the caller's own."""
        return self._org_id

    def with_org(self, org_id: str | None) -> ZitadelProvider:
        """Return a copy acting on another organization, with the same credentials.

        Args:
            org_id: The organization id, or ``None`` for the caller's own organization.

        Returns:
            The new provider; this one is unchanged.
        """
        clone = copy.copy(self)
        clone._org_id = _check_org(org_id)
        return clone

    # -- transport hooks -----------------------------------------------------------------

    def static_token(self) -> str | None:
        """Return the personal access token, when the provider was built with one."""
        return self._token

    def token_operation(self) -> Operation[TokenGrant] | None:
        """Describe the token request for the JWT profile or client credentials.

        Returns:
            The request, or ``None`` with a personal access token.

        Raises:
            MissingDependencyError: For the JWT profile without PyJWT/cryptography installed.
        """
        if self._key is not None:
            form = {
                "grant_type": _JWT_BEARER,
                "assertion": jwt_assertion(self._key, audience=self._issuer, now=self._clock()),
                "scope": _SCOPE,
            }
            headers: dict[str, str] = {}
        elif self._client is not None:
            client_id, client_secret = self._client
            pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
            basic = base64.b64encode(pair.encode("utf-8")).decode("ascii")
            form = {"grant_type": "client_credentials", "scope": _SCOPE}
            headers = {"Authorization": f"Basic {basic}"}
        else:
            return None
        # The org header is left off: the token endpoint is not organization-scoped.
        return Operation(
            method="POST",
            path=_TOKEN_PATH,
            form=form,
            headers=headers,
            decode=decode_token_grant,
            idempotent=True,
            authenticated=False,
            name="auth.token",
        )

    def parse_error(self, response: httpx.Response) -> ApiError:
        """Build the typed error for a grpc-gateway, Connect or OAuth error body.

        Args:
            response: The error response (body already read).

        Returns:
            The exception (see :func:`actions_sdk.providers.zitadel._errors.parse_error`).
        """
        return parse_error(response)

    # -- helpers -------------------------------------------------------------------------

    def _op(
        self,
        method: str,
        path: str,
        decode: Callable[[httpx.Response], T],
        *,
        name: str,
        json: Any = None,
        idempotent: bool = True,
    ) -> Operation[T]:
        headers = {"x-zitadel-orgid": self._org_id} if self._org_id else {}
        return Operation(
            method=method,
            path=_BASE + path,
            json=json,
            headers=headers,
            decode=decode,
            idempotent=idempotent,
            name=name,
        )

    def _get_action_op(self, encoded_id: str) -> Operation[ZitadelAction]:
        return self._op("GET", f"/actions/{encoded_id}", _decode_action, name="actions.get")

    def _get_flow_op(self, flow: FlowType) -> Operation[Flow]:
        return self._op("GET", f"/flows/{_flow_segment(flow)}", _decode_flow, name="flows.get")

    def _search_op(
        self, queries: Sequence[ActionQuery], offset: int, limit: int
    ) -> Operation[Page[ZitadelAction]]:
        def decode_page(response: httpx.Response) -> Page[ZitadelAction]:
            page = _decode(response, _ListActionsResponse)
            total = page.details.total_result if page.details else None
            end = offset + len(page.result)
            more = len(page.result) >= limit and (total is None or end < total)
            return Page(items=page.result, total=total, next_start=end if more else None)

        body = ZITADEL_CONVERTER.unstructure(
            SearchActionsBody(
                query=ListQuery(offset=offset, limit=Uint32(limit), asc=True),
                sorting_column=_SORT_BY_ID,
                queries=tuple(queries),
            )
        )
        # A search is a read even though it is a POST, so it is safe to retry.
        return self._op(
            "POST", "/actions/_search", decode_page, json=body, idempotent=True, name="actions.list"
        )

    # -- actions -------------------------------------------------------------------------

    def list_actions(self, request: ListActionsRequest) -> PageFetcher[ZitadelAction]:
        """Describe ``actions.list``: ``POST /actions/_search``, paged by offset.

        Pages are sorted by id (``sortingColumn: ACTION_FIELD_NAME_ID``): without a sorting
        column ZITADEL has no ORDER BY, and offset pages can repeat or skip actions. The page
        size defaults to the server's maximum, 1000, and an action a later page repeats (an
        insert or delete between two page requests shifts the offsets) is left out, so one walk
        never yields an id twice.

        Args:
            request: Filters; ``action_name`` (exact match) and ``state`` are supported.

        Returns:
            A fetcher taking the offset of the page (``None`` for the first).

        Raises:
            UnsupportedOperationError: For a filter :data:`.capabilities.V1_CAPABILITIES` lacks.
            ValidationError: For a ``per_page`` outside 1..1000 or a bad filter value.
        """
        self.refuse_options("actions.list", request.given())
        limit = _check_per_page(request.per_page)
        queries: list[ActionQuery] = []
        if request.action_name is not UNSET:
            queries.append(_name_query(request.action_name))
        if request.state is not UNSET:
            state = _check_state(request.state)
            queries.append(ActionQuery(action_state_query=ActionStateQuery(state=state.value)))

        seen: set[str] = set()

        def fetch(start: int | None) -> Plan[Page[ZitadelAction]]:
            if start is None:
                seen.clear()  # a new walk (the pager iterated again)
            page: Page[ZitadelAction] = yield self._search_op(queries, start or 0, limit)
            fresh = []
            for action in page.items:
                if action.id not in seen:
                    seen.add(action.id)
                    fresh.append(action)
            return attrs.evolve(page, items=tuple(fresh))

        return fetch

    def get_action(self, action_id: str) -> Plan[ZitadelAction]:
        """Describe ``actions.get``: ``GET /actions/{id}``.

        Args:
            action_id: The action's id.

        Returns:
            A one-step plan.
        """
        return single(self._get_action_op(encode_path_id(action_id, what="action_id")))

    def create_action(self, request: CreateActionRequest) -> Plan[ZitadelAction]:
        """Describe ``actions.create``: ``POST /actions``, then a GET for the full action.

        ``CreateAction`` answers only with the new id, so the plan reads the action back. A
        ``timeout`` left out is not sent; the server then applies its maximum (20 s).

        Args:
            request: Name, code and optionally ``timeout`` and ``allowed_to_fail``.

        Returns:
            A plan whose outcome is the created action.

        Raises:
            UnsupportedOperationError: For an option :data:`.capabilities.V1_CAPABILITIES` lacks.
            ValidationError: For a name, script or timeout outside ZITADEL's limits.
        """
        self.refuse_options("actions.create", request.options)
        changes = _changes(request)
        body = ZITADEL_CONVERTER.unstructure(
            ActionBody(
                name=_check_name(request.name),
                # No code is refused as an empty one is: ZITADEL needs a script.
                code=changes["code"] if "code" in changes else _check_code(""),
                timeout=changes.get("timeout", UNSET),
                # Sent even when false: protojson would leave a zero value out, the SDK says it.
                allowed_to_fail=changes.get("allowed_to_fail", False),
            )
        )
        # Not idempotent: a retried create whose first attempt landed gets 409 (name taken).
        create = self._op(
            "POST",
            "/actions",
            _decode_created_id,
            json=body,
            idempotent=False,
            name="actions.create",
        )

        def plan() -> Plan[ZitadelAction]:
            new_id: str = yield create
            # The server's id goes into the next path: "..", "" or "\ud800" is a DecodeError.
            encoded = path_segment(new_id, "id", source="server")
            action: ZitadelAction = yield self._get_action_op(encoded)
            return action

        return plan()

    def update_action(self, action_id: str, request: UpdateActionRequest) -> Plan[ZitadelAction]:
        """Describe ``actions.update`` as read, merge and (only if something changes) write.

        ZITADEL's ``PUT`` replaces all four fields and refuses an identical set, so the plan reads
        the action, merges the given fields, returns the current action when nothing changes,
        and otherwise writes all four fields and reads the action back (the ``PUT`` answer has
        no action in it).

        Args:
            action_id: The action's id.
            request: The fields to change; ``name``, ``code``, ``timeout`` and
                ``allowed_to_fail`` are supported.

        Returns:
            A plan whose outcome is the action after the update.

        Raises:
            UnsupportedOperationError: For a field :data:`.capabilities.V1_CAPABILITIES` lacks.
            ValidationError: For values outside ZITADEL's limits.
        """
        encoded = encode_path_id(action_id, what="action_id")
        self.refuse_options("actions.update", request.options)
        changes = _changes(request)
        if request.name is not UNSET:
            changes["name"] = _check_name(request.name)

        def plan() -> Plan[ZitadelAction]:
            current: ZitadelAction = yield self._get_action_op(encoded)
            merged = attrs.evolve(current, **changes)
            if _same_action(current, merged):
                return current
            body = ZITADEL_CONVERTER.unstructure(
                ActionBody(
                    name=merged.name,
                    code=merged.code,
                    timeout=merged.timeout,
                    allowed_to_fail=merged.allowed_to_fail,
                )
            )
            # PUT with the full field set: repeating it leaves the same state behind.
            yield from _write(
                self._op(
                    "PUT",
                    f"/actions/{encoded}",
                    _ignore,
                    json=body,
                    idempotent=True,
                    name="actions.update",
                )
            )
            updated: ZitadelAction = yield self._get_action_op(encoded)
            return updated

        return plan()

    def delete_action(self, action_id: str, *, force: bool) -> Plan[None]:
        """Describe ``actions.delete``: ``DELETE /actions/{id}``.

        ZITADEL always removes the action from every flow that references it, so ``force`` has
        nothing to add and is accepted for either value. A delete retried after its first attempt
        landed answers 404.

        Args:
            action_id: The action's id.
            force: Ignored (deletion always cascades out of flows).

        Returns:
            A one-step plan.
        """
        encoded = encode_path_id(action_id, what="action_id")
        return single(
            self._op(
                "DELETE", f"/actions/{encoded}", _ignore, idempotent=True, name="actions.delete"
            )
        )

    def deactivate_action(self, action_id: str) -> Plan[ZitadelAction]:
        """Describe ``actions.deactivate`` (``POST …/_deactivate``; see :meth:`_set_state`)."""
        return self._set_state(action_id, ActionState.INACTIVE, "_deactivate", "actions.deactivate")

    def reactivate_action(self, action_id: str) -> Plan[ZitadelAction]:
        """Describe ``actions.reactivate`` (``POST …/_reactivate``; see :meth:`_set_state`)."""
        return self._set_state(action_id, ActionState.ACTIVE, "_reactivate", "actions.reactivate")

    def _set_state(
        self, action_id: str, target: ActionState, verb: str, name: str
    ) -> Plan[ZitadelAction]:
        """Read the action; unless it is already in ``target``, ``POST /actions/{id}/{verb}``.

        The outcome is the action afterwards, read back after a write: the server refuses a
        transition to the current state, so an action already there is returned as it is.
        """
        encoded = encode_path_id(action_id, what="action_id")

        def plan() -> Plan[ZitadelAction]:
            current: ZitadelAction = yield self._get_action_op(encoded)
            # The server refuses a transition to the current state (FAILED_PRECONDITION).
            if current.state == target:
                return current
            yield from _write(
                self._op(
                    "POST",
                    f"/actions/{encoded}/{verb}",
                    _ignore,
                    json=ZITADEL_CONVERTER.unstructure(EmptyBody()),
                    idempotent=True,
                    name=name,
                )
            )
            updated: ZitadelAction = yield self._get_action_op(encoded)
            return updated

        return plan()

    # -- triggers and bindings -----------------------------------------------------------

    def list_triggers(self) -> Plan[list[ZitadelTrigger]]:
        """Describe ``actions.triggers.list``: every allowed (flow, trigger) pair, without I/O.

        Returns:
            A plan that yields nothing.
        """

        def plan() -> Plan[list[ZitadelTrigger]]:
            yield from ()
            return list(VALID_TRIGGERS)

        return plan()

    def list_bindings(
        self, trigger: TriggerInput, per_page: int | Unset
    ) -> PageFetcher[ZitadelBinding]:
        """Describe ``actions.triggers.bindings.list``: ``GET /flows/{flow}``, one trigger's group.

        The flow holds every binding at once, so the result is always a single page;
        ``per_page`` is validated but does not split it.

        Args:
            trigger: A :class:`ZitadelTrigger` or its text
                (``complement_token:pre_userinfo_creation``, ``2:4``).
            per_page: Checked to be within 1..1000.

        Returns:
            A fetcher whose single page lists the bindings in execution order.

        Raises:
            ValidationError: For an unknown or disallowed trigger.
        """
        resolved = _to_trigger(trigger)
        _flow_segment(resolved.flow)  # checked now: a bad flow fails before anything is sent
        _check_per_page(per_page)

        def fetch(start: int | None) -> Plan[Page[ZitadelBinding]]:
            flow: Flow = yield self._get_flow_op(resolved.flow)
            items = _bindings(resolved, flow)
            return Page(items=tuple(items), total=len(items), next_start=None)

        return fetch

    def update_bindings(
        self, trigger: TriggerInput, bindings: Sequence[BindingInput]
    ) -> Plan[list[ZitadelBinding]]:
        """Describe ``actions.triggers.bindings.update_many``: replace a trigger's ordered list.

        Action names are resolved to ids with one exact-name search each; then the flow is read
        and ``POST /flows/{flow}/trigger/{trigger}`` is sent only when the ordered id list
        differs (ZITADEL refuses an identical list). After a write the flow is read again, so the
        outcome is the server's stored list with full actions.

        Args:
            trigger: A :class:`ZitadelTrigger` or its text.
            bindings: The new list, in execution order: action ids, actions,
                :class:`BindingUpdate`, :class:`BindingRef` (by action id or name) or
                ``{"ref": {"type", "value"}}``; an empty list unbinds everything.

        Returns:
            A plan whose outcome is the trigger's bindings afterwards.

        Raises:
            ValidationError: For a bad trigger or item.
            UnsupportedOperationError: For binding ids, display names or secrets.
            NotFoundError: While the plan runs, when a name matches no action (synthesised from
                the empty search result, so it has no ``response``); nothing is written then.
        """
        resolved = _to_trigger(trigger)
        refs = [
            self._binding_ref(item, index)
            for index, item in enumerate(check_sequence(bindings, "bindings"))
        ]
        flow_path = (
            f"/flows/{_flow_segment(resolved.flow)}"
            f"/trigger/{path_segment(resolved.trigger_type.value, 'trigger.trigger_type')}"
        )

        def plan() -> Plan[list[ZitadelBinding]]:
            ids: list[str] = []
            by_name: dict[str, str] = {}
            for ref in refs:
                if ref.type == BindingRefType.ACTION_ID:
                    ids.append(ref.value)
                    continue
                if ref.value not in by_name:
                    page: Page[ZitadelAction] = yield self._search_op(
                        [_name_query(ref.value)], 0, 1
                    )
                    if not page.items:
                        raise NotFoundError(
                            f"no action named {excerpt(ref.value)} in this organization",
                            status_code=404,
                        )
                    by_name[ref.value] = page.items[0].id
                ids.append(by_name[ref.value])
            flow: Flow = yield self._get_flow_op(resolved.flow)
            current = _bindings(resolved, flow)
            if [b.action.id for b in current] == ids:
                return current
            yield from _write(
                self._op(
                    "POST",
                    flow_path,
                    _ignore,
                    json=ZITADEL_CONVERTER.unstructure(
                        SetTriggerActionsBody(action_ids=tuple(ids))
                    ),
                    idempotent=True,
                    name="actions.triggers.bindings.update_many",
                )
            )
            updated: Flow = yield self._get_flow_op(resolved.flow)
            return _bindings(resolved, updated)

        return plan()

    # -- hooks of the safe helpers -------------------------------------------------------

    def build_progress(self, action: ZitadelAction) -> Progress:
        """Report the action as built: ZITADEL runs a script as soon as it is saved.

        Args:
            action: The action as just fetched.

        Returns:
            Done, with the action's state as the status.
        """
        return Progress(status=str(action.state.name.lower()), done=True)

    def find_action_by_name(self, name: str) -> Plan[ZitadelAction | None]:
        """Describe ``POST /actions/_search`` with ``actionNameQuery`` EQUALS, limit 1.

        Args:
            name: The action name.

        Returns:
            A plan whose outcome is the action, or ``None``.
        """
        query = _name_query(name)

        def plan() -> Plan[ZitadelAction | None]:
            page: Page[ZitadelAction] = yield self._search_op([query], 0, 1)
            return next((action for action in page.items if action.name == name), None)

        return plan()

    def content_differences(self, action: ZitadelAction, request: CreateActionRequest) -> list[str]:
        """Compare name, script, timeout and allowed_to_fail (see :data:`_DIFFERS`)."""
        return content_differences(action, request, _DIFFERS)

    def binding_facts(self, binding: ZitadelBinding) -> BindingFacts:
        """Describe a binding by its action id: flows are ordered action ids, without names."""
        return BindingFacts(
            ref=BindingRef.by_action_id(binding.action.id),
            action_id=binding.action.id,
            action_name=binding.action.name,
        )

    def new_binding(
        self, action_id: str, display_name: str | None, secrets: Sequence[Any] | None
    ) -> BindingInput:
        """Build the item binding an action by id.

        Args:
            action_id: The action's id.
            display_name: Must be ``None``: ZITADEL bindings have no name.
            secrets: Must be ``None``: ZITADEL actions have no secrets.

        Returns:
            A :class:`~actions_sdk.models.bindings.BindingRef`.

        Raises:
            UnsupportedOperationError: For a display name or secrets.
        """
        given = binding_options(display_name, secrets)
        self.refuse_options("actions.triggers.bindings.add", given)
        return BindingRef.by_action_id(action_id)

    def _binding_ref(self, item: BindingInput, index: int) -> BindingRef:
        operation = "actions.triggers.bindings.update_many"
        update = binding_update(item, index)  # the one normaliser; then what ZITADEL lacks
        self.refuse_options(operation, binding_options(update.display_name, update.secrets))
        if update.ref.type == BindingRefType.BINDING_ID:
            raise self.unsupported(
                f"{operation} by binding id", "refer to actions by id or name instead"
            )
        return update.ref


def _check_org(org_id: object) -> str | None:
    if org_id is None:
        return None
    if not isinstance(org_id, str) or not org_id:
        raise ValidationError("org_id must be a non-empty string or None", field="org_id")
    # Sent as the x-zitadel-orgid header: visible ASCII only (CR/LF, non-ASCII refused here).
    return check_header_value(org_id, "org_id")


def _name_query(name: object) -> ActionQuery:
    exact = ActionNameQuery(name=_check_name(name, "action_name"), method=_EQUALS)
    return ActionQuery(action_name_query=exact)


def _to_trigger(trigger: TriggerInput) -> ZitadelTrigger:
    if isinstance(trigger, ZitadelTrigger):
        return trigger
    if is_condition_text(trigger):
        raise UnsupportedOperationError(
            ZitadelProvider.name,
            "execution conditions",
            'they are ZITADEL Actions v2: build the client with for_zitadel(..., api="v2")',
        )
    if isinstance(trigger, str):
        return ZitadelTrigger.parse(trigger)
    raise ValidationError(
        f"trigger must be a ZitadelTrigger or text such as 'complement_token:"
        f"pre_access_token_creation', got {type(trigger).__name__}",
        field="trigger",
    )


def _flow_segment(flow: FlowType) -> str:
    # Through the one id encoder: an open-enum pseudo-member such as FlowType("") or
    # FlowType("..") skipped the trigger table and must not become an empty or dot segment.
    return path_segment(flow.value, "trigger.flow")


def _bindings(trigger: ZitadelTrigger, flow: Flow) -> list[ZitadelBinding]:
    return [
        ZitadelBinding(trigger=trigger, action=action)
        for action in flow.actions_for(trigger.trigger_type)
    ]
