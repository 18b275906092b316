"""Plans may pause: a ``Sleep`` step is waited by the transport, which answers with its clock."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from actions_sdk import (
    ManagementClient,
    ServerError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk._operation import Operation, Plan, Sleep, read_clock
from actions_sdk._retry import RetryPolicy
from actions_sdk._transport import AsyncTransport, ClientState, SyncTransport, TokenCache
from actions_sdk.models.auth0 import Action, ActionTrigger, ActionVersion, BuildStatus
from actions_sdk.providers._base import CreateActionRequest, Provider
from actions_sdk.providers.auth0 import Auth0Provider
from actions_sdk.providers.zitadel import ZitadelProvider


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def op(path: str) -> Operation[Any]:
    return Operation(method="GET", path=path, decode=lambda r: r.json(), name="thing")


def pausing_plan() -> Plan[tuple[float, float, float, Any]]:
    start = yield from read_clock()
    after = yield Sleep(2.5)
    nothing = yield Sleep(-1)  # a pause of zero or less only reads the clock
    answer = yield op("/thing")
    return start, after, nothing, answer


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"path": request.url.path})


def transports(clock: Clock) -> tuple[SyncTransport, AsyncTransport]:
    policy = RetryPolicy(sleep=clock.sleep, async_sleep=clock.async_sleep, clock=clock.time)
    common: dict[str, Any] = {
        "base_url": "https://x.example",
        "provider": Auth0Provider("x.example", token="t"),
        "policy": policy,
        "timeout": httpx.Timeout(5),
    }
    sync = SyncTransport(
        state=ClientState(
            http=httpx.Client(transport=httpx.MockTransport(handler)),
            owns_http=True,
            tokens=TokenCache(),
        ),
        **common,
    )
    async_ = AsyncTransport(
        state=ClientState(
            http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            owns_http=True,
            tokens=TokenCache(),
        ),
        **common,
    )
    return sync, async_


def test_both_transports_wait_with_the_policy_and_answer_with_its_clock():
    clock = Clock()
    sync, async_ = transports(clock)
    assert sync.run(pausing_plan()) == (100.0, 102.5, 102.5, {"path": "/thing"})
    assert clock.sleeps == [2.5]
    assert asyncio.run(async_.run(pausing_plan())) == (102.5, 105.0, 105.0, {"path": "/thing"})
    assert clock.sleeps == [2.5, 2.5]
    sync.state.http.close()
    asyncio.run(async_.state.http.aclose())


def test_the_base_provider_offers_no_helper_hooks():
    provider: Provider[Any, Any, Any] = Provider()
    action = Action(id="a1")
    calls = [
        lambda: provider.build_progress(action),
        lambda: provider.deployment_progress(action, 1),
        lambda: provider.deployed_number(action),
        lambda: provider.needs_deploy(action),
        lambda: provider.deploys_after_build(action),
        lambda: provider.find_action_by_name("x"),
        lambda: provider.content_differences(action, CreateActionRequest("x")),
        lambda: provider.binding_facts(object()),
        lambda: provider.new_binding("a1", None, None),
        lambda: provider.bindable_triggers(),
    ]
    for call in calls:
        with pytest.raises(UnsupportedOperationError, match="does not support"):
            call()


def test_auth0_progress_reads_build_and_deployment_states():
    provider = Auth0Provider("x.example", token="t")
    assert provider.build_progress(Action(id="a", status=BuildStatus.BUILDING)).done is False
    assert provider.build_progress(Action(id="a")).status is None
    deployed = ActionVersion(id="v", number=2, deployed=True, status=BuildStatus.BUILT)
    failed = ActionVersion(id="v", number=2, status=BuildStatus.FAILED)
    assert provider.deployment_progress(Action(id="a", deployed_version=deployed), 2).done
    assert provider.deployment_progress(Action(id="a", deployed_version=deployed), 3).done is False
    assert provider.deployment_progress(Action(id="a", deployed_version=failed), 2).failed
    assert provider.deployed_number(Action(id="a")) == 0
    assert provider.needs_deploy(Action(id="a", deployed_version=deployed)) is True
    assert (
        provider.needs_deploy(Action(id="a", deployed_version=deployed, all_changes_deployed=True))
        is False
    )


def test_auth0_content_differences_compare_what_the_request_gave():
    from actions_sdk.models.auth0 import Dependency, ModuleRef, Secret, SecretInfo

    provider = Auth0Provider("x.example", token="t")
    action = Action(
        id="a",
        name="n",
        supported_triggers=(ActionTrigger(id="post-login", version="v3"),),
        code="c",
        runtime="node22",
        dependencies=(Dependency(name="lodash", version="4"),),
        secrets=(SecretInfo(name="KEY"),),
        modules=(ModuleRef(module_id="m", module_version_id="mv"),),
    )
    same = CreateActionRequest(
        "n",
        {
            "supported_triggers": ["post-login"],
            "code": "c",
            "runtime": "node22",
            "dependencies": [Dependency(name="lodash", version="4")],
            "secrets": [Secret(name="KEY", value="v")],
            "modules": [ModuleRef(module_id="m", module_version_id="mv")],
        },
    )
    assert provider.content_differences(action, same) == []
    other = CreateActionRequest(
        "m",
        {
            "supported_triggers": [ActionTrigger(id="post-login", version="v2")],
            "code": "d",
            "runtime": "node18",
            "dependencies": [],
            "secrets": [],
            "modules": [],
        },
    )
    assert provider.content_differences(action, other) == [
        "name",
        "supported_triggers",
        "code",
        "runtime",
        "dependencies",
        "secrets",
        "modules",
    ]


def test_zitadel_content_differences_compare_effective_timeouts():
    from datetime import timedelta

    from actions_sdk.models.zitadel import ZitadelAction

    provider = ZitadelProvider("z.example", token="t")
    action = ZitadelAction(id="1", name="n", code="c", timeout=timedelta(seconds=20))
    assert provider.content_differences(action, CreateActionRequest("n", {"code": "c"})) == []
    request = CreateActionRequest("n", {"code": "d", "timeout": 5, "allowed_to_fail": True})
    assert provider.content_differences(action, request) == [
        "code",
        "timeout",
        "allowed_to_fail",
    ]
    with pytest.raises(UnsupportedOperationError, match="display_name"):
        provider.new_binding("1", "x", None)
    with pytest.raises(UnsupportedOperationError, match="secrets"):
        provider.new_binding("1", None, [])


def test_max_retries_zero_means_the_helpers_do_not_repeat_either():
    calls: list[str] = []

    def down(request: httpx.Request) -> httpx.Response:
        calls.append(f"{request.method} {request.url.path}")
        return httpx.Response(503, json={"statusCode": 503, "message": "down"})

    with ManagementClient.for_auth0(
        "x.example",
        token="t",
        http_client=httpx.Client(transport=httpx.MockTransport(down)),
        max_retries=0,
    ) as client:
        with pytest.raises(ServerError):
            client.actions.triggers.bindings.remove("post-login", "a1")
        assert calls == ["GET /api/v2/actions/triggers/post-login/bindings"]


def test_unknown_binding_reference_types_are_refused():
    from actions_sdk import BindingRef, BindingRefType

    with (
        ManagementClient.for_auth0(
            "x.example", token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler))
        ) as client,
        pytest.raises(ValidationError, match="ref type must be one of"),
    ):
        client.actions.triggers.bindings.remove(
            "post-login", BindingRef(BindingRefType("slot"), "1")
        )


def test_a_connection_that_never_opened_is_retried_by_the_create_without_a_lookup():
    attempts: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if len(attempts) <= 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(
            201, json={"id": "a1", "name": "n", "supported_triggers": [{"id": "post-login"}]}
        )

    clock = Clock()
    with ManagementClient.for_auth0(
        "x.example",
        token="t",
        http_client=httpx.Client(transport=httpx.MockTransport(flaky)),
        retry_policy=RetryPolicy(sleep=clock.sleep, clock=clock.time),
    ) as client:
        # The transport retries twice; the helper once more after its own pause (never a GET).
        action = client.actions.create(name="n", supported_triggers=["post-login"], code="x")
    assert action.id == "a1"
    assert attempts == ["POST"] * 4
