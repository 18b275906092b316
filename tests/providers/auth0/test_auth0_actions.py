"""Auth0Provider actions as pure plans: operations out (method, path, query, body), models in."""

from __future__ import annotations

import json
from typing import Any

import pytest

from actions_sdk._operation import Operation
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    DecodeError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.auth0 import (
    Action,
    ActionTrigger,
    ActionVersion,
    BuildStatus,
    Dependency,
    ModuleRef,
    Secret,
    TriggerId,
)
from actions_sdk.providers._base import (
    CreateActionRequest,
    ListActionsRequest,
    UpdateActionRequest,
)
from actions_sdk.providers.auth0 import Auth0Provider
from tests.providers.auth0.auth0_helpers import (
    ACTION,
    VERSION,
    A,
    Reply,
    action_json,
    first_op,
    fixture,
    provider,
    respond,
    run_plan,
)

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
    plan = provider().create_action(CreateActionRequest("name", {"supported_triggers": ["id"]}))
    op = first_op(plan)
    assert (op.method, op.path, op.name) == ("POST", f"{A}/actions", "actions.create")
    assert op.json == fixture("create_action_request.json")
    assert op.idempotent is False


@pytest.mark.parametrize("seed", ["create_action_response.json", "create_action_response_go.json"])
def test_create_action_decodes_the_201_seed(seed):
    plan = provider().create_action(
        CreateActionRequest("my-action", {"supported_triggers": ["post-login"]})
    )
    run = run_plan(plan, [Reply(fixture(seed), status=201)])
    assert isinstance(run.result, Action)
    assert run.result.name == "my-action"


def test_create_action_full_body():
    request = CreateActionRequest(
        "add-roles",
        {
            "supported_triggers": [
                ActionTrigger(id=TriggerId.POST_LOGIN, version="v3", runtimes=("node22",))
            ],
            "code": "exports.onExecutePostLogin = async (event, api) => {};",
            "dependencies": [
                Dependency(name="axios", version="1.7.0", registry_url="https://npm.acme")
            ],
            "runtime": "node22",
            "secrets": [Secret(name="API_KEY", value="s3cr3t")],
            "modules": [ModuleRef(module_id="m1", module_version_id="mv1")],
            "deploy": True,
        },
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
        provider().create_action(CreateActionRequest(request_kwargs.pop("name"), request_kwargs))
    assert caught.value.field == field
    assert field in str(caught.value)


@pytest.mark.parametrize(("option", "value"), [("timeout", 10.0), ("allowed_to_fail", True)])
def test_create_action_refuses_zitadel_options_before_any_request(option, value):
    request = CreateActionRequest("x", {"supported_triggers": ["post-login"], **{option: value}})
    with pytest.raises(UnsupportedOperationError) as caught:
        provider().create_action(request)  # no next(): raised by the call itself
    assert caught.value.provider == "auth0"
    assert caught.value.operation == f"actions.create({option}=...)"


def test_update_action_sends_only_given_fields():
    plan = provider().update_action(
        "a 1", UpdateActionRequest(options={"code": "module.exports = () => {}"})
    )
    op = first_op(plan)
    assert (op.method, op.path, op.name) == ("PATCH", f"{A}/actions/a%201", "actions.update")
    assert op.json == {"code": "module.exports = () => {}"}
    assert op.idempotent is True


def test_update_action_runtime_none_is_refused_before_sending():
    # What Auth0 does with "runtime": null is documented nowhere, so the SDK does not send it.
    with pytest.raises(ValidationError, match="runtime") as info:
        provider().update_action("a1", UpdateActionRequest(options={"runtime": None}))
    assert info.value.field == "runtime"


def test_update_action_full_body_and_seed_response():
    request = UpdateActionRequest(
        "my-action",
        {
            "supported_triggers": ["post-login"],
            "code": "module.exports = () => {}",
            "dependencies": [],
            "runtime": "node22",
            "secrets": [Secret(name="mySecret", value="v")],
            "modules": [],
        },
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
        provider().update_action(
            "a1", UpdateActionRequest(options={"code": "x", **{option: value}})
        )


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
        provider().update_action(
            "a1", UpdateActionRequest(request_kwargs.pop("name", UNSET), request_kwargs)
        )
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


# -- every operation ---------------------------------------------------------------------------


def all_first_operations() -> list[Operation[Any]]:
    p = provider()
    return [
        first_op(p.list_actions(ListActionsRequest())(None)),
        first_op(p.get_action("a")),
        first_op(p.create_action(CreateActionRequest("n", {"supported_triggers": ["post-login"]}))),
        first_op(p.update_action("a", UpdateActionRequest("n"))),
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
