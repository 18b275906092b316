"""Auth0Provider triggers, bindings and executions as pure plans."""

from __future__ import annotations

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ValidationError,
)
from actions_sdk.models.auth0 import (
    Action,
    ActionBinding,
    ActionTrigger,
    Execution,
    Secret,
    TriggerId,
)
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.providers._base import (
    ListActionsRequest,
)
from tests.providers.auth0.auth0_helpers import (
    A,
    first_op,
    fixture,
    provider,
    respond,
    run_plan,
)

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
