"""The issue-16 part of ``docs/benchmarks.md``: its rows and where each of its targets stands.

Everything here is computed from ``results.json`` (``run.py`` writes it, ``report.py`` re-renders
the page from it): no figure is typed by hand, so a re-run on a quiet machine rewrites the verdicts
and their reasons with that run's numbers.
"""

from __future__ import annotations

from typing import Any

from report import _num, _spread, _x

# Issue 16's limits.
PER_CALL_FAST = 1.15
PER_CALL_DEFAULT = 1.3
FIRST_CALL = 1.4
LIST_FAST = 1.3
BULK = 1.1
CONCURRENT = 1.1


def _med(row: dict[str, Any], key: str = "us") -> float:
    return float(row[key]["median"])


def _ratio16(results: dict[str, Any], op: str, variant: str) -> float:
    rows = results["issue16"][op]
    return _med(rows[variant]) / _med(rows["httpx"])


def _dec(results: dict[str, Any], case: str) -> float:
    return float(results["decode"]["rows"][case]["us"]["median"])


# -- reasons: each from the run's own figures ---------------------------------------------------


def _per_call_reason(
    results: dict[str, Any], overhead_us: float, allowed_us: float, body: str, fast: bool
) -> str:
    """Split a per-call overhead into typed decoding (decode table) and the rest of the call."""
    sdk = f"{body}:sdk_fast" if fast else f"{body}:sdk"
    decode_extra = _dec(results, sdk) - _dec(results, f"{body}:json")
    rest = overhead_us - decode_extra
    parser = "msgspec/orjson" if fast and body == "action" else ("orjson" if fast else "json")
    return (
        f"{_num(overhead_us)} µs over the floor where {_num(allowed_us)} µs are allowed: typed "
        f"decoding ({parser}) costs {_num(decode_extra)} µs more than the floor's `json.loads` "
        f"(decode table), the remaining {_num(rest)} µs are request building, plan, transport "
        "and bookkeeping"
    )


