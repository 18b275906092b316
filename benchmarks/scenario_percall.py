"""Per-call overhead: sequential ``actions.update(id, code=…)`` calls, one variant per process.

``python scenario_percall.py VARIANT MODE CALLS BATCHES [URL]``

* ``VARIANT``: ``sdk`` (actions-sdk, default install: the ``orjson`` import is blocked, so it
  parses with ``json.loads``), ``sdk_fast`` (``actions-sdk[fast]``: orjson), ``auth0_python`` or
  ``httpx`` (plain ``httpx.Client.patch`` to an absolute URL, token set once on the client, +
  ``response.json()``: the floor).
* ``MODE``: ``inprocess`` (an ``httpx.MockTransport`` that answers every request with the update
  seed's Action, so only client-side work is measured) or ``loopback`` (real HTTP/1.1 keep-alive to
  the Auth0 emulator in another process, at ``URL``).

Each process warms up, then times ``BATCHES`` batches of ``CALLS`` calls (garbage collector on, as
in an application) and prints ``{"us": [µs per call of each batch]}`` (plus ``"parser"``, what
actions-sdk parsed bodies with, for the actions-sdk variants).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
from common import (
    ACTION_ID,
    EMULATOR_TOKEN,
    NEW_CODE,
    auth0_action_bytes,
    emit,
    is_fast,
    sdk_parser,
    select_configuration,
)

_JSON = {"content-type": "application/json; charset=utf-8"}


def _canned_transport() -> httpx.MockTransport:
    body = auth0_action_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=_JSON)

    return httpx.MockTransport(handler)


def _http_client(mode: str, base_url: str) -> httpx.Client:
    if mode == "inprocess":
        return httpx.Client(transport=_canned_transport(), base_url=base_url, timeout=30)
    return httpx.Client(base_url=base_url, timeout=30)


def auth0_python_client(base_url: str, http: httpx.Client) -> Any:
    """auth0-python's ``ManagementClient``, pointed at ``base_url``.

    auth0-python 6.8.0 always builds ``https://{domain}/api/v2``; for the plain-http loopback
    emulator the base URL its HTTP client reads on every request is replaced (a one-time setting,
    so nothing is added to its per-call cost).
    """
    from auth0.management import ManagementClient

    host = httpx.URL(base_url).netloc.decode()
    client = ManagementClient(domain=host, token=EMULATOR_TOKEN, httpx_client=http)
    wrapper = client._api._client_wrapper
    wrapper._base_url = f"{base_url}/api/v2"
    assert wrapper.get_base_url() == f"{base_url}/api/v2"
    return client


def build(variant: str, mode: str, url: str, action_id: str) -> Callable[[], object]:
    base_url = url if mode == "loopback" else "https://tenant.example"
    if variant in ("sdk", "sdk_fast"):
        from actions_sdk import ManagementClient

        if mode == "loopback":
            client = ManagementClient.for_auth0(base_url, token=EMULATOR_TOKEN)
        else:
            client = ManagementClient.for_auth0(
                "tenant.example", token=EMULATOR_TOKEN, http_client=_http_client(mode, base_url)
            )
        update = client.actions.update
        return lambda: update(action_id, code=NEW_CODE)
    if variant == "auth0_python":
        a0 = auth0_python_client(base_url, _http_client(mode, base_url))
        a0_update = a0.actions.update
        return lambda: a0_update(action_id, code=NEW_CODE)
    if variant == "httpx":
        http = _http_client(mode, base_url)
        http.headers["authorization"] = f"Bearer {EMULATOR_TOKEN}"
        # An absolute URL (no base-URL join) and the token set once on the client: the cheapest
        # way to make this call with httpx, i.e. the floor.
        url_ = f"{base_url}/api/v2/actions/actions/{action_id}"

        def plain() -> object:
            response = http.patch(url_, json={"code": NEW_CODE})
            response.raise_for_status()
            return response.json()

        return plain
    raise SystemExit(f"unknown variant {variant!r}")


def main() -> None:
    variant, mode, calls, batches = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    url = sys.argv[5] if len(sys.argv) > 5 else ""
    action_id = sys.argv[6] if len(sys.argv) > 6 else ACTION_ID
    select_configuration(is_fast(variant))
    call = build(variant, mode, url, action_id)
    for _ in range(max(100, calls // 5)):  # connections, lazy imports, generated hooks
        call()
    results = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        results.append((time.perf_counter() - start) / calls * 1e6)
    result: dict[str, Any] = {"us": results}
    if variant.startswith("sdk"):
        result["parser"] = sdk_parser()
    emit(result)


if __name__ == "__main__":
    main()
