"""WidgetCo's provider: ``actions.get`` and ``actions.list``, every other operation refused.

Built only from the contract CONTRIBUTING.md ("Add a vendor") describes: a ``Provider`` subclass,
a converter from ``make_converter``, errors through ``make_api_error``, ids through
``path_segment``. Nothing here imports Auth0 or ZITADEL code.
"""

from __future__ import annotations

from typing import Any

import httpx

from actions_sdk._checks import path_segment
from actions_sdk._operation import Operation, Page, PageFetcher, Plan, single
from actions_sdk._types import UNSET
from actions_sdk.errors import ApiError, make_api_error
from actions_sdk.providers._base import ListActionsRequest, Provider
from actions_sdk.providers._converters import make_converter

from .models import WidgetAction, WidgetBinding, WidgetTrigger

PAGE_SIZE = 2
"""Small on purpose, so a listing of a handful of actions spans several pages."""

converter = make_converter(overrides={WidgetAction: {"id": "actionId", "name": "label"}})


def _decode_action(response: httpx.Response) -> WidgetAction:
    return converter.structure(response.json()["action"], WidgetAction)


class WidgetProvider(Provider[WidgetAction, WidgetTrigger, WidgetBinding]):
    """The provider for WidgetCo's imaginary ``/v0/actions`` API (static bearer token)."""

    name = "widgetco"

    def __init__(self, token: str) -> None:
        self._token = token

    def static_token(self) -> str | None:
        """The fixed bearer token."""
        return self._token

    def parse_error(self, response: httpx.Response) -> ApiError:
        """WidgetCo errors are ``{"problem": "..."}``; the status decides the class."""
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        message = body.get("problem") if isinstance(body, dict) else None
        return make_api_error(
            str(message or f"HTTP {response.status_code}"),
            status_code=response.status_code,
            body=body,
            response=response,
        )

    def get_action(self, action_id: str) -> Plan[WidgetAction]:
        """``GET /v0/actions/{id}``."""
        path = f"/v0/actions/{path_segment(action_id, 'action_id')}"
        return single(Operation(method="GET", path=path, decode=_decode_action, name="actions.get"))

    def list_actions(self, request: ListActionsRequest) -> PageFetcher[WidgetAction]:
        """``GET /v0/actions?offset=&limit=``; only ``action_name`` can filter."""
        for option in ("trigger_id", "deployed", "installed", "state", "per_page"):
            if getattr(request, option) is not UNSET:
                raise self.unsupported(f"actions.list({option}=...)")
        params = {"limit": str(PAGE_SIZE)}
        if request.action_name is not UNSET:
            params["label"] = request.action_name

        def decode(response: httpx.Response) -> Page[WidgetAction]:
            body = response.json()
            items = tuple(converter.structure(item, WidgetAction) for item in body["actions"])
            offset = int(body["offset"])
            total = int(body["total"])
            following = offset + len(items)
            return Page(
                items=items, total=total, next_start=following if following < total else None
            )

        def fetch(start: int | None) -> Plan[Page[WidgetAction]]:
            return single(
                Operation(
                    method="GET",
                    path="/v0/actions",
                    params={**params, "offset": str(start or 0)},
                    decode=decode,
                    name="actions.list",
                )
            )

        return fetch
