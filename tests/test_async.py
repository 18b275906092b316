"""The async transport, pager and client: the sync rules hold, and the event loop never blocks.

Every test runs on :class:`VirtualTimeLoop`, an asyncio loop whose clock jumps to the next timer
whenever nothing is ready: ``asyncio.sleep(60)`` costs no real time, and ordering between tasks
is exactly what their (virtual) waits say.
"""

from __future__ import annotations

import asyncio
import inspect
import selectors
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest

from actions_sdk import (
    AsyncManagementClient,
    AsyncPager,
    BindingRef,
    ManagementClient,
    RequestBudget,
    RetryPolicy,
)
from actions_sdk._operation import Operation, Plan, single
from actions_sdk._transport import AsyncTransport, ClientState, TokenCache
from actions_sdk.errors import (
    APIConnectionError,
    APITimeoutError,
    DecodeError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.providers._base import Provider
from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator
from tests.test_client_core import paged
from tests.test_transport import NOW, Clock, FakeProvider, json_op, scripted, token_server

T = TypeVar("T")

# -- virtual time ---------------------------------------------------------------------------

# A loop that sits idle this long (real seconds) with no timer pending is stuck: fail, not hang.
_STUCK_AFTER = 10.0


class _VirtualSelector(selectors.DefaultSelector):
    """Polls real file descriptors without waiting; a wait for a timer advances virtual time."""

    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[Any]:
        events: list[Any] = super().select(0)
        if events:
            return events
        if timeout is None:
            # Nothing scheduled at all: only another thread could wake the loop.
            events = super().select(_STUCK_AFTER)
            if not events:
                raise RuntimeError("event loop is stuck: no timer pending and nothing ready")
            return events
        self._loop.virtual_now += timeout
        return []


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on virtual time: ``loop.time()`` only moves when every task waits."""

    def __init__(self) -> None:
        self.virtual_now = 0.0
        super().__init__(selector=_VirtualSelector(self))

    def time(self) -> float:
        return self.virtual_now


def run_virtual(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main()`` to completion on a fresh virtual-time loop."""

    async def wrapper() -> T:
        return await main()

    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(wrapper())


def loop_time() -> float:
    return asyncio.get_running_loop().time()


class LoopClock:
    """An emulator clock (epoch seconds) that follows the virtual loop's time."""

    def time(self) -> float:
        return NOW + loop_time()


class AsyncRecordingSleep:
    """Stands in for asyncio.sleep: records the waits and returns at once."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def async_sleeps() -> AsyncRecordingSleep:
    return AsyncRecordingSleep()


def test_virtual_loop_sleeps_without_real_time():
    async def main() -> tuple[float, list[str]]:
        order: list[str] = []

        async def nap(name: str, seconds: float) -> None:
            await asyncio.sleep(seconds)
            order.append(name)

        start = loop_time()
        await asyncio.gather(nap("late", 3600), nap("early", 60))
        return loop_time() - start, order

    elapsed, order = run_virtual(main)
    assert elapsed == pytest.approx(3600)
    assert order == ["early", "late"]


# -- transport ------------------------------------------------------------------------------


def make_async_transport(
    handler: Any,
    sleeps: Any,
    *,
    provider: Provider[Any, Any, Any] | None = None,
    max_retries: int = 2,
    max_retry_after: float = 60.0,
    token_clock: Clock | None = None,
    budget: RequestBudget | None = None,
) -> AsyncTransport:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    state = ClientState(
        http=http, owns_http=True, tokens=TokenCache(clock=token_clock or Clock()), budget=budget
    )
    policy = RetryPolicy(
        max_retries=max_retries,
        max_retry_after=max_retry_after,
        sleep=lambda s: pytest.fail("the async transport must not call the blocking sleep"),
        async_sleep=sleeps,
        clock=lambda: NOW,
        random=lambda: 0.0,
    )
    return AsyncTransport(
        base_url="https://tenant.example",
        provider=provider or FakeProvider(),
        state=state,
        policy=policy,
        timeout=httpx.Timeout(5.0),
    )


def drive(transport: AsyncTransport, use: Callable[[AsyncTransport], Awaitable[T]]) -> T:
    """Run ``use(transport)`` on a virtual loop and close the transport's client afterwards."""

    async def main() -> T:
        try:
            return await use(transport)
        finally:
            await transport.state.http.aclose()

    return run_virtual(main)


def test_async_non_idempotent_post_answered_503_is_sent_exactly_once(async_sleeps):
    handler, seen = scripted(httpx.Response(503, json={"message": "down"}))
    transport = make_async_transport(handler, async_sleeps)
    op = json_op("POST", "/api/v2/actions/actions/a1/deploy", idempotent=False)
    with pytest.raises(ServerError):
        drive(transport, lambda t: t.send(op))
    assert len(seen) == 1
    assert async_sleeps.calls == []


def test_async_get_answered_503_503_200_succeeds_after_two_backoff_waits(async_sleeps):
    handler, seen = scripted(
        httpx.Response(503), httpx.Response(503), httpx.Response(200, json={"ok": True})
    )
    transport = make_async_transport(handler, async_sleeps)
    assert drive(transport, lambda t: t.send(json_op())) == {"ok": True}
    assert len(seen) == 3
    assert async_sleeps.calls == [0.5, 1.0]


def test_async_429_with_retry_after_awaits_the_injected_sleep(async_sleeps):
    handler, seen = scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"id": "a1"})
    )
    transport = make_async_transport(handler, async_sleeps)
    assert drive(transport, lambda t: t.send(json_op())) == {"id": "a1"}
    assert async_sleeps.calls == [7.0]
    assert len(seen) == 2


