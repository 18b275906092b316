"""Property-based runs over every public method of every vendor API, with hostile input.

Every public method of every namespace of a client (found by walking ``client.actions``, so a
method added later is covered without touching this file) is called with generated arguments —
good values mixed with wrong types, path-breaking ids, lone surrogates, huge numbers, values JSON
cannot carry — against a mock server that answers with generated, often hostile, responses:
ids such as ``..``, non-JSON and absurdly nested bodies, error statuses, broken rate-limit and
``Retry-After`` headers. Each example asserts that

(a) only errors of the SDK's tree (:class:`~actions_sdk.errors.ActionsSDKError`) escape;
(b) every request stays on the client's host and matches one of the vendor's routes, each id
    filling exactly one canonical percent-encoded segment that is never empty, ``.`` or ``..``;
(c) no credential or secret value (all carry the marker ``S3CRET``) appears in the result's
    repr, in any exception's message, repr or notes along its chain, or in a DEBUG log record.

Time never passes for real: the retry policy sleeps on a fake clock. A runaway plan (one that
would page or poll forever) is cut off by the mock server, which refuses every request after a
bound with a 400 and fails the example if the plan goes on regardless.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

from actions_sdk import AsyncManagementClient, ExecutionCondition, ManagementClient, RetryPolicy
from actions_sdk.errors import ActionsSDKError, ValidationError
from actions_sdk.models.auth0 import Dependency, ModuleRef, Secret
from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate
from actions_sdk.models.zitadel import FlowType, TriggerType, ZitadelTrigger
from actions_sdk.pagination import AsyncPager, SyncPager
from actions_sdk.providers import _converters
from actions_sdk.resources._base import AsyncResource, SyncResource
from actions_sdk.testing import ZitadelEmulator

MARK = "S3CRET"
TOKEN = f"tok-{MARK}-static"
CLIENT_SECRET = f"cs-{MARK}-client"
SECRET_VALUE = f"sv-{MARK}-value"
ISSUED_TOKEN = f"at-{MARK}-issued"


# A real key file, so a leak of any line of the private key would be caught below.
KEY = ZitadelEmulator().generate_service_account_key()
# A line from the middle of the private key: it must never show anywhere either.
KEY_LINE = KEY["key"].splitlines()[5]
# A public key of the same pair (ZITADEL v2 targets' public keys): harmless to show.
PUBLIC_PEM = (
    serialization.load_pem_private_key(KEY["key"].encode(), password=None)
    .public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)
# What a v2 server sends as a target's HMAC signing key: a secret, never to be shown.
SIGNING_KEY = f"sk-{MARK}-signing"

HOSTS = {"auth0": "tenant.example.com", "zitadel": "z.example.com", "zitadel-v2": "z2.example.com"}
# Every vendor API the client speaks: the walks below run on each.
VENDORS = list(HOSTS)
# Requests past this bound are refused with a 400; past RUNAWAY the example fails.
REQUEST_BOUND = 40
RUNAWAY = 200

# -- the vendors' routes ({} is one id segment) ---------------------------------------------

ROUTES = {
    "auth0": [
        "/oauth/token",
        "/api/v2/actions/actions",
        "/api/v2/actions/actions/{}",
        "/api/v2/actions/actions/{}/deploy",
        "/api/v2/actions/actions/{}/test",
        "/api/v2/actions/actions/{}/versions",
        "/api/v2/actions/actions/{}/versions/{}",
        "/api/v2/actions/actions/{}/versions/{}/deploy",
        "/api/v2/actions/triggers",
        "/api/v2/actions/triggers/{}/bindings",
        "/api/v2/actions/executions/{}",
        "/api/v2/actions/modules",
        "/api/v2/actions/modules/{}",
        "/api/v2/actions/modules/{}/actions",
        "/api/v2/actions/modules/{}/rollback",
        "/api/v2/actions/modules/{}/versions",
        "/api/v2/actions/modules/{}/versions/{}",
    ],
    "zitadel": [
        "/oauth/v2/token",
        "/management/v1/actions",
        "/management/v1/actions/_search",
        "/management/v1/actions/{}",
        "/management/v1/actions/{}/_deactivate",
        "/management/v1/actions/{}/_reactivate",
        "/management/v1/flows/{}",
        "/management/v1/flows/{}/trigger/{}",
    ],
    "zitadel-v2": [
        "/oauth/v2/token",
        "/v2/actions/targets",
        "/v2/actions/targets/search",
        "/v2/actions/targets/{}",
        "/v2/actions/targets/{}/publickeys",
        "/v2/actions/targets/{}/publickeys/search",
        "/v2/actions/targets/{}/publickeys/{}",
        "/v2/actions/targets/{}/publickeys/{}/activate",
        "/v2/actions/targets/{}/publickeys/{}/deactivate",
        "/v2/actions/executions",
        "/v2/actions/executions/search",
        "/v2/actions/executions/functions",
        "/v2/actions/executions/methods",
        "/v2/actions/executions/services",
    ],
}
_ENCODED_SEGMENT = re.compile(r"[A-Za-z0-9\-._~%]+")


def _canonical_segment(segment: str) -> bool:
    """One id, percent-encoded the SDK's way: never empty or a dot segment, and round-trips."""
    return (
        segment not in {"", ".", ".."}
        and _ENCODED_SEGMENT.fullmatch(segment) is not None
        and quote(unquote(segment, errors="strict"), safe="") == segment
    )


