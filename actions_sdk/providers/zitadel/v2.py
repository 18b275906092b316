"""The ZITADEL Actions v2 provider: targets, executions and public keys, as pure plans.

v2 (``zitadel.action.v2.ActionService``, REST under ``/v2/actions``) is instance-wide: no org
header, and the token needs instance permissions (IAM_OWNER holds ``action.target.*`` and
``action.execution.*``; an ORG_OWNER token gets 403 on every call). Through the SDK's namespaces
a *target* is the action, an *execution condition* the trigger, and the ordered targets of an
execution its bindings.

It shares the ZITADEL package's authentication (the v1 provider's constructor reads the
credentials, once), error parsing and protojson converter. Unlike v1, v2 answers no-op writes
with success (an identical ``UpdateTarget`` or ``SetExecution`` is 200, deleting a missing target
is 200), so no "no changes" refusal needs absorbing; the plans still compare before writing
(target order included: order is execution order, and ids are never sorted) to save a call.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar

import attrs
import httpx

from actions_sdk import errors
from actions_sdk._checks import (
    check_bool,
    check_http_url,
    check_seconds,
    check_sequence,
    check_text,
    excerpt,
    path_segment,
)
from actions_sdk._operation import Operation, Page, PageFetcher, Plan, single
from actions_sdk._retry import Landed, classify
from actions_sdk._types import UNSET, Unset
from actions_sdk.models.bindings import BindingRef, BindingRefType
from actions_sdk.providers._base import BindingFacts, Progress, Provider
from actions_sdk.providers._base import binding_options as _binding_options
from actions_sdk.providers._base import binding_update as _binding_update
from actions_sdk.providers.zitadel import _wire_v2 as w
from actions_sdk.providers.zitadel._bodies import EmptyBody, ListDetails
from actions_sdk.providers.zitadel._converter import ZITADEL_CONVERTER
from actions_sdk.providers.zitadel._errors import parse_error
from actions_sdk.providers.zitadel.capabilities import V2_CAPABILITIES
from actions_sdk.providers.zitadel.models import ZitadelTrigger
from actions_sdk.providers.zitadel.models_v2 import (
    ConditionScope,
    ConditionType,
    ExecutionCondition,
    PayloadType,
    TargetType,
    ZitadelExecutionBinding,
    ZitadelTarget,
    is_condition_text,
)

# One instance speaks both APIs: its page limit, decoding and page-size rule are v1's.
from actions_sdk.providers.zitadel.v1 import (
    _LIMIT_MAX,
    ZitadelProvider,
    _check_per_page,
    _decode,
    _ignore,
)

if TYPE_CHECKING:
    from actions_sdk.providers._base import (
        BindingInput,
        CreateActionRequest,
        ListActionsRequest,
        TokenGrant,
        TriggerInput,
        UpdateActionRequest,
    )
    from actions_sdk.providers.zitadel.models_v2 import PublicKey

__all__ = ["ZitadelV2Provider"]

T = TypeVar("T")
_Decoder: TypeAlias = Callable[[httpx.Response], T]

_BASE: Final = "/v2/actions"
# Every id a v2 request carries (target, key, filter ids) is 1–200 characters (reference §5).
_ID_MAX: Final = 200
_NAME_MAX: Final = 1000
_NAME_FILTER_MAX: Final = 200  # targetNameFilter is shorter than a name (reference §5)
_ENDPOINT_MAX: Final = 2048
_TIMEOUT_MAX: Final = 270.0
_PEM_MAX_BYTES: Final = 8192
_EQUALS: Final = "TEXT_FILTER_METHOD_EQUALS"
_ROTATE: Final = timedelta(0)  # expirationSigningKey "0s": the only value, rotates at once


# -- wire <-> models ----------------------------------------------------------------------------


def _target(wire: w.TargetWire) -> ZitadelTarget:
    # The target type is a oneof, so exactly one key is present; should an answer break that
    # rule, the first of async, call, webhook found wins.
    if wire.rest_async is not None:
        kind, flags = TargetType.ASYNC, w.RestFlags()
    elif wire.rest_call is not None:
        kind, flags = TargetType.CALL, wire.rest_call
    elif wire.rest_webhook is not None:
        kind, flags = TargetType.WEBHOOK, wire.rest_webhook
    else:
        raise errors.DecodeError(
            "cannot decode target: it has none of restWebhook, restCall, restAsync",
            field="target",
        )
    # The model's own fields, read from the wire target (a subclass), and the type folded in.
    fields = {field.name: getattr(wire, field.name) for field in _TARGET_FIELDS}
    fields.update(target_type=kind, interrupt_on_error=flags.interrupt_on_error)
    return ZitadelTarget(**fields)


_TARGET_FIELDS: Final = attrs.fields(ZitadelTarget)


def _type_fields(kind: TargetType, interrupt_on_error: bool) -> dict[str, Any]:
    flags = w.RestFlags(interrupt_on_error=interrupt_on_error)
    if kind == TargetType.ASYNC:
        return {"rest_async": EmptyBody()}
    if kind == TargetType.CALL:
        return {"rest_call": flags}
    return {"rest_webhook": flags}


def _public_key(key: PublicKey) -> PublicKey:
    """The key with its ``publicKey`` bytes (base64 on the wire) read back as PEM text."""
    try:
        pem = base64.b64decode(key.public_key, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise errors.DecodeError(
            "the server sent a publicKey that is not base64 of PEM text", field="publicKey"
        ) from None
    return attrs.evolve(key, public_key=pem)


_TYPE_KEYS: Final = frozenset({"rest_webhook", "rest_call", "rest_async"})


def _merged(current: ZitadelTarget, fields: Mapping[str, Any]) -> ZitadelTarget:
    """``current`` with the wire ``fields`` applied (what the server would store)."""
    merged = _target(
        w.TargetWire(
            id=current.id,
            name=fields.get("name", current.name),
            endpoint=fields.get("endpoint", current.endpoint),
            timeout=fields.get("timeout", current.timeout),
            payload_type=fields.get("payload_type", current.payload_type),
            **{key: value for key, value in fields.items() if key in _TYPE_KEYS},
        )
    )
    return attrs.evolve(
        merged,
        signing_key=current.signing_key,
        creation_date=current.creation_date,
        change_date=current.change_date,
    )


def _changed(
    current: ZitadelTarget, merged: ZitadelTarget, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """The wire fields whose value differs from ``current`` (UpdateTarget is partial)."""
    kind_changed = (merged.target_type, merged.interrupt_on_error) != (
        current.target_type,
        current.interrupt_on_error,
    )
    return {
        key: value
        for key, value in fields.items()
        if (kind_changed if key in _TYPE_KEYS else getattr(merged, key) != getattr(current, key))
    }


def _offset_page(
    items: tuple[T, ...], offset: int, limit: int, pagination: ListDetails | None
) -> Page[T]:
    """One page of an offset listing: loop until ``offset + n >= totalResult`` (reference §4.10).

    Without a ``pagination`` (an older server's ListPublicKeys) a short page is the last one.
    """
    end = offset + len(items)
    total = pagination.total_result if pagination is not None else None
    last = not items or (end >= total if total is not None else len(items) < limit)
    return Page(items=items, total=total, next_start=None if last else end)


# -- argument checks ----------------------------------------------------------------------------


def _segment(value: object, field: str, source: Literal["caller", "server"] = "caller") -> str:
    """One v2 id as a path segment: the shared encoder with v2's 200-character limit."""
    return path_segment(value, field, source=source, max_length=_ID_MAX)


def _check_name(value: object, field: str = "name") -> str:
    return check_text(value, field, max_length=_NAME_MAX)


def _check_endpoint(value: object) -> str:
    return check_http_url(
        value, "endpoint", max_length=_ENDPOINT_MAX, example="https://hooks.example.com/zitadel"
    )


def _check_timeout(value: object) -> timedelta:
    if isinstance(value, timedelta):
        seconds: object = value.total_seconds()
    else:
        seconds = value
    # check_seconds compares before converting (no overflow on 10**400); the server needs > 0.
    return timedelta(seconds=check_seconds(seconds, "timeout", maximum=_TIMEOUT_MAX))


def _check_enum(value: object, field: str, cls: type[Any], spellings: Mapping[str, Any]) -> Any:
    if isinstance(value, cls) and value.is_known:
        return value
    if isinstance(value, str) and value.strip().lower() in spellings:
        return spellings[value.strip().lower()]
    raise errors.ValidationError(
        f"{field} must be one of {', '.join(spellings)}, got {excerpt(value)}", field=field
    )


_TARGET_TYPES: Final = {member.value: member for member in TargetType}
_PAYLOAD_TYPES: Final = {member.name.lower(): member for member in PayloadType}


_SORT_COLUMNS: Final = {
    "id": "TARGET_FIELD_NAME_ID",
    "creation_date": None,  # the server's default (TARGET_FIELD_NAME_CREATED_DATE)
    "change_date": "TARGET_FIELD_NAME_CHANGED_DATE",
    "name": "TARGET_FIELD_NAME_NAME",
    "target_type": "TARGET_FIELD_NAME_TARGET_TYPE",
    "endpoint": "TARGET_FIELD_NAME_URL",
    "timeout": "TARGET_FIELD_NAME_TIMEOUT",
    "interrupt_on_error": "TARGET_FIELD_NAME_INTERRUPT_ON_ERROR",
}


def _sorting(sort_by: str | Unset) -> tuple[str | None, bool]:
    """The ``sortingColumn`` and ``asc`` of a ``sort_by`` (``"name"``, ``"-change_date"``)."""
    if sort_by is UNSET:
        return None, True
    text = sort_by if isinstance(sort_by, str) else ""
    key = text.removeprefix("-")
    if key not in _SORT_COLUMNS:
        raise errors.ValidationError(
            f"sort_by must be one of {', '.join(_SORT_COLUMNS)} (a leading '-' for descending), "
            f"got {excerpt(sort_by)}",
            field="sort_by",
        )
    return _SORT_COLUMNS[key], not text.startswith("-")


def _to_condition(trigger: TriggerInput) -> ExecutionCondition:
    if isinstance(trigger, ExecutionCondition):
        return trigger
    if isinstance(trigger, ZitadelTrigger) or (
        isinstance(trigger, str) and not is_condition_text(trigger) and _v1_trigger(trigger)
    ):
        raise errors.UnsupportedOperationError(
            ZitadelV2Provider.name,
            "v1 flow triggers",
            "v2 binds targets to execution conditions such as 'function:preaccesstoken' "
            "(docs/zitadel-v2.md maps each v1 flow to its condition)",
        )
    if isinstance(trigger, str):
        return ExecutionCondition.parse(trigger)
    raise errors.ValidationError(
        "condition must be an ExecutionCondition or text such as 'function:preaccesstoken', "
        f"got {type(trigger).__name__}",
        field="condition",
    )


def _v1_trigger(text: str) -> bool:
    try:
        ZitadelTrigger.parse(text)
    except errors.ValidationError:
        return False
    return True


def _pem(value: object) -> str:
    if isinstance(value, bytes):
        try:
            value = value.decode("ascii")
        except UnicodeDecodeError:
            raise errors.ValidationError(
                "public_key must be PEM text", field="public_key"
            ) from None
    text = check_text(value, "public_key")
    size = len(text.encode("utf-8"))
    if "-----BEGIN " not in text or size > _PEM_MAX_BYTES:
        raise errors.ValidationError(
            f"public_key must be a PEM public key (RSA or EC) of at most {_PEM_MAX_BYTES} bytes",
            field="public_key",
        )
    return text


# -- provider -----------------------------------------------------------------------------------


class ZitadelV2Provider(Provider[ZitadelTarget, ExecutionCondition, ZitadelExecutionBinding]):
    """Translates SDK calls into ZITADEL Actions v2 requests (``/v2/actions``).

    Takes the credentials of :class:`~actions_sdk.providers.zitadel.v1.ZitadelProvider` (one
    of a personal access token, a service-account key, or client credentials) but no
    ``org_id``: v2 is instance-wide.

    Args:
        domain: The instance host or URL.
        **credentials: ``token``, ``key_file`` / ``key``, or ``client_id`` + ``client_secret``;
            ``issuer`` and ``clock`` as for the v1 provider.

    Raises:
        ValidationError: Not exactly one authentication method, or a malformed domain or key.
    """

    name = "zitadel-v2"
    capabilities = V2_CAPABILITIES
    live_on_save = True
    delete_cascades = True

    def __init__(self, domain: str, **credentials: Any) -> None:
        # The one reader of ZITADEL credentials (and their checks) is the v1 provider; v2 asks
        # it for tokens and error parsing and sends no org header.
        self._auth = ZitadelProvider(domain, **credentials)
        if credentials.get("org_id") is not None:
            # v2 is instance-wide: an organization would be dropped without a word. The hint is
            # the table's, the same reason as for with_options(org_id=...).
            entry = self.capabilities["with_options(org_id=)"]
            raise self.unsupported("for_zitadel(org_id=...)", getattr(entry, "hint", None))

    def __repr__(self) -> str:
        return f"ZitadelV2Provider(base_url={self.base_url!r}, auth={self._auth._auth!r})"

    @property
    def base_url(self) -> str:
        """The instance URL requests are sent to."""
        return self._auth.base_url

    # -- transport hooks -----------------------------------------------------------------

    def static_token(self) -> str | None:
        """Return the personal access token, when given one."""
        return self._auth.static_token()

    def token_operation(self) -> Operation[TokenGrant] | None:
        """Describe the token request (JWT profile or client credentials), as for v1."""
        return self._auth.token_operation()

    def parse_error(self, response: httpx.Response) -> errors.ApiError:
        """Build the typed error of an error answer with the one ZITADEL parser (as v1)."""
        return parse_error(response)

    # -- operations ------------------------------------------------------------------------

    def _op(self, method: str, path: str, decode: _Decoder[T], **extra: Any) -> Operation[T]:
        # No org header: v2 is instance-wide. A body model goes out through the one converter;
        # ``extra`` is the rest of the Operation (name, idempotent).
        body = extra.pop("body", None)
        json = None if body is None else ZITADEL_CONVERTER.unstructure(body)
        return Operation(method=method, path=_BASE + path, json=json, decode=decode, **extra)

    def _get_op(self, segment: str) -> Operation[ZitadelTarget]:
        def decode_target(response: httpx.Response) -> ZitadelTarget:
            target = _decode(response, w.Answer).target
            if target is None:
                raise errors.DecodeError(
                    "cannot decode target: the answer has none", field="target", response=response
                )
            return _target(target)

        return self._op("GET", f"/targets/{segment}", decode_target, name="actions.get")

    def _search_op(
        self,
        filters: Sequence[w.JsonObject],
        offset: int,
        limit: int,
        column: str | None = None,
        ascending: bool = True,
    ) -> Operation[Page[ZitadelTarget]]:
        def decode_page(response: httpx.Response) -> Page[ZitadelTarget]:
            page = _decode(response, w.Answer)
            items = tuple(_target(target) for target in page.targets)
            return _offset_page(items, offset, limit, page.pagination)

        # By default ascending by creation date (the server's column when none is sent): a
        # target created while paging lands after the pages already read, not in between.
        body = w.SearchBody.page(offset, limit, filters, ascending=ascending, sorting_column=column)
        # A search is a read although it is a POST: safe to retry.
        return self._op("POST", "/targets/search", decode_page, body=body, name="actions.list")

    def _name_filter(self, name: object) -> w.JsonObject:
        # The method is always sent: an exact EQUALS match.
        exact = check_text(name, "action_name", max_length=_NAME_FILTER_MAX)
        return w.search_filter("target_name_filter", target_name=exact, method=_EQUALS)

    def list_actions(self, request: ListActionsRequest) -> PageFetcher[ZitadelTarget]:
        """Describe ``actions.list`` (ListTargets), paged by offset until ``totalResult``.

        A target a later page repeats (a delete between two pages shifts the offsets) is left
        out, so one walk never yields an id twice.

        Args:
            request: Filters; ``action_name`` (exact) and ``per_page`` (1–1000, default 1000).

        Returns:
            A fetcher taking the offset of the page (``None`` for the first).

        Raises:
            UnsupportedOperationError: A filter v2 lacks.
            ValidationError: A bad page size or name.
        """
        self.refuse_options("actions.list", request.given())
        limit = _check_per_page(request.per_page)
        filters = [] if request.action_name is UNSET else [self._name_filter(request.action_name)]
        if request.ids is not UNSET:
            ids = tuple(
                check_text(i, f"ids[{n}]", max_length=_ID_MAX)
                for n, i in enumerate(check_sequence(request.ids, "ids"))
            )
            filters.append(w.search_filter("in_target_ids_filter", target_ids=ids))
        column, ascending = _sorting(request.sort_by)
        seen: set[str] = set()

        def fetch(start: int | None) -> Plan[Page[ZitadelTarget]]:
            if start is None:
                seen.clear()
            page: Page[ZitadelTarget] = yield self._search_op(
                filters, start or 0, limit, column, ascending
            )
            fresh = [target for target in page.items if target.id not in seen]
            seen.update(target.id for target in fresh)
            return attrs.evolve(page, items=tuple(fresh))

        return fetch

    def get_action(self, action_id: str) -> Plan[ZitadelTarget]:
        """Describe ``actions.get``: one GetTarget, ``GET /v2/actions/targets/{action_id}``."""
        return single(self._get_op(_segment(action_id, "action_id")))

    def _fields(self, given: Mapping[str, Any], current: ZitadelTarget | None) -> dict[str, Any]:
        """Check the given target options; the wire fields (snake_case proto names) they set."""
        fields: dict[str, Any] = {}
        if "name" in given:
            fields["name"] = _check_name(given["name"])
        if "endpoint" in given:
            fields["endpoint"] = _check_endpoint(given["endpoint"])
        if "timeout" in given:
            fields["timeout"] = _check_timeout(given["timeout"])
        if "payload_type" in given:
            fields["payload_type"] = _check_enum(
                given["payload_type"], "payload_type", PayloadType, _PAYLOAD_TYPES
            )
        kind = current.target_type if current is not None else None
        if "target_type" in given:
            kind = _check_enum(given["target_type"], "target_type", TargetType, _TARGET_TYPES)
        interrupt = current.interrupt_on_error if current is not None else False
        if "interrupt_on_error" in given:
            interrupt = check_bool(given["interrupt_on_error"], "interrupt_on_error")
            if kind == TargetType.ASYNC and interrupt:
                raise errors.ValidationError(
                    "interrupt_on_error needs a webhook or call target: async targets are not "
                    "waited for",
                    field="interrupt_on_error",
                )
        if kind is None:
            raise errors.ValidationError(
                "target_type is required: webhook, call or async", field="target_type"
            )
        if kind == TargetType.ASYNC:
            interrupt = False  # the server resets it when a target becomes async
        fields.update(_type_fields(kind, interrupt))
        return fields

    def create_action(self, request: CreateActionRequest) -> Plan[ZitadelTarget]:
        """Describe ``actions.create`` (CreateTarget), then GetTarget for the whole target.

        ``endpoint``, ``target_type`` and ``timeout`` are required (the server refuses a target
        without a type or with no timeout); ``interrupt_on_error`` and ``payload_type`` are
        optional (JSON by default).

        Args:
            request: The name and the target's options.

        Returns:
            A plan whose outcome is the created target.

        Raises:
            UnsupportedOperationError: An option v2 lacks (``code``, ``allowed_to_fail``, ...).
            ValidationError: A missing or invalid option.
        """
        self.refuse_options("actions.create", request.options)
        given = dict(request.options)
        for required in ("endpoint", "timeout"):
            if required not in given:
                raise errors.ValidationError(
                    f"{required} is required to create a ZITADEL v2 target", field=required
                )
        fields = self._fields({**given, "name": request.name}, None)
        create = self._op(
            "POST",
            "/targets",
            lambda response: _decode(response, w.Answer).id,
            body=w.protojson(**fields),
            # A repeat after a landed create gets 409 (names are unique): the safe create
            # settles a lost answer by looking the name up instead.
            idempotent=False,
            name="actions.create",
        )

        def plan() -> Plan[ZitadelTarget]:
            new_id: str = yield create
            target: ZitadelTarget = yield self._get_op(_segment(new_id, "id", source="server"))
            return target

        return plan()

    def update_action(self, action_id: str, request: UpdateActionRequest) -> Plan[ZitadelTarget]:
        """Describe ``actions.update``: read, send only the changed fields, read back.

        UpdateTarget is a real partial update and a no-op answers 200; the target is still read
        first, so that ``interrupt_on_error`` alone reaches the right type key and an unchanged
        request sends nothing.

        Args:
            action_id: The target's id.
            request: The fields to change.

        Returns:
            A plan whose outcome is the target afterwards.

        Raises:
            UnsupportedOperationError: An option v2 lacks.
            ValidationError: An invalid option.
        """
        segment = _segment(action_id, "action_id")
        self.refuse_options("actions.update", request.options)
        given = dict(request.options)
        if request.name is not UNSET:
            given["name"] = request.name
        probe = ZitadelTarget(id="-", target_type=TargetType.WEBHOOK)
        self._fields(given, probe)  # checks the values now: bad input fails before sending

        def plan() -> Plan[ZitadelTarget]:
            current: ZitadelTarget = yield self._get_op(segment)
            fields = self._fields(given, current)
            merged = _merged(current, fields)
            if merged == current:
                return current
            yield self._op(
                "POST",
                f"/targets/{segment}",
                _ignore,
                body=w.protojson(**_changed(current, merged, fields)),
                name="actions.update",
            )
            updated: ZitadelTarget = yield self._get_op(segment)
            return updated

        return plan()

    def delete_action(self, action_id: str, *, force: bool) -> Plan[None]:
        """Describe ``actions.delete`` (DeleteTarget); a missing target answers 200.

        ZITADEL removes the target from every execution itself, so ``force`` adds nothing.

        Args:
            action_id: The target's id.
            force: Ignored.

        Returns:
            A one-step plan.
        """
        segment = _segment(action_id, "action_id")
        return single(self._op("DELETE", f"/targets/{segment}", _ignore, name="actions.delete"))

    # -- executions ------------------------------------------------------------------------

    def list_triggers(self) -> Plan[list[ExecutionCondition]]:
        """Describe ``actions.triggers.list``: the conditions the server accepts.

        ListExecutionServices, ListExecutionMethods and ListExecutionFunctions, then request and
        response conditions for all / each service / each method, each function, and
        ``event:*`` (the API lists no events; ``event:<type>`` and ``event:<group>.*`` are
        accepted as given).

        Returns:
            A plan whose outcome is the conditions.
        """

        def plan() -> Plan[list[ExecutionCondition]]:
            names: dict[str, tuple[str, ...]] = {}
            for kind in ("services", "methods", "functions"):
                listing: w.Answer = yield self._op(
                    "GET",
                    f"/executions/{kind}",
                    lambda r: _decode(r, w.Answer),
                    name="actions.triggers.list",
                )
                names[kind] = getattr(listing, kind)
            conditions: list[ExecutionCondition] = []
            try:
                for call in (ConditionType.REQUEST, ConditionType.RESPONSE):
                    conditions.append(ExecutionCondition(call, ConditionScope.ALL))
                    conditions += [
                        ExecutionCondition(call, ConditionScope.SERVICE, s)
                        for s in names["services"]
                    ]
                    conditions += [
                        ExecutionCondition(call, ConditionScope.METHOD, m) for m in names["methods"]
                    ]
                conditions += [ExecutionCondition.function(f) for f in names["functions"]]
            except errors.ValidationError as exc:
                raise errors.DecodeError(
                    f"the server listed an unusable condition: {exc}"
                ) from None
            conditions.append(ExecutionCondition.event())
            return conditions

        return plan()

    def list_bound_triggers(self) -> Plan[list[ExecutionCondition]]:
        """Describe ``actions.triggers.bound``: ListExecutions without a filter, every page.

        The API lists only executions that have targets, and ``triggers.list`` cannot name
        every event condition, so this is the one way to find every bound condition (one
        search per 1000 executions instead of one per condition).

        Returns:
            A plan whose outcome is the conditions, in the server's order, each once.
        """

        def plan() -> Plan[list[ExecutionCondition]]:
            found: dict[str, ExecutionCondition] = {}
            offset: int | None = 0
            while offset is not None:
                page: Page[w.ExecutionWire] = yield self._executions_page_op(offset)
                # A condition a later page repeats (an execution removed between two pages
                # shifts the offsets) is kept once; an empty one is not bound.
                found.update((str(e.condition), e.condition) for e in page.items if e.targets)
                offset = page.next_start
            return list(found.values())

        return plan()

    def _executions_page_op(self, offset: int) -> Operation[Page[w.ExecutionWire]]:
        def decode_page(response: httpx.Response) -> Page[w.ExecutionWire]:
            page = _decode(response, w.Answer)
            return _offset_page(page.executions, offset, _LIMIT_MAX, page.pagination)

        body = w.SearchBody.page(offset, _LIMIT_MAX)
        # A search is a read although it is a POST: safe to retry.
        return self._op(
            "POST", "/executions/search", decode_page, body=body, name="actions.triggers.bound"
        )

    def _execution_op(self, condition: ExecutionCondition) -> Operation[tuple[str, ...] | None]:
        def decode_execution(response: httpx.Response) -> tuple[str, ...] | None:
            listing = _decode(response, w.Answer)
            for execution in listing.executions:
                if execution.condition == condition:
                    return execution.targets
            return None  # ListExecutions omits executions without targets

        # inConditionsFilter: the exact lookup of executions by condition.
        lookup = w.search_filter("in_conditions_filter", conditions=(condition,))
        body = w.SearchBody.page(0, _LIMIT_MAX, [lookup])
        return self._op(
            "POST", "/executions/search", decode_execution, body=body, name="executions.list"
        )

    def _bindings(
        self, condition: ExecutionCondition, ids: Sequence[str]
    ) -> Plan[list[ZitadelExecutionBinding]]:
        """The bindings of ``ids`` in their order, each with its target read by id."""
        found: dict[str, ZitadelTarget] = {}
        wanted = list(dict.fromkeys(ids))
        offset: int | None = 0
        while wanted and offset is not None:
            in_ids = w.search_filter("in_target_ids_filter", target_ids=tuple(wanted))
            page: Page[ZitadelTarget] = yield self._search_op([in_ids], offset, _LIMIT_MAX)
            found.update((target.id, target) for target in page.items)
            offset = page.next_start
        return [
            ZitadelExecutionBinding(condition=condition, target=found.get(i, ZitadelTarget(id=i)))
            for i in ids
        ]

    def list_bindings(
        self, trigger: TriggerInput, per_page: int | Unset
    ) -> PageFetcher[ZitadelExecutionBinding]:
        """Describe ``actions.triggers.bindings.list``: one execution's targets, in order.

        ListExecutions with ``inConditionsFilter`` for the condition, then ListTargets with
        ``inTargetIdsFilter`` for the targets. A single page: an execution holds its whole list.

        Args:
            trigger: An :class:`ExecutionCondition` or its text (``function:preaccesstoken``).
            per_page: Checked to be within 1..1000.

        Returns:
            A fetcher whose single page lists the bindings in execution order.

        Raises:
            ValidationError: An invalid condition.
        """
        condition = _to_condition(trigger)
        _check_per_page(per_page)

        def fetch(start: int | None) -> Plan[Page[ZitadelExecutionBinding]]:
            ids = yield self._execution_op(condition)
            items = yield from self._bindings(condition, ids or ())
            return Page(items=tuple(items), total=len(items), next_start=None)

        return fetch

    def update_bindings(
        self, trigger: TriggerInput, bindings: Sequence[BindingInput]
    ) -> Plan[list[ZitadelExecutionBinding]]:
        """Describe ``actions.triggers.bindings.update_many`` (SetExecution), order preserved.

        Names are resolved to ids (ListTargets by name); the execution is read and
        ``PUT /v2/actions/executions`` sent only when the ordered ids differ; ``[]`` removes the
        execution. The ids are sent in the caller's order, never sorted: order is call order.
        An unknown condition or target answers 404 (``NotFoundError``).

        Args:
            trigger: An :class:`ExecutionCondition` or its text.
            bindings: ZitadelTarget ids, targets, ``BindingRef`` (by id or name) or
                ``{"ref": {...}}``, in execution order.

        Returns:
            A plan whose outcome is the execution's bindings afterwards.

        Raises:
            ValidationError: An invalid condition or item.
            UnsupportedOperationError: ZitadelExecutionBinding ids, display names or secrets.
        """
        condition = _to_condition(trigger)
        refs = [
            self._binding_ref(item, index)
            for index, item in enumerate(check_sequence(bindings, "bindings"))
        ]

        def plan() -> Plan[list[ZitadelExecutionBinding]]:
            ids: list[str] = []
            for ref in refs:
                if ref.type == BindingRefType.ACTION_NAME:
                    found = yield from self.find_action_by_name(ref.value)
                    if found is None:
                        raise errors.NotFoundError(
                            f"no target is named {excerpt(ref.value)}", status_code=404
                        )
                    ids.append(found.id)
                else:
                    ids.append(ref.value)
            current = yield self._execution_op(condition)
            if list(current or ()) != ids:
                body = w.SetExecutionBody(condition=condition, targets=tuple(ids))
                # SetExecution replaces the whole list: repeating it leaves the same state.
                yield self._op(
                    "PUT",
                    "/executions",
                    _ignore,
                    body=body,
                    name="actions.triggers.bindings.update_many",
                )
            return (yield from self._bindings(condition, ids))

        return plan()

    def _binding_ref(self, item: BindingInput, index: int) -> BindingRef:
        update = _binding_update(item, index)
        ref = update.ref
        # A binding id is refused like the options: v2 executions hold bare target ids.
        by_binding_id = ["binding_id"] if ref.type == BindingRefType.BINDING_ID else []
        given = [*_binding_options(update.display_name, update.secrets), *by_binding_id]
        self.refuse_options("actions.triggers.bindings.update_many", given)
        if ref.type == BindingRefType.ACTION_ID:
            _segment(ref.value, f"bindings[{index}]")  # an id the server can take
        return ref

    # -- hooks of the safe helpers -------------------------------------------------------

    def build_progress(self, action: ZitadelTarget) -> Progress:
        """Report the target as built: it is live once saved.

        Args:
            action: The target as just fetched.

        Returns:
            Done.
        """
        return Progress(status="live", done=True)

    def find_action_by_name(self, name: str) -> Plan[ZitadelTarget | None]:
        """Describe ListTargets with ``targetNameFilter`` EQUALS (names are unique per instance).

        Args:
            name: The target's name.

        Returns:
            A plan whose outcome is the target, or ``None``.
        """
        exact = self._name_filter(name)

        def plan() -> Plan[ZitadelTarget | None]:
            page: Page[ZitadelTarget] = yield self._search_op([exact], 0, 1)
            return next((target for target in page.items if target.name == name), None)

        return plan()

    def content_differences(self, action: ZitadelTarget, request: CreateActionRequest) -> list[str]:
        """Compare a found target with a create request (after a lost create answer).

        Args:
            action: The target found under the requested name.
            request: The create request.

        Returns:
            The names of the differing options: ``name`` and ``target_type`` always, every other
            option only when the request gives it (timeouts compare in seconds).
        """
        fields = self._fields({**request.options, "name": request.name}, None)
        wanted = _target(w.TargetWire(id=action.id, **fields))
        return [
            name
            for name in (
                "name",
                "endpoint",
                "timeout",
                "target_type",
                "interrupt_on_error",
                "payload_type",
            )
            if name in request.options or name in {"name", "target_type"}
            if getattr(wanted, name) != getattr(action, name)
        ]

    def binding_facts(self, binding: ZitadelExecutionBinding) -> BindingFacts:
        """Describe a binding: executions are ordered target ids.

        Args:
            binding: One binding as listed.

        Returns:
            Its facts (the target's name when it could be read).
        """
        return BindingFacts(
            ref=BindingRef.by_action_id(binding.target.id),
            action_id=binding.target.id,
            action_name=binding.target.name or None,
        )

    def new_binding(
        self, action_id: str, display_name: str | None, secrets: Sequence[Any] | None
    ) -> BindingInput:
        """Build the item binding a target by id (bindings have no name or secrets).

        Args:
            action_id: The target's id.
            display_name: Must be ``None``.
            secrets: Must be ``None``.

        Returns:
            A :class:`~actions_sdk.models.bindings.BindingRef`.

        Raises:
            UnsupportedOperationError: For a display name or secrets.
        """
        return self._binding_ref(
            {
                "ref": {"type": "action_id", "value": action_id},
                "display_name": display_name,
                "secrets": secrets,
            },
            0,
        )

    # -- public keys and the signing key -------------------------------------------------

    def _keys_path(self, target_id: str, key_id: str | None = None) -> str:
        path = f"/targets/{_segment(target_id, 'target_id')}/publickeys"
        return path if key_id is None else f"{path}/{_segment(key_id, 'key_id')}"

    def _keys_op(
        self, target_id: str, offset: int, limit: int, key_ids: Sequence[str] = ()
    ) -> Operation[Page[PublicKey]]:
        def decode_keys(response: httpx.Response) -> Page[PublicKey]:
            listing = _decode(response, w.Answer)
            keys = tuple(_public_key(key) for key in listing.public_keys)
            return _offset_page(keys, offset, limit, listing.pagination)

        by_ids = w.search_filter("key_ids_filter", ids=tuple(key_ids))
        body = w.SearchBody.page(offset, limit, [by_ids] if key_ids else [])
        return self._op(
            "POST",
            f"{self._keys_path(target_id)}/search",
            decode_keys,
            body=body,
            name="actions.keys.list",
        )

    def list_public_keys(self, target_id: str, per_page: int | Unset) -> PageFetcher[PublicKey]:
        """Describe ``actions.keys.list`` (ListPublicKeys).

        Args:
            target_id: The target's id.
            per_page: 1–1000, default 1000.

        Returns:
            A fetcher by offset.
        """
        limit = _check_per_page(per_page)
        self._keys_path(target_id)  # checks the id now

        def fetch(start: int | None) -> Plan[Page[PublicKey]]:
            page: Page[PublicKey] = yield self._keys_op(target_id, start or 0, limit)
            return page

        return fetch

    def add_public_key(
        self, target_id: str, public_key: str | bytes, expiration: datetime | None
    ) -> Plan[PublicKey]:
        """Describe ``actions.keys.add`` (AddPublicKey), then the new key read back.

        New keys start inactive. AddPublicKey is not idempotent (a repeat adds a second key),
        so it is sent once; after a lost answer the target's keys are listed and the one with
        this PEM text is the outcome (the error is raised when none, or several, match).

        Args:
            target_id: The target's id.
            public_key: The PEM text (RSA or EC), at most 8192 bytes.
            expiration: When the key expires, or ``None``.

        Returns:
            A plan whose outcome is the key.
        """
        path = self._keys_path(target_id)
        pem = _pem(public_key)
        if expiration is not None and (
            not isinstance(expiration, datetime) or expiration.tzinfo is None
        ):
            raise errors.ValidationError(
                "expiration must be a timezone-aware datetime or None", field="expiration"
            )
        body = w.AddPublicKeyBody(
            public_key=base64.b64encode(pem.encode("utf-8")).decode("ascii"),
            expiration_date=expiration,
        )
        add = self._op(
            "POST",
            path,
            lambda response: _decode(response, w.Answer).key_id,
            body=body,
            idempotent=False,
            name="actions.keys.add",
        )

        def plan() -> Plan[PublicKey]:
            try:
                key_id: str = yield add
            except errors.ActionsSDKError as exc:
                # Sent once (a repeat would add a second key). When the answer was lost, the
                # key is looked for by its PEM text, as the reference's sync recipe says.
                if classify(exc).landed is not Landed.UNKNOWN:
                    raise
                listing: Page[PublicKey] = yield self._keys_op(target_id, 0, _LIMIT_MAX)
                added = [k for k in listing.items if k.public_key.strip() == pem.strip()]
                if len(added) != 1:
                    raise
                return added[0]
            _segment(key_id, "keyId", source="server")
            page: Page[PublicKey] = yield self._keys_op(target_id, 0, 1, [key_id])
            for key in page.items:
                if key.key_id == key_id:
                    return key
            raise errors.DecodeError(f"the new key {excerpt(key_id)} is not listed", field="keyId")

        return plan()

    def set_public_key_state(self, target_id: str, key_id: str, *, active: bool) -> Plan[None]:
        """Describe ``actions.keys.activate`` / ``deactivate`` (idempotent on the server).

        Args:
            target_id: The target's id.
            key_id: The key's id.
            active: Activate (deactivating the target's other keys) or deactivate.

        Returns:
            A one-step plan.
        """
        verb = "activate" if check_bool(active, "active") else "deactivate"
        path = f"{self._keys_path(target_id, key_id)}/{verb}"
        return single(self._op("POST", path, _ignore, name=f"actions.keys.{verb}"))

    def remove_public_key(self, target_id: str, key_id: str) -> Plan[None]:
        """Describe ``actions.keys.remove`` (RemovePublicKey; only an inactive key).

        Args:
            target_id: The target's id.
            key_id: The key's id.

        Returns:
            A one-step plan.
        """
        path = self._keys_path(target_id, key_id)
        return single(self._op("DELETE", path, _ignore, name="actions.keys.remove"))

    def rotate_signing_key(self, target_id: str) -> Plan[ZitadelTarget]:
        """Describe ``actions.keys.rotate_signing_key``: a new HMAC key at once, then GET.

        The old key stops being used immediately (longer grace periods are announced by
        ZITADEL, not implemented). A repeat rotates again, which leaves a valid key too.

        Args:
            target_id: The target's id.

        Returns:
            A plan whose outcome is the target with its new ``signing_key``.
        """
        segment = _segment(target_id, "target_id")

        def plan() -> Plan[ZitadelTarget]:
            yield self._op(
                "POST",
                f"/targets/{segment}",
                _ignore,
                body=w.protojson(expiration_signing_key=_ROTATE),
                name="actions.keys.rotate_signing_key",
            )
            target: ZitadelTarget = yield self._get_op(segment)
            return target

        return plan()
