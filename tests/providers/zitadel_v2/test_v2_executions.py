"""ZITADEL Actions v2 executions on the wire: SetExecution, ListExecutions,
ListExecutionFunctions / Methods / Services (reference §3, §4.8–4.10), and the typed conditions."""

from __future__ import annotations

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    DecodeError,
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.providers.zitadel.models_v2 import (
    ConditionScope,
    ConditionType,
    ExecutionCondition,
    ZitadelExecutionBinding,
)
from tests.providers.zitadel_v2.v2_helpers import provider, run, target_json, targets_page

TOKEN = ExecutionCondition.function("preaccesstoken")
ADD_USER = "/zitadel.user.v2.UserService/AddHumanUser"


def executions(condition: dict, *targets: str) -> dict:
    """A ListExecutions answer with one execution (omitted entirely when it has no targets)."""
    if not targets:
        return {"pagination": {"totalResult": "0"}}
    execution = {
        "condition": condition,
        "creationDate": "2026-01-01T00:00:00Z",
        "changeDate": "2026-01-01T00:00:00Z",
        "targets": list(targets),
    }
    return {"pagination": {"totalResult": "1"}, "executions": [execution]}


FUNCTION_WIRE = {"function": {"name": "preaccesstoken"}}


# -- conditions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        (f"request:{ADD_USER}", {"request": {"method": ADD_USER}}),
        (
            "request:zitadel.user.v2.UserService",
            {"request": {"service": "zitadel.user.v2.UserService"}},
        ),
        ("request:*", {"request": {"all": True}}),
        (f"response:{ADD_USER}", {"response": {"method": ADD_USER}}),
        ("response:*", {"response": {"all": True}}),
        ("function:preaccesstoken", FUNCTION_WIRE),
        ("event:user.human.added", {"event": {"event": "user.human.added"}}),
        ("event:user.human.*", {"event": {"group": "user.human"}}),
        ("event:*", {"event": {"all": True}}),
    ],
)
def test_each_condition_form_goes_on_the_wire_and_back(text, wire):
    condition = ExecutionCondition.parse(text)
    assert str(condition) == text
    assert ExecutionCondition.parse(str(condition)) == condition
    assert repr(condition) == f"ExecutionCondition.parse({text!r})"
    op = next(provider().update_bindings(condition, []))
    assert op.json["filters"][0]["inConditionsFilter"]["conditions"] == [wire]


@pytest.mark.parametrize(
    "text",
    [
        f"request:{ADD_USER}",
        "request:zitadel.user.v2.UserService",
        "request:*",
        "response:zitadel.user.v2.UserService",
        "response:*",
        "event:user.human.added",
        "event:*",
    ],
)
def test_each_condition_form_is_read_back_from_list_executions(text):
    condition = ExecutionCondition.parse(text)
    wire = next(provider().list_bindings(condition, UNSET)(None)).json["filters"][0]
    outcome = run(
        provider().list_bindings(condition, UNSET)(None),
        executions(wire["inConditionsFilter"]["conditions"][0], "t1"),
        targets_page(target_json("t1")),
    )
    assert [b.condition for b in outcome.result.items] == [condition]


def test_an_unusable_server_condition_is_a_decode_error():
    bad = {"request": {"method": "no-slash"}}
    with pytest.raises(DecodeError, match="unusable condition"):
        run(provider().list_bindings("request:*", UNSET)(None), executions(bad, "t1"))


@pytest.mark.parametrize(
    "junk",
    [
        {},
        "request:*",
        {"request": "all"},
        {"request": {"method": 5}},
        {"request": {"all": "yes"}},
        {"function": {"event": "user.human.added"}},
        {"event": {"all": False}},
        {"unknown": {"all": True}},
    ],
)
def test_every_malformed_server_condition_is_a_decode_error(junk):
    with pytest.raises(DecodeError, match="condition"):
        run(provider().list_bindings("request:*", UNSET)(None), executions(junk, "t1"))


def test_the_constructors_match_the_string_form():
    assert ExecutionCondition.request(ADD_USER) == ExecutionCondition.parse(f"request:{ADD_USER}")
    assert ExecutionCondition.response(service="a.B") == ExecutionCondition.parse("response:a.B")
    assert ExecutionCondition.event(group="user.*") == ExecutionCondition.event(group="user")
    assert ExecutionCondition.event().scope == ConditionScope.ALL
    assert ExecutionCondition.request().type == ConditionType.REQUEST


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "request",
        "nothing:x",
        "request:",
        "request:/no-method-part",
        "request:a.B/Method",
        "function:",
        "function:*x y",
        "event:user human",
        "event:.*",
        "function:" + "x" * 1001,
        42,
        None,
    ],
)
def test_invalid_conditions_fail_before_sending(bad):
    with pytest.raises(ValidationError) as caught:
        provider().update_bindings(bad, [])
    assert caught.value.field == "condition"