def _matches_route(vendor: str, path: str) -> bool:
    segments = path.split("/")
    for route in ROUTES[vendor]:
        parts = route.split("/")
        if len(parts) == len(segments) and all(
            _canonical_segment(seg) if part == "{}" else seg == part
            for part, seg in zip(parts, segments, strict=True)
        ):
            return True
    return False


# -- hostile values ---------------------------------------------------------------------------

HOSTILE_IDS = [
    "..",
    ".",
    "",
    "a/../b",
    "../../api/v2/clients",
    "%2e%2e",
    "a?b=1",
    "a#frag",
    "a b",
    "a\r\nb",
    "\ud800",
    "a\udfffb",
    "é",
    "a" * 70_000,
    "a" * 1025,
    "\x00",
    "_search",
]


def _circular() -> dict[str, Any]:
    loop: dict[str, Any] = {"k": 1}
    loop["self"] = loop
    return {"x": loop}


def _deep(levels: int) -> Any:
    node: Any = "leaf"
    for _ in range(levels):
        node = {"x": node}
    return node


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**400, -(10**400), 0, -1]),
    st.builds(lambda: 10**5000),  # str() refuses it (4,300-digit limit); built, so never shown
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.sampled_from(HOSTILE_IDS),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), children, max_size=3),
    ),
    max_leaves=6,
)


def _forged_ref(kind: object, value: object) -> BindingRef:
    # BindingRef refuses an unknown type or a non-str value when built; a forged instance (what
    # pickling, attrs.evolve-bypassing code or a subclass could produce) must still not crash a
    # provider that reads it.
    ref = object.__new__(BindingRef)
    object.__setattr__(ref, "type", kind)
    object.__setattr__(ref, "value", value)
    return ref


def _ref_of(kind: BindingRefType) -> Any:
    # A BindingRef refuses a hostile value when it is built (a ValidationError, as the
    # regression tests check); to still hand providers such a value, forge the instance then.
    def build(value: object) -> BindingRef:
        try:
            return BindingRef(kind, value)  # type: ignore[arg-type]
        except ValidationError:
            return _forged_ref(kind, value)

    return build


