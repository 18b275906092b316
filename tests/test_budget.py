"""RequestBudget: the schedule it computes, its sharing across threads and tasks, and no 429s."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import httpx
import pytest

from actions_sdk import (
    AsyncManagementClient,
    ManagementClient,
    RateLimitError,
    RequestBudget,
    RetryPolicy,
)
from actions_sdk._transport import SyncTransport
from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator
from tests.test_async import (
    AsyncRecordingSleep,
    LoopClock,
    loop_time,
    make_async_transport,
    run_virtual,
)
from tests.test_transport import Clock, FakeProvider, json_op, make_transport, scripted


class AdvancingSleep:
    """A blocking sleep that moves a fake clock instead of waiting, and records the waits."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.clock.now += seconds


# -- the schedule ---------------------------------------------------------------------------


def waits(budget: RequestBudget, count: int) -> list[float]:
    return [budget.reserve() for _ in range(count)]


def test_burst_goes_at_once_then_one_slot_per_interval():
    clock = Clock(100.0)
    budget = RequestBudget(per_second=2, burst=3, clock=clock)
    assert waits(budget, 6) == [0.0, 0.0, 0.0, 0.5, 1.0, 1.5]


def test_slots_come_back_at_the_sustained_rate():
    clock = Clock(0.0)
    budget = RequestBudget(per_second=2, burst=3, clock=clock)
    waits(budget, 3)  # the burst is spent
    clock.now = 0.5  # one slot refilled
    assert waits(budget, 2) == [0.0, 0.5]
    clock.now = 100.0  # idle long enough: the whole burst again, never more
    assert waits(budget, 4) == [0.0, 0.0, 0.0, 0.5]


def test_a_burst_of_one_spaces_every_request():
    clock = Clock(0.0)
    budget = RequestBudget(per_second=4, clock=clock)
    assert waits(budget, 4) == [0.0, 0.25, 0.5, 0.75]
    clock.now = 0.6  # the caller of the third slot is still waiting: the schedule holds
    assert budget.reserve() == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("per_second", "burst"),
    [(0, 1), (-1, 1), (float("inf"), 1), (float("nan"), 1), (True, 1), ("2", 1), (1, 0)],
)
def test_invalid_settings_are_rejected(per_second, burst):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is checked below
        RequestBudget(per_second, burst)


@pytest.mark.parametrize("burst", [0, -1, 1.5, True])
def test_burst_must_be_a_whole_number_of_at_least_one(burst):
    with pytest.raises(ValueError, match="burst"):
        RequestBudget(1, burst)


@pytest.mark.parametrize(
    ("preset", "per_second", "burst"),
    [
        (RequestBudget.auth0_free, 2.0, 1),
        (RequestBudget.auth0_enterprise_nonprod, 2.0, 9),
        (RequestBudget.zitadel_cloud, 50.0, 1),
    ],
)
def test_presets_keep_the_tier_rate_and_a_spare_burst_slot(preset, per_second, burst):
    budget = preset(clock=Clock())
    assert (budget.per_second, budget.burst) == (per_second, burst)
    assert repr(budget) == f"RequestBudget(per_second={per_second:g}, burst={burst})"


# -- what takes a slot ----------------------------------------------------------------------


def budgeted_transport(
    handler: Any, clock: Clock, budget: RequestBudget, **kwargs: Any
) -> tuple[SyncTransport, AdvancingSleep]:
    sleeps = AdvancingSleep(clock)
    transport = make_transport(handler, sleeps, **kwargs)
    transport.state.budget = budget
    return transport, sleeps


def test_every_attempt_takes_a_slot_including_retries():
    clock = Clock(0.0)
    budget = RequestBudget(per_second=1, clock=clock)
    handler, seen = scripted(httpx.Response(503), httpx.Response(200, json={}))
    transport, sleeps = budgeted_transport(handler, clock, budget)
    transport.send(json_op())
    transport.state.http.close()
    # The retry backs off 0.5 s, then waits another 0.5 s for its slot (1 s after the first).
    assert sleeps.calls == [0.5, 0.5]
    assert len(seen) == 2


