"""Run every benchmark side by side; write ``benchmarks/results.json`` and ``docs/benchmarks.md``.

``python benchmarks/run.py [--quick]`` with the bench environment's interpreter (``make bench``
builds it). Every measurement runs in fresh child processes of this interpreter; variants are
interleaved round by round so that drift on a shared machine hits all of them alike.

The bench environment has ``actions-sdk[fast]`` (orjson) installed. An actions-sdk row is the
default install (its child blocks the orjson import, so the SDK falls back to ``json.loads``)
unless its variant is named ``*_fast`` (label ``actions-sdk[fast]``); every child reports which
parser the SDK really used and a mismatch stops the run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from common import BENCH_DIR, ROOT, is_fast, median, pin_to, run_child

PY = sys.executable

# ------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------

FULL = {
    "import_runs": 9,
    "decode_repeats": 7,
    "percall_rounds": 5,
    "percall_calls": 1000,
    "percall_batches": 3,
    "loopback_rounds": 7,
    "bulk_actions": 100,
    "bulk_burst": 10,
    "bulk_rate": 5.0,
    "bulk_async_actions": 100,
    "diag_runs": 5,
    "issue16_rounds": 5,
    "issue16_calls": 1000,
    "list_rounds": 3,
    "first_call_runs": 7,
    "concurrent_rounds": 3,
    "concurrent_batches": 1,
}
QUICK = {
    "import_runs": 3,
    "decode_repeats": 3,
    "percall_rounds": 2,
    "percall_calls": 300,
    "percall_batches": 1,
    "loopback_rounds": 1,
    "bulk_actions": 30,
    "bulk_burst": 10,
    "bulk_rate": 5.0,
    "bulk_async_actions": 30,
    "diag_runs": 2,
    "issue16_rounds": 2,
    "issue16_calls": 300,
    "list_rounds": 1,
    "first_call_runs": 2,
    "concurrent_rounds": 1,
    "concurrent_batches": 1,
}

IMPORT_CASES = [
    ("bare", "bare interpreter (nothing imported)"),
    ("httpx", "import httpx"),
    ("httpx_client", "import httpx + httpx.Client()"),
    ("deps", "import httpx, attrs, cattrs (what the first client imports)"),
    ("sdk", "import actions_sdk"),
    ("sdk_auth0_client", "actions_sdk: for_auth0(...) + .actions"),
    ("sdk_zitadel_client", "actions_sdk: for_zitadel(...) + .actions"),
    ("sdk_auth0_client_fast", "actions_sdk[fast]: for_auth0(...) + .actions (imports orjson)"),
    ("auth0_python", "from auth0.management import ManagementClient"),
    ("auth0_python_client", "auth0-python: ManagementClient(...) + .actions"),
    ("zitadel_client", "import zitadel_client"),
    ("zitadel_client_client", "zitadel-client: Zitadel.with_access_token(...) + .actions"),
]

SDK_DEFAULT = "actions-sdk"
SDK_FAST = "actions-sdk[fast]"

DECODE_CASES = [
    ("action:sdk", SDK_DEFAULT, "Auth0 Action (update seed)"),
    ("action:sdk_fast", SDK_FAST, "Auth0 Action (update seed)"),
    ("action:auth0_python", "auth0-python", "Auth0 Action (update seed)"),
    ("action:json", "json.loads alone", "Auth0 Action (update seed)"),
    ("action:orjson", "orjson.loads alone", "Auth0 Action (update seed)"),
    ("action:dataclass", "json.loads + dataclasses", "Auth0 Action (update seed)"),
    ("action:pydantic", "json.loads + plain pydantic", "Auth0 Action (update seed)"),
    ("action:pydantic_json", "plain pydantic model_validate_json", "Auth0 Action (update seed)"),
    ("page:sdk", SDK_DEFAULT, "Auth0 list page, 50 actions"),
    ("page:sdk_fast", SDK_FAST, "Auth0 list page, 50 actions"),
    ("page:auth0_python", "auth0-python", "Auth0 list page, 50 actions"),
    ("page:json", "json.loads alone", "Auth0 list page, 50 actions"),
    ("page:orjson", "orjson.loads alone", "Auth0 list page, 50 actions"),
    ("page:dataclass", "json.loads + dataclasses", "Auth0 list page, 50 actions"),
    ("page:pydantic", "json.loads + plain pydantic", "Auth0 list page, 50 actions"),
    ("zitadel:sdk", SDK_DEFAULT, "ZITADEL GetAction (seed)"),
    ("zitadel:sdk_fast", SDK_FAST, "ZITADEL GetAction (seed)"),
    ("zitadel:json", "json.loads alone", "ZITADEL GetAction (seed)"),
    ("zitadel:orjson", "orjson.loads alone", "ZITADEL GetAction (seed)"),
    ("zitadel:pydantic", "json.loads + plain pydantic", "ZITADEL GetAction (seed)"),
    (
        "zitadel_target:zitadel_client",
        "zitadel-client (v2 GetTarget, nearest analogue)",
        "ZITADEL v2 GetTarget, 1 target",
    ),
    ("zitadel_target:json", "json.loads alone", "ZITADEL v2 GetTarget, 1 target"),
]

PERCALL_VARIANTS = [
    ("sdk", SDK_DEFAULT),
    ("sdk_fast", SDK_FAST),
    ("auth0_python", "auth0-python"),
    ("httpx", "plain httpx + json (floor)"),
]

# Issue 16: bulk with no explicit budget. (variant, label, burst, rate)
BULK_ASYNC_VARIANTS = [
    ("async", "async gather, no budget (learned from headers)", 10, 10.0),
    ("async_budget", "async gather + RequestBudget", 10, 10.0),
    ("async_unpaced", "async gather, learning off, retry rules of before", 10, 10.0),
    ("sync", "sync, one after the other, no budget", 10, 20.0),
]

# Issue 16, in-process: (op, variants). The floor is "httpx" in each op.
ISSUE16_OPS = [
    ("auth0_get", ["sdk", "sdk_fast", "auth0_python", "httpx"]),
    ("zitadel_get", ["sdk", "sdk_fast", "httpx"]),
    ("list10k", ["sdk", "sdk_fast", "httpx"]),
]
ISSUE16_LABELS = {
    "sdk": SDK_DEFAULT,
    "sdk_fast": SDK_FAST,
    "auth0_python": "auth0-python",
    "httpx": "plain httpx + json (floor)",
}

# Issue 16: the first call (fresh interpreter: import + client + one get over loopback).
FIRST_CALL_VARIANTS = [
    ("floor", "import httpx + httpx.Client() + get + json (floor)"),
    ("sdk", SDK_DEFAULT),
    ("sdk_fast", SDK_FAST),
    ("auth0_python", "auth0-python"),
]

# Issue 16: concurrent async gets, (mode, gets per gather, variants). The floor is "httpx".
# auth0-python is left out of 1,000 over loopback: with no cap on requests in flight its pool
# queue runs into PoolTimeout (see scenario_concurrent.py), a failed run rather than a figure.
# The last item: timed gathers per child (each round), more where a gather is short.
CONCURRENT_CASES = [
    ("inprocess", 1000, ["sdk", "sdk_fast", "auth0_python", "httpx"], 1),
    ("loopback", 1000, ["sdk", "sdk_fast", "httpx"], 1),
    ("loopback", 100, ["sdk", "sdk_fast", "auth0_python", "httpx"], 5),
]
CONCURRENT_LABELS = {
    "sdk": SDK_DEFAULT,
    "sdk_fast": SDK_FAST,
    "auth0_python": "auth0-python",
    "httpx": "plain httpx.AsyncClient + json (floor)",
}

BULK_VARIANTS = [
    ("sdk", "actions-sdk (retries only)"),
    ("sdk_budget", "actions-sdk + RequestBudget"),
    ("auth0_python", "auth0-python (default retries)"),
]


def check_parser(what: str, variant: str, parser: str) -> None:
    """Stop the run if an actions-sdk child did not parse with its configuration's parser."""
    expected = "orjson" if is_fast(variant) else "json"
    if parser != expected:
        hint = (
            " (is the [fast] extra installed? `make bench` installs it)" if is_fast(variant) else ""
        )
        raise RuntimeError(
            f"{what}: actions-sdk parsed with {parser!r}, expected {expected!r}{hint}"
        )


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def summary(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    quartiles = statistics.quantiles(ordered, n=4) if len(ordered) >= 2 else [ordered[0]] * 3
    return {
        "median": median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "q1": quartiles[0],
        "q3": quartiles[2],
        "n": len(ordered),
        "samples": samples,
    }


# ------------------------------------------------------------------------------------------------
# Machine
# ------------------------------------------------------------------------------------------------


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def _load() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: how busy the (shared) machine was."""
    with contextlib.suppress(OSError, AttributeError):
        return [round(value, 2) for value in os.getloadavg()]
    return None


def machine_info() -> dict[str, Any]:
    packages = {}
    for name in (
        "actions-sdk",
        "auth0-python",
        "zitadel-client",
        "httpx",
        "attrs",
        "cattrs",
        "tenacity",
        "orjson",
        "pydantic",
        "pydantic-core",
        "matplotlib",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            packages[name] = metadata.version(name)
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "packages": packages,
        "commit": f"{commit}{' (uncommitted changes)' if dirty else ''}" if commit else "unknown",
    }


# ------------------------------------------------------------------------------------------------
# Scenarios
# ------------------------------------------------------------------------------------------------


def bench_import(runs: int) -> dict[str, Any]:
    script = str(BENCH_DIR / "scenario_import.py")
    samples: dict[str, list[dict[str, Any]]] = {case: [] for case, _ in IMPORT_CASES}
    for round_index in range(runs + 1):  # round 0 warms the bytecode caches and is discarded
        for case, _ in IMPORT_CASES:
            start = time.perf_counter()
            result = run_child([PY, "-I", script, case], timeout=120)
            result["process_ms"] = (time.perf_counter() - start) * 1000
            if result["orjson"] != is_fast(case):
                raise RuntimeError(f"import {case}: orjson imported = {result['orjson']}")
            if round_index:
                samples[case].append(result)
        log(f"import: round {round_index}/{runs}")
    rows = {}
    for case, label in IMPORT_CASES:
        runs_ = samples[case]
        rows[case] = {
            "label": label,
            "ms": summary([r["ms"] for r in runs_]),
            "process_ms": summary([r["process_ms"] for r in runs_]),
            "rss_mb": median([r["rss_mb"] for r in runs_]),
            "modules": int(median([r["modules"] for r in runs_])),
            "orjson": runs_[0]["orjson"],
        }
    return {"runs": runs, "rows": rows}


def bench_decode(repeats: int) -> dict[str, Any]:
    script = str(BENCH_DIR / "scenario_decode.py")
    rows = {}
    for case, label, body in DECODE_CASES:
        result = run_child([PY, script, case, str(repeats)], timeout=180)
        if "parser" in result:
            check_parser(f"decode {case}", case.partition(":")[2], result["parser"])
        rows[case] = {
            "label": label,
            "body": body,
            "bytes": result["bytes"],
            "us": summary(result["samples"]),
        }
        if "parser" in result:
            rows[case]["parser"] = result["parser"]
        log(f"decode: {case} {result['us']:.1f} µs")
    return {"repeats": repeats, "rows": rows}


@contextlib.contextmanager
def emulator_server(
    actions: int, deploy: int = 0, rate_limit: str = "", cpu: int | None = None
) -> Iterator[dict[str, Any]]:
    """Start the emulator in its own process; yields its URL and action ids, then its stats."""
    args = [PY, str(BENCH_DIR / "emulator_server.py"), "--actions", str(actions)]
    args += ["--deploy", str(deploy)]
    if rate_limit:
        args += ["--rate-limit", rate_limit]
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=pin_to(cpu)
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    info: dict[str, Any] = {}
    try:
        line = proc.stdout.readline()
        if not line.startswith("{"):
            raise RuntimeError(f"emulator server did not start: {line!r}")
        info.update(json.loads(line))
        yield info
    finally:
        proc.stdin.close()
        try:
            rest = proc.stdout.read()
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rest = ""
        lines = [line for line in rest.splitlines() if line.startswith("{")]
        if lines:
            info["server"] = json.loads(lines[-1])


def _percall_rounds(
    mode: str, rounds: int, calls: int, batches: int, url: str = "", action_id: str = ""
) -> dict[str, Any]:
    script = str(BENCH_DIR / "scenario_percall.py")
    samples: dict[str, list[float]] = {variant: [] for variant, _ in PERCALL_VARIANTS}
    for round_index in range(rounds):
        for variant, _ in PERCALL_VARIANTS:
            args = [PY, script, variant, mode, str(calls), str(batches)]
            if url:
                args += [url, action_id]
            # Loopback: the client on CPU 1, the emulator server on CPU 0.
            cpu = 1 if url else None
            result = run_child(args, timeout=300, cpu=cpu)
            if "parser" in result:
                check_parser(f"per-call {mode} {variant}", variant, result["parser"])
            samples[variant].extend(result["us"])
        log(f"per-call {mode}: round {round_index + 1}/{rounds}")
    return {
        variant: {"label": label, "us": summary(samples[variant])}
        for variant, label in PERCALL_VARIANTS
    }


def bench_percall(settings: dict[str, Any]) -> dict[str, Any]:
    inprocess = _percall_rounds(
        "inprocess",
        settings["percall_rounds"],
        settings["percall_calls"],
        settings["percall_batches"],
    )
    with emulator_server(1, cpu=0) as server:
        loopback = _percall_rounds(
            "loopback",
            settings["loopback_rounds"],
            settings["percall_calls"],
            1,
            server["url"],
            server["action_ids"][0],
        )
    return {
        "calls": settings["percall_calls"],
        "inprocess": inprocess,
        "loopback": loopback,
    }


def bench_bulk(settings: dict[str, Any]) -> dict[str, Any]:
    actions, burst, rate = settings["bulk_actions"], settings["bulk_burst"], settings["bulk_rate"]
    requests = actions + 1
    rows = {}
    for variant, label in BULK_VARIANTS:
        with emulator_server(actions, deploy=5, rate_limit=f"{burst},{rate}") as server:
            result = run_child(
                [
                    PY,
                    str(BENCH_DIR / "scenario_bulk.py"),
                    variant,
                    server["url"],
                    json.dumps(server["action_ids"]),
                    str(burst),
                    str(rate),
                ],
                timeout=600,
            )
        result["label"] = label
        result["server"] = server.get("server", {})
        rows[variant] = result
        log(f"bulk: {variant} {result['wall_s']:.1f} s, {result['failed']} failed")
    return {
        "actions": actions,
        "requests": requests,
        "burst": burst,
        "rate": rate,
        "floor_s": requests / rate,
        "ideal_s": max(0, requests - burst) / rate,
        "rows": rows,
    }


def bench_bulk_async(settings: dict[str, Any]) -> dict[str, Any]:
    """Bulk ``actions.update`` with no explicit budget (issue 16): wall ÷ N/R and failed calls."""
    actions = settings["bulk_async_actions"]
    rows = {}
    for variant, label, burst, rate in BULK_ASYNC_VARIANTS:
        with emulator_server(actions, rate_limit=f"{burst},{rate}") as server:
            result = run_child(
                [
                    PY,
                    str(BENCH_DIR / "scenario_bulk_async.py"),
                    variant,
                    server["url"],
                    json.dumps(server["action_ids"]),
                    str(burst),
                    str(rate),
                ],
                timeout=600,
            )
        result.update(label=label, burst=burst, rate=rate, floor_s=actions / rate)
        result["server"] = server.get("server", {})
        rows[variant] = result
        log(f"bulk async: {variant} {result['wall_s']:.1f} s, {result['failed']} failed")
    return {"actions": actions, "rows": rows}


def bench_issue16(settings: dict[str, Any]) -> dict[str, Any]:
    """Per-call ``get`` (Auth0, ZITADEL) and list/hold 10k actions, in-process, vs the floor."""
    script = str(BENCH_DIR / "scenario_issue16.py")
    out: dict[str, Any] = {}
    for op, variants in ISSUE16_OPS:
        listing = op == "list10k"
        rounds = settings["list_rounds"] if listing else settings["issue16_rounds"]
        samples: dict[str, list[float]] = {variant: [] for variant in variants}
        rss: dict[str, list[float]] = {variant: [] for variant in variants}
        for round_index in range(rounds):
            for variant in variants:
                args = [PY, script, variant, op, str(settings["issue16_calls"]), "1"]
                result = run_child(args, timeout=600)
                if "parser" in result:
                    check_parser(f"issue16 {op} {variant}", variant, result["parser"])
                samples[variant].extend(result["us"])
                if "rss_mb" in result:
                    rss[variant].append(result["rss_mb"])
            log(f"issue16 {op}: round {round_index + 1}/{rounds}")
        out[op] = {
            variant: {
                "label": ISSUE16_LABELS[variant],
                "us": summary(samples[variant]),
                **({"rss_mb": median(rss[variant])} if rss[variant] else {}),
            }
            for variant in variants
        }
    return out


def bench_first_call(runs: int) -> dict[str, Any]:
    """Import + client + first ``get`` over loopback, one fresh interpreter per sample."""
    script = str(BENCH_DIR / "scenario_first_call.py")
    samples: dict[str, list[float]] = {variant: [] for variant, _ in FIRST_CALL_VARIANTS}
    steps: dict[str, dict[str, list[float]]] = {variant: {} for variant, _ in FIRST_CALL_VARIANTS}
    with emulator_server(1, cpu=0) as server:
        url, action_id = server["url"], server["action_ids"][0]
        for round_index in range(runs + 1):  # round 0 warms the bytecode caches, discarded
            for variant, _ in FIRST_CALL_VARIANTS:
                result = run_child([PY, "-I", script, variant, url, action_id], cpu=1)
                if variant.startswith("sdk") and result["orjson"] != is_fast(variant):
                    raise RuntimeError(f"first call {variant}: orjson imported {result['orjson']}")
                if round_index:
                    samples[variant].append(result["ms"])
                    for step, ms in result["steps_ms"].items():
                        steps[variant].setdefault(step, []).append(ms)
            log(f"first call: round {round_index}/{runs}")
    return {
        "runs": runs,
        "rows": {
            variant: {
                "label": label,
                "ms": summary(samples[variant]),
                "steps_ms": {step: median(ms) for step, ms in steps[variant].items()},
            }
            for variant, label in FIRST_CALL_VARIANTS
        },
    }


def bench_concurrent(settings: dict[str, Any]) -> dict[str, Any]:
    """``asyncio.gather`` of N async ``get``s (in-process and loopback) against the floor."""
    script = str(BENCH_DIR / "scenario_concurrent.py")
    rounds, batches = settings["concurrent_rounds"], settings["concurrent_batches"]
    out: dict[str, Any] = {}
    with emulator_server(1, cpu=0) as server:
        for mode, n, variants, per_child in CONCURRENT_CASES:
            wall: dict[str, list[float]] = {variant: [] for variant in variants}
            cpu: dict[str, list[float]] = {variant: [] for variant in variants}
            for round_index in range(rounds):
                for variant in variants:
                    args = [PY, script, variant, mode, str(n), str(batches * per_child)]
                    if mode == "loopback":
                        args += [server["url"], server["action_ids"][0]]
                    result = run_child(args, timeout=600, cpu=1 if mode == "loopback" else None)
                    if "parser" in result:
                        check_parser(f"concurrent {mode} {variant}", variant, result["parser"])
                    wall[variant].extend(result["us"])
                    cpu[variant].extend(result["cpu_us"])
                log(f"concurrent {mode} x{n}: round {round_index + 1}/{rounds}")
            out[f"{mode}_{n}"] = {
                "mode": mode,
                "n": n,
                "rows": {
                    variant: {
                        "label": CONCURRENT_LABELS[variant],
                        "us": summary(wall[variant]),
                        "cpu_us": summary(cpu[variant]),
                    }
                    for variant in variants
                },
            }
    return out


def bench_diagnostics(runs: int) -> dict[str, Any]:
    script = str(BENCH_DIR / "scenario_diag.py")
    steps: dict[str, list[float]] = {}
    for _ in range(runs):
        for label, ms in run_child([PY, "-I", script, "import"]).items():
            steps.setdefault(label, []).append(ms)
    percall = run_child([PY, script, "percall"])
    log("diagnostics done")
    return {"import_steps_ms": {k: median(v) for k, v in steps.items()}, "percall_us": percall}


# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, a short bulk scenario")
    parser.add_argument("--json", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument("--page", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL

    started = time.perf_counter()
    results: dict[str, Any] = {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": args.quick,
        "settings": settings,
        "machine": machine_info(),
        "load": {"start": _load()},
    }
    log(f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores")
    results["import"] = bench_import(settings["import_runs"])
    results["decode"] = bench_decode(settings["decode_repeats"])
    results["per_call"] = bench_percall(settings)
    results["bulk"] = bench_bulk(settings)
    results["bulk_async"] = bench_bulk_async(settings)
    results["issue16"] = bench_issue16(settings)
    results["first_call"] = bench_first_call(settings["first_call_runs"])
    results["concurrent"] = bench_concurrent(settings)
    results["diagnostics"] = bench_diagnostics(settings["diag_runs"])
    results["duration_s"] = time.perf_counter() - started
    results["load"]["end"] = _load()

    import report_issue16
    from report import evaluate, write_page

    results["ratios"], results["targets"] = evaluate(results)
    results["issue16_targets"] = report_issue16.targets(results)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    write_page(results, args.page)
    log(f"wrote {args.json} and {args.page} (+ {args.page.with_suffix('.png').name})")
    log(f"total {results['duration_s']:.0f} s")


if __name__ == "__main__":
    main()
