"""Fault injection, clocks, the loopback server and the CLI of the emulators."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest

import actions_sdk.testing as testing
from actions_sdk.testing import (
    Auth0Emulator,
    FaultPlan,
    ManualClock,
    SystemClock,
    ZitadelEmulator,
)
from actions_sdk.testing.__main__ import main

API = "/api/v2"
NEW_ACTION = {"name": "a", "supported_triggers": [{"id": "post-login"}]}


def statuses_for(seed: int) -> list[int | str]:
    emu = Auth0Emulator(
        clock=ManualClock(),
        faults=FaultPlan(seed, error_rate=0.2, rate_limit_rate=0.2, lost_response_rate=0.2),
    )
    outcome: list[int | str] = []
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        for _ in range(30):
            try:
                outcome.append(http.get(f"{API}/actions/triggers").status_code)
            except httpx.RemoteProtocolError:
                outcome.append("lost")
    return outcome


def test_random_faults_are_reproducible_for_a_seed() -> None:
    first, again, other = statuses_for(11), statuses_for(11), statuses_for(12)
    assert first == again
    assert first != other
    assert {200, 503, 429, "lost"} <= set(first)


def test_lost_response_is_processed_but_not_answered() -> None:
    emu = Auth0Emulator(clock=ManualClock())
    emu.faults.next("lost_response", method="POST", path_prefix="/api/v2/actions/actions")
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(f"{API}/actions/actions", json=NEW_ACTION)
        assert [a["name"] for a in emu.actions] == ["a"]  # the state did change
        retry = http.post(f"{API}/actions/actions", json=NEW_ACTION)
        assert retry.status_code == 409  # a blind retry of a create now conflicts
    assert emu.request_log[0].fault == "lost_response"
    assert emu.request_log[0].status == 201
    assert emu.faults.history[0].kind == "lost_response"


def test_scripted_5xx_and_429_happen_before_processing() -> None:
    emu = Auth0Emulator(clock=ManualClock())
    emu.faults.next("5xx", method="POST")
    emu.faults.next("429", method="POST")
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        unavailable = http.post(f"{API}/actions/actions", json=NEW_ACTION)
        throttled = http.post(f"{API}/actions/actions", json=NEW_ACTION)
        assert emu.actions == []
        assert http.post(f"{API}/actions/actions", json=NEW_ACTION).status_code == 201
    assert unavailable.status_code == 503
    assert unavailable.json()["statusCode"] == 503
    assert throttled.status_code == 429
    assert throttled.json()["errorCode"] == "too_many_requests"
    assert "x-ratelimit-reset" in throttled.headers
    assert emu.faults.pending == 0


def test_zitadel_fault_bodies_and_token_endpoint_exemption() -> None:
    emu = ZitadelEmulator(clock=ManualClock())
    emu.faults.next("5xx", count=2)
    with emu.client() as raw:
        token = raw.post(
            "/oauth/v2/token",
            data={
                "grant_type": "client_credentials",
                "scope": "urn:zitadel:iam:org:project:id:zitadel:aud",
            },
            auth=(emu.client_id, emu.client_secret),
        )
        assert token.status_code == 200  # token endpoint exempt unless named explicitly
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        unavailable = raw.get("/management/v1/flows/2", headers=headers)
        assert (unavailable.status_code, unavailable.json()["code"]) == (503, 14)
        emu.faults.next("429")
        raw.get("/management/v1/flows/2", headers=headers)  # the second scripted 5xx
        throttled = raw.get("/management/v1/flows/2", headers=headers)
        assert (throttled.status_code, throttled.json()["code"]) == (429, 8)
        assert not [h for h in throttled.headers if "ratelimit" in h]
        emu.faults.next("5xx", path_prefix="/oauth/v2/token")
        assert raw.post("/oauth/v2/token", data={}).status_code == 503


def test_latency_advances_a_manual_clock_without_sleeping() -> None:
    clock = ManualClock()
    emu = Auth0Emulator(clock=clock, faults=FaultPlan(1, latency=(0.5, 1.0)))
    emu.faults.next("latency", seconds=30)
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        http.get(f"{API}/actions/triggers")
        assert clock.time() == 1_700_000_030.0
        http.get(f"{API}/actions/triggers")
    assert 1_700_000_030.5 <= clock.time() <= 1_700_000_031.0
    assert [r.kind for r in emu.faults.history] == ["latency", "latency"]


def test_fault_plan_only_predicate_and_validation() -> None:
    plan = FaultPlan(3, error_rate=1.0, only=lambda method, path: method == "POST")
    assert plan.decide("GET", "/x").kind is None
    assert plan.decide("POST", "/x").kind == "5xx"
    assert plan.decide("POST", "/oauth/token", token_endpoint=True).kind is None
    with pytest.raises(ValueError, match="sum above 1"):
        FaultPlan(error_rate=0.6, lost_response_rate=0.6)
    with pytest.raises(ValueError, match="within"):
        FaultPlan(error_rate=1.5)
    with pytest.raises(ValueError, match="latency"):
        FaultPlan(latency=(2, 1))
    with pytest.raises(ValueError, match="unknown fault kind"):
        plan.next("boom")  # type: ignore[arg-type]
    plan.next("5xx", count=2)
    plan.clear()
    assert plan.pending == 0
    assert plan.history == []


def test_clocks() -> None:
    clock = ManualClock(start=10)
    clock.advance(2.5)
    assert clock.time() == 12.5
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    real = SystemClock()
    assert abs(real.time() - real.time()) < 1


def test_public_api_is_sorted_and_exported() -> None:
    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        assert hasattr(testing, name)


# ---------------------------------------------------------------------- loopback server


def test_loopback_server_keep_alive_and_lost_response() -> None:
    emu = Auth0Emulator(build_seconds=0)
    with (
        emu.serve() as server,
        httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {emu.token}"}, timeout=5
        ) as http,
    ):
        assert server.url.startswith("http://127.0.0.1:")
        token = http.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": emu.client_id,
                "client_secret": emu.client_secret,
                "audience": f"{server.url}/api/v2/",  # the loopback origin is an accepted audience
            },
        )
        assert token.status_code == 200
        created = http.post(f"{API}/actions/actions", json=NEW_ACTION)
        assert created.status_code == 201
        assert http.get(f"{API}/actions/actions/a%2Fb").json()["message"] == (
            "The action does not exist."
        )
        deleted = http.delete(f"{API}/actions/actions/{created.json()['id']}")
        assert (deleted.status_code, deleted.content) == (204, b"")
        emu.faults.next("lost_response", method="POST")
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(f"{API}/actions/actions", json=NEW_ACTION)
        assert [a["name"] for a in emu.actions] == ["a"]
        # The client reconnects transparently after the dropped connection.
        assert http.get(f"{API}/actions/triggers").status_code == 200
    server.close()  # idempotent


def test_zitadel_over_loopback_with_jwt_audience_of_the_server() -> None:
    emu = ZitadelEmulator()
    with emu.serve() as server, httpx.Client(base_url=server.url, timeout=5) as http:
        response = http.post(
            "/management/v1/actions",
            json={"name": "a", "script": "function a() {}"},
            headers={"Authorization": f"Bearer {emu.pat}"},
        )
        assert response.status_code == 200
        assert response.json()["id"].isdigit()


# ---------------------------------------------------------------------- CLI


def test_cli_serve_prints_url_and_credentials(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["serve", "--provider", "auth0"], out=out, wait=lambda: None) == 0
    text = out.getvalue()
    assert "Auth0Emulator listening on http://127.0.0.1:" in text
    assert "export AUTH0_CLIENT_SECRET=emulator-client-secret" in text
    assert "export AUTH0_TOKEN=emulator-management-token" in text

    out = io.StringIO()
    key_file = tmp_path / "key.json"
    assert (
        main(
            ["serve", "--provider", "zitadel", "--key-file", str(key_file)],
            out=out,
            wait=lambda: None,
        )
        == 0
    )
    assert "export ZITADEL_TOKEN=emulator-pat" in out.getvalue()
    assert json.loads(key_file.read_text())["type"] == "serviceaccount"


def test_cli_stops_on_keyboard_interrupt() -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    out = io.StringIO()
    assert main(["serve", "--provider", "auth0"], out=out, wait=interrupt) == 0
    assert out.getvalue().endswith("# stopping\n")


def test_concurrent_requests_are_serialised_by_the_lock() -> None:
    import threading

    emu = Auth0Emulator(build_seconds=0)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
                for n in range(10):
                    body = {"name": f"w{index}-{n}", "supported_triggers": [{"id": "post-login"}]}
                    assert http.post(f"{API}/actions/actions", json=body).status_code == 201
        except BaseException as exc:  # surfaced below; threads swallow exceptions otherwise
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ids = [a["id"] for a in emu.actions]
    assert len(ids) == len(set(ids)) == 50
