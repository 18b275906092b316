"""Requests in flight on an SDK-owned async client, and the one plan driver both transports use."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from actions_sdk import _transport
from actions_sdk._operation import Operation, Plan, PlanDriver, Sleep, single
from actions_sdk._retry import RetryPolicy
from actions_sdk._transport import AsyncTransport, ClientState, TokenCache
from actions_sdk.errors import NotFoundError
from tests.test_transport import FakeProvider, json_op


class _Gauge:
    """An async handler that counts the requests it is serving at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.served = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        for _ in range(3):  # stay "in flight" across a few turns of the event loop
            await asyncio.sleep(0)
        self.now -= 1
        self.served += 1
        return httpx.Response(200, json={"ok": True})


def _transport_for(gauge: _Gauge, *, owned: bool) -> AsyncTransport:
    def new_http() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(gauge))

    state: ClientState[httpx.AsyncClient] = (
        ClientState(new_http=new_http, owns_http=True, tokens=TokenCache())
        if owned
        else ClientState(http=new_http(), owns_http=False, tokens=TokenCache())
    )
    return AsyncTransport(
        base_url="https://tenant.example",
        provider=FakeProvider(),
        state=state,
        policy=RetryPolicy(),
        timeout=httpx.Timeout(5.0),
    )


async def _gather(transport: AsyncTransport, calls: int) -> list[Any]:
    return await asyncio.gather(*(transport.send(json_op()) for _ in range(calls)))


def test_an_owned_async_client_sends_at_most_its_pool_size_at_once(monkeypatch):
    monkeypatch.setattr(_transport, "OWNED_ASYNC_IN_FLIGHT", 3)
    gauge = _Gauge()
    answers = asyncio.run(_gather(_transport_for(gauge, owned=True), 20))
    assert answers == [{"ok": True}] * 20  # every task is served, none times out
    assert gauge.most == 3
    assert gauge.served == 20


def test_a_callers_async_client_is_not_capped(monkeypatch):
    # Its pool size is the caller's: the SDK adds no queue in front of it.
    monkeypatch.setattr(_transport, "OWNED_ASYNC_IN_FLIGHT", 3)
    gauge = _Gauge()
    asyncio.run(_gather(_transport_for(gauge, owned=False), 20))
    assert gauge.most == 20


def test_the_in_flight_semaphore_follows_the_event_loop():
    # A client used under two asyncio.run calls gets a semaphore of each loop, not a stale one.
    gauge = _Gauge()
    transport = _transport_for(gauge, owned=True)

    async def slots() -> Any:
        await _gather(transport, 2)
        return transport.state.in_flight_slots()

    one, two = asyncio.run(slots()), asyncio.run(slots())
    assert one is not None
    assert two is not None
    assert one is not two
    assert gauge.served == 4


# -- PlanDriver ---------------------------------------------------------------------------------


def _plan() -> Plan[str]:
    try:
        yield json_op(path="/missing")
    except NotFoundError:
        seen: float = yield Sleep(1.0)
        return f"absent at {seen}"
    return "present"


def test_plan_driver_feeds_results_and_errors_and_keeps_the_outcome():
    driver = PlanDriver(_plan())
    step = driver.start()
    assert isinstance(step, Operation)
    step = driver.throw(NotFoundError("gone", status_code=404))  # the plan handles it
    assert isinstance(step, Sleep)
    assert driver.send(7.0) is None
    assert driver.outcome == "absent at 7.0"


def test_plan_driver_lets_an_unhandled_error_out():
    driver = PlanDriver(single(json_op()))
    driver.start()
    with pytest.raises(ValueError, match="boom"):
        driver.throw(ValueError("boom"))


def test_plan_driver_of_a_plan_without_steps():
    def empty() -> Plan[int]:
        return 5
        yield  # pragma: no cover - makes it a generator

    driver = PlanDriver(empty())
    assert driver.start() is None
    assert driver.outcome == 5
