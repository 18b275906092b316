"""A tiny stateful WidgetCo server for ``httpx.MockTransport`` (sync and async alike)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import unquote

import httpx

TOKEN = "widget-token"


@dataclass
class WidgetEmulator:
    """Holds actions by id and answers WidgetCo's two read endpoints; records every request."""

    actions: dict[str, dict[str, object]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def add(self, action_id: str, label: str, body: str = "", revision: int = 1) -> None:
        """Store one action in its wire shape."""
        self.actions[action_id] = {
            "actionId": action_id,
            "label": label,
            "body": body,
            "revision": revision,
            "ignoredByTheSdk": True,
        }

    def transport(self) -> httpx.MockTransport:
        """A transport for a sync client."""
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        """A transport for an async client (MockTransport serves both)."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Route one request: ``GET /v0/actions`` and ``GET /v0/actions/{id}``."""
        self.requests.append(request)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _problem(401, "bad token")
        raw = request.url.raw_path.decode("ascii").partition("?")[0]
        segments = [unquote(part) for part in raw.strip("/").split("/")]
        if request.method != "GET" or segments[:2] != ["v0", "actions"]:
            return _problem(404, "no such route")
        if len(segments) == 3:
            action = self.actions.get(segments[2])
            if action is None:
                return _problem(404, f"action {segments[2]} not found")
            return httpx.Response(200, json={"action": action})
        if len(segments) == 2:
            query = request.url.params
            rows = sorted(self.actions.values(), key=lambda row: str(row["actionId"]))
            if "label" in query:
                rows = [row for row in rows if row["label"] == query["label"]]
            offset, limit = int(query.get("offset", "0")), int(query.get("limit", "50"))
            return httpx.Response(
                200,
                content=json.dumps(
                    {"actions": rows[offset : offset + limit], "offset": offset, "total": len(rows)}
                ),
                headers={"content-type": "application/json"},
            )
        return _problem(404, "no such route")


def _problem(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"problem": message})