def test_async_server_wait_above_the_cap_raises_at_once(async_sleeps):
    handler, _ = scripted(httpx.Response(429, headers={"Retry-After": "120"}))
    transport = make_async_transport(handler, async_sleeps)
    with pytest.raises(RateLimitError) as info:
        drive(transport, lambda t: t.send(json_op()))
    assert info.value.retry_after == 120.0
    assert async_sleeps.calls == []


def test_async_default_policy_waits_on_the_event_loop():
    # No injected sleep: RetryPolicy's default async_sleep is asyncio.sleep, so the retry wait
    # passes on the (virtual) loop clock instead of blocking the thread.
    handler, _ = scripted(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(204))
    transport = make_async_transport(handler, AsyncRecordingSleep())
    transport.policy = RetryPolicy(
        sleep=lambda s: pytest.fail("blocking sleep"), random=lambda: 0.0
    )
    status_op = Operation(method="GET", path="/thing", decode=lambda r: r.status_code)

    async def use(t: AsyncTransport) -> tuple[int, float]:
        start = loop_time()
        status = await t.send(status_op)
        return status, loop_time() - start

    status, elapsed = drive(transport, use)
    assert status == 204
    assert elapsed == pytest.approx(7.0)


def test_async_connect_error_is_retried_even_for_post(async_sleeps):
    handler, seen = scripted(httpx.ConnectError("refused"), httpx.Response(201, json={"id": "x"}))
    transport = make_async_transport(handler, async_sleeps)
    op = json_op("POST", idempotent=False)
    assert drive(transport, lambda t: t.send(op)) == {"id": "x"}
    assert len(seen) == 2


def test_async_read_timeout_on_post_is_wrapped_and_not_retried(async_sleeps):
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    transport = make_async_transport(handler, async_sleeps)
    with pytest.raises(APITimeoutError) as info:
        drive(transport, lambda t: t.send(json_op("POST", idempotent=False)))
    assert info.value.may_have_landed is True
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(seen) == 1


def test_async_connection_errors_are_wrapped_after_the_last_attempt(async_sleeps):
    handler, seen = scripted(*(httpx.ConnectError("refused") for _ in range(3)))
    transport = make_async_transport(handler, async_sleeps)
    with pytest.raises(APIConnectionError) as info:
        drive(transport, lambda t: t.send(json_op()))
    assert len(seen) == 3
    assert info.value.may_have_landed is False


