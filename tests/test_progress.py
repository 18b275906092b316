"""Progress events of the long-running helpers (issue 15), sync and async, on a manual clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions_sdk import (
    AsyncManagementClient,
    ManagementClient,
    ProgressEvent,
    RetryPolicy,
    ValidationError,
)
from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator

CODE = "exports.onExecutePostLogin = async (event, api) => {};"


def policy(clock: ManualClock) -> RetryPolicy:
    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    return RetryPolicy(sleep=clock.advance, async_sleep=advance, clock=clock.time)


def auth0() -> tuple[ManagementClient[Any, Any, Any], Auth0Emulator, ManualClock]:
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=3, deploy_seconds=1)
    client = ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=emulator.client(),
        retry_policy=policy(clock),
    )
    return client, emulator, clock


def test_wait_until_built_reports_polls_status_changes_and_the_end():
    client, _, _ = auth0()
    events: list[ProgressEvent] = []
    with client:
        action = client.actions.create(name="a", supported_triggers=["post-login"], code=CODE)
        built = client.actions.wait_until_built(action.id, poll=1, progress=events.append)
    assert built.status == "built"
    kinds = [event.kind for event in events]
    assert kinds[0] == "started"
    assert kinds[-1] == "done"
    assert "poll" in kinds
    statuses = [event.status for event in events if event.kind == "status"]
    assert statuses[0] == "pending"
    assert statuses[-1] == "built"
    assert all(event.operation == "wait_until_built" for event in events)
    assert all(event.action_id == action.id for event in events)
    elapsed = [event.elapsed for event in events]
    assert elapsed == sorted(elapsed)
    assert elapsed[-1] >= 3  # the emulated build took 3 s of the manual clock
    attempts = [event.attempt for event in events if event.kind == "poll"]
    assert attempts == list(range(1, len(attempts) + 1))
    assert "wait_until_built" in str(events[-1])
    assert "built" in str(events[-1])


def test_deploy_wait_reports_the_deploy_step_and_the_deployment():
    client, _, _ = auth0()
    events: list[ProgressEvent] = []
    with client:
        action = client.actions.create(name="a", supported_triggers=["post-login"], code=CODE)
        client.actions.deploy(action.id, wait=True, poll=1, progress=events.append)
    steps = [event for event in events if event.kind == "step"]
    assert [step.detail for step in steps] == ["deployed as version 1"]
    waits = {event.waiting_for for event in events if event.kind == "done"}
    assert waits == {"build", "deployment"}
    assert all(event.operation == "deploy" for event in events)


def test_create_wait_and_rollback_wait_report_too():
    client, _, clock = auth0()
    created: list[ProgressEvent] = []
    rolled: list[ProgressEvent] = []
    with client:
        action = client.actions.create(
            name="a",
            supported_triggers=["post-login"],
            code=CODE,
            deploy=True,
            wait=True,
            poll=1,
            progress=created.append,
        )
        client.actions.update(action.id, code=CODE + "//2")
        client.actions.deploy(action.id, wait=True, poll=1)
        first = client.actions.versions.list(action.id).to_list()[-1]
        client.actions.versions.deploy(
            action.id, first.id, wait=True, poll=1, progress=rolled.append
        )
    assert created[-1].kind == "done"
    assert {event.operation for event in created} == {"create"}
    assert rolled[-1].kind == "done"
    assert rolled[-1].waiting_for == "deployment"
    assert {event.operation for event in rolled} == {"rollback"}
    assert clock.time() > 0


def test_binding_edits_report_start_and_end():
    client, _, _ = auth0()
    events: list[ProgressEvent] = []
    with client:
        action = client.actions.create(
            name="a", supported_triggers=["post-login"], code=CODE, deploy=True, wait=True
        )
        bindings = client.actions.triggers.bindings
        trigger = next(t for t in client.actions.triggers.list() if t.id == "post-login")
        bindings.add(trigger, action.id, progress=events.append)
        bindings.move("post-login", action.id, position=0, progress=events.append)
        bindings.replace("post-login", [action.id], progress=events.append)
        bindings.remove("post-login", action.id, progress=events.append)
    assert [event.kind for event in events] == ["started", "done"] * 4
    assert {event.action_id for event in events} == {"post-login"}
    assert events[1].detail == "bindings written"


def test_zitadel_has_nothing_to_wait_for_and_reports_nothing():
    emulator = ZitadelEmulator()
    events: list[ProgressEvent] = []
    with ManagementClient.for_zitadel(
        "zitadel.example", token=emulator.pat, http_client=emulator.client()
    ) as client:
        action = client.actions.create(name="a", code="function a(ctx, api) {}")
        client.actions.wait_until_built(action.id, progress=events.append)
    assert events == []


def test_a_progress_that_is_not_callable_is_refused_before_sending():
    client, emulator, _ = auth0()
    with client:
        with pytest.raises(ValidationError, match="progress must be callable"):
            client.actions.wait_until_built("act_1", progress="print")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="need wait=True"):
            client.actions.deploy("act_1", progress=print)  # type: ignore[call-overload]
        with pytest.raises(ValidationError, match="need wait=True"):
            client.actions.versions.deploy("act_1", "v1", progress=print)
    assert emulator.requests == []


def test_without_progress_no_extra_step_is_taken():
    client, emulator, _ = auth0()
    with client:
        action = client.actions.create(name="a", supported_triggers=["post-login"], code=CODE)
        before = len(emulator.requests)
        client.actions.wait_until_built(action.id, poll=1)
        quiet = len(emulator.requests) - before
        action2 = client.actions.create(name="b", supported_triggers=["post-login"], code=CODE)
        before = len(emulator.requests)
        client.actions.wait_until_built(action2.id, poll=1, progress=lambda event: None)
        reported = len(emulator.requests) - before
    assert quiet == reported  # events cost no request


def test_the_async_client_reports_the_same_events():
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=3, deploy_seconds=1)
    events: list[ProgressEvent] = []

    async def main() -> None:
        async with AsyncManagementClient.for_auth0(
            "tenant.example",
            token=emulator.token,
            http_client=emulator.async_client(),
            retry_policy=policy(clock),
        ) as client:
            action = await client.actions.create(
                name="a", supported_triggers=["post-login"], code=CODE
            )
            await client.actions.deploy(action.id, wait=True, poll=1, progress=events.append)

    asyncio.run(main())
    assert events[0].kind == "started"
    assert events[-1].kind == "done"
    assert [e.detail for e in events if e.kind == "step"] == ["deployed as version 1"]
