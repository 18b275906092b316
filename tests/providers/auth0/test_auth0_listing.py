"""Auth0Provider listings as pure plans: query names, paging, versions."""

from __future__ import annotations

import pytest

from actions_sdk._operation import Page
from actions_sdk.errors import (
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models.auth0 import (
    ActionVersion,
    BuildStatus,
    TriggerId,
)
from actions_sdk.providers._base import (
    ListActionsRequest,
)
from tests.providers.auth0.auth0_helpers import (
    VERSION,
    A,
    Reply,
    action_json,
    first_op,
    provider,
    run_plan,
)

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