hostile = st.one_of(
    scalars,
    json_like,
    st.builds(_circular),
    st.builds(lambda: _deep(3000)),
    st.builds(lambda: Secret(name="s", value=b"v-" + MARK.encode())),  # type: ignore[arg-type]
    st.builds(lambda: BindingUpdate(ref=_forged_ref("bogus", "x"))),
    st.builds(lambda: BindingUpdate(ref=_forged_ref("action_id", 5))),
    st.builds(object),
    st.lists(scalars, max_size=3),
    st.sampled_from([{"ref": {"type": "action_id", "value": b"x"}}, {"ref": "x"}]),
)

TRIGGERS = {
    "auth0": st.sampled_from(["post-login", "credentials-exchange", *HOSTILE_IDS[:6]]),
    "zitadel": st.one_of(
        st.sampled_from(
            [
                "complement_token:pre_userinfo_creation",
                "2:4",
                ZitadelTrigger(FlowType("2"), TriggerType("4")),
            ]
        ),
        st.builds(
            ZitadelTrigger,
            st.sampled_from(["", ".", "..", "\ud800", "9", "a/b"]).map(FlowType),
            st.sampled_from(["", "..", "5", "\udfff"]).map(TriggerType),
        ),
    ),
    "zitadel-v2": st.one_of(
        st.sampled_from(
            [
                "function:preaccesstoken",
                "request:/zitadel.user.v2.UserService/AddHumanUser",
                "response:zitadel.user.v2.UserService",
                "request:all",
                "event:user.human.*",
                "event:user.human.added",
                ExecutionCondition.function("preuserinfo"),
            ]
        ),
        st.sampled_from(["function:", "request:", "event:", "nope:x", "function:a/b", ":", "all"]),
        st.builds(
            "{}:{}".format,
            st.sampled_from(["request", "response", "function", "event"]),
            st.one_of(st.sampled_from(HOSTILE_IDS), st.text(max_size=6)),
        ),
    ),
}

ids = st.one_of(st.just("a1"), st.sampled_from(HOSTILE_IDS), st.text(max_size=6))
seconds = st.one_of(
    st.sampled_from([0.01, 1, 5.0]),
    st.sampled_from([10**400, 1e308, float("inf"), float("nan"), -1, 0, True, "5"]),
)
binding_items = st.one_of(
    st.builds(_ref_of(BindingRefType.ACTION_ID), ids),
    st.builds(_ref_of(BindingRefType.ACTION_NAME), st.sampled_from(["n", "", "a" * 300])),
    st.builds(_ref_of(BindingRefType.BINDING_ID), ids),
    st.builds(
        lambda value: BindingUpdate(ref=BindingRef.by_action_id("a1"), display_name=value),
        st.one_of(st.none(), st.text(max_size=4)),
    ),
    st.builds(
        lambda: BindingUpdate(
            ref=BindingRef.by_action_id("a1"), secrets=[Secret(name="s", value=SECRET_VALUE)]
        )
    ),
    st.builds(
        lambda kind, value: _forged_ref(BindingRefType(kind), value), st.text(max_size=5), ids
    ),
    st.fixed_dictionaries(
        {"ref": st.fixed_dictionaries({"type": st.text(max_size=5), "value": ids})}
    ),
    hostile,
)


