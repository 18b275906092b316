"""Concurrent async ``get``s: ``python scenario_concurrent.py VARIANT MODE N BATCHES [URL ID]``.

Each batch is one ``asyncio.gather`` of ``N`` ``actions.get(id)`` on one async client.

* ``VARIANT``: ``sdk`` (default install), ``sdk_fast`` (``actions-sdk[fast]``), ``httpx`` (the
  floor: a plain ``httpx.AsyncClient`` with the token set once, absolute URL,
  ``response.json()``, and at most 100 requests in flight — an ``asyncio.Semaphore`` of the
  pool's size, the cheapest plain code that completes 1,000 concurrent gets: without it
  httpcore's pool queue timed out 232 of 1,000 over loopback here, in 43 s) or ``auth0_python``
  (its ``AsyncManagementClient``, as it comes: no cap).
* ``MODE``: ``inprocess`` (an ``httpx.MockTransport`` answers with the seed Action, so only
  client-side work is measured; the SDK gets it as an injected ``http_client``) or ``loopback``
  (keep-alive HTTP/1.1 to the Auth0 emulator served by ``emulator_server.py`` at ``URL``; the
  SDK builds its own ``httpx.AsyncClient``, with httpx's default pool of 100 connections, like
  the floor's).

One warm-up gather of ``min(N, 100)`` gets (connections opened, lazy imports, generated hooks),
then ``BATCHES`` timed ones. Prints ``{"us": [wall µs per get, each batch], "cpu_us": [CPU µs
per get, each batch]}``.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import common as bench
import httpx
from common import ACTION_ID, EMULATOR_TOKEN

_JSON = {"content-type": "application/json; charset=utf-8"}
_MOCK_BASE = "https://tenant.example"


def _http(mode: str) -> httpx.AsyncClient:
    if mode == "inprocess":
        body = bench.auth0_action_bytes()
        transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body, headers=_JSON))
        return httpx.AsyncClient(transport=transport, timeout=30)
    return httpx.AsyncClient(timeout=30)


def build(variant: str, mode: str, url: str) -> tuple[Callable[[str], Awaitable[object]], Any]:
    """The ``get`` coroutine function of ``variant`` and the client to close afterwards."""
    base = url if mode == "loopback" else _MOCK_BASE
    if variant.startswith("sdk"):
        from actions_sdk import AsyncManagementClient

        if mode == "loopback":
            client = AsyncManagementClient.for_auth0(base, token=EMULATOR_TOKEN)
        else:
            client = AsyncManagementClient.for_auth0(
                base, token=EMULATOR_TOKEN, http_client=_http(mode)
            )
        return client.actions.get, client
    if variant == "auth0_python":
        from auth0.management import AsyncManagementClient as A0Async

        http = _http(mode)
        host = httpx.URL(base).netloc.decode()
        a0 = A0Async(domain=host, token=EMULATOR_TOKEN, httpx_client=http)
        a0._api._client_wrapper._base_url = f"{base}/api/v2"  # plain http, see scenario_percall
        return a0.actions.get, http
    if variant == "httpx":
        http = _http(mode)
        http.headers["authorization"] = f"Bearer {EMULATOR_TOKEN}"
        prefix = f"{base}/api/v2/actions/actions/"
        in_flight = asyncio.Semaphore(100)  # httpx's default pool size

        async def plain(action_id: str) -> object:
            async with in_flight:
                response = await http.get(prefix + action_id)
            response.raise_for_status()
            return response.json()

        return plain, http
    raise SystemExit(f"unknown variant {variant!r}")


async def run(variant: str, mode: str, n: int, batches: int, url: str, action_id: str) -> dict:
    get, closeable = build(variant, mode, url)
    wall, cpu = [], []
    try:
        await asyncio.gather(*(get(action_id) for _ in range(min(n, 100))))  # warm-up
        for _ in range(batches):
            gc.collect()
            started, cpu_started = time.perf_counter(), time.process_time()
            answers = await asyncio.gather(*(get(action_id) for _ in range(n)))
            elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
            assert len(answers) == n
            assert all(answer is not None for answer in answers)
            wall.append(elapsed / n * 1e6)
            cpu.append(cpu_elapsed / n * 1e6)
    finally:
        close = getattr(closeable, "aclose", None)
        if close is not None:
            await close()
    return {"us": wall, "cpu_us": cpu}


def main() -> None:
    variant, mode, n, batches = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    url, action_id = (sys.argv[5], sys.argv[6]) if len(sys.argv) > 6 else ("", ACTION_ID)
    bench.select_configuration(bench.is_fast(variant))
    result = asyncio.run(run(variant, mode, n, batches, url, action_id))
    if variant.startswith("sdk"):
        result["parser"] = bench.sdk_parser()
    bench.emit(result)


if __name__ == "__main__":
    main()
