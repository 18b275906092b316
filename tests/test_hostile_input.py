"""Regression tests for issue 11: each reproduction of hostile input, now a typed, safe error.

``A()`` / ``Z()`` are clients over an ``httpx.MockTransport`` that records every request; most
tests assert that nothing was sent at all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from actions_sdk import ManagementClient, RetryPolicy
from actions_sdk._checks import MAX_ID_LENGTH, MAX_JSON_DEPTH, header_number
from actions_sdk._operation import Operation
from actions_sdk._retry import server_wait_hint
from actions_sdk._transport import RateLimitInfo
from actions_sdk.errors import (
    ActionsSDKError,
    ApiError,
    BadRequestError,
    DecodeError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from actions_sdk.models.auth0 import Secret
from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate
from actions_sdk.models.zitadel import FlowType, TriggerType, ZitadelTrigger
from actions_sdk.providers import _converters

Handler = Callable[[httpx.Request], httpx.Response]

SECRET = "tok-SECRET"


class Recorder:
    """A MockTransport handler that records requests and answers with ``answer``."""

    def __init__(self, answer: Handler | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer or (lambda request: httpx.Response(200, json={}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    @property
    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.raw_path.decode('ascii')}" for r in self.requests]


def _policy() -> RetryPolicy:
    return RetryPolicy(sleep=lambda _: None, clock=lambda: 1_700_000_000.0, random=lambda: 0.0)


def A(recorder: Recorder | None = None, **kwargs: Any) -> Any:  # noqa: N802 - the issue's name
    recorder = recorder if recorder is not None else Recorder()
    kwargs.setdefault("token", "tok")
    return ManagementClient.for_auth0(
        "tenant.example.com",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        retry_policy=_policy(),
        **kwargs,
    )


def Z(recorder: Recorder | None = None, **kwargs: Any) -> Any:  # noqa: N802 - the issue's name
    recorder = recorder if recorder is not None else Recorder()
    kwargs.setdefault("token", "tok")
    return ManagementClient.for_zitadel(
        "z.example.com",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        retry_policy=_policy(),
        **kwargs,
    )


def _chain(error: BaseException) -> str:
    """Every message, repr and note in an exception's chain, as one text."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), *getattr(current, "__notes__", [])]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


# -- 1. dot segments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.actions.delete(".."),
        lambda c: c.actions.get("."),
        lambda c: c.actions.versions.get("a1", ".."),
        lambda c: c.actions.get(""),
    ],
    ids=["delete-dotdot", "get-dot", "version-dotdot", "get-empty"],
)
def test_auth0_dot_ids_are_refused_before_sending(call: Callable[[Any], Any]):
    recorder = Recorder()
    with pytest.raises(ValidationError):
        call(A(recorder))
    assert recorder.requests == []


def test_zitadel_dot_id_is_refused_before_sending():
    recorder = Recorder()
    with pytest.raises(ValidationError):
        Z(recorder).actions.delete("..")
    assert recorder.requests == []


def test_a_server_sent_trigger_id_dotdot_never_reaches_a_path():
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/triggers"):
            return httpx.Response(200, json={"triggers": [{"id": ".."}, {"id": "post-login"}]})
        return httpx.Response(200, json={"bindings": []})

    recorder = Recorder(answer)
    with pytest.raises(DecodeError) as caught:
        A(recorder).actions.delete("a1", unbind=True)
    assert caught.value.field == "triggers[].id"
    assert recorder.paths == ["GET /api/v2/actions/triggers"]


@pytest.mark.parametrize("new_id", ["..", ".", "", "\ud800", "a" * (MAX_ID_LENGTH + 1)])
def test_a_zitadel_create_answered_with_a_bad_id_is_a_decode_error(new_id: str):
    raw = json.dumps({"id": new_id}).encode()
    recorder = Recorder(lambda request: httpx.Response(200, content=raw))
    with pytest.raises(DecodeError):
        Z(recorder).actions.create(name="n", code="function n(ctx, api) {}")
    assert recorder.paths == ["POST /management/v1/actions"]