def good(name: str, vendor: str) -> st.SearchStrategy[Any]:
    """Plausible values for a parameter, by its name (ids, names, triggers, durations…)."""
    if (name.endswith("_id") and name != "trigger_id") or name == "target":
        return ids
    if name in {"trigger", "trigger_id"}:
        return TRIGGERS[vendor]
    if name in {"name", "action_name", "display_name", "before", "after", "api_version"}:
        return st.one_of(st.sampled_from(["n", "my action", "a" * 201]), ids)
    if name in {"code", "script"}:
        return st.sampled_from(["function f(ctx, api) {}", "", "x" * 40_001])
    if name in {"timeout", "wait_timeout", "poll"}:
        return seconds
    if name in {"wait", "force", "unbind", "deploy", "deployed", "installed", "publish"}:
        return st.booleans()
    if name in {"allowed_to_fail", "update_draft"}:
        return st.booleans()
    if name in {"per_page", "position"}:
        return st.one_of(
            st.integers(min_value=-2, max_value=1001),
            st.just(10**400),
            st.builds(lambda: 10**5000),
        )
    if name == "state":
        return st.sampled_from(["active", "inactive", "ACTION_STATE_ACTIVE", "nope"])
    if name == "runtime":
        return st.sampled_from(["node22", "node18"])
    if name == "supported_triggers":
        return st.lists(TRIGGERS[vendor], max_size=2)
    if name == "payload":
        return st.one_of(json_like, st.just({"event": {"user": {"id": "u1"}}}))
    if name == "secrets":
        return st.lists(
            st.builds(
                Secret,
                name=st.sampled_from(["s", ""]),
                value=st.sampled_from([SECRET_VALUE, b"b-" + MARK.encode()]),
            ),
            max_size=2,
        )
    if name == "dependencies":
        return st.lists(st.builds(Dependency, name=st.just("lodash"), version=st.just("4")))
    if name == "modules":
        return st.lists(st.builds(ModuleRef, module_id=ids), max_size=1)
    if name in {"bindings", "items"}:
        return st.lists(binding_items, max_size=3)
    if name == "action":
        return st.one_of(ids, binding_items)
    # ZITADEL v2 targets and keys.
    if name == "endpoint":
        return st.sampled_from(
            ["https://hooks.example.com/x", "http://127.0.0.1/x", "", "hooks", "https://h/\ud800"]
        )
    if name == "target_type":
        return st.sampled_from(["webhook", "call", "async", "REST_CALL", "nope", ""])
    if name == "payload_type":
        return st.sampled_from(["json", "jwt", "jwe", "PAYLOAD_TYPE_JWE", "nope"])
    if name == "interrupt_on_error":
        return st.booleans()
    if name == "ids":
        return st.lists(ids, max_size=3)
    if name == "sort_by":
        return st.sampled_from(["name", "creation_date", "id", "nope", ""])
    if name == "public_key":
        return st.sampled_from([PUBLIC_PEM, PUBLIC_PEM.encode(), "", "-----BEGIN PUBLIC KEY-----"])
    if name == "expiration":
        return st.sampled_from([None, datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 1)])
    return hostile


# -- hostile answers --------------------------------------------------------------------------

HEADER_VALUES = st.sampled_from(
    ["inf", "-inf", "nan", "1e309", "-1", "0", "3", "10", "Fri, 31 Dec 9999 23:59:59 GMT", "x"]
)
headers = st.dictionaries(
    st.sampled_from(
        [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "retry-after",
            "retry-after-ms",
        ]
    ),
    HEADER_VALUES,
    max_size=3,
)


def _auth0_action(action_id: str) -> dict[str, Any]:
    return {
        "id": action_id,
        "name": "n",
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "function f() {}",
        "status": "built",
        "all_changes_deployed": True,
        "deployed_version": {"id": action_id, "number": 1, "deployed": True, "status": "built"},
    }


def _zitadel_action(action_id: str) -> dict[str, Any]:
    return {
        "id": action_id,
        "name": "n",
        "script": "function f() {}",
        "state": "ACTION_STATE_ACTIVE",
        "timeout": "10s",
    }


def _zitadel_target(target_id: str) -> dict[str, Any]:
    return {
        "id": target_id,
        "name": "n",
        "restCall": {"interruptOnError": True},
        "endpoint": "https://hooks.example.com/x",
        "timeout": "10s",
        "payloadType": "PAYLOAD_TYPE_JSON",
        "signingKey": SIGNING_KEY,
        "creationDate": "2026-01-01T00:00:00Z",
        "changeDate": "2026-01-01T00:00:00Z",
    }


