"""Helpers shared by the scenario scripts: paths, fixtures, timing and the child-process protocol.

Every scenario script is run by ``run.py`` as a fresh child process and prints exactly one JSON
object on its last line of standard output; ``run.py`` reads it with :func:`run_child`.

The bench environment installs ``actions-sdk[fast]`` (orjson), but every actions-sdk figure not
labelled ``[fast]`` is the *default install*: its child calls :func:`select_configuration`, which
blocks the ``orjson`` import before ``actions_sdk`` is imported, so the SDK takes its real
``json.loads`` fallback. Variants named ``*_fast`` (and the ``orjson`` reference) leave it
importable.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
AUTH0_FIXTURE = ROOT / "tests" / "fixtures" / "auth0" / "update_action_response.json"
ZITADEL_FIXTURE = ROOT / "tests" / "fixtures" / "zitadel" / "get_action.json"
ZITADEL_TARGET_FIXTURE = BENCH_DIR / "data" / "zitadel_get_target.json"

ACTION_ID = "910b1053-577f-4d81-a8c8-020e7319a38a"
EMULATOR_TOKEN = "emulator-management-token"  # noqa: S105 - the emulator's public fake token
NEW_CODE = "exports.onExecutePostLogin = async (event, api) => {};"


def is_fast(variant: str) -> bool:
    """Whether a scenario variant runs ``actions-sdk[fast]`` (orjson importable)."""
    return variant.endswith("_fast") or variant == "orjson"


def select_configuration(fast: bool) -> None:
    """Choose the SDK configuration of this child; call before anything imports ``actions_sdk``.

    ``fast=False`` is the default install: ``sys.modules["orjson"] = None`` makes
    ``import orjson`` raise ``ImportError``, exactly as when the extra is not installed, so
    ``actions_sdk.providers._converters`` falls back to ``json.loads``. ``fast=True`` changes
    nothing (``make bench`` installs the extra); :func:`sdk_parser` tells which parser was used.
    """
    if not fast:
        sys.modules["orjson"] = None  # type: ignore[assignment]


def sdk_parser() -> str:
    """The module of the parser actions-sdk decodes bodies with: ``"orjson"`` or ``"json"``."""
    from actions_sdk.providers import _converters

    return str(_converters._loads.__module__)


def compact(path: Path) -> bytes:
    """The fixture as a server sends it: compact JSON bytes."""
    return json.dumps(json.loads(path.read_text()), separators=(",", ":")).encode()


def auth0_action_bytes() -> bytes:
    """The Action of the update seed (``shared/seeds/000_…``), as compact JSON."""
    return compact(AUTH0_FIXTURE)


def auth0_page_bytes(count: int = 50) -> bytes:
    """A ``GET /actions/actions`` page of ``count`` seed actions with distinct ids and names."""
    action = json.loads(AUTH0_FIXTURE.read_text())
    actions = []
    for index in range(count):
        item = dict(action)
        item["id"] = f"{index:08x}-577f-4d81-a8c8-020e7319a38a"
        item["name"] = f"my-action-{index}"
        actions.append(item)
    page = {"actions": actions, "total": count, "page": 0, "per_page": count}
    return json.dumps(page, separators=(",", ":")).encode()


def emit(result: dict[str, Any]) -> None:
    """Print a child's result as the last line of standard output."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def pin_to(cpu: int | None) -> Callable[[], None] | None:
    """A ``preexec_fn`` that pins the child to one CPU (Linux, ≥ 2 CPUs), else ``None``.

    Loopback measurements pin the emulator server and the client to different CPUs: a
    request/response ping-pong between two processes is otherwise at the mercy of where the
    scheduler happens to place them (bimodal timings on a 2-core machine).
    """
    if cpu is None or not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run_child(
    args: Sequence[str], *, timeout: float = 300.0, cpu: int | None = None
) -> dict[str, Any]:
    """Run a child process and return the JSON object it printed last.

    Raises:
        RuntimeError: The child failed or printed no result.
    """
    proc = subprocess.run(
        list(args),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=pin_to(cpu),
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"child {' '.join(args[1:])} failed with {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def per_op_seconds(
    func: Callable[[], object], *, repeats: int, target_seconds: float = 0.15
) -> list[float]:
    """Seconds per call of ``func``: one sample per repeat, each repeat ~``target_seconds``.

    Like :mod:`timeit`, the garbage collector is off while a repeat runs, so every candidate is
    measured the same way.
    """
    for _ in range(50):  # warm caches, generated hooks and the allocator
        func()
    start = time.perf_counter()
    probe = 0
    while time.perf_counter() - start < 0.02:
        func()
        probe += 1
    per_call = (time.perf_counter() - start) / probe
    number = max(1, int(target_seconds / per_call))
    samples = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            begin = time.perf_counter()
            for _ in range(number):
                func()
            samples.append((time.perf_counter() - begin) / number)
        finally:
            gc.enable()
    return samples


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