def test_a_server_id_with_a_lone_surrogate_is_a_decode_error_with_the_stdlib_parser(
    monkeypatch: pytest.MonkeyPatch,
):
    # The default install parses with json.loads, which accepts "\ud800" escapes (orjson does not).
    monkeypatch.setattr(_converters, "_loads", json.loads)
    recorder = Recorder(lambda request: httpx.Response(200, content=b'{"id": "\\ud800"}'))
    with pytest.raises(DecodeError, match="lone surrogate"):
        Z(recorder).actions.create(name="n", code="function n(ctx, api) {}")
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "trigger",
    [
        ZitadelTrigger(FlowType(""), TriggerType("5")),
        ZitadelTrigger(FlowType(".."), TriggerType("5")),
        ZitadelTrigger(FlowType("2"), TriggerType("..")),
    ],
    ids=["empty-flow", "dotdot-flow", "dotdot-trigger"],
)
def test_zitadel_pseudo_member_triggers_never_make_a_dot_segment(trigger: ZitadelTrigger):
    recorder = Recorder()
    client = Z(recorder)
    with pytest.raises(ValidationError):
        client.actions.triggers.bindings.update_many(trigger, [])
    if trigger.flow.value in {"", ".."}:
        with pytest.raises(ValidationError):
            list(client.actions.triggers.bindings.list(trigger))
    assert recorder.requests == []


# -- 2. secrets echoed in errors --------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"token": SECRET.encode()},
        {"token": [SECRET]},
        {"client_id": "cid", "client_secret": SECRET.encode()},
        {"client_id": "cid", "client_secret": [SECRET]},
    ],
    ids=["bytes-token", "list-token", "bytes-secret", "list-secret"],
)
@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_a_credential_of_the_wrong_type_is_never_echoed(
    factory: Callable[..., Any], kwargs: dict[str, Any]
):
    if "client_id" in kwargs:
        kwargs = {"token": None, **kwargs}
    with pytest.raises(ValidationError) as caught:
        factory(**kwargs)
    assert "SECRET" not in _chain(caught.value)
    assert caught.value.field in {"token", "client_secret"}


# -- 3. non-ASCII tokens and org ids ----------------------------------------------------------


@pytest.mark.parametrize("token", ["tök-SECRET", "tok-SECRET\r\nx-evil: 1", "tok SECRET"])
@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_a_token_that_cannot_be_a_header_is_refused_at_construction(
    factory: Callable[..., Any], token: str
):
    with pytest.raises(ValidationError) as caught:
        factory(token=token)
    assert "SECRET" not in _chain(caught.value)
    assert caught.value.field == "token"


@pytest.mark.parametrize("org_id", ["örg", "org\r\nx-evil: 1", "\ud800"])
def test_an_org_id_that_cannot_be_a_header_is_refused(org_id: str):
    with pytest.raises(ValidationError) as caught:
        Z(org_id=org_id)
    assert caught.value.field == "org_id"
    with pytest.raises(ValidationError):
        Z().with_options(org_id=org_id)


def test_a_non_ascii_client_secret_is_fine_in_a_form_body():
    # Client secrets travel in the form body (Auth0) or base64 Basic auth (ZITADEL): any text.
    A(token=None, client_id="cid", client_secret="sécret")
    Z(token=None, client_id="cid", client_secret="sécret")


def test_a_client_secret_with_a_lone_surrogate_is_refused_without_echo():
    with pytest.raises(ValidationError) as caught:
        Z(token=None, client_id="cid", client_secret="SECRET\ud800")
    assert "SECRET" not in _chain(caught.value)


# -- 4. values JSON cannot encode -------------------------------------------------------------


def _circular() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    return {"x": loop}


def _deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    root = node
    for _ in range(levels):
        node["x"] = {}
        node = node["x"]
    return root


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"x": b"b"}, "payload.x"),
        ({"x": float("nan")}, "payload.x"),
        ({"x": [1, float("inf")]}, "payload.x[1]"),
        (_circular(), "payload.x.self"),
        ({"x": {1: "one"}}, "payload.x"),
        ({"x": {"\ud800"}}, "payload.x"),
        ({"x": "\ud800"}, "payload.x"),
        ({"x": object()}, "payload.x"),
    ],
    ids=["bytes", "nan", "inf-in-list", "circular", "int-key", "set", "surrogate", "object"],
)
def test_a_test_payload_json_cannot_carry_names_its_path(payload: Any, field: str):
    recorder = Recorder()
    with pytest.raises(ValidationError) as caught:
        A(recorder).actions.test("a1", payload)
    assert caught.value.field == field
    assert recorder.requests == []