def _universal(server_id: str, total: int) -> dict[str, Any]:
    """One body that decodes as almost any answer of every vendor API, carrying ``server_id``."""
    a0 = _auth0_action(server_id)
    zi = _zitadel_action(server_id)
    target = _zitadel_target(server_id)
    return {
        # ZITADEL v2: targets, executions, public keys, condition lists.
        "target": target,
        "targets": [target],
        "pagination": {"totalResult": str(total), "appliedLimit": "100"},
        "executions": [
            {"condition": {"function": {"name": "preaccesstoken"}}, "targets": [server_id]}
        ],
        "publicKeys": [{"keyId": server_id, "active": True, "publicKey": "AAAA"}],
        "keyId": server_id,
        "signingKey": SIGNING_KEY,
        "creationDate": "2026-01-01T00:00:00Z",
        "changeDate": "2026-01-01T00:00:00Z",
        "functions": ["preaccesstoken", server_id],
        "methods": ["/zitadel.user.v2.UserService/AddHumanUser"],
        "services": ["zitadel.user.v2.UserService"],
        **a0,
        "number": 1,
        "payload": {"ok": True},
        "actions": [a0],
        "versions": [{"id": server_id, "number": 1}],
        "triggers": [{"id": server_id, "version": "v3"}, {"id": "post-login", "version": "v3"}],
        "bindings": [{"id": server_id, "action": a0, "display_name": "d"}],
        "modules": [{"id": server_id, "name": "m"}],
        "total": total,
        "per_page": 1,
        "action": zi,
        "result": [zi],
        "details": {"totalResult": str(total)},
        "flow": {
            "type": {"id": "2"},
            "triggerActions": [{"triggerType": {"id": "4"}, "actions": [zi]}],
        },
    }


def _dumps_or_empty(value: Any) -> bytes:
    # Generated values include ones JSON cannot carry (a 5,000-digit int, a cycle): send {}.
    try:
        return json.dumps(value, default=repr).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError, RecursionError):
        return b"{}"


bodies = st.one_of(
    st.builds(
        lambda server_id, total: json.dumps(_universal(server_id, total)).encode(),
        st.one_of(st.just("a1"), st.sampled_from(HOSTILE_IDS)),
        st.integers(min_value=0, max_value=3),
    ),
    json_like.map(_dumps_or_empty),
    st.sampled_from(
        [
            b"[" * 100_000,
            b"{" * 5000,
            b"<html>proxy</html>",
            b"",
            b'{"id": "\\ud800"}',
            b"\xff",
            b'{"access_token": "x", "expires_in": Infinity, "total": NaN, "id": "\\udfff"}',
        ]
    ),
)
answers = st.lists(
    st.tuples(
        st.sampled_from([200, 200, 200, 201, 204, 400, 401, 404, 409, 429, 500, 503]),
        bodies,
        headers,
    ),
    min_size=1,
    max_size=5,
)
token_answers = st.one_of(
    st.just((200, json.dumps({"access_token": ISSUED_TOKEN, "expires_in": 3600}).encode(), {})),
    st.tuples(st.sampled_from([200, 400, 401, 429, 500]), bodies, headers),
)


class Server:
    """The mock server: answers in turn from the drawn list, token requests apart."""

    def __init__(self, vendor: str, replies: list[Any], token_reply: Any) -> None:
        self.vendor = vendor
        self.replies = replies
        self.token_reply = token_reply
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        count = len(self.requests)
        if count > RUNAWAY:
            raise AssertionError(f"runaway plan: more than {RUNAWAY} requests")
        if count > REQUEST_BOUND:
            return httpx.Response(400, json={"message": "request bound reached"})
        if request.url.path.endswith("/token"):
            status, body, head = self.token_reply
        else:
            status, body, head = self.replies[(count - 1) % len(self.replies)]
        return httpx.Response(status, content=body, headers=head)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0  # a negative wait is a bug worth seeing
        self.now += seconds

    def time(self) -> float:
        return self.now


