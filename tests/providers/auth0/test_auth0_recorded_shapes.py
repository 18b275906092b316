"""Auth0 responses in the shapes recorded against real tenants, decoded through the provider.

Each fixture under ``tests/fixtures/auth0/recorded/`` is hand-written in a recorded shape (issue 10
§2); these tests prove the provider and models read them and that nothing depends on a key real
tenants do not send.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import ActionBuildError, NotFoundError, RateLimitError, ValidationError
from actions_sdk.models.auth0 import (
    ActionTrigger,
    BindingPolicy,
    BuildStatus,
    CurrentVersion,
    CurrentVersionStatus,
    TriggerId,
)
from actions_sdk.models.bindings import BindingRef
from actions_sdk.providers._base import CreateActionRequest, ListActionsRequest
from tests.providers.auth0.auth0_helpers import (
    Reply,
    first_op,
    fixture,
    provider,
    respond,
    run_plan,
)


def recorded(name: str) -> object:
    return fixture(f"recorded/{name}")


def test_a_failed_build_without_errors_still_fails_with_a_useful_message():
    action = run_plan(provider().get_action("x"), [recorded("action_failed_build.json")]).result
    assert action.status == BuildStatus.FAILED
    assert action.errors == ()
    assert action.current_version.status == CurrentVersionStatus.FAILED
    progress = provider().build_progress(action)
    assert (progress.failed, progress.done, progress.errors) == (True, False, ())
    error = ActionBuildError(action.id, progress.errors, status=progress.status)
    message = str(error)
    assert action.id in message
    assert "status failed" in message
    assert f"GET /api/v2/actions/actions/{action.id}" in message
    assert "dashboard" in message


def test_a_failed_deployed_version_names_its_number():
    action = run_plan(provider().get_action("x"), [recorded("action_built_deployed.json")]).result
    failed_version = {**recorded("deploy_response.json"), "status": "failed", "number": 7}
    broken = run_plan(
        provider().get_action("x"),
        [{**recorded("action_built_deployed.json"), "deployed_version": failed_version}],
    ).result
    progress = provider().deployment_progress(broken, 7)
    assert (progress.failed, progress.version) == (True, 7)
    error = ActionBuildError(action.id, progress.errors, status=progress.status, version=7)
    assert str(error).startswith(f"the build of version 7 of action {action.id} failed")


def test_current_version_is_typed_with_an_open_upper_case_status():
    action = run_plan(provider().get_action("x"), [recorded("action_built_deployed.json")]).result
    assert action.current_version == CurrentVersion(
        id="1f6e3c44-9a2b-4c11-8e55-3d2f1a0b9c33",
        code="exports.onExecutePostLogin = async (event, api) => {};",
        runtime="node22",
        status=CurrentVersionStatus.BUILT,
        number=1,
        build_time=datetime(2026, 3, 2, 11, 0, 3, tzinfo=UTC),
        created_at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC),
        updated_at=datetime(2026, 3, 2, 11, 0, 3, tzinfo=UTC),
    )
    later = {**recorded("action_built_deployed.json")}
    later["current_version"] = {**later["current_version"], "status": "QUEUED"}
    odd = run_plan(provider().get_action("x"), [later]).result
    assert odd.current_version.status == "QUEUED"
    assert not odd.current_version.status.is_known


def test_triggers_inside_an_action_are_just_id_and_version():
    action = run_plan(provider().get_action("x"), [recorded("action_built_deployed.json")]).result
    assert action.supported_triggers == (ActionTrigger(id="post-login", version="v3"),)
    assert action.supported_triggers[0].binding_policy is None
    assert action.deploy is None  # never echoed
    version = action.deployed_version
    assert (version.action_id, version.modules) == (None, ())


def test_registry_url_is_there_while_building_and_gone_once_built():
    building = run_plan(provider().get_action("x"), [recorded("action_building.json")]).result
    assert building.dependencies[0].registry_url == "https://registry.npmjs.org/"
    assert building.supported_triggers[0].id == TriggerId.EVENT_STREAM
    built = run_plan(provider().get_action("x"), [recorded("action_built_deployed.json")]).result
    assert built.dependencies[0].registry_url is None


def test_deploy_answers_200_with_a_built_undeployed_version():
    run = run_plan(provider().deploy_action("a1"), [recorded("deploy_response.json")])
    version = run.result
    assert (version.status, version.deployed, version.number) == (BuildStatus.BUILT, False, 2)
    assert version.action_id is None
    rollback = run_plan(
        provider().deploy_version("a1", "v1", None), [recorded("deploy_response.json")]
    )
    assert rollback.result.deployed is False


def test_an_action_without_deploy_echo_is_not_taken_as_deploying_itself():
    # Adopting an action found after a lost create answer: the response has no "deploy" key, so
    # only a deployed_version can show a deployment under way.
    undeployed = run_plan(provider().get_action("x"), [recorded("action_building.json")]).result
    assert provider().deploys_after_build(undeployed) is False
    deployed = run_plan(provider().get_action("x"), [recorded("action_built_deployed.json")]).result
    assert provider().deploys_after_build(deployed) is True


def test_list_envelopes_without_page_and_with_untrustworthy_later_totals():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    first = run_plan(fetch(None), [recorded("list_actions_page0.json")]).result
    assert (len(first.items), first.total, first.next_start) == (2, 3, 1)
    assert first.items[1].supported_triggers[0].id == TriggerId.MCP_TOOL
    last = run_plan(fetch(1), [recorded("list_actions_page1.json")]).result
    assert ([a.id for a in last.items], last.total, last.next_start) == (["a-2"], 3, None)
    empty = run_plan(
        provider().list_actions(ListActionsRequest())(None), [recorded("list_actions_empty.json")]
    ).result
    # Page 0 leaves out total when it is 0: an empty first page reads as total 0.
    assert (empty.items, empty.total, empty.next_start) == ((), 0, None)


def test_bindings_embed_an_abbreviated_action_and_may_have_no_display_name():
    fetch = provider().list_bindings("post-login", 20)
    page = run_plan(fetch(None), [recorded("list_bindings.json")]).result
    named, unnamed = page.items
    assert named.display_name == "Add roles"
    assert named.action.current_version.number == 4
    assert (named.action.code, named.action.runtime, named.action.status) == (None, None, None)
    assert unnamed.display_name is None
    facts = provider().binding_facts(unnamed)
    assert (facts.ref, facts.action_id, facts.display_name) == (
        BindingRef.by_binding_id("b-1"),
        "a-1",
        None,
    )


@pytest.mark.parametrize(
    "trigger", ["event-stream", "custom-token-exchange", "mcp-tool", "password-hash-migration"]
)
def test_entity_bound_bindings_list_is_an_empty_200(trigger):
    fetch = provider().list_bindings(trigger, UNSET)
    page = run_plan(fetch(None), [recorded("list_bindings_entity_bound.json")]).result
    assert (page.items, page.total, page.next_start) == ((), 0, None)


def test_a_404_without_error_code_and_a_429_without_rate_limit_headers():
    op = first_op(provider().get_action("x"))
    missing = provider().parse_error(respond(op, Reply(recorded("error_404.json"), 404)))
    assert isinstance(missing, NotFoundError)
    assert (missing.error_code, str(missing.message)) == (None, "The action does not exist.")
    limited = provider().parse_error(respond(op, Reply(recorded("error_429.json"), 429)))
    assert isinstance(limited, RateLimitError)
    assert limited.error_code == "too_many_requests"
    assert (limited.limit, limited.remaining, limited.reset) == (None, None, None)


def test_test_endpoint_answers_a_run_result():
    run = run_plan(
        provider().test_action("a1", {"user": {}}), [recorded("test_action_response.json")]
    )
    assert run.result["error"] is None
    assert run.result["stats"]["action_duration_ms"] == 9


def test_an_old_triggers_list_without_binding_policy_and_a_new_one_with_mcp_tool():
    old = run_plan(provider().list_triggers(), [recorded("triggers_old_no_binding_policy.json")])
    assert [t.binding_policy for t in old.result] == [None, None]
    new = run_plan(provider().list_triggers(), [recorded("triggers_with_mcp_tool.json")])
    policies = {str(t.id): t.binding_policy for t in new.result}
    assert policies["mcp-tool"] == BindingPolicy.ENTITY_BOUND
    bindable = run_plan(
        provider().bindable_triggers(), [recorded("triggers_with_mcp_tool.json")]
    ).result
    assert bindable == ["post-login", "custom-email-provider"]


# -- trigger-id typos ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda p: p.create_action(
                CreateActionRequest("x", {"supported_triggers": ["post-logn"]})
            ),
            "supported_triggers[0]",
        ),
        (lambda p: p.list_bindings("post-logn", UNSET), "trigger"),
        (lambda p: p.update_bindings("post-logn", []), "trigger"),
        (lambda p: p.list_actions(ListActionsRequest(trigger_id="post-logn")), "trigger_id"),
    ],
)
def test_a_trigger_id_one_typo_away_is_refused_with_a_suggestion(call, field):
    with pytest.raises(ValidationError, match="did you mean 'post-login'\\?") as info:
        call(provider())
    assert info.value.field == field


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("mcp-tol", "mcp-tool"), ("Post-Login", "post-login"), ("event_stream", "event-stream")],
)
def test_near_misses_of_other_known_ids(typo, meant):
    with pytest.raises(ValidationError, match=f"did you mean '{meant}'"):
        provider().list_bindings(typo, UNSET)


@pytest.mark.parametrize(
    "trigger", ["brand-new-trigger", "pre-login", "x", "login-post-identifier", "mcp-tool"]
)
def test_known_ids_and_ids_far_from_all_known_ones_are_sent(trigger):
    op = first_op(provider().list_bindings(trigger, UNSET)(None))
    assert op.path == f"/api/v2/actions/triggers/{trigger}/bindings"


@pytest.mark.parametrize(
    "trigger", [TriggerId("post-logins"), ActionTrigger(id="post-logins", version="v1")]
)
def test_typed_trigger_ids_as_the_server_returns_them_are_not_second_guessed(trigger):
    # A new trigger one edit away from a known one, read from GET /actions/triggers, still works.
    op = first_op(provider().list_bindings(trigger, UNSET)(None))
    assert op.path == "/api/v2/actions/triggers/post-logins/bindings"


def test_the_binding_helpers_pass_server_trigger_ids_through():
    catalogue = {"triggers": [{"id": "post-logins", "version": "v1"}, {"id": "post-login"}]}
    ids = run_plan(provider().bindable_triggers(), [catalogue]).result
    assert ids == ["post-logins", "post-login"]
    assert all(isinstance(i, TriggerId) for i in ids)
    op = first_op(provider().list_bindings(ids[0], UNSET)(None))
    assert op.path == "/api/v2/actions/triggers/post-logins/bindings"
