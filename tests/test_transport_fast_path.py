"""The cheap paths of a call: the SDK-owned httpx client is built on first use, with the constant
headers and timeout set once on it; the first attempt goes out without tenacity, which is entered
only after a failure the policy retries; rate-limit headers are read in one pass.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
import tenacity

from actions_sdk._operation import Operation
from actions_sdk._transport import ClientState, HttpDefaults, RateLimitInfo, TokenCache
from actions_sdk.client import DEFAULT_TIMEOUT, AsyncManagementClient, ManagementClient
from actions_sdk.errors import NotFoundError, ServerError
from tests.test_async import AsyncRecordingSleep, make_async_transport, run_virtual
from tests.test_transport import FakeProvider, json_op, make_transport, scripted

BASE = "https://tenant.example"


@pytest.fixture
def server() -> Iterator[respx.MockRouter]:
    """Answers ``GET /thing`` for real httpx transports, i.e. for the SDK's own client too."""
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        router.get("/thing").respond(200, json={"ok": True})
        yield router


def count_builds(
    monkeypatch: pytest.MonkeyPatch, client_class: Any, *, delay: float = 0.0
) -> list[Any]:
    """Record every httpx client the SDK builds for itself (still built by the real factory)."""
    built: list[Any] = []
    original = client_class._new_http

    def new_http(defaults: HttpDefaults) -> Any:
        time.sleep(delay)  # widens the window in which concurrent first requests could race
        http = original(defaults)
        built.append(http)
        return http

    monkeypatch.setattr(client_class, "_new_http", staticmethod(new_http))
    return built


def owned_client(**kwargs: Any) -> ManagementClient[Any, Any, Any]:
    return ManagementClient(provider=FakeProvider(), base_url=BASE, **kwargs)


def owned_async_client(**kwargs: Any) -> AsyncManagementClient[Any, Any, Any]:
    return AsyncManagementClient(provider=FakeProvider(), base_url=BASE, **kwargs)


def timeout_of(request: httpx.Request) -> dict[str, Any]:
    timeout: dict[str, Any] = request.extensions["timeout"]
    return timeout


# -- the SDK-owned client is built on first use -----------------------------------------------


def test_owned_http_client_is_built_by_the_first_request_not_by_the_constructor(
    server, monkeypatch
):
    built = count_builds(monkeypatch, ManagementClient)
    client = owned_client()
    copy = client.with_options(timeout=3.0)
    assert built == []
    assert client._transport.send(json_op()) == {"ok": True}
    assert copy._transport.send(json_op()) == {"ok": True}
    client._transport.send(json_op())
    assert len(built) == 1  # shared by the copy, built once
    client.close()
    assert built[0].is_closed


def test_close_before_the_first_request_builds_nothing_and_refuses_later_calls(monkeypatch):
    built = count_builds(monkeypatch, ManagementClient)
    client = owned_client()
    client.close()
    client.close()
    assert built == []
    assert client._state.http.is_closed  # a closed stand-in, never the real client
    with pytest.raises(RuntimeError, match="the client is closed"):
        client._transport.send(json_op())
    assert built == []


def test_async_close_before_the_first_request_builds_nothing(monkeypatch):
    built = count_builds(monkeypatch, AsyncManagementClient)

    async def main() -> None:
        async with owned_async_client() as client:
            pass
        await client.aclose()
        assert client._state.http.is_closed
        with pytest.raises(RuntimeError, match="the client is closed"):
            await client._transport.send(json_op())

    run_virtual(main)
    assert built == []


def test_concurrent_first_requests_from_threads_build_one_client(server, monkeypatch):
    built = count_builds(monkeypatch, ManagementClient, delay=0.02)
    client = owned_client()
    start = threading.Barrier(8)
    results: list[Any] = []

    def call() -> None:
        start.wait()
        results.append(client._transport.send(json_op()))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"ok": True}] * 8
    assert len(built) == 1
    client.close()