def make_client(vendor: str, auth: str, server: Server, *, asynchronous: bool = False) -> Any:
    clock = FakeClock()

    async def async_sleep(seconds: float) -> None:
        clock.sleep(seconds)

    policy = RetryPolicy(
        sleep=clock.sleep, async_sleep=async_sleep, clock=clock.time, random=lambda: 0.5
    )
    credentials: dict[str, Any]
    if auth == "token":
        credentials = {"token": TOKEN}
    elif auth == "jwt_profile" and vendor.startswith("zitadel"):
        credentials = {"key": KEY}
    else:
        credentials = {"client_id": "cid", "client_secret": CLIENT_SECRET}
    transport = httpx.MockTransport(server)
    if asynchronous:
        cls: Any = AsyncManagementClient
        credentials["http_client"] = httpx.AsyncClient(transport=transport)
    else:
        cls = ManagementClient
        credentials["http_client"] = httpx.Client(transport=transport)
    return _factory(vendor, cls)(HOSTS[vendor], retry_policy=policy, **credentials)


def _factory(vendor: str, cls: Any = ManagementClient) -> Callable[..., Any]:
    """The factory of ``vendor`` on ``cls``, with the API chosen (``zitadel-v2``: ``api="v2"``)."""
    if vendor == "auth0":
        return cls.for_auth0
    if vendor == "zitadel-v2":
        return functools.partial(cls.for_zitadel, api="v2")
    return cls.for_zitadel


# -- the methods ------------------------------------------------------------------------------


def _methods(namespace: SyncResource | AsyncResource, prefix: str) -> Iterator[str]:
    for name in sorted(dir(type(namespace))):
        if name.startswith("_"):
            continue
        attribute = getattr(namespace, name)
        if isinstance(attribute, SyncResource | AsyncResource):
            yield from _methods(attribute, f"{prefix}{name}.")
        elif callable(attribute):
            yield f"{prefix}{name}"


def _resolve(client: Any, dotted: str) -> Callable[..., Any]:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


_SAMPLE = make_client("auth0", "token", Server("auth0", [(200, b"{}", {})], None))
METHODS = list(_methods(_SAMPLE.actions, "actions."))
_ASYNC_SAMPLE = make_client(
    "auth0", "token", Server("auth0", [(200, b"{}", {})], None), asynchronous=True
)
ASYNC_METHODS = list(_methods(_ASYNC_SAMPLE.actions, "actions."))


def test_the_walk_finds_every_namespace():
    # A guard on the introspection itself: if it found nothing, the property tests would pass
    # vacuously.
    assert len(METHODS) >= 30
    wanted = {
        "actions.get",
        "actions.triggers.bindings.update_many",
        "actions.modules.versions.get",
    }
    assert wanted <= set(METHODS)


# -- the properties ---------------------------------------------------------------------------


def _chain_texts(error: BaseException) -> list[str]:
    texts: list[str] = []
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts += [str(current), repr(current), *map(str, getattr(current, "__notes__", []))]
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        pending += list(getattr(current, "exceptions", []))
    return texts


def _check_requests(vendor: str, server: Server) -> None:
    for request in server.requests:
        assert request.url.host == HOSTS[vendor], request.url
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        assert _matches_route(vendor, raw_path), f"{request.method} {raw_path[:200]}"


def _drive(result: Any) -> Any:
    if isinstance(result, SyncPager):
        return list(islice(result, 50))
    return result


def _draw_arguments(
    method: Callable[..., Any], vendor: str, data: st.DataObject
) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is not inspect.Parameter.empty and data.draw(
            st.booleans(), label=f"omit {parameter.name}"
        ):
            continue
        value = data.draw(st.one_of(good(parameter.name, vendor), hostile), label=parameter.name)
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    return args, kwargs


