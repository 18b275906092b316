"""One outcome classification, and the helper bugs it fixed (issue 10 §1), through the public API.

Each test answers with a hand-written handler of real Auth0 shapes and injects the retry policy's
sleep and clock: nothing sleeps, and every request the SDK sends is counted.
"""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from actions_sdk import (
    ActionsSDKError,
    APIConnectionError,
    ApiError,
    APITimeoutError,
    ClientClosedError,
    ConflictError,
    ManagementClient,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnauthorizedError,
    ValidationError,
    WaitTimeoutError,
)
from actions_sdk._retry import Landed, RetryTally, classify
from actions_sdk.testing import Auth0Emulator

ACTIONS = "/api/v2/actions/actions"
Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """A clock the recorded sleeps move."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def time(self) -> float:
        return self.now


def action_json(
    *,
    status: str = "built",
    deployed: dict[str, Any] | None = None,
    all_changes_deployed: bool = False,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "a1",
        "name": "add-roles",
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "exports.onExecutePostLogin = async () => {};",
        "runtime": "node22",
        "status": status,
        "all_changes_deployed": all_changes_deployed,
    }
    if deployed is not None:
        body["deployed_version"] = deployed
    return body


def version_json(number: int, *, deployed: bool, status: str = "built") -> dict[str, Any]:
    return {"id": f"v{number}", "number": number, "deployed": deployed, "status": status}


def reply(status: int, body: Any = None, **headers: str) -> httpx.Response:
    if body is None and status >= 400:
        body = {"statusCode": status, "error": "Error", "message": f"status {status}"}
    return httpx.Response(status, json=body, headers=headers)


def throttled(retry_after: str) -> httpx.Response:
    body = {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    return httpx.Response(429, json=body, headers={"retry-after": retry_after})


class Server:
    """A scripted Auth0: a queue of answers per (method, path), recording every request."""

    def __init__(self, **routes: list[httpx.Response | Callable[[], httpx.Response]]) -> None:
        self.routes = {tuple(key.split(" ", 1)): list(value) for key, value in routes.items()}
        self.seen: list[tuple[str, str]] = []

    def route(self, method: str, path: str, *answers: Any) -> None:
        self.routes[(method, path)] = list(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        self.seen.append(key)
        queue = self.routes.get(key)
        if not queue:
            raise AssertionError(f"unexpected request {key}")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer() if callable(answer) else answer


def client_for(server: Handler, clock: Clock, **policy: Any) -> ManagementClient[Any, Any, Any]:
    return ManagementClient.for_auth0(
        "acme.eu.auth0.com",
        token="static-token",
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        retry_policy=RetryPolicy(sleep=clock.sleep, clock=clock.time, random=lambda: 0.0, **policy),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


# -- the classification ------------------------------------------------------------------------


def api_error(status: int) -> ApiError:
    from actions_sdk.errors import make_api_error

    return make_api_error("x", status_code=status)


@pytest.mark.parametrize(
    ("error", "landed", "transient"),
    [
        (api_error(429), Landed.NO, True),
        (APIConnectionError("refused", may_have_landed=False), Landed.NO, True),
        (APIConnectionError("reset", may_have_landed=True), Landed.UNKNOWN, True),
        (APITimeoutError("read", may_have_landed=True), Landed.UNKNOWN, True),
        (api_error(408), Landed.UNKNOWN, True),
        (api_error(500), Landed.UNKNOWN, True),
        (api_error(503), Landed.UNKNOWN, True),
        (api_error(501), Landed.YES, False),
        (api_error(400), Landed.YES, False),
        (api_error(404), Landed.YES, False),
        (api_error(409), Landed.YES, False),
        (ValidationError("bad"), Landed.YES, False),
        (KeyError("x"), Landed.YES, False),
    ],
)
def test_one_classification_of_outcomes(error: BaseException, landed: Landed, transient: bool):
    outcome = classify(error)
    assert (outcome.landed, outcome.transient) == (landed, transient)


def test_helpers_repeat_on_the_transport_policy_terms():
    policy = RetryPolicy(max_retries=2, max_retry_after=60, random=lambda: 0.0)
    refused, tally = api_error(503), RetryTally()
    assert policy.retry_wait(refused, tally) == 0.5  # the transport's backoff, not a second one
    assert policy.retry_wait(refused, tally) == 1.0
    assert policy.retry_wait(refused, tally) is None  # max_retries reached
    assert policy.retry_wait(api_error(404), RetryTally()) is None  # final
    long_wait = RateLimitError("slow", status_code=429, retry_after=61)
    assert policy.retry_wait(long_wait, RetryTally()) is None  # above max_retry_after: never slept
    hinted = RateLimitError("ok", status_code=429, retry_after=5)
    assert policy.retry_wait(hinted, RetryTally()) == 5


def _announced_429(retry_after: float = 1.0) -> RateLimitError:
    response = httpx.Response(429, headers={"x-ratelimit-limit": "10"})
    return RateLimitError("limit", status_code=429, response=response, retry_after=retry_after)


def test_helpers_count_announced_limit_429s_apart_like_the_transport():
    # One rule for both: an announced-limit 429 has rate_limit_retries of its own, every other
    # failure max_retries, each counted in the step's own tally.
    policy = RetryPolicy(max_retries=1, rate_limit_retries=3, random=lambda: 0.0)
    tally = RetryTally()
    waits = [policy.retry_wait(_announced_429(), tally) for _ in range(3)]
    assert waits == [1.0, 1.0, 1.0]  # three more than max_retries allows
    assert policy.retry_wait(api_error(503), tally) == 4.0  # its own first retry: attempt 4
    assert (tally.limited, tally.other, tally.attempts) == (3, 1, 4)
    assert policy.retry_wait(_announced_429(), tally) is None  # the fourth 429: spent
    assert policy.retry_wait(api_error(503), RetryTally(other=1)) is None  # max_retries spent


def test_a_paced_announced_limit_waits_for_its_slot_not_the_hint():
    policy = RetryPolicy(random=lambda: 0.0)
    assert policy.pause(_announced_429(2.0), 1, paced=True) == 0.0
    assert policy.pause(_announced_429(2.0), 1, paced=False) == 2.0
    # Pacing only replaces the wait of an announced limit: a 503 still backs off.
    assert policy.pause(api_error(503), 1, paced=True) == 0.5


# -- a long 429 inside a polling wait ---------------------------------------------------------


def test_a_long_retry_after_in_wait_until_built_is_raised_at_once(clock: Clock):
    server = Server(**{f"GET {ACTIONS}/a1": [throttled("120"), reply(200, action_json())]})
    with client_for(server, clock) as client, pytest.raises(RateLimitError) as info:
        client.actions.wait_until_built("a1")
    assert info.value.retry_after == 120
    assert clock.sleeps == []  # not slept through (it used to sleep 120 s and return)
    assert server.seen == [("GET", f"{ACTIONS}/a1")]


def test_a_retry_after_longer_than_the_time_left_ends_the_wait_at_once(clock: Clock):
    building = reply(200, action_json(status="building"))
    server = Server(**{f"GET {ACTIONS}/a1": [building, throttled("30"), building]})
    with client_for(server, clock) as client, pytest.raises(WaitTimeoutError) as info:
        client.actions.wait_until_built("a1", timeout=10, poll=1)
    assert isinstance(info.value.__cause__, RateLimitError)
    assert info.value.last_status == "building"
    # 30 s is within max_retry_after, but more than the 9 s left: neither slept nor polled early.
    assert clock.sleeps == [1.0]
    assert len(server.seen) == 2
    assert info.value.waited == 1.0


def test_a_short_retry_after_inside_the_wait_is_honoured(clock: Clock):
    server = Server(
        **{f"GET {ACTIONS}/a1": [throttled("2"), reply(200, action_json(status="built"))]}
    )
    with client_for(server, clock) as client:
        assert client.actions.wait_until_built("a1").id == "a1"
    assert clock.sleeps == [2.0]


def test_create_wait_cut_short_by_a_long_429_carries_the_created_action(clock: Clock):
    created = reply(201, action_json(status="pending"))
    server = Server(
        **{
            f"POST {ACTIONS}": [created],
            f"GET {ACTIONS}/a1": [throttled("300")],
        }
    )
    with client_for(server, clock) as client, pytest.raises(RateLimitError) as info:
        client.actions.create(
            name="add-roles", supported_triggers=["post-login"], code="x", deploy=True, wait=True
        )
    assert info.value.created_action is not None
    assert info.value.created_action.id == "a1"
    assert any("do not create it again" in note for note in info.value.__notes__)
    # Only the pause before the first poll (the create's answer showed the build pending); the
    # 300 s the server asked for is never slept.
    assert clock.sleeps == [1.0]
    assert server.seen.count(("POST", ACTIONS)) == 1


def test_a_create_that_created_nothing_says_so(clock: Clock):
    server = Server(**{f"POST {ACTIONS}": [throttled("300")]})
    with client_for(server, clock) as client, pytest.raises(RateLimitError) as info:
        client.actions.create(name="add-roles", supported_triggers=["post-login"], wait=True)
    assert info.value.created_action is None  # nothing was made: calling again is safe
    assert server.seen == [("POST", ACTIONS)]


def test_resuming_after_a_cut_short_create_needs_no_second_create(clock: Clock):
    """The documented recovery: deploy(created_action.id, wait=True) — never a 409."""
    deployed = version_json(1, deployed=True)
    server = Server(
        **{
            f"POST {ACTIONS}": [reply(201, action_json(status="pending"))],
            f"GET {ACTIONS}/a1": [
                throttled("300"),
                reply(200, action_json(deployed=deployed, all_changes_deployed=True)),
            ],
        }
    )
    with client_for(server, clock) as client:
        with pytest.raises(RateLimitError) as info:
            client.actions.create(name="add-roles", supported_triggers=["post-login"], wait=True)
        action = client.actions.deploy(info.value.created_action.id, wait=True)
    assert action.deployed_version.number == 1
    assert server.seen.count(("POST", ACTIONS)) == 1
    assert ("POST", f"{ACTIONS}/a1/deploy") not in server.seen  # already deployed: no new version


# -- 408 is "may have landed" in the helpers too ---------------------------------------------


def test_a_408_on_create_is_settled_by_a_lookup_not_raised(clock: Clock):
    found = {"actions": [action_json(status="pending")], "total": 1, "per_page": 50}
    server = Server(**{f"POST {ACTIONS}": [reply(408)], f"GET {ACTIONS}": [reply(200, found)]})
    with client_for(server, clock) as client:
        action = client.actions.create(
            name="add-roles",
            supported_triggers=["post-login"],
            code="exports.onExecutePostLogin = async () => {};",
            runtime="node22",
        )
    assert action.id == "a1"
    assert server.seen == [("POST", ACTIONS), ("GET", ACTIONS)]  # no second create, no 409


def test_a_408_on_deploy_is_settled_by_re_reading_the_action(clock: Clock):
    old = version_json(1, deployed=True)
    new = version_json(2, deployed=True)
    server = Server(
        **{
            f"GET {ACTIONS}/a1": [
                reply(200, action_json(deployed=old)),  # built, changes not deployed
                reply(200, action_json(deployed=new, all_changes_deployed=True)),
            ],
            f"POST {ACTIONS}/a1/deploy": [reply(408)],
        }
    )
    with client_for(server, clock) as client:
        action = client.actions.deploy("a1", wait=True)
    assert action.deployed_version.number == 2
    assert server.seen.count(("POST", f"{ACTIONS}/a1/deploy")) == 1  # never deployed twice


def test_a_408_on_delete_then_404_counts_as_deleted(clock: Clock):
    server = Server(
        **{
            "GET /api/v2/actions/triggers": [reply(200, {"triggers": []})],
            f"DELETE {ACTIONS}/a1": [reply(408), reply(404)],
        }
    )
    with client_for(server, clock) as client:
        client.actions.delete("a1", unbind=True)
    assert server.seen.count(("DELETE", f"{ACTIONS}/a1")) == 2


def test_a_501_is_final_for_the_helpers(clock: Clock):
    server = Server(**{f"GET {ACTIONS}/a1": [reply(501)]})
    with client_for(server, clock) as client, pytest.raises(ServerError):
        client.actions.wait_until_built("a1")
    assert server.seen == [("GET", f"{ACTIONS}/a1")]


# -- no poll when the answer already shows the version live -----------------------------------


def test_create_deploy_wait_sends_no_poll_after_the_version_is_seen_live(clock: Clock):
    # Real Auth0: the create answers with the version pending, the first poll shows it live.
    pending = version_json(1, deployed=True, status="pending")
    live = version_json(1, deployed=True, status="built")
    server = Server(
        **{
            f"POST {ACTIONS}": [reply(201, action_json(status="pending", deployed=pending))],
            f"GET {ACTIONS}/a1": [
                reply(200, action_json(deployed=live, all_changes_deployed=True))
            ],
        }
    )
    with client_for(server, clock) as client:
        action = client.actions.create(
            name="add-roles", supported_triggers=["post-login"], deploy=True, wait=True
        )
    assert action.deployed_version.deployed is True
    assert server.seen == [("POST", ACTIONS), ("GET", f"{ACTIONS}/a1")]


# -- rollback, then wait for that version --------------------------------------------------


def test_versions_deploy_wait_waits_for_the_rollback_and_never_deploys_the_draft(clock: Clock):
    v2 = version_json(2, deployed=True)
    v3 = version_json(3, deployed=True)
    server = Server(
        **{
            f"POST {ACTIONS}/a1/versions/v1/deploy": [reply(200, version_json(3, deployed=False))],
            f"GET {ACTIONS}/a1": [
                reply(200, action_json(deployed=v2)),
                reply(200, action_json(deployed=v3)),
            ],
        }
    )
    with client_for(server, clock) as client:
        version = client.actions.versions.deploy("a1", "v1", wait=True, poll=1)
    assert (version.number, version.deployed) == (3, True)
    assert ("POST", f"{ACTIONS}/a1/deploy") not in server.seen
    assert server.seen.count(("GET", f"{ACTIONS}/a1")) == 2
    assert clock.sleeps == [1.0]


def test_versions_deploy_checks_its_wait_arguments(clock: Clock):
    with client_for(Server(), clock) as client:
        with pytest.raises(ValidationError, match="wait"):
            client.actions.versions.deploy("a1", "v1", wait="yes")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="need wait=True"):
            client.actions.versions.deploy("a1", "v1", timeout=5)
        with pytest.raises(ValidationError, match="timeout"):
            client.actions.versions.deploy("a1", "v1", wait=True, timeout=-1)


# -- the token endpoint -------------------------------------------------------------------


def token_client(server: Handler, clock: Clock) -> ManagementClient[Any, Any, Any]:
    return ManagementClient.for_auth0(
        "acme.eu.auth0.com",
        client_id="cid",
        client_secret="the-secret",
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        retry_policy=RetryPolicy(sleep=clock.sleep, clock=clock.time, random=lambda: 0.0),
    )


def test_the_token_endpoints_own_429_is_honoured_like_any_other(clock: Clock):
    limited = httpx.Response(
        429,
        json={"error": "too_many_requests", "error_description": "Too many requests"},
        headers={"retry-after": "3", "auth0-ratelimit": "limit=10, remaining=0, reset=3"},
    )
    token = reply(200, {"access_token": "tok", "expires_in": 86400, "token_type": "Bearer"})
    server = Server(
        **{
            "POST /oauth/token": [limited, token],
            f"GET {ACTIONS}/a1": [reply(200, action_json())],
        }
    )
    with token_client(server, clock) as client:
        assert client.actions.get("a1").id == "a1"
    assert clock.sleeps == [3.0]
    assert server.seen.count(("POST", "/oauth/token")) == 2


def test_a_long_429_on_the_token_endpoint_says_it_was_the_token_request(clock: Clock):
    server = Server(**{"POST /oauth/token": [throttled("600")]})
    with token_client(server, clock) as client, pytest.raises(RateLimitError) as info:
        client.actions.get("a1")
    assert str(info.value).startswith(
        "token request to https://acme.eu.auth0.com/oauth/token failed: 429"
    )
    assert info.value.retry_after == 600
    assert clock.sleeps == []


def test_a_refused_token_request_keeps_its_type_and_says_what_failed(clock: Clock):
    denied = httpx.Response(
        401, json={"error": "access_denied", "error_description": "Unauthorized"}
    )
    server = Server(**{"POST /oauth/token": [denied]})
    with token_client(server, clock) as client, pytest.raises(UnauthorizedError) as info:
        client.actions.get("a1")
    assert str(info.value) == (
        "token request to https://acme.eu.auth0.com/oauth/token failed: "
        "401 access_denied: Unauthorized"
    )
    assert info.value.error_code == "access_denied"
    assert "the-secret" not in repr(info.value)


# -- closed clients --------------------------------------------------------------------------


def test_a_closed_client_raises_an_error_of_the_sdk_tree(clock: Clock):
    client = client_for(Server(), clock)
    client.close()
    with pytest.raises(ClientClosedError, match="closed") as info:
        client.actions.get("a1")
    assert isinstance(info.value, ActionsSDKError)
    assert isinstance(info.value, RuntimeError)


# -- connection failures name the server and the cause ------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def plain_http_server() -> Iterator[int]:
    # Any plain-HTTP server on loopback will do: the emulator's own serves here.
    with Auth0Emulator().serve() as server:
        yield server.port


def no_retry_client(domain: str) -> ManagementClient[Any, Any, Any]:
    return ManagementClient.for_auth0(
        domain, token="static-token", retry_policy=RetryPolicy(max_retries=0)
    )


def test_a_refused_connection_names_scheme_host_and_cause():
    port = free_port()
    client = no_retry_client(f"http://127.0.0.1:{port}")
    with client, pytest.raises(APIConnectionError) as info:
        client.actions.get("a1")
    assert str(info.value) == (
        f"GET http://127.0.0.1:{port}{ACTIONS}/a1 failed: "
        "connection refused (nothing listens on that host and port?)"
    )
    assert info.value.may_have_landed is False


def test_https_against_a_plain_http_server_says_so(plain_http_server: int):
    client = no_retry_client(f"https://127.0.0.1:{plain_http_server}")
    with client, pytest.raises(APIConnectionError) as info:
        client.actions.get("a1")
    message = str(info.value)
    assert message.startswith(f"GET https://127.0.0.1:{plain_http_server}{ACTIONS}/a1 failed:")
    assert "wrong version number" in message
    assert "plain http" in message


def raising(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def chained(outer: httpx.TransportError, inner: BaseException) -> httpx.TransportError:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (
            chained(
                httpx.ConnectError("[Errno -2] Name or service not known"),
                socket.gaierror(-2, "Name or service not known"),
            ),
            "DNS lookup failed (no such host?)",
        ),
        (httpx.ProxyError("502 Bad Gateway"), "the proxy failed or refused the connection"),
        (
            chained(
                httpx.ConnectError("certificate verify failed"),
                ssl.SSLCertVerificationError("certificate verify failed: self-signed"),
            ),
            "TLS certificate verification failed",
        ),
        (httpx.ReadTimeout("timed out"), "no answer within the read timeout"),
        (httpx.RemoteProtocolError("closed"), "the server closed the connection"),
    ],
)
def test_connection_failures_say_why(clock: Clock, failure: httpx.TransportError, expected: str):
    client = client_for(raising(failure), clock, max_retries=0)
    with client, pytest.raises(APIConnectionError) as info:
        client.actions.get("a1")
    assert str(info.value).startswith(f"GET https://acme.eu.auth0.com{ACTIONS}/a1 ")
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_errors_of_other_kinds_are_not_retried_by_the_helpers(clock: Clock):
    server = Server(**{f"POST {ACTIONS}": [reply(409)]})
    with client_for(server, clock) as client, pytest.raises(ConflictError) as info:
        client.actions.create(name="add-roles", supported_triggers=["post-login"])
    assert info.value.created_action is None
    assert server.seen == [("POST", ACTIONS)]


def test_a_404_poll_is_final(clock: Clock):
    server = Server(**{f"GET {ACTIONS}/a1": [reply(404)]})
    with client_for(server, clock) as client, pytest.raises(NotFoundError):
        client.actions.wait_until_built("a1")
    assert json.dumps(server.seen)


# -- the emulators' new fault kinds --------------------------------------------------------


def test_fault_plan_408_lands_and_long_429_asks_for_a_long_wait():
    from actions_sdk.testing import Auth0Emulator, FaultPlan

    faults = FaultPlan(1)
    emulator = Auth0Emulator(faults=faults)
    http = emulator.client()
    headers = {"authorization": f"Bearer {emulator.token}"}
    body = {"name": "n", "supported_triggers": [{"id": "post-login"}], "code": "x"}
    faults.next("408", method="POST")
    answer = http.post(ACTIONS, json=body, headers=headers)
    assert answer.status_code == 408
    assert [a["name"] for a in emulator.actions] == ["n"]  # processed all the same
    faults.next("long_429", method="GET")
    answer = http.get(ACTIONS, headers=headers)
    assert (answer.status_code, answer.headers["retry-after"]) == (429, "120")
    assert [record.kind for record in faults.history] == ["408", "long_429"]


def test_fault_plan_checks_the_new_rates():
    from actions_sdk.testing import FaultPlan

    with pytest.raises(ValueError, match="timeout_rate"):
        FaultPlan(timeout_rate=1.5)
    with pytest.raises(ValueError, match="sum above 1"):
        FaultPlan(error_rate=0.5, timeout_rate=0.3, long_rate_limit_rate=0.3)
    with pytest.raises(ValueError, match="long_retry_after"):
        FaultPlan(long_retry_after=-1)
    assert "timeout_rate=0.1" in repr(FaultPlan(timeout_rate=0.1))


def test_async_versions_deploy_wait(clock: Clock):
    import asyncio

    from actions_sdk import AsyncManagementClient

    server = Server(
        **{
            f"POST {ACTIONS}/a1/versions/v1/deploy": [reply(200, version_json(2, deployed=False))],
            f"GET {ACTIONS}/a1": [reply(200, action_json(deployed=version_json(2, deployed=True)))],
        }
    )

    async def pause(seconds: float) -> None:
        clock.sleep(seconds)

    async def main() -> Any:
        client = AsyncManagementClient.for_auth0(
            "acme.eu.auth0.com",
            token="static-token",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
            retry_policy=RetryPolicy(async_sleep=pause, clock=clock.time),
        )
        async with client:
            return await client.actions.versions.deploy("a1", "v1", update_draft=True, wait=True)

    version = asyncio.run(main())
    assert version.number == 2
    assert server.seen == [("POST", f"{ACTIONS}/a1/versions/v1/deploy"), ("GET", f"{ACTIONS}/a1")]


def test_zitadel_token_failures_say_so_and_its_429_is_honoured(clock: Clock):
    limited = httpx.Response(429, json={"error": "too_many_requests"}, headers={"retry-after": "4"})
    denied = httpx.Response(
        401, json={"error": "invalid_client", "error_description": "client not found"}
    )
    server = Server(**{"POST /oauth/v2/token": [limited, denied]})
    client = ManagementClient.for_zitadel(
        "zitadel.example",
        client_id="cid",
        client_secret="the-secret",
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        retry_policy=RetryPolicy(sleep=clock.sleep, clock=clock.time, random=lambda: 0.0),
    )
    with client, pytest.raises(UnauthorizedError) as info:
        client.actions.get("a1")
    assert str(info.value).startswith(
        "token request to https://zitadel.example/oauth/v2/token failed: 401 invalid_client"
    )
    assert clock.sleeps == [4.0]  # the token endpoint's 429 was waited out, then retried
    assert "the-secret" not in str(info.value)


def test_other_tls_failures_and_unknown_causes_are_named(clock: Clock):
    tls = chained(httpx.ConnectError("[SSL: TLSV1_ALERT_PROTOCOL_VERSION] alert"), ssl.SSLError())
    client = client_for(raising(tls), clock, max_retries=0)
    with client, pytest.raises(APIConnectionError, match=r"TLS handshake failed: \[SSL: TLSV1"):
        client.actions.get("a1")
    odd = httpx.ConnectError("host unreachable")
    client = client_for(raising(odd), clock, max_retries=0)
    with client, pytest.raises(APIConnectionError, match="failed: could not connect: host unr"):
        client.actions.get("a1")


def test_versions_deploy_wait_is_refused_on_zitadel_before_sending():
    from actions_sdk import UnsupportedOperationError

    client = ManagementClient.for_zitadel(
        "zitadel.example",
        token="pat",
        http_client=httpx.Client(transport=httpx.MockTransport(Server())),
    )
    with client, pytest.raises(UnsupportedOperationError):
        client.actions.versions.deploy("a1", "v1", wait=True)