def test_a_body_nested_too_deeply_is_refused():
    recorder = Recorder()
    with pytest.raises(ValidationError, match=f"deeper than {MAX_JSON_DEPTH}"):
        A(recorder).actions.test("a1", _deep(3000))
    assert recorder.requests == []
    # The documented limit itself is fine.
    A(Recorder(lambda r: httpx.Response(200, json={"payload": {}}))).actions.test(
        "a1", _deep(MAX_JSON_DEPTH - 2)
    )


def test_a_bytes_secret_value_is_refused_without_echo():
    recorder = Recorder()
    with pytest.raises(ValidationError) as caught:
        A(recorder).actions.create(
            name="n",
            supported_triggers=["post-login"],
            secrets=[Secret(name="n", value=b"v-SECRET")],  # type: ignore[arg-type]
        )
    assert caught.value.field == "secrets[0].value"
    assert "SECRET" not in _chain(caught.value)
    assert recorder.requests == []


def test_a_wire_dict_with_a_bytes_value_in_update_many_is_refused():
    recorder = Recorder()
    secret = {"name": "n", "value": b"v-SECRET"}
    item = {"ref": {"type": "action_id", "value": "a1"}, "secrets": [secret]}
    with pytest.raises(ValidationError) as caught:
        A(recorder).actions.triggers.bindings.update_many("post-login", [item])
    # A wire dict's secrets are read like every model list (check_items): the item is named.
    assert caught.value.field == "bindings[0].secrets[0]"
    assert "SECRET" not in _chain(caught.value)
    assert recorder.requests == []


def test_a_body_changed_after_it_was_checked_still_fails_typed():
    from actions_sdk._checks import encode_json

    body: dict[str, Any] = {"x": 1}
    Operation(method="POST", path="/p", json=body, decode=lambda r: None)
    body["x"] = b"late"
    with pytest.raises(ValidationError) as caught:
        encode_json(body)
    assert caught.value.field == "x"


def test_the_body_sent_is_compact_utf8_json():
    recorder = Recorder(lambda r: httpx.Response(200, json={"payload": {}}))
    A(recorder).actions.test("a1", {"name": "Zoë", "n": 1.5})
    request = recorder.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert request.content == '{"payload":{"name":"Zoë","n":1.5}}'.encode()


# -- 5. very long ids and filters -------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.actions.get("a" * 70_000),
        lambda c: list(c.actions.list(action_name="a" * 70_000)),
        lambda c: list(c.actions.list(trigger_id="a" * 70_000)),
        lambda c: list(c.actions.list(action_name="\ud800")),
    ],
    ids=["id", "name-filter", "trigger-filter", "surrogate-filter"],
)
def test_long_ids_and_filters_are_validation_errors(call: Callable[[Any], Any]):
    recorder = Recorder()
    with pytest.raises(ValidationError):
        call(A(recorder))
    assert recorder.requests == []


def test_an_invalid_url_at_request_building_is_a_validation_error():
    from actions_sdk._transport import ClientState, SyncTransport, TokenCache
    from actions_sdk.providers.auth0 import Auth0Provider

    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    transport = SyncTransport(
        base_url="https://tenant.example.com",
        provider=Auth0Provider("tenant.example.com", token="tok"),
        state=ClientState(http=http, owns_http=False, tokens=TokenCache()),
        policy=_policy(),
        timeout=httpx.Timeout(5.0),
    )
    operation = Operation(
        method="GET", path="/p", params={"q": "a" * 70_000}, decode=lambda r: None, name="x.y"
    )
    with pytest.raises(ValidationError, match="invalid URL"):
        transport.send(operation)
    assert recorder.requests == []


# -- 6. lone surrogates -----------------------------------------------------------------------


@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_a_lone_surrogate_id_is_a_validation_error(factory: Callable[..., Any]):
    recorder = Recorder()
    with pytest.raises(ValidationError, match="lone surrogate"):
        factory(recorder).actions.get("a\ud800")
    assert recorder.requests == []


def test_a_lone_surrogate_trigger_part_is_a_validation_error():
    recorder = Recorder()
    trigger = ZitadelTrigger(FlowType("\ud800"), TriggerType("5"))
    with pytest.raises(ValidationError, match="lone surrogate"):
        Z(recorder).actions.triggers.bindings.update_many(trigger, [])
    with pytest.raises(ValidationError):
        A(recorder).actions.triggers.bindings.update_many("post\ud800login", [])
    assert recorder.requests == []


# -- 7. binding validators --------------------------------------------------------------------


