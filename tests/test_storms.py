"""Bulk work under a rate limit never storms: the learned budget and its retry rules.

Every run is on virtual time (no real sleeping): the async client on the virtual-time event loop
of ``test_async``, the sync client on a :class:`ManualClock` its sleeps advance; the Auth0
emulator's token bucket follows the same clock.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import httpx
import pytest
from test_async import VirtualTimeLoop

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk._budget import AdaptiveBudget
from actions_sdk.errors import RateLimitError
from actions_sdk.testing import Auth0Emulator, ManualClock

# A start that is not a whole second: Auth0's x-ratelimit-reset is rounded up to one.
EPOCH = 1_700_000_000.3
CODE = "exports.onExecutePostLogin = async () => {};"


class LoopClock:
    """UNIX time that follows a (virtual-time) event loop once it is given one."""

    loop: asyncio.AbstractEventLoop | None = None

    def time(self) -> float:
        return EPOCH + (self.loop.time() if self.loop is not None else 0.0)


def limited(status: int, limit: int, remaining: int, reset: float) -> dict[str, str]:
    del status
    return {
        "x-ratelimit-limit": str(limit),
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(math.ceil(reset)),
    }


# -- the mechanism, with the time passed in --------------------------------------------------


def test_no_pacing_until_the_server_says_the_bucket_is_empty():
    budget = AdaptiveBudget()
    assert budget.reserve(100.0) == 0.0
    budget.observe(200, limited(200, 10, 5, 101), 100.0)
    budget.observe(200, {}, 100.0)  # no headers: nothing learned
    assert budget.rate is None
    assert [budget.reserve(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]


def test_a_429_spreads_the_refused_over_slots_at_the_estimated_rate():
    budget = AdaptiveBudget()
    # 10 per bucket, reset 0.7 s away (a whole second, rounded up): estimate 10 per second.
    budget.observe(429, limited(429, 10, 0, 100.0), 99.3)
    assert budget.rate == pytest.approx(10.0)
    waits = [budget.reserve(99.3) for _ in range(5)]
    assert waits == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    budget.observe(429, limited(429, 10, 0, 100.0), 99.3)  # another refusal: no reset of slots
    assert budget.reserve(99.3) == pytest.approx(0.6)
    assert "10/s" in repr(budget)


def test_the_rate_is_learned_from_remaining_and_answers_over_a_window():
    # 20 per second behind a bucket of 10, paced at the first guess (10/s): after 0.5 s the
    # bucket has 5 left although 5 were answered, so it refilled 10 in 0.5 s.
    budget = AdaptiveBudget(window=0.5)
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0)  # empty: the anchor
    assert budget.rate == pytest.approx(10.0)  # from limit and reset until measured
    for answered in range(1, 6):
        budget.observe(200, limited(200, 10, answered, 1.0), answered * 0.1, answered * 0.1)
    assert budget.rate == pytest.approx(20.0)


def test_answers_to_requests_sent_before_the_bucket_emptied_are_not_counted():
    budget = AdaptiveBudget(window=0.5)
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0)
    for _ in range(9):  # in flight when the 429 came: they were served before it
        budget.observe(200, limited(200, 10, 0, 1.0), 0.01, sent=-0.01)
    budget.observe(200, limited(200, 10, 0, 2.0), 1.0, sent=0.9)
    assert budget.rate == pytest.approx(1.0)  # one token in one second, not ten


def test_a_slow_tier_is_learned_although_the_first_guess_is_fast():
    # Enterprise non-production: a bucket of 10, refilled at 2 per second. The first guess (10/s)
    # is too fast; one window later the measured rate replaces it.
    budget = AdaptiveBudget(window=1.0)
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0)
    assert budget.rate == pytest.approx(10.0)
    for answered in range(1, 5):  # 2 per second get through: answers at 0.5, 1.0, 1.5, 2.0
        budget.observe(200, limited(200, 10, 0, 1.0 + answered), answered * 0.5)
        budget.observe(429, limited(429, 10, 0, 1.0 + answered), answered * 0.5 + 0.01)
    assert budget.rate == pytest.approx(2.0, rel=0.05)


def test_a_full_bucket_stops_measuring_so_an_idle_hour_is_no_slow_rate():
    budget = AdaptiveBudget(window=1.0)
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0)
    budget.observe(200, limited(200, 10, 9, 3601.0), 3600.0)  # an hour later, all but one left
    budget.observe(200, limited(200, 10, 8, 3601.0), 3600.1)
    assert budget.rate == pytest.approx(10.0)
    # The idle schedule allows a burst again (one slot spare): the first 9 go at once.
    waits = [budget.reserve(3600.2) for _ in range(10)]
    assert waits[:9] == [0.0] * 9
    assert waits[9] > 0


def test_an_explicit_budget_turns_learning_off():
    from actions_sdk import RequestBudget

    client = ManagementClient.for_auth0("tenant.example", token="t")
    assert client._state.adaptive is not None
    budgeted = ManagementClient.for_auth0(
        "tenant.example", token="t", request_budget=RequestBudget(5, 1)
    )
    assert budgeted._state.adaptive is None


# -- the retry rules -------------------------------------------------------------------------


def test_hinted_waits_get_jitter():
    policy = RetryPolicy(random=lambda: 0.5, hint_jitter=0.1)
    error = RateLimitError("slow down", status_code=429, retry_after=2.0)
    assert policy.wait_seconds(error, 1) == pytest.approx(2.1)


def test_announced_limit_needs_the_header_and_retrying_on():
    response = httpx.Response(429, headers={"x-ratelimit-limit": "10"})
    announced = RateLimitError("slow down", status_code=429, response=response)
    silent = RateLimitError("slow down", status_code=429, response=httpx.Response(429))
    assert RetryPolicy().announced_limit(announced)
    assert not RetryPolicy().announced_limit(silent)
    assert not RetryPolicy(max_retries=0).announced_limit(announced)


# -- whole bulk runs against the emulator -----------------------------------------------------


def _seed(emulator: Auth0Emulator, count: int) -> list[str]:
    with ManagementClient.for_auth0(
        "tenant.example", token="emulator-management-token", http_client=emulator.client()
    ) as client:
        return [
            client.actions.create(name=f"a{i}", code=CODE, supported_triggers=["post-login"]).id
            for i in range(count)
        ]


def _async_bulk(
    *, learn: bool, burst: int = 10, rate: float = 10.0, **policy: Any
) -> dict[str, Any]:
    clock = LoopClock()

    emulator = Auth0Emulator(clock=clock)
    ids = _seed(emulator, 100)

    async def main() -> dict[str, Any]:
        clock.loop = asyncio.get_running_loop()
        emulator.set_rate_limit((burst, rate))
        client = AsyncManagementClient.for_auth0(
            "tenant.example",
            token="emulator-management-token",
            http_client=emulator.async_client(),
            retry_policy=RetryPolicy(clock=clock.time, **policy),
        )
        if not learn:
            client._state.adaptive = None  # the previous behaviour, for comparison
        loop = asyncio.get_running_loop()
        start = loop.time()
        results = await asyncio.gather(
            *(client.actions.update(i, code=CODE + f"// {n}") for n, i in enumerate(ids)),
            return_exceptions=True,
        )
        wall = loop.time() - start
        failed = sum(isinstance(r, BaseException) for r in results)
        return {
            "wall": wall,
            "failed": failed,
            "floor": len(ids) / rate,
            "requests": len(emulator.requests) - len(ids),
        }

    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(main())


def test_async_gather_of_100_updates_at_10_per_second_never_fails():
    run = _async_bulk(learn=True)
    assert run["failed"] == 0
    assert run["wall"] <= 1.1 * run["floor"]


@pytest.mark.parametrize(
    ("burst", "rate", "bound"), [(10, 2.0, 1.1), (2, 2.0, 1.1), (10, 50.0, 1.3)]
)
def test_async_gather_never_fails_on_other_tiers(burst, rate, bound):
    # Enterprise non-production (the first guess, 10/s, is five times too fast), Free, and a
    # fast tier (the first guess five times too slow: the queued slots are squeezed once the
    # measured rate is known): nobody runs out of retries.
    run = _async_bulk(learn=True, burst=burst, rate=rate)
    assert run["failed"] == 0
    assert run["wall"] <= bound * run["floor"]


def test_without_the_learned_budget_the_same_gather_storms():
    # The control, the behaviour before: every refused task sleeps to the same whole-second
    # reset (no jitter) and is refused again together, so most run out of their 2 retries.
    run = _async_bulk(learn=False, hint_jitter=0.0, rate_limit_retries=2)
    assert run["failed"] > 50


def test_sync_bulk_at_20_per_second_stays_near_the_rate():
    clock = ManualClock(start=EPOCH)
    emulator = Auth0Emulator(clock=clock)
    ids = _seed(emulator, 100)
    emulator.set_rate_limit((10, 20.0))
    client = ManagementClient.for_auth0(
        "tenant.example",
        token="emulator-management-token",
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    )
    start = clock.time()
    for n, action_id in enumerate(ids):
        client.actions.update(action_id, code=CODE + f"// {n}")
    wall = clock.time() - start
    assert wall <= 1.1 * len(ids) / 20.0


def test_queued_slots_move_when_the_measured_rate_changes():
    budget = AdaptiveBudget(window=0.5)
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0, sent=0.0)  # first guess: 10/s
    slots = [budget.take(0.0) for _ in range(4)]
    assert [budget.wait(s, 0.0) for s in slots if s is not None] == pytest.approx(
        [0.1, 0.2, 0.3, 0.4]
    )
    # At 0.1 s an answer sent after the refusal says the bucket is nearly full again: at least
    # 9 + 1 tokens in 0.1 s, so the queue is squeezed around "now" to 100/s.
    budget.observe(200, limited(200, 10, 9, 1.0), 0.1, sent=0.05)
    assert budget.rate == pytest.approx(100.0)
    assert [budget.wait(s, 0.1) for s in slots[1:] if s is not None] == pytest.approx(
        [0.01, 0.02, 0.03]
    )


def test_next_wait_looks_without_taking():
    budget = AdaptiveBudget()
    assert budget.next_wait(0.0) == 0.0
    budget.observe(429, limited(429, 10, 0, 1.0), 0.0)
    assert budget.next_wait(0.0) == pytest.approx(0.1)
    assert budget.next_wait(0.0) == pytest.approx(0.1)  # still free
    assert budget.reserve(0.0) == pytest.approx(0.1)
    assert budget.next_wait(0.0) == pytest.approx(0.2)


def test_a_learned_slot_beyond_max_retry_after_raises_without_sending():
    # A bucket of 1 refilled once in 1,000 s: the next slot is ~1,000 s away, above the 60 s
    # cap, so the second call raises at once (nothing sent) like a server wait that long.
    clock = ManualClock(start=EPOCH)
    emulator = Auth0Emulator(clock=clock, rate_limit=(1, 0.001))
    client = ManagementClient.for_auth0(
        "tenant.example",
        token="emulator-management-token",
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    )
    client.actions.list().first_page()
    sent = len(emulator.requests)
    with pytest.raises(RateLimitError) as info:
        client.actions.list().first_page()
    assert len(emulator.requests) == sent
    assert info.value.retry_after is not None
    assert info.value.retry_after > 60
    assert "no free slot" in str(info.value)
    assert "nothing was sent" in str(info.value)