def test_concurrent_first_requests_from_tasks_build_one_client(server, monkeypatch):
    built = count_builds(monkeypatch, AsyncManagementClient)

    async def main() -> list[Any]:
        async with owned_async_client() as client:
            return await asyncio.gather(*(client._transport.send(json_op()) for _ in range(8)))

    assert asyncio.run(main()) == [{"ok": True}] * 8
    assert len(built) == 1
    assert built[0].is_closed


def test_state_needs_a_client_or_a_way_to_build_one():
    with pytest.raises(TypeError, match="http= or new_http="):
        ClientState(owns_http=True, tokens=TokenCache())


def test_a_state_closed_while_a_thread_builds_the_client_hands_out_a_closed_one():
    # close() may run between a request's open-check and its first use of the client: that
    # request then finds a closed client (httpx refuses to send), never a leaked open one.
    built: list[httpx.Client] = []

    def new_http() -> httpx.Client:
        built.append(httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))))
        return built[-1]

    state: ClientState[httpx.Client] = ClientState(
        owns_http=True, tokens=TokenCache(), new_http=new_http
    )
    stand_in = state.begin_close(lambda: httpx.Client(transport=httpx.BaseTransport()))
    assert stand_in is not None
    stand_in.close()
    assert state.http is stand_in
    assert built == []
    assert state.begin_close(pytest.fail) is None  # already closed: nothing more to close


# -- constant headers and timeout -------------------------------------------------------------


def test_owned_client_sends_the_sdk_headers_and_timeout_set_once_on_it(server):
    client = owned_client(headers={"x-one": "1"})
    client._transport.send(json_op())
    request = server.calls.last.request
    assert request.headers["user-agent"].startswith("actions-sdk/")
    assert request.headers["accept"] == "application/json"
    assert request.headers["x-one"] == "1"
    assert request.headers["authorization"] == "Bearer static-token"
    assert timeout_of(request) == DEFAULT_TIMEOUT.as_dict()
    # Set on the client itself, so the transport passes nothing of it per request.
    http = client._state.http
    assert http.headers["x-one"] == "1"
    assert http.timeout == DEFAULT_TIMEOUT
    assert client._transport._request_headers == {}
    assert client._transport._request_timeout is httpx.USE_CLIENT_DEFAULT
    client.close()


def test_with_options_copies_keep_their_own_timeout_and_headers_on_the_shared_client(server):
    client = owned_client(headers={"x-one": "1"})
    copy = client.with_options(timeout=3.0, headers={"x-two": "2", "x-one": "one"})
    retries_only = client.with_options(max_retries=0)
    copy._transport.send(json_op())
    from_copy = server.calls.last.request
    client._transport.send(json_op())
    from_original = server.calls.last.request
    retries_only._transport.send(json_op())
    from_retries_only = server.calls.last.request

    assert timeout_of(from_copy) == httpx.Timeout(3.0).as_dict()
    assert (from_copy.headers["x-one"], from_copy.headers["x-two"]) == ("one", "2")
    assert from_copy.headers["user-agent"].startswith("actions-sdk/")
    for request in (from_original, from_retries_only):
        assert timeout_of(request) == DEFAULT_TIMEOUT.as_dict()
        assert request.headers["x-one"] == "1"
        assert "x-two" not in request.headers
    assert copy._state is client._state
    client.close()


def test_injected_client_still_gets_the_sdk_timeout_and_headers_per_request():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(
        transport=httpx.MockTransport(handler), timeout=99.0, headers={"x-mine": "kept"}
    )
    client = owned_client(http_client=http, headers={"x-one": "1"})
    client._transport.send(json_op())
    client.with_options(timeout=4.0)._transport.send(json_op())
    assert timeout_of(seen[0]) == DEFAULT_TIMEOUT.as_dict()
    assert timeout_of(seen[1]) == httpx.Timeout(4.0).as_dict()
    for request in seen:
        assert request.headers["user-agent"].startswith("actions-sdk/")
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-one"] == "1"
        assert request.headers["x-mine"] == "kept"
    # The caller's client is never reconfigured.
    assert http.timeout == httpx.Timeout(99.0)
    assert "x-one" not in http.headers
    client.close()
    http.close()