def test_async_token_is_fetched_through_the_injected_client_and_cached(async_sleeps):
    auths: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        auths.append(request.headers["authorization"])
        return httpx.Response(200, json={})

    handler, issued = token_server(api)
    transport = make_async_transport(
        handler, async_sleeps, provider=FakeProvider(token=None, credentials=True)
    )

    async def use(t: AsyncTransport) -> None:
        await t.send(json_op())
        await t.send(json_op())

    drive(transport, use)
    assert issued == ["tok-1"]
    assert auths == ["Bearer tok-1", "Bearer tok-1"]


def test_async_token_is_refreshed_when_it_nears_expiry(async_sleeps):
    clock = Clock(0.0)
    handler, issued = token_server(lambda r: httpx.Response(200, json={}), expires_in=100)
    transport = make_async_transport(
        handler,
        async_sleeps,
        provider=FakeProvider(token=None, credentials=True),
        token_clock=clock,
    )

    async def use(t: AsyncTransport) -> None:
        await t.send(json_op())
        clock.now = 71.0  # inside the 30 s leeway
        await t.send(json_op())

    drive(transport, use)
    assert issued == ["tok-1", "tok-2"]


def test_async_401_refreshes_the_token_and_replays_once(async_sleeps):
    def api(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer tok-1":
            return httpx.Response(401, json={"message": "Invalid token"})
        return httpx.Response(200, json={"ok": 1})

    handler, issued = token_server(api)
    transport = make_async_transport(
        handler, async_sleeps, provider=FakeProvider(token=None, credentials=True)
    )
    assert drive(transport, lambda t: t.send(json_op("POST", idempotent=False))) == {"ok": 1}
    assert issued == ["tok-1", "tok-2"]


def test_async_401_twice_raises_unauthorized_without_looping(async_sleeps):
    handler, issued = token_server(lambda r: httpx.Response(401, json={"message": "Invalid token"}))
    transport = make_async_transport(
        handler, async_sleeps, provider=FakeProvider(token=None, credentials=True)
    )
    with pytest.raises(UnauthorizedError):
        drive(transport, lambda t: t.send(json_op()))
    assert issued == ["tok-1", "tok-2"]


def test_async_client_without_credentials_is_unauthorized(async_sleeps):
    handler, seen = scripted()
    transport = make_async_transport(handler, async_sleeps, provider=FakeProvider(token=None))
    with pytest.raises(UnauthorizedError, match="no credentials"):
        drive(transport, lambda t: t.send(json_op()))
    assert seen == []


def test_async_concurrent_first_calls_fetch_one_token(async_sleeps):
    issued: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            issued.append(loop_time())
            await asyncio.sleep(1.0)  # a slow token endpoint: every other call piles up meanwhile
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(200, json={"auth": request.headers["authorization"]})

    transport = make_async_transport(
        handler, async_sleeps, provider=FakeProvider(token=None, credentials=True)
    )

    async def use(t: AsyncTransport) -> list[Any]:
        return await asyncio.gather(*(t.send(json_op()) for _ in range(20)))

    results = drive(transport, use)
    assert issued == [0.0]
    assert results == [{"auth": "Bearer tok"}] * 20


def test_event_loop_keeps_running_while_the_token_is_fetched(async_sleeps):
    # The token endpoint cannot answer until another task has run: if fetching the token
    # blocked the loop (a sync request, a thread lock held across I/O), this would never finish.
    async def scenario() -> list[str]:
        events: list[str] = []
        token_requested = asyncio.Event()
        other_task_ran = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/oauth/token":
                events.append("token requested")
                token_requested.set()
                await other_task_ran.wait()
                events.append("token issued")
                return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
            events.append("api called")
            return httpx.Response(200, json={})

        async def other_task() -> None:
            await token_requested.wait()
            events.append("other task ran")
            other_task_ran.set()

        transport = make_async_transport(
            handler, async_sleeps, provider=FakeProvider(token=None, credentials=True)
        )
        try:
            await asyncio.wait_for(
                asyncio.gather(transport.send(json_op()), other_task()), timeout=5
            )
        finally:
            await transport.state.http.aclose()
        return events

    assert run_virtual(scenario) == [
        "token requested",
        "other task ran",
        "token issued",
        "api called",
    ]


def test_async_error_status_decode_error_and_rate_limit_state(async_sleeps):
    handler, _ = scripted(
        httpx.Response(200, text="<html>proxy</html>", headers={"x-ratelimit-remaining": "9"}),
    )
    transport = make_async_transport(handler, async_sleeps)
    with pytest.raises(DecodeError) as info:
        drive(transport, lambda t: t.send(json_op()))
    assert info.value.response is not None
    assert transport.state.rate_limit is not None
    assert transport.state.rate_limit.remaining == 9


def test_async_plan_sees_errors_and_may_recover(async_sleeps):
    handler, seen = scripted(httpx.Response(404, json={}), httpx.Response(200, json={"made": True}))

    def plan() -> Plan[Any]:
        try:
            yield json_op()
        except NotFoundError:
            made = yield json_op("PUT")
            return made
        return None  # pragma: no cover

    transport = make_async_transport(handler, async_sleeps)
    assert drive(transport, lambda t: t.run(plan())) == {"made": True}
    assert [r.method for r in seen] == ["GET", "PUT"]


def test_async_plan_errors_propagate_when_not_handled(async_sleeps):
    handler, _ = scripted(httpx.Response(404, json={}))
    transport = make_async_transport(handler, async_sleeps)
    with pytest.raises(NotFoundError):
        drive(transport, lambda t: t.run(single(json_op())))


def test_async_closed_state_refuses_to_send(async_sleeps):
    handler, seen = scripted()
    transport = make_async_transport(handler, async_sleeps)
    transport.state.closed = True
    with pytest.raises(RuntimeError, match="closed"):
        drive(transport, lambda t: t.send(json_op()))
    assert seen == []


# -- pager ----------------------------------------------------------------------------------


async def run_plan(plan: Plan[Any]) -> Any:
    try:
        next(plan)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("plan yielded an operation")  # pragma: no cover


def test_async_pager_is_lazy_and_stops_on_total_without_an_extra_request():
    seen: list[int | None] = []
    pager = AsyncPager(run_plan, paged([1, 2, 3, 4, 5], 2, seen))
    assert seen == []
    assert repr(pager) == "<AsyncPager: nothing loaded yet (total=?)>"

    async def main() -> list[int]:
        return [item async for item in pager]

    assert run_virtual(main) == [1, 2, 3, 4, 5]
    assert seen == [None, 2, 4]


def test_async_pager_total_fetches_the_first_page_once_and_iteration_reuses_it():
    seen: list[int | None] = []
    pager = AsyncPager(run_plan, paged([1, 2, 3], 2, seen))

    async def main() -> tuple[int | None, list[int], list[int]]:
        total = await pager.total()
        first = await pager.first_page()
        assert first.items == (1, 2)
        items = await pager.to_list()
        again = [item for page in [p async for p in pager.pages()] for item in page.items]
        return total, items, again

    total, items, again = run_virtual(main)
    assert total == 3
    assert items == [1, 2, 3]
    assert again == [1, 2, 3]
    # total + first_page share one fetch; to_list reuses it; the second pass starts afresh.
    assert seen == [None, 2, None, 2]
    assert repr(pager) == "<AsyncPager: nothing loaded yet (total=?)>"


def test_async_pager_repr_shows_a_known_total():
    pager = AsyncPager(run_plan, paged([1], 5, []))
    run_virtual(pager.first_page)
    assert repr(pager) == "<AsyncPager of int: first page loaded (1 items, total=1)>"


def test_async_pager_of_an_empty_listing():
    async def fetch_empty() -> list[int]:
        return await AsyncPager(run_plan, paged([], 5, [])).to_list()

    assert run_virtual(fetch_empty) == []


# -- client ---------------------------------------------------------------------------------


def make_async_client(handler: Any, **kwargs: Any) -> AsyncManagementClient[Any, Any, Any]:
    http = kwargs.pop("http_client", None) or httpx.AsyncClient(
        transport=httpx.MockTransport(handler)
    )
    return AsyncManagementClient(
        provider=FakeProvider(),
        base_url="https://tenant.example",
        http_client=http,
        retry_policy=RetryPolicy(async_sleep=AsyncRecordingSleep()),
        **kwargs,
    )


def test_async_client_closes_what_it_owns_once_and_never_an_injected_client():
    async def main() -> None:
        owned = AsyncManagementClient(provider=FakeProvider(), base_url="https://tenant.example")
        await owned.aclose()
        await owned.aclose()
        assert owned._state.http.is_closed

        http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
        async with make_async_client(None, http_client=http) as client:
            assert client.base_url == "https://tenant.example"
        assert client._state.closed
        assert not http.is_closed
        await http.aclose()

    run_virtual(main)


def test_async_client_repr_with_options_and_namespaces():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"x-ratelimit-remaining": "3"})

    budget = RequestBudget(100, burst=10)

    async def main() -> None:
        async with make_async_client(
            handler, headers={"x-one": "1"}, request_budget=budget
        ) as client:
            assert repr(client) == (
                "<AsyncManagementClient provider=fake base_url=https://tenant.example>"
            )
            other = client.with_options(timeout=3.0, max_retries=0, headers={"x-two": "2"})
            assert isinstance(other, AsyncManagementClient)
            await other._transport.send(json_op())
            assert seen[0].extensions["timeout"]["read"] == 3.0
            assert (seen[0].headers["x-one"], seen[0].headers["x-two"]) == ("1", "2")
            assert client.rate_limit is not None
            assert client.rate_limit.remaining == 3
            assert other.request_budget is budget is client.request_budget
            assert client.actions is client.actions
            assert client.actions.triggers.bindings is client.actions.triggers.bindings
            assert client.provider == "fake"
            with pytest.raises(UnsupportedOperationError):
                client.with_options(org_id="123")

    run_virtual(main)


