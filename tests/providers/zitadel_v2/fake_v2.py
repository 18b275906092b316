"""A minimal stateful ZITADEL Actions v2 server for the client tests (an ``httpx.MockTransport``).

Only what the safe helpers need, with v2's real semantics (reference §6): duplicate name → 409,
delete of a missing target → 200, identical SetExecution → 200, unknown target in an execution
→ 404, ``targets: []`` removes an execution, ListExecutions omits empty ones. The full emulator
lives in ``actions_sdk.testing``; this one keeps the provider tests self-contained.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

FUNCTIONS = ["preuserinfo", "preaccesstoken", "presamlresponse"]


def _error(status: int, code: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message, "details": []})


class FakeV2:
    """In-memory targets and executions; ``lose_next`` drops the answer of the next write."""

    def __init__(self) -> None:
        self.targets: dict[str, dict[str, Any]] = {}
        self.executions: dict[str, tuple[dict[str, Any], list[str]]] = {}
        self.writes: list[tuple[str, str]] = []
        self.lose_next = False
        self._ids = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        path = request.url.path
        response = self._route(request.method, path, body)
        if request.method != "GET" and not path.endswith("/search"):
            self.writes.append((request.method, path))
            if self.lose_next:
                self.lose_next = False
                raise httpx.ReadTimeout("answer lost", request=request)
        return response

    def _route(self, method: str, path: str, body: dict[str, Any]) -> httpx.Response:
        if (method, path) == ("POST", "/v2/actions/targets"):
            if any(t["name"] == body["name"] for t in self.targets.values()):
                return _error(409, 6, "Errors.Target.AlreadyExists")
            self._ids += 1
            target_id = f"t{self._ids}"
            self.targets[target_id] = {**body, "id": target_id, "signingKey": f"key-{target_id}"}
            return httpx.Response(200, json={"id": target_id})
        if (method, path) == ("POST", "/v2/actions/targets/search"):
            return self._search(body)
        if path.startswith("/v2/actions/targets/"):
            return self._target(method, path.rsplit("/", 1)[1], body)
        if (method, path) == ("PUT", "/v2/actions/executions"):
            return self._set_execution(body)
        if (method, path) == ("POST", "/v2/actions/executions/search"):
            wanted = {
                json.dumps(c, sort_keys=True)
                for f in body.get("filters", [])
                for c in f["inConditionsFilter"]["conditions"]
            }
            found = [
                {"condition": condition, "targets": ids}
                for key, (condition, ids) in self.executions.items()
                if key in wanted
            ]
            return httpx.Response(200, json={"executions": found} if found else {})
        if (method, path) == ("GET", "/v2/actions/executions/functions"):
            return httpx.Response(200, json={"functions": FUNCTIONS})
        if method == "GET" and path.startswith("/v2/actions/executions/"):
            return httpx.Response(200, json={})
        return _error(404, 5, "no such route")

    def _target(self, method: str, target_id: str, body: dict[str, Any]) -> httpx.Response:
        target = self.targets.get(target_id)
        if method == "DELETE":
            self.targets.pop(target_id, None)  # a missing target answers 200 too
            for key, (condition, ids) in list(self.executions.items()):
                self.executions[key] = (condition, [i for i in ids if i != target_id])
            return httpx.Response(200, json={})
        if target is None:
            return _error(404, 5, "Errors.Target.NotFound")
        if method == "GET":
            return httpx.Response(200, json={"target": target})
        for kind in ("restWebhook", "restCall", "restAsync"):
            if kind in body:
                for other in ("restWebhook", "restCall", "restAsync"):
                    target.pop(other, None)
        target.update(body)
        return httpx.Response(200, json={"changeDate": "2026-01-01T00:00:00Z"})

    def _search(self, body: dict[str, Any]) -> httpx.Response:
        found = list(self.targets.values())
        for f in body.get("filters", []):
            if "targetNameFilter" in f:
                found = [t for t in found if t["name"] == f["targetNameFilter"]["targetName"]]
            if "inTargetIdsFilter" in f:
                found = [t for t in found if t["id"] in f["inTargetIdsFilter"]["targetIds"]]
        offset = int(body["pagination"]["offset"])
        page = found[offset : offset + int(body["pagination"]["limit"])]
        answer: dict[str, Any] = {"pagination": {"totalResult": str(len(found))}}
        if page:
            answer["targets"] = page
        return httpx.Response(200, json=answer)

    def _set_execution(self, body: dict[str, Any]) -> httpx.Response:
        condition, ids = body["condition"], body.get("targets", [])
        if any(i not in self.targets for i in ids):
            return _error(404, 5, "Errors.Target.NotFound")
        key = json.dumps(condition, sort_keys=True)
        if ids:
            self.executions[key] = (condition, list(ids))
        else:
            self.executions.pop(key, None)
        return httpx.Response(200, json={"setDate": "2026-01-01T00:00:00Z"})

    def bound(self, condition: dict[str, Any]) -> list[str]:
        """The ordered target ids of an execution (``[]`` when it has none)."""
        return self.executions.get(json.dumps(condition, sort_keys=True), ({}, []))[1]