@pytest.mark.parametrize("injected", [False, True])
def test_a_header_given_again_in_another_case_replaces_the_first(server, injected):
    http = httpx.Client() if injected else None  # respx answers the injected client too
    client = owned_client(
        http_client=http,
        headers={"User-Agent": "mine/1", "Accept": "text/plain", "X-Team": "a"},
    )
    client.with_options(headers={"x-team": "b"})._transport.send(json_op())
    sent = server.calls.last.request.headers
    assert sent.get_list("user-agent") == ["mine/1"]
    assert sent.get_list("accept") == ["text/plain"]
    assert sent.get_list("x-team") == ["b"]
    # The bearer token always wins over an extra header of that name, in any case.
    with_auth = owned_client(http_client=http, headers={"Authorization": "Basic eA=="})
    with_auth._transport.send(json_op())
    assert server.calls.last.request.headers.get_list("authorization") == ["Bearer static-token"]
    client.close()
    with_auth.close()
    if http is not None:
        http.close()


def test_operation_headers_and_the_token_go_with_each_request(server):
    client = owned_client()
    client._transport.send(
        Operation(method="GET", path="/thing", headers={"x-org": "7"}, decode=lambda r: r.json())
    )
    request = server.calls.last.request
    assert request.headers["x-org"] == "7"
    assert request.headers["authorization"] == "Bearer static-token"
    client.close()


# -- the first attempt goes out without tenacity ----------------------------------------------


class CountingRetrying:
    """Wraps a tenacity retrying class and counts how often the transport builds one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.built = 0
        original = getattr(tenacity, name)

        def build(*args: Any, **kwargs: Any) -> Any:
            self.built += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(tenacity, name, build)


@pytest.mark.parametrize(
    ("responses", "method", "idempotent", "error"),
    [
        ([httpx.Response(200, json={})], "GET", True, None),
        ([httpx.Response(404, json={})], "GET", True, NotFoundError),
        ([httpx.Response(503, json={})], "POST", False, ServerError),
    ],
)
def test_a_call_that_needs_no_retry_never_enters_tenacity(
    sleeps, monkeypatch, responses, method, idempotent, error
):
    retrying = CountingRetrying(monkeypatch, "Retrying")
    handler, seen = scripted(*responses)
    transport = make_transport(handler, sleeps)
    if error is None:
        transport.send(json_op(method, idempotent=idempotent))
    else:
        with pytest.raises(error):
            transport.send(json_op(method, idempotent=idempotent))
    assert retrying.built == 0
    assert len(seen) == 1
    assert sleeps.calls == []


def test_a_retryable_failure_enters_tenacity_once_with_unchanged_attempts_waits_and_log(
    sleeps, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="actions_sdk")
    retrying = CountingRetrying(monkeypatch, "Retrying")
    handler, seen = scripted(
        httpx.Response(503, json={"message": "down"}),
        httpx.Response(503, json={"message": "still down"}),
        httpx.Response(200, json={"ok": True}),
    )
    transport = make_transport(handler, sleeps)
    assert transport.send(json_op()) == {"ok": True}
    assert retrying.built == 1
    assert len(seen) == 3
    assert sleeps.calls == [0.5, 1.0]
    assert [record.getMessage() for record in caplog.records] == [
        "retrying GET /thing in 0.50 s after attempt 1: 503: down",
        "retrying GET /thing in 1.00 s after attempt 2: 503: still down",
    ]


def test_the_last_retryable_failure_is_raised_unchained(sleeps):
    handler, seen = scripted(*(httpx.Response(503, json={"message": f"down {n}"}) for n in (1, 2)))
    transport = make_transport(handler, sleeps, max_retries=1)
    with pytest.raises(ServerError, match="down 2") as info:
        transport.send(json_op())
    assert len(seen) == 2
    assert info.value.__context__ is None


def test_with_no_retries_allowed_a_retryable_failure_is_raised_after_one_attempt(sleeps):
    handler, seen = scripted(httpx.Response(503, json={"message": "down"}))
    transport = make_transport(handler, sleeps, max_retries=0)
    with pytest.raises(ServerError, match="down"):
        transport.send(json_op())
    assert len(seen) == 1
    assert sleeps.calls == []


def test_async_first_attempt_without_tenacity_and_retries_through_it(monkeypatch):
    retrying = CountingRetrying(monkeypatch, "AsyncRetrying")
    sleeps = AsyncRecordingSleep()
    handler, seen = scripted(
        httpx.Response(200, json={"n": 1}),
        httpx.Response(404, json={}),
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(200, json={"n": 2}),
    )
    transport = make_async_transport(handler, sleeps)

    async def main() -> None:
        assert await transport.send(json_op()) == {"n": 1}
        with pytest.raises(NotFoundError):
            await transport.send(json_op())
        assert retrying.built == 0
        assert await transport.send(json_op("POST", idempotent=False)) == {"n": 2}
        assert retrying.built == 1
        await transport.state.http.aclose()

    run_virtual(main)
    assert sleeps.calls == [2.0]
    assert len(seen) == 4


def test_a_program_that_never_retries_never_imports_tenacity():
    code = """