def test_request_budget_must_be_a_request_budget():
    with pytest.raises(ValidationError, match="RequestBudget"):
        ManagementClient.for_auth0("acme.example", token="t", request_budget=2)  # type: ignore[arg-type]


def test_async_factories_validate_like_the_sync_ones():
    with pytest.raises(ValidationError):
        AsyncManagementClient.for_auth0("http://acme.example", token="t")
    with pytest.raises(ValidationError):
        AsyncManagementClient.for_zitadel("acme.example", token="t", max_retries=-1)


# -- end to end against the emulators (httpx.MockTransport) ---------------------------------

AUTH0_CODE = "exports.onExecutePostLogin = async (event, api) => {};"
ZITADEL_TRIGGER = "complement_token:pre_access_token_creation"


def auth0_emulator() -> Auth0Emulator:
    return Auth0Emulator(clock=ManualClock(), build_seconds=0, deploy_seconds=0, seed=7)


def zitadel_emulator() -> ZitadelEmulator:
    return ZitadelEmulator(clock=ManualClock(), seed=7)


async def auth0_async_flow(emulator: Auth0Emulator) -> dict[str, Any]:
    async with AsyncManagementClient.for_auth0(
        "tenant.example",
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        http_client=emulator.async_client(),
    ) as client:
        made = [
            await client.actions.create(
                name=f"a{i}", supported_triggers=["post-login"], code=AUTH0_CODE
            )
            for i in range(3)
        ]
        pager = client.actions.list(per_page=2)
        listed = [action async for action in pager]
        fetched = await client.actions.get(made[0].id)
        updated = await client.actions.update(made[0].id, code=AUTH0_CODE + "\n")
        for action in made[:2]:
            await client.actions.deploy(action.id)
        bindings = await client.actions.triggers.bindings.update_many(
            "post-login",
            [BindingRef.by_action_name("a1"), BindingRef.by_action_id(made[0].id)],
        )
        bound = await client.actions.triggers.bindings.list("post-login").to_list()
        return {
            "made": made,
            "listed": listed,
            "total": await client.actions.list(per_page=2).total(),
            "fetched": fetched,
            "updated": updated,
            "bindings": bindings,
            "bound": bound,
        }


