"""Where actions-sdk's time goes, so the page can say why a target is missed.

``python -I scenario_diag.py import``: a fresh interpreter imports the layers of
``ManagementClient.for_auth0(...).actions`` one after the other and times each step; then, as a
last step outside the first-client figure, what the first request adds by building the SDK's own
``httpx.Client``.

``python scenario_diag.py percall``: one in-process ``actions.update`` call peeled layer by layer
(µs): the namespace and provider, the per-call retry wrapper, typed decoding beyond ``json.loads``
and the HTTP exchange itself, next to the plain httpx call; and the same call through an
SDK-owned ``httpx.Client`` (constant headers and timeout set once on it) instead of an injected
one. Internal names are looked up defensively: a step that no longer exists is reported as
missing, not as a crash.

Both run the default install, like the target figures they explain: the ``orjson`` import is
blocked (``sys.modules["orjson"] = None``, as ``common.select_configuration`` does; ``common`` is
not imported before the import steps, it would pre-import modules they should pay for).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from typing import Any

_FAKE_BEARER = "bench-fake-credential"

FIRST_REQUEST_STEP = "later, on the first request: builds the httpx.Client"
"""The import step that is not part of the first-client figure (``report.py`` leaves it out)."""


def _import_steps() -> dict[str, float]:
    steps: dict[str, float] = {}
    groups = [
        ("httpx", ["httpx"]),
        ("attrs", ["attrs"]),
        ("actions_sdk core (client, transport, errors)", ["actions_sdk", "actions_sdk.client"]),
        ("actions_sdk Auth0 models", ["actions_sdk.models.auth0"]),
        (
            "actions_sdk Auth0 provider",
            ["actions_sdk.providers._converters", "actions_sdk.providers.auth0"],
        ),
        ("actions_sdk resources", ["actions_sdk.resources.actions"]),
    ]
    for label, modules in groups:
        start = time.perf_counter()
        for name in modules:
            try:
                importlib.import_module(name)
            except ImportError:
                continue
        steps[label] = (time.perf_counter() - start) * 1000
    from actions_sdk import ManagementClient

    start = time.perf_counter()
    client = ManagementClient.for_auth0("tenant.example", token=_FAKE_BEARER)
    steps["ManagementClient.for_auth0(...)"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    client.actions  # noqa: B018
    steps["client.actions"] = (time.perf_counter() - start) * 1000
    try:
        start = time.perf_counter()
        client._state.http  # noqa: B018 - what the first request does before sending
        steps[FIRST_REQUEST_STEP] = (time.perf_counter() - start) * 1000
    except AttributeError:
        pass
    return steps


def _percall_parts() -> dict[str, Any]:
    """Peel one in-process ``actions.update`` call layer by layer (µs, medians).

    Uses the client's transport (``client._transport``) and its ``send`` / ``_attempt`` /
    ``_exchange`` steps; if a refactor renames them, the affected parts are reported missing.
    """
    import httpx
    from common import (
        ACTION_ID,
        EMULATOR_TOKEN,
        NEW_CODE,
        auth0_action_bytes,
        median,
        per_op_seconds,
    )

    def us(func: Any) -> float:
        return median(per_op_seconds(func, repeats=7, target_seconds=0.1)) * 1e6

    body = auth0_action_bytes()
    headers = {"content-type": "application/json; charset=utf-8"}
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers=headers)
    )
    parts: dict[str, Any] = {}

    plain = httpx.Client(transport=transport, base_url="https://tenant.example")
    plain.headers["authorization"] = f"Bearer {EMULATOR_TOKEN}"
    url = f"https://tenant.example/api/v2/actions/actions/{ACTION_ID}"
    parts["plain_us"] = us(lambda: plain.patch(url, json={"code": NEW_CODE}).json())

    from actions_sdk import ManagementClient

    client = ManagementClient.for_auth0(
        "tenant.example", token=EMULATOR_TOKEN, http_client=httpx.Client(transport=transport)
    )
    update = client.actions.update
    parts["total_us"] = us(lambda: update(ACTION_ID, code=NEW_CODE))
    try:
        from actions_sdk.providers._base import UpdateActionRequest

        provider = client._provider
        sdk_transport = client._transport

        def plan() -> Any:
            request = UpdateActionRequest(options={"code": NEW_CODE})
            return next(provider.update_action(ACTION_ID, request))

        op = plan()
        send = us(lambda: sdk_transport.send(op))
        attempt = us(lambda: sdk_transport._attempt(op))
        with_json = us(lambda: sdk_transport._exchange(op, EMULATOR_TOKEN).json())
        with_model = us(lambda: op.decode(sdk_transport._exchange(op, EMULATOR_TOKEN)))
        parts["namespace_provider_us"] = parts["total_us"] - send
        parts["provider_plan_us"] = us(plan)
        parts["retry_wrapper_us"] = send - attempt
        parts["decode_model_us"] = with_model - with_json
        parts["http_with_json_us"] = with_json
    except (ImportError, AttributeError, TypeError) as exc:
        parts["error"] = f"{type(exc).__name__}: {exc}"
    try:
        # The same call through the client the SDK builds for itself (as over loopback HTTP),
        # its transport swapped for the canned one: constant headers and timeout live on it.
        owned = ManagementClient.for_auth0("tenant.example", token=EMULATOR_TOKEN)
        defaults = owned._state.http_defaults
        owned._state.new_http = lambda: httpx.Client(
            transport=transport,
            follow_redirects=False,
            headers=defaults.headers,
            timeout=defaults.timeout,
        )
        owned_update = owned.actions.update
        owned_op = plan()
        owned_transport = owned._transport
        parts["owned_total_us"] = us(lambda: owned_update(ACTION_ID, code=NEW_CODE))
        parts["owned_http_with_json_us"] = us(
            lambda: owned_transport._exchange(owned_op, EMULATOR_TOKEN).json()
        )
    except (AttributeError, NameError, TypeError) as exc:
        parts["owned_error"] = f"{type(exc).__name__}: {exc}"
    return parts


def main() -> None:
    mode = sys.argv[1]
    sys.modules["orjson"] = None  # type: ignore[assignment]  # the default install
    result = _import_steps() if mode == "import" else _percall_parts()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
