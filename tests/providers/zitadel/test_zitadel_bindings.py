"""ZitadelProvider trigger and binding plans."""

from __future__ import annotations

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    FailedPreconditionError,
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.auth0 import Secret
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.models.zitadel import VALID_TRIGGERS, ZitadelBinding, ZitadelTrigger
from tests.providers.zitadel.zitadel_helpers import action_json, flow_json, provider, run

TOKEN_TRIGGER = ZitadelTrigger.parse("complement_token:pre_access_token_creation")
SET_PATH = "/management/v1/flows/2/trigger/5"


def search_result(*actions):
    body = {"details": {"totalResult": str(len(actions))}}
    if actions:
        body["result"] = list(actions)
    return body


def test_list_triggers_is_a_plan_without_io():
    outcome = run(provider().list_triggers())
    assert outcome.ops == []
    assert outcome.result == list(VALID_TRIGGERS)


@pytest.mark.parametrize(
    "trigger", [TOKEN_TRIGGER, "2:5", "complement_token:pre_access_token_creation"]
)
def test_list_bindings_reads_the_flow_and_picks_the_group(trigger):
    flow = flow_json(
        "2",
        {
            "4": [action_json("u1")],
            "5": [action_json("b", name="second"), action_json("a", name="first")],
        },
    )
    outcome = run(provider().list_bindings(trigger, UNSET)(None), flow)

    (op,) = outcome.ops
    assert (op.method, op.path, op.json) == ("GET", "/management/v1/flows/2", None)
    page = outcome.result
    assert [b.action.id for b in page.items] == ["b", "a"]  # execution order kept
    assert [b.action.name for b in page.items] == ["second", "first"]
    assert all(b.trigger == TOKEN_TRIGGER for b in page.items)
    assert isinstance(page.items[0], ZitadelBinding)
    assert page.total == 2
    assert page.next_start is None


def test_list_bindings_of_an_empty_flow():
    outcome = run(provider().list_bindings("4:6", 50)(None), flow_json("4", {}))
    assert outcome.ops[0].path == "/management/v1/flows/4"
    assert outcome.result.items == ()


@pytest.mark.parametrize("trigger", ["2:1", "nope", 5, None])
def test_list_bindings_rejects_bad_triggers_at_call_time(trigger):
    with pytest.raises(ValidationError):
        provider().list_bindings(trigger, UNSET)


def test_list_bindings_rejects_bad_per_page():
    with pytest.raises(ValidationError):
        provider().list_bindings("2:5", 1001)


def test_update_bindings_by_id_writes_when_the_list_differs():
    before = flow_json("2", {"5": [action_json("a1")], "4": [action_json("u1")]})
    after = flow_json("2", {"4": [action_json("u1")], "5": [action_json("a2"), action_json("a1")]})
    outcome = run(
        provider().update_bindings(
            "2:5", [BindingRef.by_action_id("a2"), BindingUpdate(ref=BindingRef.by_action_id("a1"))]
        ),
        before,
        {"details": {"sequence": "13"}},
        after,
    )

    assert outcome.calls == [
        ("GET", "/management/v1/flows/2"),
        ("POST", SET_PATH),
        ("GET", "/management/v1/flows/2"),
    ]
    write = outcome.ops[1]
    assert write.json == {"actionIds": ["a2", "a1"]}
    assert write.idempotent is True
    assert [b.action.id for b in outcome.result] == ["a2", "a1"]
    assert outcome.result[0].trigger == TOKEN_TRIGGER


def test_update_bindings_identical_list_does_not_write():
    flow = flow_json("2", {"5": [action_json("a1"), action_json("a2")]})
    outcome = run(
        provider().update_bindings(
            TOKEN_TRIGGER, [BindingRef.by_action_id("a1"), BindingRef.by_action_id("a2")]
        ),
        flow,
    )
    assert outcome.calls == [("GET", "/management/v1/flows/2")]
    assert [b.action.id for b in outcome.result] == ["a1", "a2"]


def test_update_bindings_reorder_is_a_change():
    flow = flow_json("2", {"5": [action_json("a1"), action_json("a2")]})
    outcome = run(
        provider().update_bindings(
            "2:5", [BindingRef.by_action_id("a2"), BindingRef.by_action_id("a1")]
        ),
        flow,
        {},
        flow_json("2", {"5": [action_json("a2"), action_json("a1")]}),
    )
    assert outcome.ops[1].json == {"actionIds": ["a2", "a1"]}