def auth0_sync_flow(emulator: Auth0Emulator) -> dict[str, Any]:
    with ManagementClient.for_auth0(
        "tenant.example",
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        http_client=emulator.client(),
    ) as client:
        made = [
            client.actions.create(name=f"a{i}", supported_triggers=["post-login"], code=AUTH0_CODE)
            for i in range(3)
        ]
        listed = list(client.actions.list(per_page=2))
        fetched = client.actions.get(made[0].id)
        updated = client.actions.update(made[0].id, code=AUTH0_CODE + "\n")
        for action in made[:2]:
            client.actions.deploy(action.id)
        bindings = client.actions.triggers.bindings.update_many(
            "post-login",
            [BindingRef.by_action_name("a1"), BindingRef.by_action_id(made[0].id)],
        )
        bound = client.actions.triggers.bindings.list("post-login").to_list()
        return {
            "made": made,
            "listed": listed,
            "total": client.actions.list(per_page=2).total,
            "fetched": fetched,
            "updated": updated,
            "bindings": bindings,
            "bound": bound,
        }


def test_auth0_async_client_end_to_end_matches_the_sync_client():
    emulator = auth0_emulator()
    outcome = run_virtual(lambda: auth0_async_flow(emulator))

    assert [a.name for a in outcome["listed"]] == ["a0", "a1", "a2"]
    assert outcome["total"] == 3
    assert outcome["fetched"].id == outcome["made"][0].id
    assert outcome["updated"].code == AUTH0_CODE + "\n"
    assert [b.action.name for b in outcome["bindings"]] == ["a1", "a0"]
    assert [b.action.name for b in outcome["bound"]] == ["a1", "a0"]
    # Two pages of actions were requested, and one token for the whole run.
    pages = [
        (r.query.get("page"), r.query.get("per_page"))
        for r in emulator.request_log
        if (r.method, r.path) == ("GET", "/api/v2/actions/actions")
    ]
    assert pages[:2] == [(None, ["2"]), (["1"], ["2"])]  # the first page leaves page= out
    assert [p for _, p in emulator.requests].count("/oauth/token") == 1

    # The sync client, against an identical emulator, gets equal models.
    assert auth0_sync_flow(auth0_emulator()) == outcome


