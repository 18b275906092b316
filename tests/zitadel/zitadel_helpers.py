"""Drive ZITADEL plans without HTTP: answer each yielded operation with a canned JSON body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from actions_sdk._operation import Operation, Plan
from actions_sdk.providers.zitadel import ZitadelProvider

BASE_URL = "https://z.example"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zitadel"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def provider(**kwargs: Any) -> ZitadelProvider:
    kwargs.setdefault("token", "pat-secret-value")
    return ZitadelProvider("z.example", **kwargs)


def response(op: Operation[Any], payload: Any = None, status: int = 200) -> httpx.Response:
    request = httpx.Request(op.method, BASE_URL + op.path)
    if isinstance(payload, str | bytes):
        return httpx.Response(status, content=payload, request=request)
    return httpx.Response(status, json=payload if payload is not None else {}, request=request)


def answer(op: Operation[Any], payload: Any = None, status: int = 200) -> Any:
    return op.decode(response(op, payload, status))


class Run:
    """The outcome of driving a plan: the operations it yielded and its return value."""

    def __init__(self, ops: list[Operation[Any]], result: Any) -> None:
        self.ops = ops
        self.result = result

    @property
    def calls(self) -> list[tuple[str, str]]:
        return [(op.method, op.path) for op in self.ops]


def run(plan: Plan[Any], *answers: Any) -> Run:
    """Drive ``plan``, answering the n-th operation with ``answers[n]``.

    An answer is a JSON payload (status 200) or an exception instance, which is thrown into the
    plan as the transport does. Every answer must be consumed.
    """
    ops: list[Operation[Any]] = []
    pending = list(answers)
    try:
        op = next(plan)
        while True:
            ops.append(op)
            assert pending, f"plan yielded an unexpected operation: {op.method} {op.path}"
            reply = pending.pop(0)
            if isinstance(reply, BaseException):
                op = plan.throw(reply)
            else:
                op = plan.send(answer(op, reply))
    except StopIteration as stop:
        assert not pending, f"{len(pending)} answers left unused"
        return Run(ops, stop.value)


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