def test_token_requests_take_a_slot_too():
    clock = Clock(0.0)
    budget = RequestBudget(per_second=1, clock=clock)
    handler = scripted_token_server()
    transport, sleeps = budgeted_transport(
        handler, clock, budget, provider=FakeProvider(token=None, credentials=True)
    )
    transport.send(json_op())
    transport.state.http.close()
    assert sleeps.calls == [1.0]  # the token went first; the call waited for the next slot


def scripted_token_server() -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(200, json={})

    return handler


def test_no_budget_means_no_waiting():
    handler, _ = scripted(*(httpx.Response(200, json={}) for _ in range(5)))
    sleeps: list[float] = []
    transport = make_transport(handler, sleeps.append)
    for _ in range(5):
        transport.send(json_op())
    transport.state.http.close()
    assert sleeps == []


# -- shared by threads and tasks ------------------------------------------------------------


def test_one_budget_is_shared_by_sync_threads_and_async_tasks():
    # A frozen clock: every reservation sees "now" = 0, so the recorded waits are the slots.
    budget = RequestBudget(per_second=10, clock=Clock(0.0))
    thread_sleeps: list[float] = []

    def ok(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={})

    sync_transport = make_transport(ok, thread_sleeps.append)
    sync_transport.state.budget = budget
    threads = [threading.Thread(target=sync_transport.send, args=(json_op(),)) for _ in range(10)]
    for thread in threads:
        thread.start()

    async_sleeps = AsyncRecordingSleep()

    async def tasks() -> None:
        transport = make_async_transport(ok, async_sleeps, budget=budget)
        try:
            await asyncio.gather(*(transport.send(json_op()) for _ in range(10)))
        finally:
            await transport.state.http.aclose()

    run_virtual(tasks)
    for thread in threads:
        thread.join(5)
    sync_transport.state.http.close()

    slots = sorted(thread_sleeps + async_sleeps.calls)
    # 20 requests, one slot each, 0.1 s apart; the very first went at once (no sleep).
    assert slots == pytest.approx([k / 10 for k in range(1, 20)])
    assert len(thread_sleeps) + len(async_sleeps.calls) == 19


# -- against a rate-limited server ----------------------------------------------------------


