"""Auth0Provider as pure plans: operations out (method, path, query, body), models in."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from actions_sdk._operation import Operation, Page
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    DecodeError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.auth0 import (
    Action,
    ActionBinding,
    ActionTrigger,
    ActionVersion,
    BuildStatus,
    Dependency,
    Execution,
    Module,
    ModuleAction,
    ModuleRef,
    ModuleVersion,
    Secret,
    TriggerId,
)
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.providers._base import (
    CreateActionRequest,
    ListActionsRequest,
    TokenGrant,
    UpdateActionRequest,
)
from actions_sdk.providers.auth0 import Auth0Provider
from tests.auth0.auth0_helpers import Reply, first_op, fixture, provider, respond, run_plan

ACTION = fixture("update_action_response.json")
VERSION = ACTION["deployed_version"]
A = "/api/v2/actions"


def action_json(action_id: str = "a1", **extra: Any) -> dict[str, Any]:
    return {"id": action_id, "name": f"action-{action_id}", **extra}


# -- construction and credentials ----------------------------------------------------------------


def test_static_token():
    p = Auth0Provider("acme.eu.auth0.com", token="tok-123")
    assert p.name == "auth0"
    assert p.static_token() == "tok-123"
    assert p.token_operation() is None


def test_client_credentials_token_operation():
    p = Auth0Provider("acme.eu.auth0.com", client_id="cid", client_secret="csecret-xyz")
    assert p.static_token() is None
    op = p.token_operation()
    assert op is not None
    assert (op.method, op.path, op.name) == ("POST", "/oauth/token", "oauth.token")
    assert op.authenticated is False
    assert op.idempotent is True
    assert op.json is None
    assert op.form == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": "csecret-xyz",
        "audience": "https://acme.eu.auth0.com/api/v2/",
    }
    assert "csecret-xyz" not in repr(op)
    grant = op.decode(
        respond(op, {"access_token": "jwt.abc", "token_type": "Bearer", "expires_in": 86400})
    )
    assert grant == TokenGrant(access_token="jwt.abc", expires_in=86400)
    assert "jwt.abc" not in repr(grant)


@pytest.mark.parametrize(
    ("domain", "audience"),
    [
        ("acme.eu.auth0.com", "https://acme.eu.auth0.com/api/v2/"),
        ("localhost:8080", "https://localhost:8080/api/v2/"),
        ("https://acme.auth0.com/", "https://acme.auth0.com/api/v2/"),
    ],
)
def test_default_audience(domain, audience):
    op = Auth0Provider(domain, client_id="c", client_secret="s").token_operation()
    assert op is not None
    assert op.form is not None
    assert op.form["audience"] == audience


def test_explicit_audience():
    op = Auth0Provider(
        "login.acme.com",
        client_id="c",
        client_secret="s",
        audience="https://acme.auth0.com/api/v2/",
    ).token_operation()
    assert op is not None
    assert op.form is not None
    assert op.form["audience"] == "https://acme.auth0.com/api/v2/"


def test_token_response_without_access_token_is_a_decode_error():
    op = Auth0Provider("acme.auth0.com", client_id="c", client_secret="s").token_operation()
    assert op is not None
    with pytest.raises(DecodeError) as caught:
        op.decode(respond(op, {"token_type": "Bearer"}))
    assert caught.value.field == "access_token"
    assert caught.value.response is not None


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"token": "t", "client_id": "c", "client_secret": "s"},
        {"client_id": "c"},
        {"client_secret": "s"},
        {"token": ""},
        {"client_id": "", "client_secret": "s"},
    ],
)
def test_credentials_must_be_exactly_one_kind(kwargs):
    with pytest.raises(ValidationError):
        Auth0Provider("acme.auth0.com", **kwargs)


@pytest.mark.parametrize("domain", ["", "   ", "acme.auth0.com/api/v2"])
def test_bad_domain(domain):
    with pytest.raises(ValidationError) as caught:
        Auth0Provider(domain, token="t")
    assert caught.value.field == "domain"


def test_repr_has_no_secret():
    text = repr(Auth0Provider("acme.auth0.com", client_id="cid", client_secret="very-secret"))
    assert "very-secret" not in text
    assert "acme.auth0.com" in text
    assert "tok-999" not in repr(Auth0Provider("acme.auth0.com", token="tok-999"))


# -- actions: get / create / update / delete / deploy / test --------------------------------------


def test_get_action_encodes_the_path_id():
    op = first_op(provider().get_action("a/../../users"))
    assert op.method == "GET"
    assert op.path == f"{A}/actions/a%2F..%2F..%2Fusers"
    assert op.params == {}
    assert op.json is None
    assert op.idempotent is True
    assert op.name == "actions.get"


@pytest.mark.parametrize("bad", ["", None, 5])
def test_empty_path_id_is_rejected_at_call_time(bad):
    with pytest.raises(ValidationError):
        provider().get_action(bad)


def test_get_action_decodes_the_seed():
    run = run_plan(provider().get_action("910b1053"), [ACTION])
    assert isinstance(run.result, Action)
    assert run.result.deployed_version is not None
    assert run.result.deployed_version.status is BuildStatus.BUILT


def test_create_action_golden_request_from_the_seed():
    # Seed 002/003's Go example: Name "name", SupportedTriggers [{Id: "id"}].
    plan = provider().create_action(CreateActionRequest(name="name", supported_triggers=["id"]))
    op = first_op(plan)
    assert (op.method, op.path, op.name) == ("POST", f"{A}/actions", "actions.create")
    assert op.json == fixture("create_action_request.json")
    assert op.idempotent is False


@pytest.mark.parametrize("seed", ["create_action_response.json", "create_action_response_go.json"])
def test_create_action_decodes_the_201_seed(seed):
    plan = provider().create_action(
        CreateActionRequest(name="my-action", supported_triggers=["post-login"])
    )
    run = run_plan(plan, [Reply(fixture(seed), status=201)])
    assert isinstance(run.result, Action)
    assert run.result.name == "my-action"


def test_create_action_full_body():
    request = CreateActionRequest(
        name="add-roles",
        supported_triggers=[
            ActionTrigger(id=TriggerId.POST_LOGIN, version="v3", runtimes=("node22",))
        ],
        code="exports.onExecutePostLogin = async (event, api) => {};",
        dependencies=[Dependency(name="axios", version="1.7.0", registry_url="https://npm.acme")],
        runtime="node22",
        secrets=[Secret(name="API_KEY", value="s3cr3t")],
        modules=[ModuleRef(module_id="m1", module_version_id="mv1")],
        deploy=True,
    )
    op = first_op(provider().create_action(request))
    assert op.json == {
        "name": "add-roles",
        # Only id and version go out, whatever else the ActionTrigger carries.
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "exports.onExecutePostLogin = async (event, api) => {};",
        "dependencies": [{"name": "axios", "version": "1.7.0", "registry_url": "https://npm.acme"}],
        "runtime": "node22",
        "secrets": [{"name": "API_KEY", "value": "s3cr3t"}],
        "modules": [{"module_id": "m1", "module_version_id": "mv1"}],
        "deploy": True,
    }
    json.dumps(op.json)  # plain JSON types only
    assert "s3cr3t" not in repr(op)


@pytest.mark.parametrize(
    ("request_kwargs", "field"),
    [
        ({"name": "x"}, "supported_triggers"),
        ({"name": "x", "supported_triggers": []}, "supported_triggers"),
        ({"name": "x", "supported_triggers": "post-login"}, "supported_triggers"),
        (
            {"name": "x", "supported_triggers": [ActionTrigger(version="v3")]},
            "supported_triggers[0]",
        ),
        ({"name": "x", "supported_triggers": [7]}, "supported_triggers[0]"),
        ({"name": "", "supported_triggers": ["post-login"]}, "name"),
        ({"name": "x", "supported_triggers": ["post-login"], "code": 42}, "code"),
        (
            {"name": "x", "supported_triggers": ["post-login"], "secrets": [("K", "V")]},
            "secrets[0]",
        ),
        ({"name": "x", "supported_triggers": ["post-login"], "deploy": "yes"}, "deploy"),
    ],
)
def test_create_action_validation_raises_at_call_time(request_kwargs, field):
    with pytest.raises(ValidationError) as caught:
        provider().create_action(CreateActionRequest(**request_kwargs))
    assert caught.value.field == field
    assert field in str(caught.value)


@pytest.mark.parametrize(("option", "value"), [("timeout", 10.0), ("allowed_to_fail", True)])
def test_create_action_refuses_zitadel_options_before_any_request(option, value):
    request = CreateActionRequest(name="x", supported_triggers=["post-login"], **{option: value})
    with pytest.raises(UnsupportedOperationError) as caught:
        provider().create_action(request)  # no next(): raised by the call itself
    assert caught.value.provider == "auth0"
    assert caught.value.operation == f"actions.create({option}=...)"


def test_update_action_sends_only_given_fields():
    plan = provider().update_action("a 1", UpdateActionRequest(code="module.exports = () => {}"))
    op = first_op(plan)
    assert (op.method, op.path, op.name) == ("PATCH", f"{A}/actions/a%201", "actions.update")
    assert op.json == {"code": "module.exports = () => {}"}
    assert op.idempotent is True


def test_update_action_runtime_none_is_refused_before_sending():
    # What Auth0 does with "runtime": null is documented nowhere, so the SDK does not send it.
    with pytest.raises(ValidationError, match="runtime") as info:
        provider().update_action("a1", UpdateActionRequest(runtime=None))
    assert info.value.field == "runtime"


def test_update_action_full_body_and_seed_response():
    request = UpdateActionRequest(
        name="my-action",
        supported_triggers=["post-login"],
        code="module.exports = () => {}",
        dependencies=[],
        runtime="node22",
        secrets=[Secret(name="mySecret", value="v")],
        modules=[],
    )
    plan = provider().update_action("910b1053-577f-4d81-a8c8-020e7319a38a", request)
    op = first_op(plan)
    assert op.json == {
        "name": "my-action",
        "supported_triggers": [{"id": "post-login"}],
        "code": "module.exports = () => {}",
        "dependencies": [],
        "runtime": "node22",
        "secrets": [{"name": "mySecret", "value": "v"}],
        "modules": [],
    }
    result = op.decode(respond(op, ACTION))
    with pytest.raises(StopIteration) as stop:
        plan.send(result)
    assert stop.value.value == result
    assert result.id == "910b1053-577f-4d81-a8c8-020e7319a38a"


def test_update_action_with_nothing_to_update():
    with pytest.raises(ValidationError, match="nothing to update"):
        provider().update_action("a1", UpdateActionRequest())


@pytest.mark.parametrize(("option", "value"), [("timeout", 5), ("allowed_to_fail", False)])
def test_update_action_refuses_zitadel_options(option, value):
    with pytest.raises(UnsupportedOperationError):
        provider().update_action("a1", UpdateActionRequest(code="x", **{option: value}))


@pytest.mark.parametrize(
    ("request_kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"supported_triggers": []}, "supported_triggers"),
        ({"code": None}, "code"),
        ({"runtime": ""}, "runtime"),
        ({"dependencies": [{"name": "x", "versoin": "1"}]}, "dependencies[0]"),
        ({"dependencies": [{"name": "x", "version": 1}]}, "dependencies[0]"),
        ({"dependencies": ["x@1"]}, "dependencies[0]"),
    ],
)
def test_update_action_validation(request_kwargs, field):
    with pytest.raises(ValidationError) as caught:
        provider().update_action("a1", UpdateActionRequest(**request_kwargs))
    assert caught.value.field == field


@pytest.mark.parametrize(("force", "params"), [(False, {}), (True, {"force": "true"})])
def test_delete_action(force, params):
    plan = provider().delete_action("a/1", force=force)
    run = run_plan(plan, [Reply(status=204)])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("DELETE", f"{A}/actions/a%2F1", "actions.delete")
    assert op.params == params
    assert op.idempotent is True
    assert run.result is None


def test_deploy_action():
    run = run_plan(provider().deploy_action("a1"), [Reply(VERSION, status=202)])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("POST", f"{A}/actions/a1/deploy", "actions.deploy")
    assert op.json is None
    assert op.idempotent is False
    assert isinstance(run.result, ActionVersion)
    assert run.result.number == 1


def test_test_action_returns_the_payload():
    payload = {"event": {"user": {"email": "a@b.c"}}}
    run = run_plan(provider().test_action("a1", payload), [{"payload": {"logs": "ok"}}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("POST", f"{A}/actions/a1/test", "actions.test")
    assert op.json == {"payload": payload}
    assert op.idempotent is False
    assert run.result == {"logs": "ok"}


def test_test_action_response_without_payload_is_a_decode_error():
    op = first_op(provider().test_action("a1", {}))
    with pytest.raises(DecodeError) as caught:
        op.decode(respond(op, {"result": {}}))
    assert caught.value.field == "payload"


def test_token_response_with_odd_expires_in():
    op = Auth0Provider("acme.auth0.com", client_id="c", client_secret="s").token_operation()
    assert op is not None
    assert op.decode(respond(op, {"access_token": "t", "expires_in": "soon"})).expires_in is None
    assert op.decode(respond(op, {"access_token": "t", "expires_in": True})).expires_in is None


def test_test_action_rejects_a_non_mapping_payload():
    with pytest.raises(ValidationError):
        provider().test_action("a1", ["not", "a", "mapping"])  # type: ignore[arg-type]


# -- decoding failures -----------------------------------------------------------------------------


def test_non_json_2xx_body_is_a_decode_error_with_the_response():
    op = first_op(provider().get_action("a1"))
    response = respond(op, Reply("<html>maintenance</html>", headers={"content-type": "text/html"}))
    with pytest.raises(DecodeError) as caught:
        op.decode(response)
    assert caught.value.response is response
    assert "text/html" in str(caught.value)


def test_json_array_instead_of_object_is_a_decode_error():
    op = first_op(provider().get_action("a1"))
    with pytest.raises(DecodeError) as caught:
        op.decode(respond(op, [ACTION]))
    assert caught.value.field == "action"


def test_bad_field_decode_error_names_the_field_and_keeps_the_response():
    op = first_op(provider().get_action("a1"))
    response = respond(op, {**ACTION, "deployed_version": {**VERSION, "status": 3}})
    with pytest.raises(DecodeError) as caught:
        op.decode(response)
    assert caught.value.field == "action.deployed_version.status"
    assert caught.value.response is response


def test_decode_error_in_a_list_names_the_item():
    fetch = provider().list_actions(ListActionsRequest())
    op = first_op(fetch(None))
    with pytest.raises(DecodeError) as caught:
        op.decode(respond(op, {"total": 2, "actions": [action_json(), {"name": "no id"}]}))
    assert caught.value.field == "action_list.actions[1].id"


# -- listing and paging ----------------------------------------------------------------------------


def test_list_actions_query_names():
    fetch = provider().list_actions(
        ListActionsRequest(
            trigger_id="post-login",
            action_name="add roles",
            deployed=True,
            installed=False,
            per_page=5,
        )
    )
    op = first_op(fetch(None))
    assert (op.method, op.path, op.name) == ("GET", f"{A}/actions", "actions.list")
    assert op.params == {
        "triggerId": "post-login",
        "actionName": "add roles",
        "deployed": "true",
        "installed": "false",
        "per_page": "5",
    }
    assert op.idempotent is True


def test_list_actions_keeps_the_server_page_size_unless_asked():
    fetch = provider().list_actions(ListActionsRequest())
    first = first_op(fetch(None))
    assert first.params == {}
    assert first_op(fetch(2)).params == {"page": "2"}


def test_list_actions_state_filter_is_zitadel_only():
    with pytest.raises(UnsupportedOperationError):
        provider().list_actions(ListActionsRequest(state="active"))


def test_list_actions_trigger_filter_accepts_a_trigger_model():
    fetch = provider().list_actions(ListActionsRequest(trigger_id=TriggerId.CREDENTIALS_EXCHANGE))
    assert first_op(fetch(None)).params == {"triggerId": "credentials-exchange"}


@pytest.mark.parametrize("per_page", [0, -1, True, "10"])
def test_bad_per_page(per_page):
    with pytest.raises(ValidationError):
        provider().list_actions(ListActionsRequest(per_page=per_page))


def test_paging_stops_on_total_without_a_trailing_empty_request():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    page0 = run_plan(
        fetch(None),
        [
            {
                "total": 3.0,
                "page": 0.0,
                "per_page": 2.0,
                "actions": [action_json("a"), action_json("b")],
            }
        ],
    ).result
    assert isinstance(page0, Page)
    assert [a.id for a in page0.items] == ["a", "b"]
    assert page0.total == 3
    assert page0.next_start == 1
    run = run_plan(
        fetch(page0.next_start),
        [{"total": 3, "page": 1, "per_page": 2, "actions": [action_json("c")]}],
    )
    assert run.operations[0].params == {"page": "1", "per_page": "2"}
    assert run.result.next_start is None


def test_paging_with_the_server_default_page_size():
    fetch = provider().list_actions(ListActionsRequest())
    full = {
        "total": 45,
        "page": 0,
        "per_page": 20,
        "actions": [action_json(str(i)) for i in range(20)],
    }
    assert run_plan(fetch(None), [full]).result.next_start == 1
    last = {
        "total": 45,
        "page": 2,
        "per_page": 20,
        "actions": [action_json(str(i)) for i in range(5)],
    }
    assert run_plan(fetch(2), [last]).result.next_start is None


def test_paging_trusts_the_page_size_the_server_reports():
    # Asked for 500, the server capped pages at 100: a 100-item page is full, not short.
    fetch = provider().list_actions(ListActionsRequest(per_page=500))
    body = {
        "total": 250,
        "page": 0,
        "per_page": 100,
        "actions": [action_json(str(i)) for i in range(100)],
    }
    assert run_plan(fetch(None), [body]).result.next_start == 1


def test_paging_exact_multiple_ends_on_page_zeros_total():
    # Real envelopes: page 0 has no "page" key; later pages say total 0 (or nothing) whatever
    # the real count, so only page 0's total is trusted.
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    page0 = {"total": 4, "per_page": 2, "actions": [action_json("a"), action_json("b")]}
    first = run_plan(fetch(None), [page0]).result
    assert (first.total, first.next_start) == (4, 1)
    page1 = {"total": 0, "page": 1, "per_page": 2, "actions": [action_json("c"), action_json("d")]}
    last = run_plan(fetch(1), [page1]).result
    assert (last.total, last.next_start) == (4, None)


def test_paging_walks_on_when_later_pages_say_total_zero_or_nothing():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    page0 = {"total": 5, "per_page": 2, "actions": [action_json("a"), action_json("b")]}
    assert run_plan(fetch(None), [page0]).result.next_start == 1
    page1 = {"total": 0, "page": 1, "per_page": 2, "actions": [action_json("c"), action_json("d")]}
    assert run_plan(fetch(1), [page1]).result.next_start == 2
    page2 = {"page": 2, "per_page": 2, "actions": [action_json("e")]}
    assert run_plan(fetch(2), [page2]).result.next_start is None


def test_page_zero_without_total_is_an_empty_listing():
    fetch = provider().list_actions(ListActionsRequest())
    page = run_plan(fetch(None), [{"per_page": 50, "actions": []}]).result
    assert (page.items, page.total, page.next_start) == ((), 0, None)


def test_paging_short_or_empty_page_ends_without_total():
    fetch = provider().list_actions(ListActionsRequest(per_page=3))
    assert run_plan(fetch(None), [{"actions": [action_json("a")]}]).result.next_start is None
    assert run_plan(fetch(None), [{"actions": []}]).result.next_start is None
    full = {"actions": [action_json(str(i)) for i in range(3)]}
    assert run_plan(fetch(None), [full]).result.next_start == 1


def test_list_versions():
    fetch = provider().list_versions("a/1", 10)
    run = run_plan(fetch(None), [{"total": 1, "page": 0, "per_page": 10, "versions": [VERSION]}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/actions/a%2F1/versions",
        "actions.versions.list",
    )
    assert op.params == {"per_page": "10"}
    assert isinstance(run.result.items[0], ActionVersion)
    assert run.result.next_start is None


def test_get_version():
    run = run_plan(provider().get_version("a1", "v/1"), [VERSION])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/actions/a1/versions/v%2F1",
        "actions.versions.get",
    )
    assert run.result.id == VERSION["id"]


@pytest.mark.parametrize(
    ("update_draft", "body"),
    [(None, None), (True, {"update_draft": True}), (False, {"update_draft": False})],
)
def test_deploy_version(update_draft, body):
    run = run_plan(
        provider().deploy_version("a1", "v1", update_draft),
        [Reply({"id": "v2", "status": "pending"}, 202)],
    )
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "POST",
        f"{A}/actions/a1/versions/v1/deploy",
        "actions.versions.deploy",
    )
    assert op.json == body
    assert op.idempotent is False
    assert run.result.status is BuildStatus.PENDING


# -- triggers, bindings, executions --------------------------------------------------------------


def test_list_triggers():
    body = {
        "triggers": [
            {
                "id": "post-login",
                "version": "v3",
                "status": "CURRENT",
                "runtimes": ["node18", "node22"],
                "default_runtime": "node22",
                "compatible_triggers": [],
                "binding_policy": "trigger-bound",
            },
            {"id": "event-stream", "version": "v1", "binding_policy": "entity-bound"},
        ]
    }
    run = run_plan(provider().list_triggers(), [body])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("GET", f"{A}/triggers", "actions.triggers.list")
    assert isinstance(run.result, list)
    assert [t.id for t in run.result] == [TriggerId.POST_LOGIN, TriggerId.EVENT_STREAM]
    assert run.result[0].runtimes == ("node18", "node22")


@pytest.mark.parametrize(
    "trigger", ["post-login", TriggerId.POST_LOGIN, ActionTrigger(id="post-login", version="v3")]
)
def test_list_bindings(trigger):
    fetch = provider().list_bindings(trigger, UNSET)
    binding = fixture("update_bindings_response.json")["bindings"][0]
    run = run_plan(fetch(None), [{"total": 1, "page": 0, "per_page": 20, "bindings": [binding]}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/triggers/post-login/bindings",
        "actions.triggers.bindings.list",
    )
    assert op.params == {}
    assert isinstance(run.result.items[0], ActionBinding)
    assert run.result.next_start is None


def test_update_bindings_golden_body_and_seed_response():
    plan = provider().update_bindings(
        "post-login",
        [BindingUpdate(ref=BindingRef.by_action_name("add-roles"), display_name="Add roles")],
    )
    op = first_op(plan)
    assert (op.method, op.path, op.name) == (
        "PATCH",
        f"{A}/triggers/post-login/bindings",
        "actions.triggers.bindings.update_many",
    )
    assert op.json == fixture("update_bindings_request.json")
    assert op.idempotent is True
    result = op.decode(respond(op, fixture("update_bindings_response.json")))
    with pytest.raises(StopIteration) as stop:
        plan.send(result)
    bindings = stop.value.value
    assert isinstance(bindings, list)
    assert [b.id for b in bindings] == ["4a881e22-0562-4178-bc91-b0f2b321dc13"]
    assert isinstance(bindings[0].action, Action)


def test_update_bindings_accepts_refs_updates_and_wire_dicts_in_order():
    secret = Secret(name="K", value="V")
    items = [
        BindingRef.by_binding_id("b1"),
        BindingUpdate(ref=BindingRef.by_action_id("a2"), secrets=[secret]),
        {"ref": {"type": "action_name", "value": "third"}, "display_name": "Third"},
    ]
    op = first_op(provider().update_bindings(ActionTrigger(id="post-login"), items))
    assert op.json == {
        "bindings": [
            {"ref": {"type": "binding_id", "value": "b1"}},
            {"ref": {"type": "action_id", "value": "a2"}, "secrets": [{"name": "K", "value": "V"}]},
            {"ref": {"type": "action_name", "value": "third"}, "display_name": "Third"},
        ]
    }


def test_update_bindings_empty_list_unbinds_everything():
    op = first_op(provider().update_bindings("post-login", []))
    assert op.json == {"bindings": []}


@pytest.mark.parametrize(
    "bad",
    [
        {"ref": {"type": "action_slug", "value": "x"}},
        {"ref": {"type": "action_id", "value": ""}},
        {"ref": {"type": "action_id"}},
        {"ref": "action_id:x"},
        {"display_name": "no ref"},
        {"ref": {"type": "action_id", "value": "x"}, "display_name": 5},
        5,
        "",
        "   ",
    ],
)
def test_update_bindings_rejects_a_malformed_item_naming_it(bad):
    good = BindingRef.by_action_id("a1")
    with pytest.raises(ValidationError) as caught:
        provider().update_bindings("post-login", [good, bad])
    assert caught.value.field == "bindings[1]"
    assert "bindings[1]" in str(caught.value)


def test_update_bindings_must_be_a_sequence():
    with pytest.raises(ValidationError) as caught:
        provider().update_bindings("post-login", {"ref": {"type": "action_id", "value": "a"}})  # type: ignore[arg-type]
    assert caught.value.field == "bindings"


def test_page_number_must_be_non_negative():
    fetch = provider().list_actions(ListActionsRequest())
    with pytest.raises(ValidationError):
        fetch(-1)


def test_update_bindings_rejects_a_bad_trigger():
    with pytest.raises(ValidationError):
        provider().update_bindings("", [])
    with pytest.raises(ValidationError):
        provider().update_bindings(ActionTrigger(), [])


def test_get_execution():
    body = {"id": "e/1", "trigger_id": "post-login", "status": "partial", "results": []}
    run = run_plan(provider().get_execution("e/1"), [body])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/executions/e%2F1",
        "actions.executions.get",
    )
    assert isinstance(run.result, Execution)
    assert run.result.status == "partial"


# -- modules ---------------------------------------------------------------------------------------

MODULE = {
    "id": "m1",
    "name": "shared",
    "code": "module.exports = {}",
    "dependencies": [{"name": "lodash", "version": "4.17.21"}],
    "secrets": [{"name": "K", "updated_at": "2024-01-01T00:00:00.000Z"}],
    "actions_using_module_total": 2,
    "all_changes_published": True,
    "latest_version_number": 3,
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-01-02T00:00:00.000Z",
    "latest_version": {"id": "mv3", "module_id": "m1", "version_number": 3, "code": "x"},
}
MODULE_VERSION = {
    "id": "mv1",
    "module_id": "m1",
    "version_number": 1,
    "code": "x",
    "created_at": "2024-01-01T00:00:00Z",
}


def test_list_modules_without_per_page_is_one_unpaged_list():
    fetch = provider().list_modules(UNSET)
    run = run_plan(fetch(None), [{"modules": [MODULE, {**MODULE, "id": "m2"}], "total": 2}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("GET", f"{A}/modules", "actions.modules.list")
    assert op.params == {}
    assert [m.id for m in run.result.items] == ["m1", "m2"]
    assert run.result.next_start is None
    assert isinstance(run.result.items[0], Module)
    latest = run.result.items[0].latest_version
    assert latest is not None
    assert latest.version_number == 3


def test_list_modules_paged():
    fetch = provider().list_modules(1)
    run = run_plan(fetch(None), [{"modules": [MODULE], "total": 2, "page": 0, "per_page": 1}])
    assert run.operations[0].params == {"per_page": "1"}
    assert run.result.next_start == 1


def test_get_module():
    run = run_plan(provider().get_module("m/1"), [MODULE])
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "GET",
        f"{A}/modules/m%2F1",
        "actions.modules.get",
        True,
    )
    assert run.result.all_changes_published is True


def test_create_module():
    plan = provider().create_module(
        name="shared",
        code="module.exports = {}",
        secrets=[Secret(name="K", value="V")],
        dependencies=[Dependency(name="lodash", version="4.17.21")],
        api_version="v1",
        publish=True,
    )
    run = run_plan(plan, [Reply(MODULE, 201)])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("POST", f"{A}/modules", "actions.modules.create")
    assert op.idempotent is False
    assert op.json == {
        "name": "shared",
        "code": "module.exports = {}",
        "secrets": [{"name": "K", "value": "V"}],
        "dependencies": [{"name": "lodash", "version": "4.17.21"}],
        "api_version": "v1",
        "publish": True,
    }
    assert isinstance(run.result, Module)


def test_create_module_minimal_and_limits():
    p = provider()
    op = first_op(
        p.create_module(
            name="m", code="", secrets=UNSET, dependencies=UNSET, api_version=UNSET, publish=UNSET
        )
    )
    assert op.json == {"name": "m", "code": ""}
    with pytest.raises(ValidationError) as caught:
        p.create_module(
            name="n" * 256,
            code="",
            secrets=UNSET,
            dependencies=UNSET,
            api_version=UNSET,
            publish=UNSET,
        )
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        p.create_module(
            name="m",
            code="x" * 65_537,
            secrets=UNSET,
            dependencies=UNSET,
            api_version=UNSET,
            publish=UNSET,
        )
    assert caught.value.field == "code"


def test_update_module():
    run = run_plan(
        provider().update_module("m1", code="y", secrets=[], dependencies=UNSET), [MODULE]
    )
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "PATCH",
        f"{A}/modules/m1",
        "actions.modules.update",
        True,
    )
    assert op.json == {"code": "y", "secrets": []}


def test_update_module_with_nothing_to_update():
    with pytest.raises(ValidationError, match="nothing to update"):
        provider().update_module("m1", code=UNSET, secrets=UNSET, dependencies=UNSET)


def test_delete_module():
    run = run_plan(provider().delete_module("m1"), [Reply(status=204)])
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "DELETE",
        f"{A}/modules/m1",
        "actions.modules.delete",
        True,
    )
    assert run.result is None


def test_list_module_actions():
    item = {
        "action_id": "a1",
        "action_name": "n",
        "module_version_id": "mv1",
        "module_version_number": 1,
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
    }
    fetch = provider().list_module_actions("m1", UNSET)
    run = run_plan(fetch(None), [{"actions": [item], "total": 1, "page": 0, "per_page": 50}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/actions",
        "actions.modules.list_actions",
    )
    assert op.params == {}
    assert isinstance(run.result.items[0], ModuleAction)
    assert run.result.items[0].supported_triggers[0].id is TriggerId.POST_LOGIN


def test_rollback_module():
    run = run_plan(provider().rollback_module("m1", "mv1"), [MODULE])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "POST",
        f"{A}/modules/m1/rollback",
        "actions.modules.rollback",
    )
    assert op.json == {"module_version_id": "mv1"}
    assert op.idempotent is False
    with pytest.raises(ValidationError):
        provider().rollback_module("m1", "")


def test_module_versions():
    fetch = provider().list_module_versions("m1", 10)
    run = run_plan(
        fetch(None), [{"versions": [MODULE_VERSION], "total": 1, "page": 0, "per_page": 10}]
    )
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/versions",
        "actions.modules.versions.list",
    )
    assert op.params == {"per_page": "10"}
    assert isinstance(run.result.items[0], ModuleVersion)

    run = run_plan(provider().create_module_version("m1"), [MODULE_VERSION])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "POST",
        f"{A}/modules/m1/versions",
        "actions.modules.versions.create",
    )
    assert op.json is None
    assert op.idempotent is False

    run = run_plan(provider().get_module_version("m1", "mv/1"), [MODULE_VERSION])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/versions/mv%2F1",
        "actions.modules.versions.get",
    )
    assert run.result.version_number == 1


# -- every operation ---------------------------------------------------------------------------


def all_first_operations() -> list[Operation[Any]]:
    p = provider()
    return [
        first_op(p.list_actions(ListActionsRequest())(None)),
        first_op(p.get_action("a")),
        first_op(p.create_action(CreateActionRequest(name="n", supported_triggers=["post-login"]))),
        first_op(p.update_action("a", UpdateActionRequest(name="n"))),
        first_op(p.delete_action("a", force=False)),
        first_op(p.deploy_action("a")),
        first_op(p.test_action("a", {})),
        first_op(p.list_versions("a", UNSET)(None)),
        first_op(p.get_version("a", "v")),
        first_op(p.deploy_version("a", "v", None)),
        first_op(p.list_triggers()),
        first_op(p.list_bindings("post-login", UNSET)(None)),
        first_op(p.update_bindings("post-login", [])),
        first_op(p.get_execution("e")),
        first_op(p.list_modules(UNSET)(None)),
        first_op(p.get_module("m")),
        first_op(
            p.create_module(
                name="m",
                code="",
                secrets=UNSET,
                dependencies=UNSET,
                api_version=UNSET,
                publish=UNSET,
            )
        ),
        first_op(p.update_module("m", code="", secrets=UNSET, dependencies=UNSET)),
        first_op(p.delete_module("m")),
        first_op(p.list_module_actions("m", UNSET)(None)),
        first_op(p.rollback_module("m", "v")),
        first_op(p.list_module_versions("m", UNSET)(None)),
        first_op(p.create_module_version("m")),
        first_op(p.get_module_version("m", "v")),
    ]


def test_every_operation_is_named_absolute_and_authenticated():
    operations = all_first_operations()
    assert len({op.name for op in operations}) == 24
    for op in operations:
        assert op.path.startswith("/api/v2/actions/")
        assert op.authenticated is True
        assert op.name.startswith("actions.")
        json.dumps(op.json)


def test_only_reads_and_replacing_writes_are_idempotent():
    not_idempotent = {op.name for op in all_first_operations() if not op.idempotent}
    assert not_idempotent == {
        "actions.create",
        "actions.deploy",
        "actions.test",
        "actions.versions.deploy",
        "actions.modules.create",
        "actions.modules.rollback",
        "actions.modules.versions.create",
    }


# -- error responses -------------------------------------------------------------------------------


def error_response(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request(
        "PATCH",
        "https://acme.eu.auth0.com/api/v2/actions/actions/a1",
        headers={"Authorization": "Bearer tok-SECRET"},
    )
    if isinstance(body, str):
        return httpx.Response(status, text=body, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


def test_auth0_error_body():
    body = {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Too few items'",
        "errorCode": "invalid_body",
    }
    response = error_response(400, body, {"x-request-id": "req-42"})
    error = provider().parse_error(response)
    assert type(error) is BadRequestError
    assert error.status_code == 400
    assert error.message == "Payload validation error: 'Too few items'"
    assert error.error_code == "invalid_body"
    assert error.request_id == "req-42"
    assert error.body == body
    assert error.response is response
    assert (
        str(error)
        == "400 invalid_body: Payload validation error: 'Too few items' (request id req-42)"
    )
    assert "tok-SECRET" not in str(error)
    assert "Bearer" not in str(error)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, UnauthorizedError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, PreconditionFailedError),
        (503, ServerError),
    ],
)
def test_status_classes(status, cls):
    error = provider().parse_error(
        error_response(status, {"statusCode": status, "error": "X", "message": "m"})
    )
    assert type(error) is cls
    assert error.message == "m"


def test_error_without_message_uses_error_then_reason_phrase():
    error = provider().parse_error(error_response(404, {"statusCode": 404, "error": "Not Found"}))
    assert error.message == "Not Found"
    assert error.error_code is None
    error = provider().parse_error(error_response(409, {}))
    assert error.message == "Conflict"


def test_html_error_body_keeps_the_raw_text():
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    error = provider().parse_error(error_response(502, html, {"content-type": "text/html"}))
    assert type(error) is ServerError
    assert error.body == html
    assert error.message == "Bad Gateway"
    assert error.error_code is None


def test_empty_error_body():
    error = provider().parse_error(error_response(500, ""))
    assert error.body is None
    assert error.message == "Internal Server Error"


def test_oauth_error_body_from_the_token_endpoint():
    body = {"error": "access_denied", "error_description": "Unauthorized"}
    error = provider().parse_error(error_response(401, body, {"x-auth0-requestid": "r-9"}))
    assert type(error) is UnauthorizedError
    assert error.error_code == "access_denied"
    assert error.message == "Unauthorized"
    assert error.request_id == "r-9"


def test_rate_limit_headers():
    body = {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    headers = {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1735689600",
    }
    error = provider().parse_error(error_response(429, body, headers))
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (50, 0, 1735689600)
    assert error.error_code == "too_many_requests"
    assert error.message == "Global limit has been reached"


def test_rate_limit_without_headers():
    error = provider().parse_error(
        error_response(429, {"statusCode": 429, "error": "Too Many Requests"})
    )
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (None, None, None)


def test_malformed_rate_limit_headers_are_ignored():
    headers = {
        "x-ratelimit-limit": "lots",
        "x-ratelimit-remaining": "",
        "x-ratelimit-reset": "inf",
    }
    error = provider().parse_error(error_response(429, {"statusCode": 429}, headers))
    assert isinstance(error, RateLimitError)
    assert (error.limit, error.remaining, error.reset) == (None, None, None)
    assert error.message == "Too Many Requests"


def test_rate_limit_headers_are_read_like_the_transport_reads_them():
    # One reading of numeric headers (_checks.header_number) for the error and RateLimitInfo.
    headers = {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1.5e9",
    }
    error = provider().parse_error(error_response(429, {"statusCode": 429}, headers))
    assert (error.limit, error.remaining, error.reset) == (50, 0, 1_500_000_000)


def test_error_bodies_with_unexpected_types_do_not_break_parsing():
    error = provider().parse_error(error_response(400, {"message": {"nested": 1}, "errorCode": 7}))
    assert isinstance(error, ApiError)
    assert error.message == "Bad Request"
    assert error.error_code is None
    error = provider().parse_error(error_response(400, ["not", "an", "object"]))
    assert error.body == ["not", "an", "object"]
