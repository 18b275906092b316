"""Issue 16 rows, in-process: per call ``get`` (Auth0, ZITADEL) and listing/holding 10,000 actions.

``python scenario_issue16.py VARIANT OP CALLS BATCHES``

* ``VARIANT``: ``sdk`` (default install: the ``orjson`` import is blocked, which also keeps the
  msgspec fast path off, since it needs both), ``sdk_fast`` (``actions-sdk[fast]``: orjson +
  msgspec), ``auth0_python`` (``auth0_get`` only in ``make bench``: its pager's stop rule is not
  what the canned listing models) or ``httpx`` (the floor: plain ``httpx.Client``,
  token set once, absolute URL, ``response.json()``).
* ``OP``: ``auth0_get`` (``actions.get(id)``), ``zitadel_get`` (``actions.get(id)``, management v1)
  or ``list10k`` (iterate all 10,000 actions, 200 pages of 50, and keep them in a list; ``CALLS``
  is ignored, one listing per batch, reported per item, plus the RSS growth of holding them).

Every answer comes from an ``httpx.MockTransport`` (canned bodies), so only client-side work is
measured. Prints ``{"us": [µs per call or per item, each batch], "rss_mb": ...}``.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
from common import (
    ACTION_ID,
    EMULATOR_TOKEN,
    ZITADEL_FIXTURE,
    auth0_action_bytes,
    compact,
    emit,
    is_fast,
    sdk_parser,
    select_configuration,
)

_JSON = {"content-type": "application/json; charset=utf-8"}
LIST_TOTAL = 10_000
PER_PAGE = 50


def _pages() -> list[bytes]:
    action = json.loads(auth0_action_bytes())
    pages = []
    for page in range(LIST_TOTAL // PER_PAGE):
        actions = []
        for index in range(PER_PAGE):
            item = dict(action)
            number = page * PER_PAGE + index
            item["id"] = f"{number:08x}-577f-4d81-a8c8-020e7319a38a"
            item["name"] = f"my-action-{number}"
            actions.append(item)
        body = {"actions": actions, "total": LIST_TOTAL, "page": page, "per_page": PER_PAGE}
        pages.append(json.dumps(body, separators=(",", ":")).encode())
    return pages


def _transport(op: str) -> httpx.MockTransport:
    if op == "list10k":
        pages = _pages()

        def handler(request: httpx.Request) -> httpx.Response:
            page = int(request.url.params.get("page", "0"))
            body = pages[page] if page < len(pages) else b'{"actions":[],"total":10000}'
            return httpx.Response(200, content=body, headers=_JSON)

        return httpx.MockTransport(handler)
    body = compact(ZITADEL_FIXTURE) if op == "zitadel_get" else auth0_action_bytes()
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers=_JSON))


def _sdk_client(op: str, http: httpx.Client) -> Any:
    from actions_sdk import ManagementClient

    if op == "zitadel_get":
        return ManagementClient.for_zitadel(
            "zitadel.example", token=EMULATOR_TOKEN, http_client=http
        )
    return ManagementClient.for_auth0("tenant.example", token=EMULATOR_TOKEN, http_client=http)


def build(variant: str, op: str) -> Callable[[], object]:
    base = "https://zitadel.example" if op == "zitadel_get" else "https://tenant.example"
    http = httpx.Client(transport=_transport(op), base_url=base, timeout=30)
    if variant in ("sdk", "sdk_fast"):
        client = _sdk_client(op, http)
        if op == "list10k":
            return lambda: list(client.actions.list(per_page=PER_PAGE))
        get = client.actions.get
        return lambda: get(ACTION_ID)
    if variant == "auth0_python" and op != "zitadel_get":
        from auth0.management import ManagementClient

        a0 = ManagementClient(domain="tenant.example", token=EMULATOR_TOKEN, httpx_client=http)
        if op == "list10k":
            return lambda: list(a0.actions.list(per_page=PER_PAGE))
        a0_get = a0.actions.get
        return lambda: a0_get(ACTION_ID)
    if variant == "httpx":
        http.headers["authorization"] = f"Bearer {EMULATOR_TOKEN}"
        if op == "list10k":
            url_ = f"{base}/api/v2/actions/actions"

            def plain_list() -> object:
                items: list[Any] = []
                for page in range(LIST_TOTAL // PER_PAGE):
                    response = http.get(url_, params={"page": page, "per_page": PER_PAGE})
                    response.raise_for_status()
                    items.extend(response.json()["actions"])
                return items

            return plain_list
        path = "management/v1/actions" if op == "zitadel_get" else "api/v2/actions/actions"
        url_ = f"{base}/{path}/{ACTION_ID}"

        def plain() -> object:
            response = http.get(url_)
            response.raise_for_status()
            return response.json()

        return plain
    raise SystemExit(f"unknown variant {variant!r} for {op!r}")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    variant, op, calls, batches = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    select_configuration(is_fast(variant))
    call = build(variant, op)
    result: dict[str, Any] = {}
    if op == "list10k":
        held = []
        before = _rss_mb()
        samples = []
        for _ in range(batches):
            start = time.perf_counter()
            items = call()
            samples.append((time.perf_counter() - start) / LIST_TOTAL * 1e6)
            assert len(items) == LIST_TOTAL, len(items)  # type: ignore[arg-type]
            held.append(items)
        # Peak RSS growth while holding every listing (the first one dominates: it is what a
        # caller keeping 10k actions pays), per listing held.
        result["rss_mb"] = (_rss_mb() - before) / batches
        result["us"] = samples
    else:
        for _ in range(max(100, calls // 5)):  # lazy imports, generated hooks
            call()
        samples = []
        for _ in range(batches):
            gc.collect()
            start = time.perf_counter()
            for _ in range(calls):
                call()
            samples.append((time.perf_counter() - start) / calls * 1e6)
        result["us"] = samples
    if variant.startswith("sdk"):
        result["parser"] = sdk_parser()
    emit(result)


if __name__ == "__main__":
    main()
