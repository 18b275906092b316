"""ZITADEL provider tests' helpers: fixtures, a provider, wire shapes, the shared plan driver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from actions_sdk.providers.zitadel import ZitadelProvider
from tests.plan_driver import PlanDriver, Run

__all__ = [
    "BASE_URL",
    "Run",
    "action_json",
    "answer",
    "fixture",
    "flow_json",
    "provider",
    "response",
    "run",
]

BASE_URL = "https://z.example"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zitadel"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def provider(**kwargs: Any) -> ZitadelProvider:
    kwargs.setdefault("token", "pat-secret-value")
    return ZitadelProvider("z.example", **kwargs)


DRIVER = PlanDriver(BASE_URL, none_body={})
"""ZITADEL's protojson answers ``{}`` when nothing is set: a reply of ``None`` sends that."""

response = DRIVER.respond
answer = DRIVER.answer
run = DRIVER.run


def action_json(
    action_id: str = "a1",
    *,
    name: str = "addClaims",
    script: str = "function addClaims(ctx, api) {}",
    timeout: str | None = "10s",
    allowed_to_fail: bool = False,
    state: str = "ACTION_STATE_ACTIVE",
) -> dict[str, Any]:
    """An Action as protojson writes it (false and empty values left out)."""
    body: dict[str, Any] = {
        "id": action_id,
        "details": {"sequence": "7", "changeDate": "2024-03-01T10:00:00.123456789Z"},
        "state": state,
        "name": name,
        "script": script,
    }
    if timeout is not None:
        body["timeout"] = timeout
    if allowed_to_fail:
        body["allowedToFail"] = True
    return body


def flow_json(flow_id: str, groups: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A GetFlow response with one trigger group per ``groups`` entry."""
    flow: dict[str, Any] = {
        "type": {"id": flow_id, "name": {"key": "Action.Flow.Type.CustomiseToken"}},
        "details": {"sequence": "12", "resourceOwner": "org1"},
        "state": "FLOW_STATE_ACTIVE",
    }
    if groups:
        flow["triggerActions"] = [
            {"triggerType": {"id": trigger_id, "name": {"key": "k"}}, "actions": actions}
            for trigger_id, actions in groups.items()
        ]
    return {"flow": flow}
