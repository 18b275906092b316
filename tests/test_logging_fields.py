"""The actions_sdk logger's structured ``extra`` fields (issue 15): present, and never a secret."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from actions_sdk import ManagementClient, RetryPolicy
from actions_sdk.testing import Auth0Emulator, ManualClock

SECRET = "emulator-client-secret"


def test_request_poll_and_retry_records_carry_structured_fields(caplog: pytest.LogCaptureFixture):
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=2)
    client: ManagementClient[Any, Any, Any] = ManagementClient.for_auth0(
        "tenant.example",
        client_id="emulator-client-id",
        client_secret=SECRET,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time, random=lambda: 0.0),
    )
    emulator.faults.next("5xx", count=1, method="GET")
    with caplog.at_level(logging.DEBUG, logger="actions_sdk"), client:
        action = client.actions.create(
            name="a", supported_triggers=["post-login"], code="exports.x = 1;"
        )
        client.actions.get(action.id)
        client.actions.wait_until_built(action.id, poll=1)
    records = [r for r in caplog.records if r.name == "actions_sdk"]
    responses = [r for r in records if getattr(r, "status", None) == 200 and hasattr(r, "path")]
    assert responses
    first = responses[0]
    assert first.method in {"POST", "GET"}
    assert first.path.startswith("/")
    assert isinstance(first.elapsed_ms, float)
    retries = [r for r in records if hasattr(r, "attempt")]
    assert retries
    assert retries[0].attempt == 1
    assert retries[0].status >= 500
    assert retries[0].operation == "actions.get"
    assert retries[0].wait >= 0
    polls = [r for r in records if getattr(r, "waiting_for", None) == "build"]
    assert polls
    assert polls[0].operation == "wait_until_built"
    for record in records:
        assert SECRET not in record.getMessage()
        assert SECRET not in repr(vars(record))
        assert emulator.token not in repr(vars(record))


def test_fields_are_not_built_when_the_level_is_off(monkeypatch: pytest.MonkeyPatch):
    from actions_sdk import _transport

    calls: list[Any] = []
    real = _transport.log_fields

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(_transport, "log_fields", counting)
    logging.getLogger("actions_sdk").setLevel(logging.WARNING)
    try:
        emulator = Auth0Emulator()
        with ManagementClient.for_auth0(
            "tenant.example", token=emulator.token, http_client=emulator.client()
        ) as client:
            client.actions.list().to_list()
    finally:
        logging.getLogger("actions_sdk").setLevel(logging.NOTSET)
    assert calls == []
