"""Bulk automation under a rate limit: ``python scenario_bulk.py VARIANT URL IDS_JSON BURST RATE``.

Updates every action in ``IDS_JSON`` (``actions.update(id, code=…)``), then rewrites the
``post-login`` bindings once, against the rate-limited emulator at ``URL``, with real time. A
call that still raises after the client's own retries counts as failed; the run goes on.

* ``sdk``: actions-sdk, default retry policy (429s are retried, waiting as the server says).
* ``sdk_budget``: the same plus ``RequestBudget(per_second=RATE, burst=BURST - 1)``, the shape of
  the SDK's presets (one slot less than the server's bucket).
* ``auth0_python``: auth0-python 6.8.0 with its default retries (2, on 429 waiting for
  ``X-RateLimit-Reset`` plus 0-20 % jitter).

Both actions-sdk variants are the default install (the ``orjson`` import is blocked; a bulk run is
paced by the rate limit, not by decoding).

Prints ``{"wall_s": …, "calls": …, "failed": …, "errors": {type: count}}``.
"""

from __future__ import annotations

import collections
import json
import sys
import time
from collections.abc import Callable

import httpx
from common import EMULATOR_TOKEN, emit, is_fast, select_configuration
from scenario_percall import auth0_python_client

BOUND = 5


def build(
    variant: str, url: str, ids: list[str], burst: int, rate: float
) -> tuple[Callable[[str, str], object], Callable[[], object]]:
    bound = ids[:BOUND]
    if variant in ("sdk", "sdk_budget"):
        from actions_sdk import BindingRef, ManagementClient, RequestBudget

        budget = RequestBudget(per_second=rate, burst=max(1, burst - 1))
        client = ManagementClient.for_auth0(
            url,
            token=EMULATOR_TOKEN,
            request_budget=budget if variant == "sdk_budget" else None,
        )
        refs = [BindingRef.by_action_id(action_id) for action_id in bound]
        return (
            lambda action_id, code: client.actions.update(action_id, code=code),
            lambda: client.actions.triggers.bindings.update_many("post-login", refs),
        )
    if variant == "auth0_python":
        from auth0.management import ActionBindingRef, ActionBindingWithRef

        a0 = auth0_python_client(url, httpx.Client(timeout=60))
        refs0 = [
            ActionBindingWithRef(ref=ActionBindingRef(type="action_id", value=action_id))
            for action_id in bound
        ]
        return (
            lambda action_id, code: a0.actions.update(action_id, code=code),
            lambda: a0.actions.triggers.bindings.update_many("post-login", bindings=refs0),
        )
    raise SystemExit(f"unknown variant {variant!r}")


def main() -> None:
    variant, url, ids_json = sys.argv[1], sys.argv[2], sys.argv[3]
    burst, rate = int(sys.argv[4]), float(sys.argv[5])
    ids: list[str] = json.loads(ids_json)
    select_configuration(is_fast(variant))
    update, bind = build(variant, url, ids, burst, rate)
    errors: collections.Counter[str] = collections.Counter()
    calls = 0
    start = time.perf_counter()
    for index, action_id in enumerate(ids):
        calls += 1
        try:
            update(action_id, f"exports.onExecutePostLogin = async () => {{}}; // rev {index}")
        except Exception as exc:  # a failed call is counted, and the run goes on
            errors[type(exc).__name__] += 1
    calls += 1
    try:
        bind()
    except Exception as exc:
        errors[type(exc).__name__] += 1
    wall = time.perf_counter() - start
    emit({"wall_s": wall, "calls": calls, "failed": sum(errors.values()), "errors": dict(errors)})


if __name__ == "__main__":
    main()