class _DebugLog:
    """Captures every ``actions_sdk`` record at DEBUG while the block runs.

    With ``stdlib=True`` response bodies are parsed with :func:`json.loads` meanwhile, as on the
    default install (the dev extra installs orjson, which refuses what json.loads accepts: lone
    surrogate escapes, ``NaN``, ``Infinity``).
    """

    def __init__(self, *, stdlib: bool = False) -> None:
        self.stdlib = stdlib
        self.loads = _converters._loads

    def __enter__(self) -> io.StringIO:
        if self.stdlib:
            _converters._loads = json.loads
        self.text = io.StringIO()
        self.handler = logging.StreamHandler(self.text)
        self.handler.setLevel(logging.DEBUG)
        self.logger = logging.getLogger("actions_sdk")
        self.old_level = self.logger.level
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.DEBUG)
        return self.text

    def __exit__(self, *_: object) -> None:
        _converters._loads = self.loads
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.old_level)


def _assert_safe(vendor: str, server: Server, texts: list[str]) -> None:
    _check_requests(vendor, server)  # (b)
    for text in texts:  # (c)
        assert MARK not in text, text[:500]
        assert KEY_LINE not in text, text[:500]


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("dotted", METHODS)
@given(data=st.data())
def test_every_method_survives_hostile_input(dotted: str, vendor: str, data: st.DataObject):
    auth = data.draw(st.sampled_from(["token", "client_credentials"]), label="auth")
    server = Server(vendor, data.draw(answers, label="answers"), data.draw(token_answers))
    client = make_client(vendor, auth, server)
    method = _resolve(client, dotted)
    args, kwargs = _draw_arguments(method, vendor, data)
    texts: list[str] = []
    with _DebugLog(stdlib=data.draw(st.booleans(), label="stdlib json")) as logs:
        try:
            texts.append(repr(_drive(method(*args, **kwargs))))
        except ActionsSDKError as error:  # (a): anything else fails the example
            texts += _chain_texts(error)
        finally:
            client.close()
    _assert_safe(vendor, server, [*texts, logs.getvalue(), repr(client), str(client)])


async def _drive_async(outcome: Any) -> Any:
    if isinstance(outcome, AsyncPager):
        items = []
        async for item in outcome:
            items.append(item)
            if len(items) >= 50:
                break
        return items
    return await outcome


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("dotted", ASYNC_METHODS)
@settings(max_examples=6)
@given(data=st.data())
def test_every_async_method_survives_hostile_input(dotted: str, vendor: str, data: st.DataObject):
    auth = data.draw(st.sampled_from(["token", "client_credentials"]), label="auth")
    server = Server(vendor, data.draw(answers, label="answers"), data.draw(token_answers))
    client = make_client(vendor, auth, server, asynchronous=True)
    method = _resolve(client, dotted)
    args, kwargs = _draw_arguments(method, vendor, data)
    texts: list[str] = []

    async def call() -> None:
        try:
            texts.append(repr(await _drive_async(method(*args, **kwargs))))
        except ActionsSDKError as error:  # (a): anything else fails the example
            texts.extend(_chain_texts(error))
        finally:
            await client.aclose()

    with _DebugLog(stdlib=data.draw(st.booleans(), label="stdlib json")) as logs:
        asyncio.run(call())
    _assert_safe(vendor, server, [*texts, logs.getvalue(), repr(client)])


@pytest.mark.parametrize("vendor", VENDORS)
@given(org_or_header=st.one_of(st.sampled_from(HOSTILE_IDS), st.text(max_size=6), hostile))
def test_client_options_refuse_hostile_values_typed(vendor: str, org_or_header: Any):
    server = Server(vendor, [(200, b"{}", {})], None)
    client = make_client(vendor, "token", server)
    texts: list[str] = []
    try:
        if vendor.startswith("zitadel"):
            client.with_options(org_id=org_or_header)
        else:
            client.with_options(timeout=org_or_header)
    except ActionsSDKError as error:  # anything else fails the example
        texts = _chain_texts(error)
    finally:
        client.close()
    assert all(MARK not in text for text in texts)