async def zitadel_async_flow(emulator: ZitadelEmulator) -> dict[str, Any]:
    async with AsyncManagementClient.for_zitadel(
        "zitadel.example",
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        http_client=emulator.async_client(),
    ) as client:
        made = [
            await client.actions.create(name=f"a{i}", script=f"function a{i}(ctx, api) {{}}")
            for i in range(3)
        ]
        listed = [action async for action in client.actions.list(per_page=2)]
        fetched = await client.actions.get(made[0].id)
        updated = await client.actions.update(made[0].id, allowed_to_fail=True)
        bindings = await client.actions.triggers.bindings.update_many(
            ZITADEL_TRIGGER,
            [BindingRef.by_action_name("a1"), BindingRef.by_action_id(made[0].id)],
        )
        bound = await client.actions.triggers.bindings.list(ZITADEL_TRIGGER).to_list()
        return {
            "made": made,
            "listed": listed,
            "fetched": fetched,
            "updated": updated,
            "bindings": bindings,
            "bound": bound,
        }


def zitadel_sync_flow(emulator: ZitadelEmulator) -> dict[str, Any]:
    with ManagementClient.for_zitadel(
        "zitadel.example",
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        http_client=emulator.client(),
    ) as client:
        made = [
            client.actions.create(name=f"a{i}", script=f"function a{i}(ctx, api) {{}}")
            for i in range(3)
        ]
        listed = list(client.actions.list(per_page=2))
        fetched = client.actions.get(made[0].id)
        updated = client.actions.update(made[0].id, allowed_to_fail=True)
        bindings = client.actions.triggers.bindings.update_many(
            ZITADEL_TRIGGER,
            [BindingRef.by_action_name("a1"), BindingRef.by_action_id(made[0].id)],
        )
        bound = client.actions.triggers.bindings.list(ZITADEL_TRIGGER).to_list()
        return {
            "made": made,
            "listed": listed,
            "fetched": fetched,
            "updated": updated,
            "bindings": bindings,
            "bound": bound,
        }