def test_update_bindings_empty_list_unbinds_all():
    outcome = run(
        provider().update_bindings("2:5", []),
        flow_json("2", {"5": [action_json("a1")]}),
        {},
        flow_json("2", {}),
    )
    assert outcome.ops[1].json == {"actionIds": []}
    assert outcome.result == []


def test_update_bindings_empty_list_on_empty_trigger_does_not_write():
    outcome = run(provider().update_bindings("2:5", []), flow_json("2", {"4": [action_json()]}))
    assert len(outcome.ops) == 1
    assert outcome.result == []


def test_update_bindings_resolves_names_once_each():
    outcome = run(
        provider(org_id="org1").update_bindings(
            "2:5",
            [
                BindingRef.by_action_name("addGroups"),
                {"ref": {"type": "action_id", "value": "a9"}},
                {"ref": {"type": "action_name", "value": "addGroups"}},
            ],
        ),
        search_result(action_json("g1", name="addGroups")),
        flow_json("2", {}),
        {},
        flow_json("2", {"5": [action_json("g1"), action_json("a9"), action_json("g1")]}),
    )

    search = outcome.ops[0]
    assert (search.method, search.path) == ("POST", "/management/v1/actions/_search")
    assert search.json == {
        "query": {"offset": "0", "limit": 1, "asc": True},
        "sortingColumn": "ACTION_FIELD_NAME_ID",
        "queries": [
            {"actionNameQuery": {"name": "addGroups", "method": "TEXT_QUERY_METHOD_EQUALS"}}
        ],
    }
    assert search.headers == {"x-zitadel-orgid": "org1"}
    assert outcome.calls[1:] == [
        ("GET", "/management/v1/flows/2"),
        ("POST", SET_PATH),
        ("GET", "/management/v1/flows/2"),
    ]
    assert outcome.ops[2].json == {"actionIds": ["g1", "a9", "g1"]}


def test_update_bindings_unknown_name_is_not_found_and_nothing_is_written():
    plan = provider().update_bindings("2:5", [BindingRef.by_action_name("ghost")])
    with pytest.raises(NotFoundError, match="ghost"):
        run(plan, search_result())


def test_update_bindings_no_changes_refusal_counts_as_success():
    race = FailedPreconditionError(
        "No changes", status_code=400, grpc_code=9, error_code="COMMAND-Nfh52"
    )
    outcome = run(
        provider().update_bindings("2:5", [BindingRef.by_action_id("a1")]),
        flow_json("2", {}),
        race,
        flow_json("2", {"5": [action_json("a1")]}),
    )
    assert [b.action.id for b in outcome.result] == ["a1"]


def test_update_bindings_unknown_ids_error_propagates():
    error = FailedPreconditionError(
        "Action ids do not exist", status_code=400, grpc_code=9, error_code="COMMAND-dg422"
    )
    plan = provider().update_bindings("2:5", [BindingRef.by_action_id("nope")])
    with pytest.raises(FailedPreconditionError):
        run(plan, flow_json("2", {}), error)


@pytest.mark.parametrize(
    "item",
    [
        BindingRef.by_binding_id("b1"),
        BindingUpdate(ref=BindingRef.by_action_id("a1"), display_name="x"),
        BindingUpdate(ref=BindingRef.by_action_id("a1"), secrets=[Secret(name="k", value="v")]),
        {"ref": {"type": "binding_id", "value": "b1"}},
        {"ref": {"type": "action_id", "value": "a1"}, "display_name": "x"},
    ],
)
def test_update_bindings_auth0_only_items_are_unsupported(item):
    with pytest.raises(UnsupportedOperationError):
        provider().update_bindings("2:5", [item])


@pytest.mark.parametrize(
    ("trigger", "items"),
    [
        ("2:1", []),
        ("2:5", [""]),
        ("2:5", ["  "]),
        ("2:5", [7]),
        ("2:5", [{"ref": "a1"}]),
        ("2:5", [{"ref": {"type": "action_id", "value": ""}}]),
        ("2:5", [{"ref": {"type": "color", "value": "red"}}]),
        ("2:5", "a1"),
    ],
)
def test_update_bindings_rejects_bad_input_at_call_time(trigger, items):
    with pytest.raises(ValidationError):
        provider().update_bindings(trigger, items)