class LimitedServer:
    """A fake API with a token bucket on the loop's clock: 429 when the bucket is empty."""

    def __init__(self, *, burst: int, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.tokens = float(burst)
        self.stamp = loop_time()
        self.accepted: list[float] = []
        self.rejected = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = loop_time()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        # A hair of tolerance: the budget's schedule and this refill add floats differently.
        if self.tokens < 1.0 - 1e-9:
            self.rejected += 1
            return httpx.Response(429, json={"message": "Too Many Requests"})
        self.tokens -= 1.0
        self.accepted.append(now)
        return httpx.Response(200, json={"id": request.url.path.rsplit("/", 1)[-1]})


def hundred_gets(budget: RequestBudget | None) -> tuple[LimitedServer, list[Any], float]:
    """100 concurrent gets of an async client against a server allowing burst 10 then 2/s."""

    async def main() -> tuple[LimitedServer, list[Any], float]:
        server = LimitedServer(burst=10, per_second=2.0)
        completed: list[int] = []
        transport = make_async_transport(server, AsyncRecordingSleep(), max_retries=0)
        if budget is not None:
            transport.state.budget = budget
            transport.policy = RetryPolicy(max_retries=0)  # real asyncio.sleep, virtual time

        async def get(index: int) -> Any:
            try:
                result = await transport.send(json_op(path=f"/things/{index}"))
            except RateLimitError as exc:
                result = exc
            completed.append(index)
            return result

        start = loop_time()
        try:
            results = await asyncio.gather(*(get(i) for i in range(100)))
        finally:
            await transport.state.http.aclose()
        assert completed == sorted(completed)  # served in the order they asked
        return server, results, loop_time() - start

    return run_virtual(main)


def test_hundred_concurrent_gets_under_a_budget_get_no_429():
    budget = RequestBudget(per_second=2.0, burst=10, clock=loop_time)
    server, results, elapsed = hundred_gets(budget)
    assert server.rejected == 0
    assert results == [{"id": str(i)} for i in range(100)]
    # 10 at once, then 90 more at 2 per second: at least 45 s, and not needlessly more.
    assert elapsed >= (100 - 10) / 2.0
    assert elapsed == pytest.approx(45.0)
    assert server.accepted == sorted(server.accepted)


def test_the_same_gets_without_a_budget_bounce_off_the_limit():
    server, results, elapsed = hundred_gets(None)
    assert server.rejected == 90
    assert sum(isinstance(r, RateLimitError) for r in results) == 90
    assert elapsed == 0.0


def test_a_sync_bulk_run_under_a_budget_gets_no_429():
    clock = Clock(0.0)
    budget = RequestBudget(per_second=2.0, burst=2, clock=clock)
    accepted: list[float] = []
    tokens = {"left": 2.0, "stamp": 0.0}

    def server(request: httpx.Request) -> httpx.Response:
        tokens["left"] = min(2.0, tokens["left"] + (clock.now - tokens["stamp"]) * 2.0)
        tokens["stamp"] = clock.now
        if tokens["left"] < 1.0 - 1e-9:
            return httpx.Response(429, json={"message": "Too Many Requests"})
        tokens["left"] -= 1.0
        accepted.append(clock.now)
        return httpx.Response(200, json={})

    transport, _ = budgeted_transport(server, clock, budget, max_retries=0)
    for _ in range(20):
        transport.send(json_op())
    transport.state.http.close()
    assert len(accepted) == 20
    assert clock.now == pytest.approx(9.0)  # 2 at once, then 18 at 2/s


# -- the presets against the emulators ------------------------------------------------------


def test_auth0_free_preset_keeps_an_async_bulk_run_under_the_emulator_limit():
    async def main() -> tuple[Auth0Emulator, float]:
        emulator = Auth0Emulator(clock=LoopClock(), rate_limit=(2, 2.0))
        client = AsyncManagementClient.for_auth0(
            "tenant.example",
            client_id=emulator.client_id,
            client_secret=emulator.client_secret,
            http_client=emulator.async_client(),
            max_retries=0,  # a 429 would raise
            request_budget=RequestBudget.auth0_free(clock=loop_time),
        )
        start = loop_time()
        async with client:
            await asyncio.gather(
                *(client.actions.list(trigger_id="post-login").to_list() for _ in range(20))
            )
        return emulator, loop_time() - start

    emulator, elapsed = run_virtual(main)
    statuses = [r.status for r in emulator.request_log]
    assert statuses.count(429) == 0
    assert len(statuses) == 21  # one token request and twenty listings
    assert elapsed >= 20 / 2.0 - 1e-9  # 21 slots at 2/s, burst 1


def test_zitadel_cloud_preset_keeps_a_sync_bulk_run_under_the_emulator_limit():
    clock = ManualClock()
    start = clock.time()
    emulator = ZitadelEmulator(clock=clock, rate_limit=50.0)
    budget = RequestBudget.zitadel_cloud(clock=clock.time)
    with ManagementClient.for_zitadel(
        "zitadel.example",
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(max_retries=0, sleep=clock.advance),
        request_budget=budget,
    ) as client:
        for _ in range(120):  # each listing is one GetFlow request
            list(client.actions.triggers.bindings.list("2:5"))
    statuses = [r.status for r in emulator.request_log]
    assert statuses.count(429) == 0
    assert len(statuses) == 121  # the token request counts against ZITADEL's limit too
    assert clock.time() - start == pytest.approx(120 / 50.0)


def test_budget_waits_are_logged_at_debug_level(caplog):
    caplog.set_level(logging.DEBUG, logger="actions_sdk")
    clock = Clock(0.0)
    handler, _ = scripted(httpx.Response(200, json={}), httpx.Response(200, json={}))
    transport, _ = budgeted_transport(handler, clock, RequestBudget(per_second=1, clock=clock))
    transport.send(json_op())
    transport.send(json_op())
    transport.state.http.close()
    messages = [record.getMessage() for record in caplog.records]
    assert "request budget: GET /thing waits 1.000 s" in messages
    assert any(message.startswith("GET /thing -> 200 in ") for message in messages)
