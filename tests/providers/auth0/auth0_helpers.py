"""Auth0 provider tests' helpers: fixtures, a provider, the shared plan driver bound to Auth0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from actions_sdk.providers.auth0 import Auth0Provider
from tests.plan_driver import PlanDriver, Reply, Run, first_op

__all__ = [
    "ACTION",
    "BASE_URL",
    "VERSION",
    "A",
    "PlanRun",
    "Reply",
    "action_json",
    "first_op",
    "fixture",
    "provider",
    "respond",
    "run_plan",
]

BASE_URL = "https://t.example"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "auth0"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def provider(**kwargs: Any) -> Auth0Provider:
    if "client_id" not in kwargs:
        kwargs.setdefault("token", "static-mgmt-token")
    return Auth0Provider("acme.eu.auth0.com", **kwargs)


DRIVER = PlanDriver(BASE_URL)
"""Auth0 answers with no body where the tests reply ``None`` (e.g. a 204 after a delete)."""

respond = DRIVER.respond
run_plan = DRIVER.run_plan
PlanRun = Run

ACTION = fixture("update_action_response.json")
VERSION = ACTION["deployed_version"]
A = "/api/v2/actions"


def action_json(action_id: str = "a1", **extra: Any) -> dict[str, Any]:
    return {"id": action_id, "name": f"action-{action_id}", **extra}
