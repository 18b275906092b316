"""ZitadelProvider action plans: the exact requests, read-before-write and validation."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    BadRequestError,
    FailedPreconditionError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.zitadel import ActionState, ZitadelAction
from actions_sdk.providers._base import (
    CreateActionRequest,
    ListActionsRequest,
    UpdateActionRequest,
)
from tests.providers.zitadel.zitadel_helpers import action_json, provider, run

SCRIPT = "function addClaims(ctx, api) {}"


def failed_precondition(error_id: str) -> FailedPreconditionError:
    return FailedPreconditionError("No changes", status_code=400, grpc_code=9, error_code=error_id)


# -- list ----------------------------------------------------------------------------------------


def test_list_actions_first_page_request():
    fetch = provider().list_actions(ListActionsRequest())
    outcome = run(
        fetch(None),
        {"details": {"totalResult": "2"}, "result": [action_json("a1"), action_json("a2")]},
    )

    (op,) = outcome.ops
    assert (op.method, op.path) == ("POST", "/management/v1/actions/_search")
    assert op.json == {
        "query": {"offset": "0", "limit": 1000, "asc": True},
        "sortingColumn": "ACTION_FIELD_NAME_ID",
        "queries": [],
    }
    assert op.idempotent is True
    assert op.headers == {}
    page = outcome.result
    assert [a.id for a in page.items] == ["a1", "a2"]
    assert page.total == 2
    assert page.next_start is None


def test_list_actions_filters_and_paging():
    fetch = provider().list_actions(
        ListActionsRequest(action_name="addClaims", state="active", per_page=2)
    )
    first = run(
        fetch(None),
        {"details": {"totalResult": "5"}, "result": [action_json("a1"), action_json("a2")]},
    )
    assert first.ops[0].json == {
        "query": {"offset": "0", "limit": 2, "asc": True},
        "sortingColumn": "ACTION_FIELD_NAME_ID",
        "queries": [
            {"actionNameQuery": {"name": "addClaims", "method": "TEXT_QUERY_METHOD_EQUALS"}},
            {"actionStateQuery": {"state": "ACTION_STATE_ACTIVE"}},
        ],
    }
    assert first.result.next_start == 2
    assert first.result.total == 5

    second = run(fetch(4), {"details": {"totalResult": "5"}, "result": [action_json("a5")]})
    assert second.ops[0].json["query"] == {"offset": "4", "limit": 2, "asc": True}
    assert second.result.next_start is None  # short page


def test_list_actions_stops_when_total_reached_on_a_full_page():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    outcome = run(
        fetch(2),
        {"details": {"totalResult": "4"}, "result": [action_json("a3"), action_json("a4")]},
    )
    assert outcome.result.next_start is None


def test_list_actions_empty_result_is_omitted_by_protojson():
    outcome = run(provider().list_actions(ListActionsRequest())(None), {"details": {}})
    assert outcome.result.items == ()
    assert outcome.result.next_start is None
    assert outcome.result.total == 0  # protojson omits a zero totalResult


@pytest.mark.parametrize("state", ["ACTION_STATE_INACTIVE", "inactive", "INACTIVE"])
def test_list_actions_state_spellings(state):
    fetch = provider().list_actions(ListActionsRequest(state=state))
    op = next(fetch(None))
    assert op.json["queries"] == [{"actionStateQuery": {"state": "ACTION_STATE_INACTIVE"}}]


@pytest.mark.parametrize("per_page", [0, 1001, -1, True, 2.5])
def test_list_actions_rejects_bad_limits_at_call_time(per_page):
    with pytest.raises(ValidationError) as caught:
        provider().list_actions(ListActionsRequest(per_page=per_page))
    assert caught.value.field == "per_page"


@pytest.mark.parametrize("per_page", [1, 1000])
def test_list_actions_accepts_limit_bounds(per_page):
    op = next(provider().list_actions(ListActionsRequest(per_page=per_page))(None))
    assert op.json["query"]["limit"] == per_page


def test_list_actions_rejects_bad_state_and_name():
    with pytest.raises(ValidationError):
        provider().list_actions(ListActionsRequest(state="running"))
    with pytest.raises(ValidationError):
        provider().list_actions(ListActionsRequest(action_name="x" * 201))


@pytest.mark.parametrize(
    "request_",
    [
        ListActionsRequest(trigger_id="post-login"),
        ListActionsRequest(deployed=True),
        ListActionsRequest(installed=False),
    ],
)
def test_list_actions_auth0_filters_are_unsupported(request_):
    with pytest.raises(UnsupportedOperationError) as caught:
        provider().list_actions(request_)
    assert caught.value.provider == "zitadel"


# -- get / create --------------------------------------------------------------------------------


def test_get_action():
    outcome = run(provider().get_action("a/1"), {"action": action_json("a/1")})
    (op,) = outcome.ops
    assert (op.method, op.path, op.json) == ("GET", "/management/v1/actions/a%2F1", None)
    assert outcome.result.id == "a/1"
    assert outcome.result.timeout == timedelta(seconds=10)


def test_get_action_rejects_empty_id():
    with pytest.raises(ValidationError):
        provider().get_action("")


def test_create_action_posts_then_reads_back():
    plan = provider().create_action(
        CreateActionRequest(
            "addClaims",
            {"code": SCRIPT, "timeout": timedelta(seconds=1.5), "allowed_to_fail": True},
        )
    )
    full = action_json("new1", timeout="1.5s", allowed_to_fail=True)
    outcome = run(plan, {"id": "new1", "details": {"sequence": "3"}}, {"action": full})

    create, get = outcome.ops
    assert (create.method, create.path) == ("POST", "/management/v1/actions")
    assert create.json == {
        "name": "addClaims",
        "script": SCRIPT,
        "timeout": "1.5s",
        "allowedToFail": True,
    }
    assert create.idempotent is False
    assert (get.method, get.path) == ("GET", "/management/v1/actions/new1")
    assert outcome.result == ZitadelAction(
        id="new1",
        name="addClaims",
        code=SCRIPT,
        timeout=timedelta(seconds=1.5),
        allowed_to_fail=True,
        state=ActionState.ACTIVE,
        details=outcome.result.details,
    )


def test_create_action_timeout_in_seconds_and_defaults():
    op = next(provider().create_action(CreateActionRequest("a", {"code": "x", "timeout": 10})))
    assert op.json == {"name": "a", "script": "x", "timeout": "10s", "allowedToFail": False}
    op = next(provider().create_action(CreateActionRequest("a", {"code": "x"})))
    # Left out, the server applies its maximum (20 s).
    assert op.json == {"name": "a", "script": "x", "allowedToFail": False}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"code": ""}, "code"),
        ({"code": UNSET}, "code"),
        ({"code": "é" * 20_001}, "code"),  # 20 001 characters, 40 002 bytes
        ({"timeout": 20.001}, "timeout"),
        ({"timeout": timedelta(seconds=-1)}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": "10s"}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"allowed_to_fail": "yes"}, "allowed_to_fail"),
    ],
)
def test_create_action_validation_happens_at_call_time(kwargs, field):
    arguments = {"name": "addClaims", "code": SCRIPT, **kwargs}
    with pytest.raises(ValidationError) as caught:
        provider().create_action(CreateActionRequest(arguments.pop("name"), arguments))
    assert caught.value.field == field


def test_create_action_limits_are_inclusive():
    plan = provider().create_action(
        CreateActionRequest("n" * 200, {"code": "é" * 20_000, "timeout": timedelta(seconds=20)})
    )
    assert next(plan).json["timeout"] == "20s"


@pytest.mark.parametrize(
    "option",
    [
        {"supported_triggers": ["post-login"]},
        {"dependencies": []},
        {"runtime": "node22"},
        {"secrets": []},
        {"modules": []},
        {"deploy": True},
    ],
)
def test_create_action_auth0_options_are_unsupported(option):
    with pytest.raises(UnsupportedOperationError):
        provider().create_action(CreateActionRequest("a", {"code": "x", **option}))


# -- update ----------------------------------------------------------------------------------------


def test_update_with_changes_puts_all_four_fields_then_reads_back():
    current = action_json("a1", timeout="10s", allowed_to_fail=True)
    updated = {**current, "name": "renamed"}
    outcome = run(
        provider().update_action("a1", UpdateActionRequest("renamed")),
        {"action": current},
        {"details": {"sequence": "9"}},
        {"action": updated},
    )

    get, put, reread = outcome.ops
    assert (get.method, get.path) == ("GET", "/management/v1/actions/a1")
    assert (put.method, put.path) == ("PUT", "/management/v1/actions/a1")
    assert put.json == {
        "name": "renamed",
        "script": SCRIPT,
        "timeout": "10s",
        "allowedToFail": True,
    }
    assert put.idempotent is True
    assert (reread.method, reread.path) == ("GET", "/management/v1/actions/a1")
    assert outcome.result.name == "renamed"


def test_update_without_changes_does_not_write():
    current = action_json("a1", timeout="10s")
    outcome = run(
        provider().update_action(
            "a1", UpdateActionRequest("addClaims", {"code": SCRIPT, "timeout": 10.0})
        ),
        {"action": current},
    )
    assert outcome.calls == [("GET", "/management/v1/actions/a1")]
    assert outcome.result.id == "a1"


def test_update_with_nothing_given_does_not_write():
    outcome = run(provider().update_action("a1", UpdateActionRequest()), {"action": action_json()})
    assert len(outcome.ops) == 1


def test_update_zero_timeout_matches_stored_maximum():
    # The server stores 0 but reads back "20s"; sending 0 again would be refused as "no changes".
    outcome = run(
        provider().update_action("a1", UpdateActionRequest(options={"timeout": 0})),
        {"action": action_json(timeout="20s")},
    )
    assert len(outcome.ops) == 1


def test_update_timeout_and_allowed_to_fail():
    outcome = run(
        provider().update_action(
            "a1",
            UpdateActionRequest(
                options={"timeout": timedelta(milliseconds=2500), "allowed_to_fail": True}
            ),
        ),
        {"action": action_json()},
        {},
        {"action": action_json(timeout="2.5s", allowed_to_fail=True)},
    )
    assert outcome.ops[1].json == {
        "name": "addClaims",
        "script": SCRIPT,
        "timeout": "2.5s",
        "allowedToFail": True,
    }
    assert outcome.result.allowed_to_fail is True


def test_update_no_changes_refusal_after_retry_counts_as_success():
    outcome = run(
        provider().update_action("a1", UpdateActionRequest("renamed")),
        {"action": action_json()},
        failed_precondition("ACTION-dg4t2"),
        {"action": action_json(name="renamed")},
    )
    assert outcome.result.name == "renamed"


def test_update_other_errors_propagate():
    plan = provider().update_action("a1", UpdateActionRequest("renamed"))
    error = BadRequestError("bad", status_code=400, grpc_code=3, error_code="ACTION-xyz")
    with pytest.raises(BadRequestError):
        run(plan, {"action": action_json()}, error)


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        (UpdateActionRequest(""), ValidationError),
        (UpdateActionRequest(options={"code": "x" * 40_001}), ValidationError),
        (UpdateActionRequest(options={"timeout": 21}), ValidationError),
        (UpdateActionRequest(options={"runtime": "node22"}), UnsupportedOperationError),
        (UpdateActionRequest(options={"secrets": []}), UnsupportedOperationError),
    ],
)
def test_update_validation_happens_at_call_time(request_, error):
    with pytest.raises(error):
        provider().update_action("a1", request_)


# -- delete / state ------------------------------------------------------------------------------


@pytest.mark.parametrize("force", [True, False])
def test_delete_action(force):
    outcome = run(provider().delete_action("a1", force=force), {})
    (op,) = outcome.ops
    assert (op.method, op.path, op.json) == ("DELETE", "/management/v1/actions/a1", None)
    assert outcome.result is None


@pytest.mark.parametrize(
    ("method", "verb", "before", "after"),
    [
        ("deactivate_action", "_deactivate", "ACTION_STATE_ACTIVE", "ACTION_STATE_INACTIVE"),
        ("reactivate_action", "_reactivate", "ACTION_STATE_INACTIVE", "ACTION_STATE_ACTIVE"),
    ],
)
def test_state_change_writes_when_needed(method, verb, before, after):
    outcome = run(
        getattr(provider(), method)("a1"),
        {"action": action_json(state=before)},
        {"details": {}},
        {"action": action_json(state=after)},
    )
    assert outcome.calls == [
        ("GET", "/management/v1/actions/a1"),
        ("POST", f"/management/v1/actions/a1/{verb}"),
        ("GET", "/management/v1/actions/a1"),
    ]
    assert outcome.ops[1].json == {}
    assert outcome.result.state == after


@pytest.mark.parametrize(
    ("method", "state"),
    [("deactivate_action", "ACTION_STATE_INACTIVE"), ("reactivate_action", "ACTION_STATE_ACTIVE")],
)
def test_state_change_is_a_no_op_when_already_there(method, state):
    outcome = run(getattr(provider(), method)("a1"), {"action": action_json(state=state)})
    assert len(outcome.ops) == 1
    assert outcome.result.state == state


def test_state_change_race_is_success():
    outcome = run(
        provider().deactivate_action("a1"),
        {"action": action_json(state="ACTION_STATE_ACTIVE")},
        failed_precondition("COMMAND-Dgj92"),
        {"action": action_json(state="ACTION_STATE_INACTIVE")},
    )
    assert outcome.result.state is ActionState.INACTIVE


# -- organization header ---------------------------------------------------------------------------


def test_every_operation_carries_the_org_header():
    zitadel = provider(org_id="org-42")
    plans = [
        zitadel.list_actions(ListActionsRequest())(None),
        zitadel.get_action("a1"),
        zitadel.create_action(CreateActionRequest("a", {"code": "x"})),
        zitadel.update_action("a1", UpdateActionRequest("b")),
        zitadel.delete_action("a1", force=False),
        zitadel.deactivate_action("a1"),
        zitadel.reactivate_action("a1"),
        zitadel.list_bindings("2:5", UNSET)(None),
        zitadel.update_bindings("2:5", []),
    ]
    for plan in plans:
        op = next(plan)
        assert op.headers == {"x-zitadel-orgid": "org-42"}, op.name


def test_with_org_copies_without_touching_the_original():
    base = provider()
    other = base.with_org("org-7")
    assert next(other.get_action("a1")).headers == {"x-zitadel-orgid": "org-7"}
    assert next(base.get_action("a1")).headers == {}
    assert other.static_token() == base.static_token()
    assert next(other.with_org(None).get_action("a1")).headers == {}
    with pytest.raises(ValidationError):
        base.with_org("")


def test_plans_do_no_io_and_decode_real_responses():
    # The decode callables take the real httpx.Response the transport will pass.
    op = next(provider().get_action("a1"))
    response = httpx.Response(
        200, json={"action": action_json()}, request=httpx.Request("GET", "https://z.example/")
    )
    assert op.decode(response).name == "addClaims"