@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_a_binding_update_whose_ref_is_not_a_binding_ref_is_a_validation_error(
    factory: Callable[..., Any],
):
    with pytest.raises(ValidationError) as caught:
        factory().actions.triggers.bindings.update_many(
            "post-login" if factory is A else "complement_token:pre_userinfo_creation",
            [BindingUpdate(ref="x")],  # type: ignore[arg-type]
        )
    assert caught.value.field == "ref"


def test_zitadel_refuses_an_unknown_reference_type_by_name():
    recorder = Recorder()
    # The BindingRef constructor refuses the unknown kind, before any provider sees it.
    with pytest.raises(ValidationError, match=r"ref type must be one of .* got 'bogus'"):
        Z(recorder).actions.triggers.bindings.update_many(
            "complement_token:pre_userinfo_creation",
            [BindingRef("bogus", "x")],  # type: ignore[arg-type]
        )
    assert recorder.requests == []


def test_a_binding_ref_with_a_non_text_type_or_value_fails_in_its_constructor():
    with pytest.raises(ValidationError) as caught:
        BindingRef(5, "x")  # type: ignore[arg-type]
    assert caught.value.field == "type"
    with pytest.raises(ValidationError) as caught:
        BindingRef(BindingRefType.ACTION_ID, None)  # type: ignore[arg-type]
    assert caught.value.field == "action_id"  # named as BindingRef.by_action_id's argument
    assert BindingRef("action_id", "a1") == BindingRef.by_action_id("a1")  # type: ignore[arg-type]


# -- 8. OverflowError in numeric checks -------------------------------------------------------


@pytest.mark.parametrize(
    "timeout", [10**400, 1e308, float("inf"), float("nan")], ids=["10**400", "1e308", "inf", "nan"]
)
def test_huge_wait_timeouts_are_validation_errors(timeout: float):
    recorder = Recorder()
    with pytest.raises(ValidationError) as caught:
        A(recorder).actions.wait_until_built("a1", timeout=timeout)
    assert caught.value.field == "timeout"
    assert recorder.requests == []


@pytest.mark.parametrize(
    "timeout", [10**400, 1e308, -(10**400)], ids=["10**400", "1e308", "-10**400"]
)
def test_huge_zitadel_action_timeouts_are_validation_errors(timeout: float):
    recorder = Recorder()
    with pytest.raises(ValidationError) as caught:
        Z(recorder).actions.update("a1", timeout=timeout)
    assert caught.value.field == "timeout"
    assert recorder.requests == []


# -- 9. rate-limit and wait headers -----------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["inf", "-inf", "1e309", "nan", "1" * 5000, "-5"], ids=lambda v: v[:8]
)
def test_an_unparseable_rate_limit_header_is_ignored_on_any_answer(value: str):
    headers = {"x-ratelimit-limit": value, "x-ratelimit-remaining": "3"}
    recorder = Recorder(
        lambda r: httpx.Response(200, json={"id": "a1", "name": "n"}, headers=headers)
    )
    client = A(recorder)
    assert client.actions.get("a1").id == "a1"
    assert client.rate_limit == RateLimitInfo(limit=None, remaining=3, reset=None)


@pytest.mark.parametrize("value", ["inf", "nan", "1e309", "-inf", "9" * 400], ids=lambda v: v[:8])
def test_an_unparseable_wait_hint_is_ignored(value: str):
    for name in ("retry-after", "retry-after-ms", "x-ratelimit-reset"):
        assert server_wait_hint(httpx.Headers({name: value}), clock=lambda: 0.0) is None
    assert header_number(value) is None


def test_a_429_with_an_infinite_retry_after_backs_off_and_succeeds():
    answers = iter(
        [
            httpx.Response(
                429,
                json={"statusCode": 429},
                headers={"retry-after": "inf", "x-ratelimit-limit": "inf"},
            ),
            httpx.Response(200, json={"id": "a1", "name": "n"}),
        ]
    )
    recorder = Recorder(lambda r: next(answers))
    assert A(recorder).actions.get("a1").id == "a1"
    assert len(recorder.requests) == 2


def test_a_zitadel_429_with_a_bad_reset_header_stays_a_rate_limit_error():
    headers = {"retry-after": "nan", "x-ratelimit-reset": "1e309"}
    recorder = Recorder(lambda r: httpx.Response(429, json={"code": 8}, headers=headers))
    with pytest.raises(RateLimitError):
        Z(recorder, max_retries=0).actions.get("a1")