header_maps = st.one_of(
    st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), scalars, max_size=2),
    st.dictionaries(st.sampled_from(["x-team", "X-Key"]), st.sampled_from(["a b", f"k-{MARK}\n"])),
    hostile,
)


@pytest.mark.parametrize("vendor", VENDORS)
@given(extra=header_maps, later=header_maps)
def test_extra_headers_are_checked_typed_and_never_echoed(vendor: str, extra: Any, later: Any):
    server = Server(vendor, [(200, json.dumps(_universal("a1", 1)).encode(), {})], None)
    clock = FakeClock()
    policy = RetryPolicy(sleep=clock.sleep, clock=clock.time, random=lambda: 0.5)
    http = httpx.Client(transport=httpx.MockTransport(server))
    factory = _factory(vendor)
    texts: list[str] = []
    try:
        client = factory(
            HOSTS[vendor], token=TOKEN, http_client=http, retry_policy=policy, headers=extra
        )
        client.with_options(headers=later).actions.get("a1")
    except ActionsSDKError as error:  # anything else fails the example
        texts = _chain_texts(error)
    assert all(MARK not in text for text in texts)
    _check_requests(vendor, server)


credential_values = st.one_of(
    st.sampled_from([TOKEN, f"tök-{MARK}", f"{MARK}\r\n", f"{MARK} x", f"{MARK}\ud800"]),
    st.sampled_from([TOKEN.encode(), [TOKEN], {"t": TOKEN}]),
    scalars,
)
key_values = st.one_of(
    st.sampled_from(
        [
            {"type": "serviceaccount", "keyId": "k", "userId": "u", "key": f"-----BEGIN {MARK}"},
            {"type": _deep(50), "keyId": "k", "userId": "u", "key": MARK},
            f'{{"key": "{MARK}"',
            f"not json {MARK}",
        ]
    ),
    json_like,
)


@pytest.mark.parametrize("vendor", VENDORS)
@given(data=st.data())
def test_factories_refuse_hostile_credentials_without_echo(vendor: str, data: st.DataObject):
    """The factories themselves: credentials of every shape, never echoed, only SDK errors."""
    names = ["token", "client_id", "client_secret", "audience"]
    if vendor.startswith("zitadel"):
        names = ["token", "client_id", "client_secret", "key", "org_id"]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    kwargs = {
        name: data.draw(key_values if name == "key" else credential_values, label=name)
        for name in chosen
    }
    http = httpx.Client(transport=httpx.MockTransport(Server(vendor, [(200, b"{}", {})], None)))
    factory = _factory(vendor)
    texts: list[str] = []
    try:
        client = factory(HOSTS[vendor], http_client=http, **kwargs)
        texts += [repr(client), str(client), repr(client.provider)]
    except ActionsSDKError as error:  # anything else fails the example
        texts = _chain_texts(error)
    assert all(MARK not in text for text in texts)


@pytest.mark.parametrize("vendor", ["zitadel", "zitadel-v2"])
@settings(max_examples=10)
@given(replies=answers, token_reply=token_answers)
def test_a_zitadel_key_never_shows(vendor: str, replies: list[Any], token_reply: Any):
    """The JWT profile (signing a key per token request is slow, so apart from the walk above)."""
    server = Server(vendor, replies, token_reply)
    client = make_client(vendor, "jwt_profile", server)
    texts: list[str] = []
    with _DebugLog() as logs:
        try:
            texts.append(repr(client.actions.get("a1")))
        except ActionsSDKError as error:  # anything else fails the example
            texts += _chain_texts(error)
        finally:
            client.close()
    assert any(r.url.path == "/oauth/v2/token" for r in server.requests)
    _assert_safe(vendor, server, [*texts, logs.getvalue(), repr(client), repr(client.provider)])