def _concurrent_reason(row: dict[str, Any], floor: dict[str, Any]) -> str:
    cpu, floor_cpu = _med(row, "cpu_us"), _med(floor, "cpu_us")
    return (
        f"client CPU per get {_num(cpu)} µs against the floor's {_num(floor_cpu)} µs "
        f"(+{_num(cpu - floor_cpu)} µs: the SDK's per-call work, typed decoding first); the rest "
        "of the wall time is the server's and the event loop's"
    )


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issue 16 as ``{"target", "measured", "met", "reason"}``."""
    out: list[dict[str, Any]] = []

    def add(target: str, measured: str, met: bool, reason: str = "") -> None:
        out.append({"target": target, "measured": measured, "met": met, "reason": reason})

    pc = results["per_call"]["inprocess"]
    floor_update = _med(pc["httpx"])
    rows16 = results.get("issue16", {})
    per_call = [
        ("Auth0 `update`", _med(pc["sdk_fast"]), _med(pc["sdk"]), floor_update, "action"),
    ]
    if "auth0_get" in rows16:
        get = rows16["auth0_get"]
        per_call.append(
            ("Auth0 `get`", _med(get["sdk_fast"]), _med(get["sdk"]), _med(get["httpx"]), "action")
        )
    if "zitadel_get" in rows16:
        zget = rows16["zitadel_get"]
        zitadel = (_med(zget["sdk_fast"]), _med(zget["sdk"]), _med(zget["httpx"]))
        per_call.append(("ZITADEL `get`", *zitadel, "zitadel"))
    for fast, limit in ((True, PER_CALL_FAST), (False, PER_CALL_DEFAULT)):
        install = "`[fast]`" if fast else "default install"
        for name, fast_us, default_us, floor_us, body in per_call:
            us = fast_us if fast else default_us
            ratio = us / floor_us
            reason = _per_call_reason(results, us - floor_us, floor_us * (limit - 1), body, fast)
            if fast and body == "zitadel":
                reason += (
                    "; ZITADEL has no msgspec path (msgspec cannot rename attrs fields to "
                    "camelCase), so `[fast]` decodes it with orjson + cattrs"
                )
            add(
                f"per call, in-process, {install}: {name} ≤ {limit:g} × floor",
                _x(ratio),
                ratio <= limit,
                reason,
            )

    first = results.get("first_call")
    if first:
        rows = first["rows"]
        floor_ms = _med(rows["floor"], "ms")
        for variant, install in (("sdk", "default install"), ("sdk_fast", "`[fast]`")):
            ms = _med(rows[variant], "ms")
            steps, floor_steps = rows[variant]["steps_ms"], rows["floor"]["steps_ms"]
            imports = steps.get("import", 0.0) - floor_steps.get("import", 0.0)
            # Both build one httpx.Client: the floor in its client step, the SDK on its first get.
            rest = sum(steps.get(k, 0.0) - floor_steps.get(k, 0.0) for k in ("client", "get"))
            reason = (
                f"{_num(ms - floor_ms)} ms over the floor's {_num(floor_ms)} ms where "
                f"{_num(floor_ms * (FIRST_CALL - 1))} ms are allowed: importing takes "
                f"{imports:+.1f} ms more (attrs, cattrs and the SDK's modules; see the import "
                f"steps table), client + first get {rest:+.1f} ms more (both build one "
                "`httpx.Client`; the rest is `for_auth0`, the first plan and the first decode, "
                "which generates its converter hooks)"
            )
            add(
                f"first call ({install}): import + `for_auth0` + first `get` over loopback ≤ "
                f"{FIRST_CALL:g} × (import httpx + `httpx.Client()` + get + json)",
                _x(ms / floor_ms),
                ms / floor_ms <= FIRST_CALL,
                reason,
            )

    if "list10k" in rows16:
        listing = rows16["list10k"]
        ratio = _ratio16(results, "list10k", "sdk_fast")
        floor_item = _med(listing["httpx"])
        per_object = (_dec(results, "page:sdk_fast") - _dec(results, "page:json")) / 50
        add(
            f"list 10k actions, `[fast]`: ≤ {LIST_FAST:g} × floor per item",
            _x(ratio),
            ratio <= LIST_FAST,
            f"{_num(_med(listing['sdk_fast']) - floor_item)} µs per item over the floor where "
            f"{_num(floor_item * (LIST_FAST - 1))} µs are allowed; typed decoding of a page costs "
            f"{_num(per_object)} µs per action more than `json.loads` (decode table)",
        )

    bulk = results.get("bulk_async")
    if bulk:
        for variant, text in (
            ("async", "async `gather` of 100 updates at 10/s (burst 10), no budget"),
            ("sync", "sync updates at 20/s, no budget"),
        ):
            row = bulk["rows"].get(variant)
            if row is None:
                continue
            ratio = row["wall_s"] / row["floor_s"]
            server = row.get("server", {})
            refused = server.get("statuses", {}).get("429", 0)
            add(
                f"{text}: 0 failed calls, wall ≤ {BULK:g} × N/R",
                f"{_x(ratio)}, {row['failed']} failed",
                ratio <= BULK and row["failed"] == 0,
                f"{server.get('requests', '?')} requests sent, {refused} answered 429, "
                f"failures: {row.get('errors') or 'none'}",
            )

    concurrent = results.get("concurrent")
    if concurrent and "loopback_100" in concurrent:
        rows = concurrent["loopback_100"]["rows"]
        ratio = _med(rows["sdk"]) / _med(rows["httpx"])
        add(
            f"100 concurrent async gets over loopback (default install) ≤ {CONCURRENT:g} × plain "
            "`httpx.AsyncClient` on the same server",
            _x(ratio),
            ratio <= CONCURRENT,
            _concurrent_reason(rows["sdk"], rows["httpx"]),
        )
    return out


# -- the page section ---------------------------------------------------------------------------


def _first_call_table(results: dict[str, Any]) -> list[str]:
    first = results.get("first_call")
    if not first:
        return []
    rows = first["rows"]
    floor = _med(rows["floor"], "ms")
    out = [
        f"### First call (fresh interpreter, {first['runs']} runs per row, ms)",
        "",
        "Import + client + one `actions.get` over loopback HTTP from the emulator in its own "
        "process (`benchmarks/scenario_first_call.py`), against the first-call floor: "
        "`import httpx` + `httpx.Client()` + one get + `response.json()`.",
        "",
        "| Client | median ms | IQR ms | × floor | import | client | first get |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows.values():
        steps = row["steps_ms"]
        out.append(
            f"| {row['label']} | {_num(_med(row, 'ms'))} | {_spread(row['ms'])} | "
            f"{_x(_med(row, 'ms') / floor)} | {_num(steps.get('import', 0))} | "
            f"{_num(steps.get('client', 0))} | {_num(steps.get('get', 0))} |"
        )
    out += [
        "",
        "The SDK builds its `httpx.Client` on the first request, so its *first get* step holds "
        "what the floor's *client* step does.",
        "",
    ]
    return out


def _concurrent_table(results: dict[str, Any]) -> list[str]:
    concurrent = results.get("concurrent")
    if not concurrent:
        return []
    out = [
        "### Concurrent async gets (`asyncio.gather` of N `actions.get`, µs per get)",
        "",
        "`benchmarks/scenario_concurrent.py`. In-process: an `httpx.MockTransport` answers "
        "(client-side work only; the SDK gets it as an injected `http_client`). Loopback: the "
        "emulator in its own process (pinned to CPU 0, the client to CPU 1); every client has "
        "httpx's default pool (100 connections). *Wall* is the gather's wall time ÷ N, *CPU* the "
        "client process's CPU time ÷ N.",
        "",
        "| Case | Client | wall µs | IQR | × floor (wall) | CPU µs | × floor (CPU) |",
        "|---|---|---|---|---|---|---|",
    ]
    for case in concurrent.values():
        title = f"{case['n']:,} × {'in-process' if case['mode'] == 'inprocess' else 'loopback'}"
        rows = case["rows"]
        floor_wall, floor_cpu = _med(rows["httpx"]), _med(rows["httpx"], "cpu_us")
        for row in rows.values():
            out.append(
                f"| {title} | {row['label']} | {_num(_med(row))} | {_spread(row['us'])} | "
                f"{_x(_med(row) / floor_wall)} | {_num(_med(row, 'cpu_us'))} | "
                f"{_x(_med(row, 'cpu_us') / floor_cpu)} |"
            )
    out.append("")
    return out


def render(results: dict[str, Any]) -> list[str]:
    """The issue-16 rows (per call `get`, list 10k, first call, concurrency) and the targets."""
    rows16 = results.get("issue16")
    if not rows16:
        return []  # results.json from before these rows existed
    out = [
        "### Per call `get` and listing 10,000 actions (in-process, µs)",
        "",
        "Every answer comes from an `httpx.MockTransport` (`benchmarks/scenario_issue16.py`), so "
        "only client-side work is measured; the floor is plain `httpx.Client` + `response.json()` "
        "in the same run; ratios are of medians of interleaved runs.",
        "",
        "| Operation | Client | median µs (per item, list) | IQR | × floor | RSS held (MB) |",
        "|---|---|---|---|---|---|",
    ]
    names = {
        "auth0_get": "Auth0 `actions.get`",
        "zitadel_get": "ZITADEL `actions.get`",
        "list10k": "list + hold 10,000 Auth0 actions",
    }
    for op, rows in rows16.items():
        for variant, row in rows.items():
            rss = f"{row['rss_mb']:.0f}" if "rss_mb" in row else "—"
            out.append(
                f"| {names.get(op, op)} | {row['label']} | {_num(_med(row))} | "
                f"{_spread(row['us'])} | {_x(_ratio16(results, op, variant))} | {rss} |"
            )
    out.append("")
    out += _first_call_table(results)
    out += _concurrent_table(results)
    out += [
        "### Where each target of issue 16 stands (this run)",
        "",
        "Every figure and every reason below is computed from this run's `results.json` by "
        "`benchmarks/report_issue16.py`.",
        "",
        "| Target | Measured | Met / missed | Reason (measured) |",
        "|---|---|---|---|",
    ]
    for row in targets(results):
        verdict = "✅ met" if row["met"] else "❌ missed"
        reason = row["reason"] if not row["met"] else "—"
        out.append(f"| {row['target']} | {row['measured']} | {verdict} | {reason} |")
    out.append("")
    return out