import sys, httpx
from actions_sdk import ManagementClient
from actions_sdk.errors import NotFoundError
answers = iter([httpx.Response(200, json={"id": "a1", "name": "n", "supported_triggers": []}),
                httpx.Response(404, json={"message": "gone"})])
http = httpx.Client(transport=httpx.MockTransport(lambda request: next(answers)))
client = ManagementClient.for_auth0("tenant.example", token="t", http_client=http)
client.actions.get("a1")
try:
    client.actions.get("a2")
except NotFoundError:
    pass
print("tenacity" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- rate-limit headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"content-type": "application/json"}, None),
        (
            {"X-RateLimit-Limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": "17"},
            RateLimitInfo(limit=10, remaining=9, reset=17),
        ),
        ({"x-ratelimit-reset": "17.9"}, RateLimitInfo(reset=17)),
        ({"x-ratelimit-remaining": "many", "x-ratelimit-limit": "5"}, RateLimitInfo(limit=5)),
        ({"x-ratelimit-remaining": "many"}, None),
        ({"x-ratelimit-other": "1"}, None),
    ],
)
def test_rate_limit_headers_read_in_one_pass_like_a_mapping(headers, expected):
    assert RateLimitInfo.from_headers(httpx.Headers(headers)) == expected
    lowered = {key.lower(): value for key, value in headers.items()}
    assert RateLimitInfo.from_headers(lowered) == expected


def test_a_repeated_rate_limit_header_reads_as_httpx_joins_it():
    headers = httpx.Headers(
        [("x-ratelimit-limit", "10"), ("x-ratelimit-limit", "10"), ("x-ratelimit-reset", "5")]
    )
    assert headers.get("x-ratelimit-limit") == "10, 10"  # malformed, hence ignored
    assert RateLimitInfo.from_headers(headers) == RateLimitInfo(reset=5)


def test_a_response_without_rate_limit_headers_keeps_the_last_values(sleeps):
    handler, _ = scripted(
        httpx.Response(200, json={}, headers={"x-ratelimit-remaining": "4"}),
        httpx.Response(200, json={}),
    )
    transport = make_transport(handler, sleeps)
    transport.send(json_op())
    transport.send(json_op())
    assert transport.state.rate_limit == RateLimitInfo(remaining=4)