def test_zitadel_async_client_end_to_end_matches_the_sync_client():
    emulator = zitadel_emulator()
    outcome = run_virtual(lambda: zitadel_async_flow(emulator))

    assert sorted(a.name for a in outcome["listed"]) == ["a0", "a1", "a2"]
    assert outcome["fetched"].id == outcome["made"][0].id
    assert outcome["updated"].allowed_to_fail is True
    assert [b.action.name for b in outcome["bindings"]] == ["a1", "a0"]
    assert [b.action.name for b in outcome["bound"]] == ["a1", "a0"]
    searches = [
        r.json() for r in emulator.request_log if r.path == "/management/v1/actions/_search"
    ]
    assert len(searches) >= 2  # the listing took two pages
    assert [p for _, p in emulator.requests].count("/oauth/v2/token") == 1

    assert zitadel_sync_flow(zitadel_emulator()) == outcome


# -- same errors ----------------------------------------------------------------------------

AUTH0_ONLY: list[tuple[str, tuple[str, ...], dict[str, Any]]] = [
    ("actions.deploy", ("a1",), {}),
    ("actions.test", ("a1",), {"payload": {}}),
    ("actions.versions.list", ("a1",), {}),
    ("actions.versions.get", ("a1", "v1"), {}),
    ("actions.versions.deploy", ("a1", "v1"), {}),
    ("actions.executions.get", ("e1",), {}),
    ("actions.modules.list", (), {}),
    ("actions.modules.get", ("m1",), {}),
    ("actions.modules.create", (), {"name": "m", "code": "c"}),
    ("actions.modules.update", ("m1",), {"code": "c"}),
    ("actions.modules.delete", ("m1",), {}),
    ("actions.modules.list_actions", ("m1",), {}),
    ("actions.modules.rollback", ("m1",), {"module_version_id": "v1"}),
    ("actions.modules.versions.list", ("m1",), {}),
    ("actions.modules.versions.create", ("m1",), {}),
    ("actions.modules.versions.get", ("m1", "v1"), {}),
]
ZITADEL_ONLY: list[tuple[str, tuple[str, ...], dict[str, Any]]] = [
    ("actions.deactivate", ("a1",), {}),
    ("actions.reactivate", ("a1",), {}),
]


def resolve(root: Any, path: str) -> Any:
    for part in path.split("."):
        root = getattr(root, part)
    return root


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing should be sent: {request.method} {request.url}")


@pytest.mark.parametrize(
    ("provider", "path", "args", "kwargs"),
    [("zitadel", *call) for call in AUTH0_ONLY] + [("auth0", *call) for call in ZITADEL_ONLY],
)
def test_unsupported_operations_fail_alike_on_both_clients_before_sending(
    provider, path, args, kwargs
):
    mock = httpx.MockTransport(unreachable)
    factory = f"for_{provider}"
    sync_http = httpx.Client(transport=mock)
    sync_client = getattr(ManagementClient, factory)("x.example", token="t", http_client=sync_http)
    with pytest.raises(UnsupportedOperationError) as sync_error:
        resolve(sync_client, path)(*args, **kwargs)
    sync_http.close()

    async def call(client: AsyncManagementClient[Any, Any, Any]) -> None:
        result = resolve(client, path)(*args, **kwargs)  # pagers fail here, coroutines on await
        if inspect.isawaitable(result):
            await result

    async def main() -> str:
        http = httpx.AsyncClient(transport=mock)
        client = getattr(AsyncManagementClient, factory)("x.example", token="t", http_client=http)
        with pytest.raises(UnsupportedOperationError) as async_error:
            await call(client)
        await http.aclose()
        return str(async_error.value)

    assert run_virtual(main) == str(sync_error.value)
