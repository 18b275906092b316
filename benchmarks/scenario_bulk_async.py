"""Bulk work with no explicit budget.

Usage: ``python scenario_bulk_async.py VARIANT URL IDS_JSON BURST RATE``.

Against the rate-limited emulator at ``URL`` (real time, loopback), updates every action in
``IDS_JSON`` with ``actions.update(id, code=…)``:

* ``async``: ``asyncio.gather`` of all updates on one ``AsyncManagementClient``, no
  ``request_budget`` (the client learns one from the ``x-ratelimit-*`` headers).
* ``async_budget``: the same with ``RequestBudget(per_second=RATE, burst=BURST - 1)``.
* ``async_unpaced``: the same as ``async`` with the learning switched off and the retry rules of
  before (no jitter on server waits, announced-limit 429s count against ``max_retries``): the
  storm this scenario exists to show.
* ``sync``: the updates one after the other on a ``ManagementClient``, no budget.

A call that still raises after the client's own retries counts as failed. Prints
``{"wall_s": …, "calls": …, "failed": …, "errors": {type: count}}``.
"""

from __future__ import annotations

import asyncio
import collections
import json
import sys
import time

from common import EMULATOR_TOKEN, emit, select_configuration

CODE = "exports.onExecutePostLogin = async () => {{}}; // rev {}"


async def run_async(variant: str, url: str, ids: list[str], burst: int, rate: float) -> dict:
    from actions_sdk import AsyncManagementClient, RequestBudget, RetryPolicy

    budget = RequestBudget(per_second=rate, burst=max(1, burst - 1))
    policy = (
        RetryPolicy(hint_jitter=0.0, rate_limit_retries=2)
        if variant == "async_unpaced"
        else RetryPolicy()
    )
    client = AsyncManagementClient.for_auth0(
        url,
        token=EMULATOR_TOKEN,
        request_budget=budget if variant == "async_budget" else None,
        retry_policy=policy,
    )
    if variant == "async_unpaced":
        client._state.adaptive = None  # the behaviour before the learned budget
    async with client:
        start = time.perf_counter()
        results = await asyncio.gather(
            *(client.actions.update(i, code=CODE.format(n)) for n, i in enumerate(ids)),
            return_exceptions=True,
        )
        wall = time.perf_counter() - start
    errors = collections.Counter(type(r).__name__ for r in results if isinstance(r, BaseException))
    return {"wall_s": wall, "calls": len(ids), "failed": sum(errors.values()), "errors": errors}


def run_sync(url: str, ids: list[str]) -> dict:
    from actions_sdk import ManagementClient

    errors: collections.Counter[str] = collections.Counter()
    with ManagementClient.for_auth0(url, token=EMULATOR_TOKEN) as client:
        start = time.perf_counter()
        for n, action_id in enumerate(ids):
            try:
                client.actions.update(action_id, code=CODE.format(n))
            except Exception as exc:  # a failed call is counted, and the run goes on
                errors[type(exc).__name__] += 1
        wall = time.perf_counter() - start
    return {"wall_s": wall, "calls": len(ids), "failed": sum(errors.values()), "errors": errors}


def main() -> None:
    variant, url, ids_json = sys.argv[1], sys.argv[2], sys.argv[3]
    burst, rate = int(sys.argv[4]), float(sys.argv[5])
    ids: list[str] = json.loads(ids_json)
    select_configuration(False)  # the default install: a bulk run is paced by the limit
    if variant == "sync":
        result = run_sync(url, ids)
    else:
        result = asyncio.run(run_async(variant, url, ids, burst, rate))
    result["errors"] = dict(result["errors"])
    emit(result)


if __name__ == "__main__":
    main()
