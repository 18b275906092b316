"""Issue 2 acceptance checks, end to end through ManagementClient.for_auth0 (no network)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from actions_sdk import ManagementClient, RetryPolicy, ServerError


def client_with(handler: Any, sleeps: list[float]) -> ManagementClient[Any, Any, Any]:
    return ManagementClient.for_auth0(
        "acme.eu.auth0.com",
        token="mgmt-token",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        retry_policy=RetryPolicy(sleep=sleeps.append, random=lambda: 0.0),
    )


ACTION = {"id": "a1", "name": "x", "supported_triggers": [{"id": "post-login", "version": "v3"}]}


def test_path_ids_are_percent_encoded_so_they_cannot_escape_the_resource():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ACTION)

    with client_with(handler, []) as client:
        client.actions.update("a/../../users", name="x")
    (request,) = seen
    assert request.method == "PATCH"
    assert request.url.raw_path == b"/api/v2/actions/actions/a%2F..%2F..%2Fusers"
    assert json.loads(request.content) == {"name": "x"}


def test_a_deploy_answered_503_is_sent_exactly_once():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503, json={"statusCode": 503, "message": "unavailable"})

    sleeps: list[float] = []
    with client_with(handler, sleeps) as client, pytest.raises(ServerError):
        client.actions.deploy("a1")
    assert [(r.method, r.url.path) for r in seen] == [("POST", "/api/v2/actions/actions/a1/deploy")]
    assert sleeps == []


def test_a_get_answered_503_503_200_succeeds_after_two_waits():
    answers = [httpx.Response(503), httpx.Response(503), httpx.Response(200, json=ACTION)]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    sleeps: list[float] = []
    with client_with(handler, sleeps) as client:
        assert client.actions.get("a1").id == "a1"
    assert len(sleeps) == 2
    assert answers == []


def test_a_429_with_retry_after_7_waits_7_seconds():
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=ACTION)]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    sleeps: list[float] = []
    with client_with(handler, sleeps) as client:
        client.actions.get("a1")
    assert sleeps == [7.0]


def test_repr_and_errors_never_show_the_credentials():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(
                401, json={"error": "access_denied", "error_description": "Unauthorized"}
            )
        raise AssertionError("no API call without a token")  # pragma: no cover

    client = ManagementClient.for_auth0(
        "acme.eu.auth0.com",
        client_id="cid",
        client_secret="very-secret-value",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with client, pytest.raises(Exception) as info:  # noqa: PT011 - any error; text is what matters
        client.actions.get("a1")
    for text in (repr(client), str(info.value), repr(info.value), repr(client._provider)):
        assert "very-secret-value" not in text
    assert str(info.value) == (
        "token request to https://acme.eu.auth0.com/oauth/token failed: "
        "401 access_denied: Unauthorized"
    )