# -- 10. deeply nested JSON -------------------------------------------------------------------


@pytest.fixture(params=["installed", "stdlib"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "stdlib":
        monkeypatch.setattr(_converters, "_loads", json.loads)
    return str(request.param)


DEEP = b"[" * 100_000


@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (500, ServerError)])
def test_a_deeply_nested_error_body_is_a_typed_error(
    factory: Callable[..., Any], status: int, error: type[ApiError], parser: str
):
    recorder = Recorder(lambda r: httpx.Response(status, content=DEEP))
    with pytest.raises(error):
        factory(recorder, max_retries=0).actions.get("a1")


@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_a_deeply_nested_success_body_is_a_decode_error(factory: Callable[..., Any], parser: str):
    recorder = Recorder(lambda r: httpx.Response(200, content=DEEP))
    with pytest.raises(DecodeError):
        factory(recorder).actions.get("a1")


# -- no secret anywhere -----------------------------------------------------------------------


def test_no_credential_in_reprs_errors_or_debug_logs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger="actions_sdk")
    recorder = Recorder(lambda r: httpx.Response(401, json={"message": "bad token"}))
    client = A(recorder, token=SECRET)
    with pytest.raises(ActionsSDKError) as caught:
        client.actions.get("a1")
    assert recorder.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    texts = [repr(client), str(client), _chain(caught.value), caplog.text]
    assert all(SECRET not in text for text in texts)


@pytest.mark.parametrize("headers", [{"x": "ö"}, {"x": "a\r\nb"}, {"ö": "x"}, {"x": 5}, {5: "x"}])
@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_extra_headers_http_cannot_carry_are_refused_at_construction(
    factory: Callable[..., Any], headers: dict[Any, Any]
):
    with pytest.raises(ValidationError) as caught:
        factory(headers=headers)
    assert caught.value.field == "headers"


@pytest.mark.parametrize(
    "expires_in", [b"1" + b"0" * 400, b"Infinity", b"NaN", b"-5", b'"1e999"'], ids=lambda v: v[:8]
)
@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_an_absurd_token_lifetime_is_ignored(
    factory: Callable[..., Any], expires_in: bytes, monkeypatch: pytest.MonkeyPatch
):
    # Infinity and NaN only parse with the standard library (the default install).
    monkeypatch.setattr(_converters, "_loads", json.loads)
    token = b'{"access_token": "issued", "expires_in": ' + expires_in + b"}"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, content=token)
        body = {"id": "a1", "name": "n"} if factory is A else {"action": {"id": "a1", "name": "n"}}
        return httpx.Response(200, json=body)

    recorder = Recorder(answer)
    client = factory(recorder, token=None, client_id="cid", client_secret="secret")
    assert client.actions.get("a1").id == "a1"
    assert client.actions.get("a1").id == "a1"
    # The default lifetime applies, so the second call reuses the token.
    assert [r.url.path.endswith("/token") for r in recorder.requests] == [True, False, False]


@pytest.mark.parametrize("per_page", [10**5000, 2**31, 0], ids=["5000-digits", "2**31", "zero"])
@pytest.mark.parametrize("factory", [A, Z], ids=["auth0", "zitadel"])
def test_an_absurd_page_size_is_a_validation_error(factory: Callable[..., Any], per_page: int):
    recorder = Recorder()
    with pytest.raises(ValidationError) as caught:
        list(factory(recorder).actions.list(per_page=per_page))
    assert caught.value.field == "per_page"
    assert recorder.requests == []


@pytest.mark.parametrize("position", [10**5000, -(10**5000)], ids=["huge", "huge-negative"])
def test_a_position_too_large_to_print_is_a_validation_error(position: int):
    def answer(request: httpx.Request) -> httpx.Response:
        action = {"id": "a2", "name": "x", "supported_triggers": [{"id": "post-login"}]}
        if request.url.path.endswith("/bindings"):
            return httpx.Response(200, json={"bindings": [{"id": "b1", "action": action}]})
        return httpx.Response(200, json={**action, "id": "a1", "name": "n"})

    recorder = Recorder(answer)
    with pytest.raises(ValidationError, match="too large") as caught:
        A(recorder).actions.triggers.bindings.add("post-login", "a1", position=position)
    assert caught.value.field == "position"
    assert all(r.method == "GET" for r in recorder.requests)
