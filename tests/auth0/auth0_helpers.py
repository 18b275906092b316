"""Drive Auth0 plans without HTTP: answer each yielded operation with a canned response."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx

from actions_sdk._operation import Operation, Plan
from actions_sdk.providers.auth0 import Auth0Provider

BASE_URL = "https://t.example"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "auth0"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def provider(**kwargs: Any) -> Auth0Provider:
    if "client_id" not in kwargs:
        kwargs.setdefault("token", "static-mgmt-token")
    return Auth0Provider("acme.eu.auth0.com", **kwargs)


@attrs.frozen
class Reply:
    """A canned answer: a JSON payload (or raw text/bytes) with a status and headers."""

    payload: Any = None
    status: int = 200
    headers: dict[str, str] = attrs.field(factory=dict)


def respond(op: Operation[Any], reply: Any = None) -> httpx.Response:
    """Build the httpx.Response that answers ``op`` (a Reply, or a bare JSON payload for a 200)."""
    if not isinstance(reply, Reply):
        reply = Reply(reply)
    request = httpx.Request(op.method, BASE_URL + op.path, params=op.params)
    if reply.status == 204 or reply.payload is None:
        return httpx.Response(reply.status, headers=reply.headers, request=request)
    if isinstance(reply.payload, str | bytes):
        return httpx.Response(
            reply.status, content=reply.payload, headers=reply.headers, request=request
        )
    return httpx.Response(reply.status, json=reply.payload, headers=reply.headers, request=request)


@attrs.frozen
class PlanRun:
    result: Any
    operations: list[Operation[Any]]


def run_plan(plan: Plan[Any], replies: Sequence[Any]) -> PlanRun:
    """Answer each operation the plan yields with the next reply; return the outcome.

    Fails if the plan asks for more operations than there are replies, or finishes early.
    """
    operations: list[Operation[Any]] = []
    op = next(plan)
    for index, reply in enumerate(replies):
        operations.append(op)
        result = op.decode(respond(op, reply))
        try:
            op = plan.send(result)
        except StopIteration as stop:
            assert index == len(replies) - 1, f"plan finished after {index + 1} operations"
            return PlanRun(stop.value, operations)
    raise AssertionError(f"plan wanted more than {len(replies)} operations; next: {op!r}")


def first_op(plan: Plan[Any]) -> Operation[Any]:
    """The first operation a plan yields (what would go on the wire first)."""
    return next(plan)