@pytest.mark.parametrize(
    "call",
    [
        lambda: ExecutionCondition.request("/a.B/C", service="a.B"),
        lambda: ExecutionCondition.event("x", group="y"),
        lambda: ExecutionCondition("function", "all"),
        lambda: ExecutionCondition("event", "method", "x"),
        lambda: ExecutionCondition("request", "all", "x"),
    ],
)
def test_invalid_combinations_are_validation_errors(call):
    with pytest.raises(ValidationError):
        call()


# -- ListExecutionServices / Methods / Functions ---------------------------------------------------


def test_list_conditions_from_the_three_listing_rpcs():
    outcome = run(
        provider().list_triggers(),
        {"services": ["zitadel.user.v2.UserService"]},
        {"methods": [ADD_USER]},
        {"functions": ["preuserinfo", "preaccesstoken"]},
    )
    assert [(op.method, op.path, op.json) for op in outcome.ops] == [
        ("GET", "/v2/actions/executions/services", None),
        ("GET", "/v2/actions/executions/methods", None),
        ("GET", "/v2/actions/executions/functions", None),
    ]
    assert [str(c) for c in outcome.result] == [
        "request:*",
        "request:zitadel.user.v2.UserService",
        f"request:{ADD_USER}",
        "response:*",
        "response:zitadel.user.v2.UserService",
        f"response:{ADD_USER}",
        "function:preuserinfo",
        "function:preaccesstoken",
        "event:*",
    ]


def test_an_unusable_listed_condition_is_a_decode_error():
    with pytest.raises(DecodeError):
        run(provider().list_triggers(), {"services": ["a/b"]}, {}, {})
    with pytest.raises(DecodeError):
        run(provider().list_triggers(), {"services": "not a list"})


# -- ListExecutions (bindings.list) --------------------------------------------------------------


def test_list_bindings_reads_the_execution_then_its_targets_in_order():
    fetch = provider().list_bindings("function:preaccesstoken", UNSET)
    outcome = run(
        fetch(None),
        executions(FUNCTION_WIRE, "t2", "t1"),
        targets_page(target_json("t1", name="first"), target_json("t2", name="second")),
    )
    search, targets = outcome.ops
    assert (search.method, search.path) == ("POST", "/v2/actions/executions/search")
    assert search.json == {
        "pagination": {"offset": "0", "limit": 1000, "asc": True},
        "filters": [{"inConditionsFilter": {"conditions": [FUNCTION_WIRE]}}],
    }
    assert targets.json["filters"] == [{"inTargetIdsFilter": {"targetIds": ["t2", "t1"]}}]
    page = outcome.result
    assert [b.target.id for b in page.items] == ["t2", "t1"]  # execution order, never sorted
    assert [b.action.name for b in page.items] == ["second", "first"]
    assert all(isinstance(b, ZitadelExecutionBinding) for b in page.items)
    assert all(b.condition == TOKEN for b in page.items)
    assert page.next_start is None


def test_an_execution_without_targets_is_an_empty_list_and_one_call():
    outcome = run(provider().list_bindings(TOKEN, UNSET)(None), executions(FUNCTION_WIRE))
    assert len(outcome.ops) == 1
    assert outcome.result.items == ()


def test_a_target_that_cannot_be_read_keeps_its_place_by_id():
    outcome = run(
        provider().list_bindings(TOKEN, UNSET)(None),
        executions(FUNCTION_WIRE, "gone", "t1"),
        targets_page(target_json("t1")),
    )
    assert [(b.target.id, b.target.name) for b in outcome.result.items] == [
        ("gone", ""),
        ("t1", "ip-check"),
    ]


def test_a_group_condition_matches_the_servers_spelling_with_the_suffix():
    condition = ExecutionCondition.event(group="user.human")
    outcome = run(
        provider().list_bindings(condition, UNSET)(None),
        executions({"event": {"group": "user.human.*"}}, "t1"),
        targets_page(target_json("t1")),
    )
    assert [b.target.id for b in outcome.result.items] == ["t1"]


