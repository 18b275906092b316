"""``actions.triggers.bound()``: every bound condition from one unfiltered ListExecutions walk."""

from __future__ import annotations

import asyncio

import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk.errors import UnsupportedOperationError
from actions_sdk.providers.zitadel.models_v2 import ExecutionCondition
from actions_sdk.testing import Auth0Emulator, ZitadelEmulator
from tests.providers.zitadel_v2.v2_helpers import provider, run


def _execution(wire: dict, *targets: str) -> dict:
    return {"condition": wire, "changeDate": "2026-01-01T00:00:00Z", "targets": list(targets)}


def test_bound_pages_by_offset_and_keeps_each_condition_once():
    token = {"function": {"name": "preaccesstoken"}}
    group = {"event": {"group": "user.human"}}
    plan = provider().list_bound_triggers()
    first = {
        "pagination": {"totalResult": "3"},
        "executions": [_execution(token, "t1"), _execution(group, "t2", "t1")],
    }
    # The next page repeats one (an execution removed between two pages shifts the offsets);
    # an execution without targets is not bound.
    second = {
        "pagination": {"totalResult": "3"},
        "executions": [_execution(group, "t2"), _execution({"event": {"all": True}})],
    }
    outcome = run(plan, first, second)
    assert outcome.result == [
        ExecutionCondition.function("preaccesstoken"),
        ExecutionCondition.event(group="user.human"),
    ]
    bodies = [op.json for op in outcome.operations]
    assert [op.path for op in outcome.operations] == ["/v2/actions/executions/search"] * 2
    assert [b["pagination"]["offset"] for b in bodies] == ["0", "2"]
    assert all(b.get("filters", []) == [] for b in bodies)  # no filter: every execution


def test_bound_on_the_emulator_lists_exactly_the_executions_with_targets():
    emulator = ZitadelEmulator()
    client = ManagementClient.for_zitadel(
        "zitadel.example", token=emulator.pat, http_client=emulator.client(), api="v2"
    )
    assert client.actions.triggers.bound() == []
    target = client.actions.create(
        name="hook", endpoint="https://hooks.example.com/h", target_type="call", timeout=5
    )
    bindings = client.actions.triggers.bindings
    for condition in ("event:user.human.*", "function:preaccesstoken", "request:*"):
        bindings.update_many(condition, [target])
    bindings.update_many("request:*", [])  # removed: no longer bound
    assert [str(c) for c in client.actions.triggers.bound()] == [
        "event:user.human.*",
        "function:preaccesstoken",
    ]


def test_bound_is_refused_where_the_api_has_no_such_listing():
    auth0 = Auth0Emulator()
    zitadel = ZitadelEmulator()
    clients = [
        ManagementClient.for_auth0(
            "tenant.example", token="emulator-management-token", http_client=auth0.client()
        ),
        ManagementClient.for_zitadel(
            "zitadel.example", token=zitadel.pat, http_client=zitadel.client()
        ),
    ]
    for client in clients:
        with pytest.raises(UnsupportedOperationError, match=r"actions\.triggers\.bound"):
            client.actions.triggers.bound()


def test_bound_on_the_async_client_is_the_same_walk():
    emulator = ZitadelEmulator()
    sync = ManagementClient.for_zitadel(
        "zitadel.example", token=emulator.pat, http_client=emulator.client(), api="v2"
    )
    target = sync.actions.create(
        name="hook", endpoint="https://hooks.example.com/h", target_type="webhook", timeout=5
    )
    sync.actions.triggers.bindings.update_many("event:user.human.added", [target])

    async def main() -> list[str]:
        async with AsyncManagementClient.for_zitadel(
            "zitadel.example", token=emulator.pat, http_client=emulator.async_client(), api="v2"
        ) as client:
            return [str(c) for c in await client.actions.triggers.bound()]

    assert asyncio.run(main()) == ["event:user.human.added"]
