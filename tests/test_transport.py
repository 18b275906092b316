"""Transport behaviour at the HTTP boundary: retries, waits, tokens, errors, rate-limit state."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime as http_date
from typing import Any

import httpx
import pytest

from actions_sdk._operation import Operation, Plan, single
from actions_sdk._retry import RetryPolicy
from actions_sdk._transport import ClientState, SyncTransport, TokenCache
from actions_sdk.errors import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    DecodeError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    make_api_error,
)
from actions_sdk.providers._base import Provider, TokenGrant

NOW = 1_700_000_000.0


class FakeProvider(Provider[Any, Any, Any]):
    name = "fake"

    def __init__(self, *, token: str | None = "static-token", credentials: bool = False) -> None:
        self._token = token
        self._credentials = credentials

    def parse_error(self, response: httpx.Response) -> Any:
        body = response.json() if response.content else {}
        return make_api_error(
            body.get("message", response.reason_phrase),
            status_code=response.status_code,
            error_code=body.get("errorCode"),
            body=body,
            response=response,
        )

    def static_token(self) -> str | None:
        return self._token

    def token_operation(self) -> Operation[TokenGrant] | None:
        if not self._credentials:
            return None
        return Operation(
            method="POST",
            path="/oauth/token",
            form={"grant_type": "client_credentials", "client_secret": "s3cr3t"},
            authenticated=False,
            decode=lambda r: TokenGrant(
                access_token=r.json()["access_token"], expires_in=r.json()["expires_in"]
            ),
        )


def json_op(
    method: str = "GET", path: str = "/thing", *, idempotent: bool = True
) -> Operation[Any]:
    return Operation(
        method=method, path=path, idempotent=idempotent, decode=lambda r: r.json(), name="thing"
    )


class Clock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_transport(
    handler: Any,
    sleeps: Any,
    *,
    provider: Provider[Any, Any, Any] | None = None,
    max_retries: int = 2,
    max_retry_after: float = 60.0,
    token_clock: Clock | None = None,
    rate_limit_retries: int = 10,
) -> SyncTransport:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    state = ClientState(
        http=http,
        owns_http=True,
        tokens=TokenCache(clock=token_clock or Clock()),
    )
    policy = RetryPolicy(
        max_retries=max_retries,
        max_retry_after=max_retry_after,
        rate_limit_retries=rate_limit_retries,
        sleep=sleeps,
        clock=lambda: NOW,
        random=lambda: 0.0,
    )
    return SyncTransport(
        base_url="https://tenant.example",
        provider=provider or FakeProvider(),
        state=state,
        policy=policy,
        timeout=httpx.Timeout(5.0),
    )


def scripted(*responses: httpx.Response | Exception) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


# -- retry rules --------------------------------------------------------------------------


def test_non_idempotent_post_answered_503_is_sent_exactly_once(sleeps):
    handler, seen = scripted(httpx.Response(503, json={"message": "down"}))
    transport = make_transport(handler, sleeps)
    with pytest.raises(ServerError) as info:
        transport.send(json_op("POST", "/api/v2/actions/actions/a1/deploy", idempotent=False))
    assert len(seen) == 1
    assert sleeps.calls == []
    assert info.value.status_code == 503


def test_get_answered_503_503_200_succeeds_after_two_backoff_waits(sleeps):
    handler, seen = scripted(
        httpx.Response(503), httpx.Response(503), httpx.Response(200, json={"ok": True})
    )
    transport = make_transport(handler, sleeps)
    assert transport.send(json_op()) == {"ok": True}
    assert len(seen) == 3
    # Exponential backoff from 0.5 s, jitter pinned to 0 by the injected random source.
    assert sleeps.calls == [0.5, 1.0]


def test_429_with_retry_after_7_waits_7_seconds(sleeps):
    handler, seen = scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"id": "a1"})
    )
    transport = make_transport(handler, sleeps)
    assert transport.send(json_op()) == {"id": "a1"}
    assert sleeps.calls == [7.0]
    assert len(seen) == 2


def test_429_is_retried_even_for_non_idempotent_calls(sleeps):
    handler, seen = scripted(
        httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(201, json={"id": "a1"})
    )
    transport = make_transport(handler, sleeps)
    assert transport.send(json_op("POST", idempotent=False)) == {"id": "a1"}
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "0.25"}, 0.25),
        ({"Retry-After-ms": "1500"}, 1.5),
        ({"Retry-After-ms": "1500", "Retry-After": "9"}, 1.5),
        (
            {"Retry-After": http_date(datetime.fromtimestamp(NOW + 12, tz=UTC), usegmt=True)},
            12.0,
        ),
        ({"x-ratelimit-reset": str(int(NOW + 3))}, 3.0),
        # Malformed or past hints fall back to backoff (0.5 s for the first retry).
        ({"Retry-After": "soon"}, 0.5),
        ({"x-ratelimit-reset": str(int(NOW - 10))}, 0.5),
        ({"x-ratelimit-reset": "not-a-number"}, 0.5),
        ({}, 0.5),
    ],
)
def test_429_wait_follows_the_server_hint(sleeps, headers, expected):
    handler, _ = scripted(httpx.Response(429, headers=headers), httpx.Response(200, json={}))
    transport = make_transport(handler, sleeps)
    transport.send(json_op())
    assert sleeps.calls == [pytest.approx(expected)]


def test_server_wait_above_the_cap_raises_at_once_with_retry_after(sleeps):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "120"}))
    transport = make_transport(handler, sleeps, max_retry_after=60)
    with pytest.raises(RateLimitError) as info:
        transport.send(json_op())
    assert info.value.retry_after == 120.0
    assert sleeps.calls == []
    assert len(seen) == 1


def test_rate_limit_error_after_retries_carries_the_headers(sleeps):
    limited = httpx.Response(
        429,
        headers={
            "x-ratelimit-limit": "10",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(int(NOW + 1)),
        },
        json={
            "statusCode": 429,
            "message": "Global limit has been reached",
            "errorCode": "too_many_requests",
        },
    )
    handler, seen = scripted(limited, limited, limited)
    # An announced limit is retried rate_limit_retries times (not max_retries).
    transport = make_transport(handler, sleeps, max_retries=1, rate_limit_retries=2)
    with pytest.raises(RateLimitError) as info:
        transport.send(json_op())
    assert len(seen) == 3
    assert sleeps.calls == [1.0, 1.0]
    assert info.value.retry_after == 1.0
    assert transport.state.rate_limit is not None
    assert transport.state.rate_limit.remaining == 0


def test_503_ignores_x_ratelimit_reset_and_backs_off(sleeps):
    handler, _ = scripted(
        httpx.Response(503, headers={"x-ratelimit-reset": str(int(NOW + 30))}),
        httpx.Response(200, json={}),
    )
    transport = make_transport(handler, sleeps)
    transport.send(json_op())
    assert sleeps.calls == [0.5]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 501])
def test_final_statuses_are_not_retried(sleeps, status):
    handler, seen = scripted(httpx.Response(status, json={"message": "no"}))
    transport = make_transport(handler, sleeps, provider=FakeProvider(token="t"))
    with pytest.raises(Exception):  # noqa: B017, PT011 - the class is checked in test_errors
        transport.send(json_op())
    assert len(seen) == 1


def test_408_is_retried_for_idempotent_calls(sleeps):
    handler, seen = scripted(httpx.Response(408), httpx.Response(200, json={}))
    make_transport(handler, sleeps).send(json_op("PATCH"))
    assert len(seen) == 2


def test_connect_error_is_retried_even_for_post_because_nothing_was_sent(sleeps):
    handler, seen = scripted(httpx.ConnectError("refused"), httpx.Response(201, json={"id": "x"}))
    assert make_transport(handler, sleeps).send(json_op("POST", idempotent=False)) == {"id": "x"}
    assert len(seen) == 2


def test_read_timeout_on_post_is_not_retried_because_it_may_have_landed(sleeps):
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError) as info:
        make_transport(handler, sleeps).send(json_op("POST", idempotent=False))
    assert info.value.may_have_landed is True
    assert len(seen) == 1


def test_lost_response_on_get_is_retried(sleeps):
    handler, seen = scripted(httpx.RemoteProtocolError("closed"), httpx.Response(200, json={}))
    make_transport(handler, sleeps).send(json_op())
    assert len(seen) == 2


def test_connection_errors_are_wrapped_after_the_last_attempt(sleeps):
    handler, seen = scripted(*(httpx.ConnectError("refused") for _ in range(3)))
    with pytest.raises(APIConnectionError) as info:
        make_transport(handler, sleeps).send(json_op())
    assert len(seen) == 3
    assert info.value.may_have_landed is False
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_max_retries_zero_sends_once(sleeps):
    handler, seen = scripted(httpx.Response(503))
    with pytest.raises(ServerError):
        make_transport(handler, sleeps, max_retries=0).send(json_op())
    assert len(seen) == 1


# -- tokens -------------------------------------------------------------------------------


def token_server(api: Any, *, expires_in: int = 86400) -> tuple[Any, list[str]]:
    issued: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            token = f"tok-{len(issued) + 1}"
            issued.append(token)
            return httpx.Response(200, json={"access_token": token, "expires_in": expires_in})
        return api(request)

    return handler, issued


def test_token_is_fetched_through_the_same_client_and_cached(sleeps):
    auths: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        auths.append(request.headers["authorization"])
        return httpx.Response(200, json={})

    handler, issued = token_server(api)
    transport = make_transport(handler, sleeps, provider=FakeProvider(token=None, credentials=True))
    transport.send(json_op())
    transport.send(json_op())
    assert issued == ["tok-1"]
    assert auths == ["Bearer tok-1", "Bearer tok-1"]


def test_token_is_refreshed_when_it_nears_expiry(sleeps):
    clock = Clock(0.0)
    handler, issued = token_server(lambda r: httpx.Response(200, json={}), expires_in=100)
    transport = make_transport(
        handler, sleeps, provider=FakeProvider(token=None, credentials=True), token_clock=clock
    )
    transport.send(json_op())
    clock.now = 69.0  # still 31 s left: more than the 30 s leeway
    transport.send(json_op())
    clock.now = 71.0
    transport.send(json_op())
    assert issued == ["tok-1", "tok-2"]


def test_401_refreshes_the_token_and_replays_once(sleeps):
    def api(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer tok-1":
            return httpx.Response(401, json={"message": "Invalid token"})
        return httpx.Response(200, json={"ok": 1})

    handler, issued = token_server(api)
    transport = make_transport(handler, sleeps, provider=FakeProvider(token=None, credentials=True))
    assert transport.send(json_op("POST", idempotent=False)) == {"ok": 1}
    assert issued == ["tok-1", "tok-2"]


def test_401_twice_raises_unauthorized_without_looping(sleeps):
    handler, issued = token_server(lambda r: httpx.Response(401, json={"message": "Invalid token"}))
    transport = make_transport(handler, sleeps, provider=FakeProvider(token=None, credentials=True))
    with pytest.raises(UnauthorizedError) as info:
        transport.send(json_op())
    assert issued == ["tok-1", "tok-2"]
    assert "tok-" not in str(info.value)


def test_static_token_401_is_final(sleeps):
    handler, seen = scripted(httpx.Response(401, json={"message": "Invalid token"}))
    with pytest.raises(UnauthorizedError):
        make_transport(handler, sleeps).send(json_op())
    assert len(seen) == 1


def test_concurrent_first_calls_fetch_one_token(sleeps):
    gate = threading.Event()
    issued: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            issued.append(1)
            gate.wait(1.0)  # hold the first fetch so the other threads pile up on the lock
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(200, json={})

    transport = make_transport(handler, sleeps, provider=FakeProvider(token=None, credentials=True))
    threads = [threading.Thread(target=transport.send, args=(json_op(),)) for _ in range(8)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(5)
    assert issued == [1]


def test_token_endpoint_failure_is_a_typed_error_without_the_secret(sleeps):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": "Unauthorized", "errorCode": "access_denied"})

    transport = make_transport(handler, sleeps, provider=FakeProvider(token=None, credentials=True))
    with pytest.raises(UnauthorizedError) as info:
        transport.send(json_op())
    assert "s3cr3t" not in str(info.value)
    assert "s3cr3t" not in repr(info.value)


# -- errors, decoding, plans, state -----------------------------------------------------


def test_error_status_maps_to_typed_exception_with_vendor_fields(sleeps):
    handler, _ = scripted(
        httpx.Response(
            409,
            json={"message": "An action with this name already exists", "errorCode": "conflict"},
        )
    )
    with pytest.raises(ConflictError) as info:
        make_transport(handler, sleeps).send(json_op("POST", idempotent=False))
    assert str(info.value) == "409 conflict: An action with this name already exists"
    assert info.value.error_code == "conflict"


def test_non_json_success_body_is_a_decode_error(sleeps):
    handler, _ = scripted(httpx.Response(200, text="<html>proxy</html>"))
    with pytest.raises(DecodeError) as info:
        make_transport(handler, sleeps).send(json_op())
    assert info.value.response is not None
    assert info.value.response.status_code == 200


def test_rate_limit_headers_of_successful_calls_are_recorded(sleeps):
    handler, _ = scripted(
        httpx.Response(
            200,
            json={},
            headers={
                "x-ratelimit-limit": "50",
                "x-ratelimit-remaining": "49",
                "x-ratelimit-reset": "1700000001",
            },
        )
    )
    transport = make_transport(handler, sleeps)
    transport.send(json_op())
    info = transport.state.rate_limit
    assert (info.limit, info.remaining, info.reset) == (50, 49, 1700000001)


def test_request_carries_auth_user_agent_and_timeout(sleeps):
    handler, seen = scripted(httpx.Response(200, json={}))
    make_transport(handler, sleeps).send(json_op())
    request = seen[0]
    assert request.headers["authorization"] == "Bearer static-token"
    assert request.headers["user-agent"].startswith("actions-sdk/")
    assert request.extensions["timeout"]["read"] == 5.0


def test_plan_sees_errors_and_may_recover(sleeps):
    handler, seen = scripted(httpx.Response(404, json={}), httpx.Response(200, json={"made": True}))

    def plan() -> Plan[Any]:
        try:
            yield json_op()
        except NotFoundError:
            made = yield json_op("PUT")
            return made
        return None  # pragma: no cover

    assert make_transport(handler, sleeps).run(plan()) == {"made": True}
    assert [r.method for r in seen] == ["GET", "PUT"]


def test_plan_errors_propagate_when_not_handled(sleeps):
    handler, _ = scripted(httpx.Response(404, json={}))
    with pytest.raises(NotFoundError):
        make_transport(handler, sleeps).run(single(json_op()))


def test_closed_state_refuses_to_send(sleeps):
    handler, seen = scripted()
    transport = make_transport(handler, sleeps)
    transport.state.closed = True
    with pytest.raises(RuntimeError, match="closed"):
        transport.send(json_op())
    assert seen == []


def test_token_cache_repr_hides_the_token():
    cache = TokenCache(clock=Clock())
    cache.store(TokenGrant(access_token="very-secret", expires_in=60))
    assert "very-secret" not in repr(cache)
    assert cache.current() == "very-secret"
    cache.invalidate("other")
    assert cache.current() == "very-secret"
    cache.invalidate("very-secret")
    assert cache.current() is None


def test_token_without_expiry_is_kept_for_an_hour():
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.store(TokenGrant(access_token="t"))
    clock.now = timedelta(minutes=55).total_seconds()
    assert cache.current() == "t"
    clock.now = timedelta(minutes=59, seconds=40).total_seconds()
    assert cache.current() is None