def test_an_execution_of_no_known_kind_is_a_decode_error():
    with pytest.raises(DecodeError):
        run(provider().list_bindings(TOKEN, UNSET)(None), executions({"other": {}}, "t1"))


# -- SetExecution (bindings.update_many) ----------------------------------------------------------


def test_set_execution_sends_the_ordered_ids_and_reads_back():
    outcome = run(
        provider().update_bindings(TOKEN, ["t2", "t1"]),
        executions(FUNCTION_WIRE, "t1"),
        {"setDate": "2026-01-01T00:00:00Z"},
        targets_page(target_json("t1"), target_json("t2")),
    )
    search, put, targets = outcome.ops
    assert search.path == "/v2/actions/executions/search"
    assert (put.method, put.path) == ("PUT", "/v2/actions/executions")
    assert put.json == {"condition": FUNCTION_WIRE, "targets": ["t2", "t1"]}
    assert put.idempotent is True
    assert targets.path == "/v2/actions/targets/search"
    assert [b.target.id for b in outcome.result] == ["t2", "t1"]


def test_the_same_ids_in_another_order_are_written():
    outcome = run(
        provider().update_bindings(TOKEN, ["t1", "t2"]),
        executions(FUNCTION_WIRE, "t2", "t1"),
        {},
        targets_page(target_json("t1"), target_json("t2")),
    )
    assert outcome.ops[1].json["targets"] == ["t1", "t2"]


def test_an_identical_list_is_not_written():
    outcome = run(
        provider().update_bindings(TOKEN, ["t1"]),
        executions(FUNCTION_WIRE, "t1"),
        targets_page(target_json("t1")),
    )
    assert [op.method for op in outcome.ops] == ["POST", "POST"]  # the two searches only


def test_an_empty_list_removes_the_execution():
    outcome = run(provider().update_bindings(TOKEN, []), executions(FUNCTION_WIRE, "t1"), {})
    assert outcome.ops[1].json == {"condition": FUNCTION_WIRE, "targets": []}
    assert outcome.result == []


def test_names_are_resolved_to_ids_by_an_exact_search():
    outcome = run(
        provider().update_bindings(TOKEN, [BindingRef.by_action_name("ip-check"), "t0"]),
        targets_page(target_json("t7", name="ip-check")),
        executions(FUNCTION_WIRE),
        {},
        targets_page(target_json("t7"), target_json("t0")),
    )
    lookup = outcome.ops[0]
    assert lookup.json["filters"][0]["targetNameFilter"]["targetName"] == "ip-check"
    assert lookup.json["pagination"]["limit"] == 1
    assert outcome.ops[2].json["targets"] == ["t7", "t0"]


def test_an_unknown_name_sends_no_write():
    plan = provider().update_bindings(TOKEN, [BindingRef.by_action_name("missing")])
    with pytest.raises(NotFoundError):
        run(plan, targets_page())


def test_an_unknown_condition_is_the_servers_404():
    # The server answers 404 ConditionInvalid (not the 400 the proto documents): passed on.
    error = NotFoundError("Errors.Execution.ConditionInvalid", status_code=404)
    with pytest.raises(NotFoundError):
        run(provider().update_bindings(TOKEN, ["t1"]), executions(FUNCTION_WIRE), error)


@pytest.mark.parametrize(
    ("item", "error"),
    [
        (BindingRef.by_binding_id("b1"), UnsupportedOperationError),
        (
            BindingUpdate(ref=BindingRef.by_action_id("t1"), display_name="x"),
            UnsupportedOperationError,
        ),
        ({"ref": {"type": "action_id", "value": "t1"}, "secrets": []}, UnsupportedOperationError),
        ("..", ValidationError),
        (3, ValidationError),
    ],
)
def test_items_v2_cannot_bind_are_refused_before_sending(item, error):
    with pytest.raises(error):
        provider().update_bindings(TOKEN, [item])


def test_binding_hooks_of_the_safe_helpers():
    binding = ZitadelExecutionBinding(
        condition=TOKEN,
        target=run(provider().get_action("t1"), {"target": target_json()}).result,
    )
    facts = provider().binding_facts(binding)
    assert (facts.ref, facts.action_id, facts.action_name) == (
        BindingRef.by_action_id("t1"),
        "t1",
        "ip-check",
    )
    assert provider().new_binding("t1", None, None) == BindingRef.by_action_id("t1")
    with pytest.raises(UnsupportedOperationError):
        provider().new_binding("t1", "name", None)
