"""Decoding one response body into models: ``python scenario_decode.py CASE REPEATS``.

Each case decodes a body the way a real call does, starting from the bytes of an
``httpx.Response`` (so ``response.json()`` is included everywhere):

* actions-sdk: the operation's own decoder, taken from the provider's plan
  (``Auth0Provider(...).get_action("a")`` → ``next(plan)`` → ``op.decode(response)``): exactly
  what a real call pays, through public paths that survive internal refactors. ``sdk`` is the
  default install (the ``orjson`` import is blocked, so the SDK falls back to ``json.loads``);
  ``sdk_fast`` is ``actions-sdk[fast]`` (orjson).
* auth0-python: what its ``actions.update`` does with a 2xx:
  ``parse_obj_as(UpdateActionResponseContent, response.json())``
  (``ListActionsPaginatedResponseContent`` for the page).
* zitadel-client has no v1 actions model (it covers only the v2 Connect services); its nearest
  analogue, its ``ApiClient.deserialize`` of a one-target ``GetTargetResponse`` body, is reported as
  such.

References: ``json`` (``json.loads`` alone), ``orjson`` (``orjson.loads`` alone), and
``json.loads`` + dataclasses / plain pydantic, pydantic's ``model_validate_json``.

Prints ``{"us": median µs per decode, "samples": [...], "bytes": body size}``, plus ``"parser"``
(the module actions-sdk parsed with) for the actions-sdk variants.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from typing import Any

import httpx
from common import (
    EMULATOR_TOKEN,
    ZITADEL_FIXTURE,
    ZITADEL_TARGET_FIXTURE,
    auth0_action_bytes,
    auth0_page_bytes,
    compact,
    emit,
    is_fast,
    median,
    per_op_seconds,
    sdk_parser,
    select_configuration,
)

_REQUEST = httpx.Request("GET", "https://tenant.example/api/v2/actions/actions/a")
_JSON = {"content-type": "application/json; charset=utf-8"}


def _response(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers=_JSON, request=_REQUEST)


def _auth0_op(kind: str) -> Any:
    from actions_sdk.providers._base import ListActionsRequest
    from actions_sdk.providers.auth0 import Auth0Provider

    provider = Auth0Provider("tenant.example", token=EMULATOR_TOKEN)
    if kind == "action":
        plan = provider.get_action("a")
    else:
        plan = provider.list_actions(ListActionsRequest(per_page=50))(None)
    return next(plan)


def _zitadel_op() -> Any:
    from actions_sdk.providers.zitadel import ZitadelProvider

    return next(ZitadelProvider("zitadel.example", token=EMULATOR_TOKEN).get_action("a"))


def build(case: str) -> tuple[Callable[[], object], bytes]:
    group, _, variant = case.partition(":")
    if group == "zitadel_target":
        body = compact(ZITADEL_TARGET_FIXTURE)
    elif group == "zitadel":
        body = compact(ZITADEL_FIXTURE)
    elif group == "page":
        body = auth0_page_bytes(50)
    else:
        body = auth0_action_bytes()
    response = _response(body)

    if variant == "json":
        return (lambda: json.loads(response.content)), body
    if variant == "orjson":
        import orjson

        return (lambda: orjson.loads(response.content)), body

    if group in ("action", "page"):
        if variant in ("sdk", "sdk_fast"):
            decode = _auth0_op(group).decode
            return (lambda: decode(response)), body
        if variant == "auth0_python":
            from auth0.management.core.pydantic_utilities import parse_obj_as
            from auth0.management.types.list_actions_paginated_response_content import (
                ListActionsPaginatedResponseContent,
            )
            from auth0.management.types.update_action_response_content import (
                UpdateActionResponseContent,
            )

            model = (
                UpdateActionResponseContent
                if group == "action"
                else ListActionsPaginatedResponseContent
            )
            return (lambda: parse_obj_as(type_=model, object_=response.json())), body
        from reference_models import PAction, PActionPage, action_from_dict, page_from_dict

        if variant == "pydantic":
            model = PAction if group == "action" else PActionPage
            return (lambda: model.model_validate(json.loads(response.content))), body
        if variant == "pydantic_json":
            model = PAction if group == "action" else PActionPage
            return (lambda: model.model_validate_json(response.content)), body
        if variant == "dataclass":
            convert = action_from_dict if group == "action" else page_from_dict
            return (lambda: convert(json.loads(response.content))), body

    if group == "zitadel":
        if variant in ("sdk", "sdk_fast"):
            decode = _zitadel_op().decode
            return (lambda: decode(response)), body
        if variant == "pydantic":
            from reference_models import PZGetAction

            return (lambda: PZGetAction.model_validate(json.loads(response.content))), body

    if group == "zitadel_target" and variant == "zitadel_client":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import zitadel_client

        api = zitadel_client.Zitadel.with_access_token("https://zitadel.example", "token")
        deserialize = api.actions.api_client.deserialize
        content_type = response.headers["content-type"]
        # What its ApiClient does with a 2xx body: the response text, json.loads, from_dict.
        return (
            lambda: deserialize(response.text, "ActionServiceGetTargetResponse", content_type)
        ), body

    raise SystemExit(f"unknown case {case!r}")


def main() -> None:
    case, repeats = sys.argv[1], int(sys.argv[2])
    variant = case.partition(":")[2]
    select_configuration(is_fast(variant))
    func, body = build(case)
    func()  # fail loudly before timing if the path is broken
    samples = [s * 1e6 for s in per_op_seconds(func, repeats=repeats)]
    result: dict[str, Any] = {"us": median(samples), "samples": samples, "bytes": len(body)}
    if variant.startswith("sdk"):
        result["parser"] = sdk_parser()
    emit(result)


if __name__ == "__main__":
    main()
