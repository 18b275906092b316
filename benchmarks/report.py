"""Turn ``results.json`` into ratios, target verdicts, ``docs/benchmarks.md`` and its chart.

``python benchmarks/report.py`` re-renders the page from an existing ``benchmarks/results.json``
without measuring again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from common import AUTH0_FIXTURE, BENCH_DIR, ROOT
from scenario_diag import FIRST_REQUEST_STEP

# ------------------------------------------------------------------------------------------------
# Ratios and targets
# ------------------------------------------------------------------------------------------------


def _imp(results: dict[str, Any], case: str) -> float:
    value: float = results["import"]["rows"][case]["ms"]["median"]
    return value


def _dec(results: dict[str, Any], case: str) -> float:
    value: float = results["decode"]["rows"][case]["us"]["median"]
    return value


def _call(results: dict[str, Any], mode: str, variant: str) -> float:
    value: float = results["per_call"][mode][variant]["us"]["median"]
    return value


DECODE_TARGET = "decode of the seed Action ≤ 30 µs"


def evaluate(results: dict[str, Any]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Compute every ratio the page shows and the verdict of each target of issue 6."""
    httpx_ms = _imp(results, "httpx")
    httpx_client_ms = _imp(results, "httpx_client")
    bulk = results["bulk"]
    ratios = {
        "import_sdk_vs_httpx": _imp(results, "sdk") / httpx_ms,
        "import_sdk_client_vs_httpx": _imp(results, "sdk_auth0_client") / httpx_ms,
        "import_sdk_client_vs_httpx_client": _imp(results, "sdk_auth0_client") / httpx_client_ms,
        "import_sdk_zitadel_client_vs_httpx": _imp(results, "sdk_zitadel_client") / httpx_ms,
        "import_auth0_vs_httpx": _imp(results, "auth0_python") / httpx_ms,
        "import_auth0_client_vs_httpx": _imp(results, "auth0_python_client") / httpx_ms,
        "import_auth0_client_vs_httpx_client": _imp(results, "auth0_python_client")
        / httpx_client_ms,
        "import_zitadel_vs_httpx": _imp(results, "zitadel_client") / httpx_ms,
        "import_zitadel_client_vs_httpx": _imp(results, "zitadel_client_client") / httpx_ms,
        "import_deps_vs_httpx": _imp(results, "deps") / httpx_ms,
        "import_sdk_client_fast_vs_httpx": _imp(results, "sdk_auth0_client_fast") / httpx_ms,
        "decode_action_sdk_vs_json": _dec(results, "action:sdk") / _dec(results, "action:json"),
        "decode_action_sdk_fast_vs_json": _dec(results, "action:sdk_fast")
        / _dec(results, "action:json"),
        "decode_action_orjson_vs_json": _dec(results, "action:orjson")
        / _dec(results, "action:json"),
        "decode_action_auth0_vs_json": _dec(results, "action:auth0_python")
        / _dec(results, "action:json"),
        "decode_action_auth0_vs_sdk": _dec(results, "action:auth0_python")
        / _dec(results, "action:sdk"),
        "decode_action_auth0_vs_sdk_fast": _dec(results, "action:auth0_python")
        / _dec(results, "action:sdk_fast"),
        "decode_action_pydantic_vs_json": _dec(results, "action:pydantic")
        / _dec(results, "action:json"),
        "decode_action_dataclass_vs_json": _dec(results, "action:dataclass")
        / _dec(results, "action:json"),
        "decode_page_sdk_vs_json": _dec(results, "page:sdk") / _dec(results, "page:json"),
        "decode_page_sdk_fast_vs_json": _dec(results, "page:sdk_fast") / _dec(results, "page:json"),
        "decode_page_auth0_vs_json": _dec(results, "page:auth0_python")
        / _dec(results, "page:json"),
        "decode_page_auth0_vs_sdk": _dec(results, "page:auth0_python") / _dec(results, "page:sdk"),
        "decode_page_auth0_vs_sdk_fast": _dec(results, "page:auth0_python")
        / _dec(results, "page:sdk_fast"),
        "decode_zitadel_sdk_vs_json": _dec(results, "zitadel:sdk") / _dec(results, "zitadel:json"),
        "decode_zitadel_sdk_fast_vs_json": _dec(results, "zitadel:sdk_fast")
        / _dec(results, "zitadel:json"),
        "decode_zitadel_pydantic_vs_json": _dec(results, "zitadel:pydantic")
        / _dec(results, "zitadel:json"),
        "decode_zitadel_client_target_vs_json": _dec(results, "zitadel_target:zitadel_client")
        / _dec(results, "zitadel_target:json"),
    }
    for mode in ("inprocess", "loopback"):
        floor = _call(results, mode, "httpx")
        ratios[f"call_{mode}_sdk_vs_httpx"] = _call(results, mode, "sdk") / floor
        ratios[f"call_{mode}_sdk_fast_vs_httpx"] = _call(results, mode, "sdk_fast") / floor
        ratios[f"call_{mode}_auth0_vs_httpx"] = _call(results, mode, "auth0_python") / floor
        ratios[f"call_{mode}_auth0_vs_sdk"] = _call(results, mode, "auth0_python") / _call(
            results, mode, "sdk"
        )
    for variant, row in bulk["rows"].items():
        ratios[f"bulk_{variant}_vs_floor"] = row["wall_s"] / bulk["floor_s"]

    rss = results["import"]["rows"]["sdk_auth0_client"]["rss_mb"]
    targets = [
        _target(
            "import-module",
            "`import actions_sdk` ≤ 1.3 × `import httpx`",
            ratios["import_sdk_vs_httpx"],
            1.3,
            " ×",
        ),
        _target(
            "import-client",
            "first client (`import` + `for_auth0(...)` + `.actions`) ≤ 1.3 × `import httpx`, "
            "default install",
            ratios["import_sdk_client_vs_httpx"],
            1.3,
            " ×",
        ),
        _target("rss", "RSS after import + client ≤ 30 MB, default install", rss, 30.0, " MB"),
        _target(
            "decode",
            f"{DECODE_TARGET}, default install (stdlib `json`)",
            _dec(results, "action:sdk"),
            30.0,
            " µs",
        ),
        _target(
            "decode-fast",
            f"{DECODE_TARGET}, `actions-sdk[fast]` (orjson)",
            _dec(results, "action:sdk_fast"),
            30.0,
            " µs",
        ),
        _target(
            "per-call",
            "per-call overhead (in-process) ≤ 1.2 × plain httpx + json, default install",
            ratios["call_inprocess_sdk_vs_httpx"],
            1.2,
            " ×",
        ),
    ]
    for variant in ("sdk_budget", "sdk"):
        row = bulk["rows"][variant]
        verdict = _target(
            f"bulk-{variant}",
            f"bulk, {row['label']}: ≤ 1.1 × floor, 0 failed calls",
            ratios[f"bulk_{variant}_vs_floor"],
            1.1,
            " ×",
        )
        if row["failed"]:
            verdict["met"] = False
            verdict["verdict"] = f"missed: {row['failed']} failed calls"
        verdict["failed"] = row["failed"]
        targets.append(verdict)
    return ratios, targets


def _target(key: str, name: str, measured: float, limit: float, unit: str) -> dict[str, Any]:
    met = measured <= limit
    if met:
        verdict = f"met ({_num(measured)}{unit} ≤ {_num(limit)}{unit})"
    else:
        verdict = (
            f"missed by {(measured / limit - 1) * 100:.0f} %: {_num(measured)}{unit} against "
            f"≤ {_num(limit)}{unit}"
        )
    return {
        "key": key,
        "name": name,
        "measured": measured,
        "limit": limit,
        "unit": unit,
        "met": met,
        "verdict": verdict,
    }


# ------------------------------------------------------------------------------------------------
# Formatting
# ------------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _x(value: float) -> str:
    return f"{value:.2f} ×"


def _spread(stats: dict[str, Any]) -> str:
    return f"{_num(stats['q1'])}–{_num(stats['q3'])}"


# ------------------------------------------------------------------------------------------------
# Why a target is missed, and what would close it (numbers from the same run)
# ------------------------------------------------------------------------------------------------


def _decode_section(results: dict[str, Any]) -> tuple[str, str]:
    """Heading and text of the decode target, both configurations (numbers from the same run)."""
    by_key = {t["key"]: t for t in results["targets"]}
    default, fast = by_key["decode"], by_key["decode-fast"]
    limit = default["limit"]
    json_us, orjson_us = _dec(results, "action:json"), _dec(results, "action:orjson")
    total, total_fast = default["measured"], fast["measured"]
    objects = _objects()
    build_us, build_fast_us = total - json_us, total_fast - orjson_us
    size = results["decode"]["rows"]["action:sdk"]["bytes"]

    def state(t: dict[str, Any]) -> str:
        return "met" if t["met"] else "missed"

    heading = (
        f"{DECODE_TARGET[0].upper()}{DECODE_TARGET[1:]}: {state(default)} by the default install "
        f"({_num(total)} µs), {state(fast)} with `actions-sdk[fast]` ({_num(total_fast)} µs)"
    )
    text = (
        f"**Why.** A decode parses the {size:,}-byte body and builds its {objects} nested frozen "
        "objects (on the generated fast structure path). Default install: `json.loads` takes "
        f"{_num(json_us)} µs of the {_num(total)} µs ({json_us / total * 100:.0f} %), building "
        f"the objects the other {_num(build_us)} µs (≈ {_num(build_us / objects)} µs per object). "
        f"`actions-sdk[fast]`: `orjson.loads` parses the same body in {_num(orjson_us)} µs "
        f"({json_us / orjson_us:.1f} × faster than `json.loads`), and the whole decode takes "
        f"{_num(total_fast)} µs, {_num(build_fast_us)} µs of it building the objects "
        f"({_num(build_us)} µs after `json.loads`). For scale: plain pydantic takes "
        f"{_num(_dec(results, 'action:pydantic'))} µs, pydantic's compiled "
        f"`model_validate_json` {_num(_dec(results, 'action:pydantic_json'))} µs and "
        f"auth0-python's model path {_num(_dec(results, 'action:auth0_python'))} µs on the same "
        "body."
    )
    if not default["met"]:
        room = limit - json_us
        text += (
            f"\n\n**What would close it for the default install.** {_num(total - limit)} µs must "
            "go. "
        )
        if room > 0:
            text += (
                f"With `json.loads` at {_num(json_us)} µs, {_num(limit)} µs leave {_num(room)} µs "
                f"for the objects, ≈ {_num(room / objects)} µs each against "
                f"{_num(build_us / objects)} µs now: object building would have to get "
                f"{(1 - room / build_us) * 100:.0f} % cheaper (less work per object in the "
                "generated hooks, e.g. the `TriggerId` converter that runs on every trigger id). "
            )
        else:
            text += (
                f"`json.loads` alone ({_num(json_us)} µs) is over the limit, so no decoder that "
                "parses with the standard library can meet it. "
            )
        text += f"Installing `actions-sdk[fast]` saves {_num(json_us - orjson_us)} µs of parsing"
        if fast["met"]:
            text += f" and meets the target with {_num(limit - total_fast)} µs to spare."
        else:
            text += f" but still misses by {_num(total_fast - limit)} µs."
    if not fast["met"]:
        text += (
            f"\n\n**What would close it with `[fast]`.** {_num(total_fast - limit)} µs must go, "
            f"all of it from building the objects ({_num(build_fast_us)} µs; parsing is "
            f"{_num(orjson_us)} µs)."
        )
    return heading, text


def _fast_import_note(results: dict[str, Any]) -> str:
    """What the ``[fast]`` extra adds to the first client's import (it imports orjson)."""
    rows = results["import"]["rows"]
    default, fast = rows["sdk_auth0_client"], rows["sdk_auth0_client_fast"]
    extra_ms = fast["ms"]["median"] - default["ms"]["median"]
    return (
        "With `actions-sdk[fast]` installed the first client also imports orjson (the provider's "
        f"converter module does): {_num(extra_ms)} ms, {_num(fast['rss_mb'] - default['rss_mb'])} "
        f"MB and {fast['modules'] - default['modules']} modules more, "
        f"{_x(fast['ms']['median'] / _imp(results, 'httpx'))} `import httpx` instead of "
        f"{_x(default['ms']['median'] / _imp(results, 'httpx'))} (RSS {_num(fast['rss_mb'])} MB)."
    )


def _explain(target: dict[str, Any], results: dict[str, Any]) -> str:
    key = target["key"]
    diag = results["diagnostics"]
    steps = diag.get("import_steps_ms", {})
    httpx_ms = _imp(results, "httpx")
    ssl_ms = _imp(results, "httpx_client") - httpx_ms
    if key == "import-client":
        deps_ratio = _imp(results, "deps") / httpx_ms
        first_request_ms = steps.get(FIRST_REQUEST_STEP, ssl_ms)
        import_steps = {k: v for k, v in steps.items() if k != FIRST_REQUEST_STEP}
        parts = ", ".join(f"{label} {_num(ms)} ms" for label, ms in import_steps.items())
        own_ms = sum(ms for label, ms in import_steps.items() if label.startswith("actions_sdk"))
        models_ms = import_steps.get("actions_sdk Auth0 models", 0.0)
        allowed_ms = target["limit"] * httpx_ms
        room_text = ""
        if "httpx" in import_steps and "attrs" in import_steps:
            # What is left of the allowance once the two dependencies nothing can defer are in.
            room = allowed_ms - import_steps["httpx"] - import_steps["attrs"]
            room_text = (
                f"After `httpx` and `attrs` (which the models need) {_num(room)} ms of the "
                f"allowance remain for `cattrs` ({_num(import_steps.get('cattrs', 0.0))} ms) "
                f"and the SDK's own modules ({_num(own_ms)} ms). "
            )
        return (
            f"**Why.** `import actions_sdk` itself is lazy ({_num(_imp(results, 'sdk'))} ms), and "
            "the first client neither builds an `httpx.Client` (the SDK's own client is created "
            f"by the first request, which then pays the {_num(first_request_ms)} ms any "
            "`httpx.Client` costs here for its SSL context and certifi's CA bundle) nor imports "
            "`tenacity` (imported by the first retry). What remains is importing. Step by step "
            f"in one fresh interpreter: {parts}. `httpx` + `attrs` + `cattrs` alone are already "
            f"{_x(deps_ratio)} `import httpx`; the SDK's own modules add {_num(own_ms)} ms, "
            f"{_num(models_ms)} ms of it for the Auth0 model classes (attrs generates every "
            "class's methods when the module is imported). Like for like — against "
            "`import httpx` + `httpx.Client()`, what any client that has sent a request has paid "
            "— the first client is "
            f"{_x(results['ratios']['import_sdk_client_vs_httpx_client'])} (auth0-python: "
            f"{_x(results['ratios']['import_auth0_client_vs_httpx_client'])}).\n\n"
            f"**What would close it.** 1.3 × allows {_num(allowed_ms)} ms, so "
            f"{_num(_imp(results, 'sdk_auth0_client') - allowed_ms)} ms must go, and no "
            "single deferred import is left that large. "
            f"{room_text}It takes restructuring the SDK's modules: importing `cattrs` and "
            "building the converters on the first (un)structure, defining the Auth0 model "
            "classes on first decode instead of at import (the models step above), and keeping "
            "the transport's and providers' request classes out of the first client's imports."
            f"\n\n{_fast_import_note(results)}"
        )
    if key == "rss":
        rss = results["import"]["rows"]
        ssl_mb = rss["httpx_client"]["rss_mb"] - rss["httpx"]["rss_mb"]
        own_mb = rss["sdk_auth0_client"]["rss_mb"] - rss["deps"]["rss_mb"]
        return (
            f"**Why.** `import httpx` alone is {_num(rss['httpx']['rss_mb'])} MB and httpx + "
            f"attrs + cattrs {_num(rss['deps']['rss_mb'])} MB (bare interpreter "
            f"{_num(rss['bare']['rss_mb'])} MB); the SDK's own modules add {_num(own_mb)} MB. "
            "The SDK-owned `httpx.Client` is not in this figure any more: the first request "
            f"builds it and adds its {_num(ssl_mb)} MB (SSL context with certifi's CA bundle)."
            "\n\n**What would close it.** Loading the model modules on first use."
        )
    if key == "per-call":
        parts = diag.get("percall_us", {})
        floor = _call(results, "inprocess", "httpx")
        overhead = _call(results, "inprocess", "sdk") - floor
        allowance = (target["limit"] - 1) * floor
        headers_us = parts.get("http_with_json_us", 0.0) - parts.get("plain_us", 0.0)
        if "retry_wrapper_us" not in parts:
            detail = f"(the per-part breakdown was unavailable: {parts.get('error', '?')})"
        else:
            detail = (
                "Peeled layer by layer in the same run (GC off, so a little below the batch "
                f"figures): typed decoding beyond `json.loads` {_num(parts['decode_model_us'])} "
                "µs; the namespace, request object, provider plan and plan driving "
                f"{_num(parts['namespace_provider_us'])} µs (of which the provider's validation "
                f"and body {_num(parts['provider_plan_us'])} µs); the retry wrapper "
                f"{_num(parts['retry_wrapper_us'])} µs (the first attempt is sent directly; "
                "tenacity is entered only after a failure the policy retries); and the HTTP "
                f"exchange itself costs {_num(parts['http_with_json_us'])} µs with `json.loads` "
                f"against {_num(parts['plain_us'])} µs for the plain call: {_num(headers_us)} µs, "
                "because this row gives the SDK the mock as an injected `http_client`, and to a "
                "client it did not build the SDK passes its user-agent, accept and "
                "authorization headers and its timeout with every request (httpx merges them "
                "each time; the plain call sets its token once on the client)."
            )
            if "owned_total_us" in parts:
                owned_headers = parts["owned_http_with_json_us"] - parts["plain_us"]
                detail += (
                    " Through a client the SDK builds itself — the usual case, and the loopback "
                    "row — the headers and timeout are set once on it and only the token goes "
                    f"per request: that exchange costs {_num(parts['owned_http_with_json_us'])} "
                    f"µs ({_num(owned_headers)} µs over the plain call) and the whole call "
                    f"{_num(parts['owned_total_us'])} µs, "
                    f"{_x(parts['owned_total_us'] / parts['plain_us'])} the plain call in the "
                    "same GC-off measurement."
                )
        fast_us = _call(results, "inprocess", "sdk_fast")
        saved_parse = _dec(results, "action:json") - _dec(results, "action:orjson")
        fast_note = (
            f"With `actions-sdk[fast]` the same call takes {_num(fast_us)} µs, "
            f"{_x(fast_us / floor)} the floor ({_num(floor + allowance)} µs allowed): orjson "
            f"parses the body ≈ {_num(saved_parse)} µs faster, while the floor keeps the "
            "standard library's `response.json()` (a floor that parsed with orjson too would be "
            f"≈ {_num(floor - saved_parse)} µs, and the `[fast]` call "
            f"{_x(fast_us / (floor - saved_parse))} that)."
        )
        decode_note = (
            f"typed decoding alone ({_num(parts['decode_model_us'])} µs) is more than the whole "
            f"{_num(allowance)} µs allowance"
            if "decode_model_us" in parts
            else "typed decoding alone is about the whole allowance"
        )
        return (
            f"**Why.** The SDK adds {_num(overhead)} µs to a {_num(floor)} µs plain call; 1.2 × "
            f"allows {_num(allowance)} µs, so the target is missed by "
            f"{_num(overhead - allowance)} µs. {detail} Over loopback HTTP, where the server's "
            "work is part of every call, the same client-side overhead is "
            f"{_x(results['ratios']['call_loopback_sdk_vs_httpx'])} the floor.\n\n"
            f"**What would close it.** Not the layers around the request: {decode_note}, so "
            "1.2 × needs decoding that builds the typed models at close to `json.loads` speed — "
            "a compiled decoder that parses and builds in one step (what pydantic's "
            "`model_validate_json` does in the decode table, or msgspec), i.e. a different "
            "model base than attrs + cattrs — or dropping typed models from the hot path. "
            f"{fast_note} The smaller levers left are leaner generated hooks and, for injected "
            "clients, fewer per-request headers (they cannot be set on a client the caller owns)."
        )
    if key.startswith("bulk-"):
        bulk = results["bulk"]
        row = bulk["rows"][key.removeprefix("bulk-")]
        server = row.get("server", {}).get("statuses", {})
        return (
            f"**Why.** {row['failed']} failed calls; the server answered "
            f"{server.get('429', 0)} × 429. Without a budget each 429 costs a wait until the "
            "next `x-ratelimit-reset` second.\n\n**What would close it.** Pass a "
            "`RequestBudget` matching the tenant's limit."
        )
    return (
        "**Why.** `import actions_sdk` imports nothing but a lazy `__getattr__`.\n\n"
        "**What would close it.** —"
    )


# ------------------------------------------------------------------------------------------------
# Page
# ------------------------------------------------------------------------------------------------


def _objects() -> int:
    """JSON objects in the update seed's Action (the nested models a decode builds)."""

    def count(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + sum(count(v) for v in value.values())
        if isinstance(value, list):
            return sum(count(v) for v in value)
        return 0

    return count(json.loads(AUTH0_FIXTURE.read_text()))


def _machine_line(machine: dict[str, Any]) -> str:
    memory = f", {machine['memory_gib']} GiB RAM" if machine.get("memory_gib") else ""
    return (
        f"{machine['cpu']}, {machine['cores']} cores{memory}; {machine['python']}; {machine['os']}"
    )


def render(results: dict[str, Any], chart_name: str) -> str:
    r = results["ratios"]
    imp = results["import"]["rows"]
    dec = results["decode"]["rows"]
    pc = results["per_call"]
    bulk = results["bulk"]
    machine = results["machine"]
    pk = machine["packages"]
    a0 = f"auth0-python {pk.get('auth0-python', '?')}"
    zc = f"zitadel-client {pk.get('zitadel-client', '?')}"
    out: list[str] = []
    w = out.append

    w("# Benchmarks")
    w("")
    w(
        "actions-sdk side by side with the SDKs users would pick instead, **measured in one run** "
        f"of `make bench` ({results['generated']}, {results['duration_s'] / 60:.1f} min"
        f"{', quick mode' if results.get('quick') else ''})."
    )
    w("")
    w(f"**Machine:** {_machine_line(machine)}.  ")
    load = results.get("load") or {}
    if load.get("start") and load.get("end"):
        w(
            f"**Load:** 1-minute load average {load['start'][0]:g} when the run started, "
            f"{load['end'][0]:g} when it ended, on {machine['cores']} cores shared with other "
            "work: only ratios of interleaved runs in this page mean much.  "
        )
    w(
        f"**Versions:** actions-sdk {pk.get('actions-sdk', '?')} (commit {machine['commit']}), "
        f"{a0}, {zc}, httpx {pk.get('httpx', '?')}, pydantic {pk.get('pydantic', '?')}, "
        f"attrs {pk.get('attrs', '?')}, cattrs {pk.get('cattrs', '?')}, "
        f"tenacity {pk.get('tenacity', '?')}, orjson {pk.get('orjson', '?')} (`[fast]` rows only)."
    )
    w("")
    w(
        "Figures are medians of repeated runs; every cold import is a fresh interpreter. "
        "Lower is better everywhere; a ratio is *this row ÷ its floor*. How each figure is "
        "measured: `benchmarks/README.md` in the repository; raw samples: "
        "`benchmarks/results.json`."
    )
    w("")

    # -- ratios --------------------------------------------------------------------------------
    w("## Ratios")
    w("")
    w(f"| | actions-sdk | {a0} | {zc} | floor |")
    w("|---|---|---|---|---|")
    w(
        f"| Cold import, module only | **{_x(r['import_sdk_vs_httpx'])}** | "
        f"{_x(r['import_auth0_vs_httpx'])} | {_x(r['import_zitadel_vs_httpx'])} | "
        "`import httpx` |"
    )
    w(
        f"| Cold import + client + `.actions` | **{_x(r['import_sdk_client_vs_httpx'])}** "
        f"(ZITADEL: {_x(r['import_sdk_zitadel_client_vs_httpx'])}; `[fast]`: "
        f"{_x(r['import_sdk_client_fast_vs_httpx'])}) | "
        f"{_x(r['import_auth0_client_vs_httpx'])} | {_x(r['import_zitadel_client_vs_httpx'])} | "
        "`import httpx` |"
    )
    w(
        f"| same, like for like | **{_x(r['import_sdk_client_vs_httpx_client'])}** | "
        f"{_x(r['import_auth0_client_vs_httpx_client'])} | "
        f"{_x(_imp(results, 'zitadel_client_client') / _imp(results, 'httpx_client'))} | "
        "`import httpx` + `httpx.Client()` |"
    )
    w(
        f"| RSS after import + client | **{_num(imp['sdk_auth0_client']['rss_mb'])} MB** | "
        f"{_num(imp['auth0_python_client']['rss_mb'])} MB | "
        f"{_num(imp['zitadel_client_client']['rss_mb'])} MB | "
        f"`import httpx`: {_num(imp['httpx']['rss_mb'])} MB |"
    )
    w(
        f"| Decode the seed Action | **{_x(r['decode_action_sdk_vs_json'])}** "
        f"(`[fast]`: **{_x(r['decode_action_sdk_fast_vs_json'])}**) | "
        f"{_x(r['decode_action_auth0_vs_json'])} | — | `json.loads` |"
    )
    w(
        f"| Decode a 50-action page | **{_x(r['decode_page_sdk_vs_json'])}** "
        f"(`[fast]`: **{_x(r['decode_page_sdk_fast_vs_json'])}**) | "
        f"{_x(r['decode_page_auth0_vs_json'])} | — | `json.loads` |"
    )
    w(
        f"| Decode the ZITADEL GetAction seed | **{_x(r['decode_zitadel_sdk_vs_json'])}** "
        f"(`[fast]`: **{_x(r['decode_zitadel_sdk_fast_vs_json'])}**) | — | "
        f"no v1 model (v2 GetTarget analogue: {_x(r['decode_zitadel_client_target_vs_json'])}) "
        "| `json.loads` |"
    )
    w(
        f"| `actions.update` per call, in-process | **{_x(r['call_inprocess_sdk_vs_httpx'])}** "
        f"(`[fast]`: **{_x(r['call_inprocess_sdk_fast_vs_httpx'])}**) | "
        f"{_x(r['call_inprocess_auth0_vs_httpx'])} | — | plain httpx + json |"
    )
    w(
        f"| `actions.update` per call, loopback HTTP | **{_x(r['call_loopback_sdk_vs_httpx'])}** "
        f"(`[fast]`: **{_x(r['call_loopback_sdk_fast_vs_httpx'])}**) "
        f"| {_x(r['call_loopback_auth0_vs_httpx'])} | — | plain httpx + json |"
    )
    rows = bulk["rows"]
    w(
        f"| Bulk under a rate limit: wall time | **{_x(r['bulk_sdk_budget_vs_floor'])}** with "
        f"budget, {_x(r['bulk_sdk_vs_floor'])} without | {_x(r['bulk_auth0_python_vs_floor'])} "
        f"| — | {bulk['requests']} requests ÷ {bulk['rate']:g}/s |"
    )
    w(
        f"| Bulk: failed calls | **{rows['sdk_budget']['failed']}** / {rows['sdk']['failed']} | "
        f"{rows['auth0_python']['failed']} | — | 0 |"
    )
    w("")
    w(
        "actions-sdk figures are the **default install** (`pip install actions-sdk`: response "
        "bodies parsed with the standard library's `json`); `[fast]` is "
        '`pip install "actions-sdk[fast]"`, which parses them with orjson, measured in the same '
        "run. The floors (`json.loads`, plain httpx + `response.json()`) use the standard library."
    )
    w("")
    w(
        f"auth0-python against actions-sdk: decode {_x(r['decode_action_auth0_vs_sdk'])} "
        f"(`[fast]`: {_x(r['decode_action_auth0_vs_sdk_fast'])}; page "
        f"{_x(r['decode_page_auth0_vs_sdk'])}, `[fast]`: "
        f"{_x(r['decode_page_auth0_vs_sdk_fast'])}), per call "
        f"{_x(r['call_inprocess_auth0_vs_sdk'])} in-process and "
        f"{_x(r['call_loopback_auth0_vs_sdk'])} over loopback HTTP (default install)."
    )
    w("")

    # -- targets -------------------------------------------------------------------------------
    w("## Targets")
    w("")
    w("| Target | Measured | Verdict |")
    w("|---|---|---|")
    for t in results["targets"]:
        mark = "✅ met" if t["met"] else f"❌ {t['verdict']}"
        if t["key"].startswith("bulk-"):
            mark += f", {t['failed']} failed"
        w(f"| {t['name']} | {_num(t['measured'])}{t['unit']} | {mark} |")
    w("")
    for t in results["targets"]:
        if t["key"] == "decode":  # one section for both configurations, met or missed
            heading, text = _decode_section(results)
            w(f"### {heading}")
            w("")
            w(text)
            w("")
        elif not t["met"] and t["key"] != "decode-fast":
            w(f"### Missed: {t['name']}")
            w("")
            w(_explain(t, results))
            w("")

    w(f"![Benchmarks chart]({chart_name})")
    w("")

    # -- absolute figures ----------------------------------------------------------------------
    w("## Absolute figures")
    w("")
    w(f"### Cold import ({results['import']['runs']} fresh interpreters per row)")
    w("")
    w("| Statement | median ms | IQR ms | × `import httpx` | process wall ms | RSS MB | modules |")
    w("|---|---|---|---|---|---|---|")
    httpx_ms = _imp(results, "httpx")
    for case, row in imp.items():
        w(
            f"| {row['label']} | {_num(row['ms']['median'])} | {_spread(row['ms'])} | "
            f"{_x(row['ms']['median'] / httpx_ms) if case != 'bare' else '—'} | "
            f"{_num(row['process_ms']['median'])} | {_num(row['rss_mb'])} | {row['modules']} |"
        )
    w("")
    w(
        "*median ms*: time of the statement inside the fresh interpreter; *process wall*: "
        "spawn to exit, interpreter start-up included; *modules*: modules the statement added. "
        "Every actions_sdk row but the `[fast]` one is the default install (orjson not "
        f"importable). {_fast_import_note(results)} `import actions_sdk` alone does not import "
        "it."
    )
    w("")
    steps = results["diagnostics"].get("import_steps_ms", {})
    if steps:
        w("Where actions-sdk's first-client time goes (one fresh interpreter, steps in order):")
        w("")
        w("| Step | ms |")
        w("|---|---|")
        for label, ms in steps.items():
            w(f"| {label} | {_num(ms)} |")
        w("")

    w(f"### Decoding (median of {results['decode']['repeats']} repeats, µs per body)")
    w("")
    w("| Body | Decoder | µs | IQR µs | × `json.loads` | per object µs |")
    w("|---|---|---|---|---|---|")
    json_of = {
        "Auth0 Action (update seed)": "action:json",
        "Auth0 list page, 50 actions": "page:json",
        "ZITADEL GetAction (seed)": "zitadel:json",
        "ZITADEL v2 GetTarget, 1 target": "zitadel_target:json",
    }
    for row in dec.values():
        per = row["us"]["median"] / (50 if row["body"].startswith("Auth0 list") else 1)
        ratio = row["us"]["median"] / _dec(results, json_of[row["body"]])
        w(
            f"| {row['body']} ({row['bytes']:,} B) | {row['label']} | "
            f"{_num(row['us']['median'])} | {_spread(row['us'])} | {_x(ratio)} | {_num(per)} |"
        )
    w("")
    w(
        "Every decoder starts from the bytes of an `httpx.Response`. actions-sdk: the "
        "operation's own decoder from the provider's plan (what a real call pays), as the "
        "default install (standard-library `json`) and as `actions-sdk[fast]` (orjson), with "
        "`orjson.loads` alone as the latter's parsing floor; auth0-python: "
        "`parse_obj_as(UpdateActionResponseContent, response.json())` as its `actions.update` "
        "does; zitadel-client has no v1 actions model, so its `ApiClient.deserialize` of a v2 "
        "`GetTargetResponse` is shown as the nearest analogue, not a like-for-like figure."
    )
    w("")

    w(f"### Per-call overhead ({pc['calls']:,} sequential `actions.update(id, code=…)` per batch)")
    w("")
    w("| Transport | Client | µs per call | IQR µs | × floor | overhead over floor µs |")
    w("|---|---|---|---|---|---|")
    for mode, title in (("inprocess", "in-process"), ("loopback", "loopback HTTP/1.1")):
        floor = _call(results, mode, "httpx")
        for row in pc[mode].values():
            us = row["us"]["median"]
            w(
                f"| {title} | {row['label']} | {_num(us)} | {_spread(row['us'])} | "
                f"{_x(us / floor)} | {_num(us - floor)} |"
            )
    w("")
    w(
        "In-process: an `httpx.MockTransport` answers every request with the update seed's "
        "Action, so only client-side work is measured. Loopback: keep-alive HTTP/1.1 to the Auth0 "
        "emulator running in a separate process (its server sets `TCP_NODELAY`; server and client "
        "pinned to different CPUs); the emulator's own work is part of every row, and on 2 cores "
        "part of a client's post-response work overlaps with the server's."
    )
    w("")

    w(
        f"### Bulk automation ({bulk['actions']} `actions.update` + 1 bindings write, "
        f"rate limit burst {bulk['burst']}, {bulk['rate']:g}/s, real clock)"
    )
    w("")
    w("| Client | wall s | × floor | failed calls | requests sent | 429 answers |")
    w("|---|---|---|---|---|---|")
    for row in rows.values():
        server = row.get("server", {})
        statuses = server.get("statuses", {})
        w(
            f"| {row['label']} | {_num(row['wall_s'])} | {_x(row['wall_s'] / bulk['floor_s'])} | "
            f"{row['failed']} | {server.get('requests', '?')} | {statuses.get('429', 0)} |"
        )
    w("")
    w(
        f"Floor: {bulk['requests']} requests ÷ {bulk['rate']:g}/s = {_num(bulk['floor_s'])} s. "
        f"A client that uses the burst perfectly needs {_num(bulk['ideal_s'])} s "
        f"({_x(bulk['ideal_s'] / bulk['floor_s'])}), which is why a ratio can be below 1. "
        "The budgeted SDK run uses `RequestBudget(per_second=rate, burst=burst − 1)`, the shape "
        "of the SDK's presets."
    )
    w("")
    out.extend(render_bulk_async(results))
    import report_issue16  # imports this module's formatters

    out.extend(report_issue16.render(results))
    w("## Reproduce")
    w("")
    w("```bash")
    w("make bench          # builds benchmarks/.venv, measures, rewrites this page")
    w("```")
    w("")
    return "\n".join(out)


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ours, a0c, zcc, floor_c = "#2b6cb0", "#dd6b20", "#805ad5", "#718096"
    ours_fast = "#63b3ed"
    fig, axes = plt.subplots(2, 2, figsize=(13, 8.5))
    fig.suptitle(
        f"actions-sdk vs auth0-python vs zitadel-client — one run, {results['machine']['cpu']}, "
        f"{results['machine']['cores']} cores, {results['machine']['python']}",
        fontsize=11,
    )

    def bars(
        ax: Any,
        labels: list[str],
        values: list[float],
        colors: list[str],
        floors: float | list[float] | None = None,
        suffix: str = "",
    ) -> None:
        positions = range(len(labels))
        ax.barh(list(positions), values, color=colors)
        ax.set_yticks(list(positions), labels, fontsize=8)
        ax.invert_yaxis()
        per_bar = floors if isinstance(floors, list) else [floors or 0.0] * len(values)
        top = max([*values, *per_bar])
        for pos, value, floor in zip(positions, values, per_bar, strict=True):
            text = _num(value)
            if floor:
                text += f"  ({value / floor:.2f} ×{suffix})"
            ax.text(value + top * 0.01, pos, text, va="center", fontsize=8)
        ax.set_xlim(0, top * 1.35)

    imp = results["import"]["rows"]
    cases = [
        ("httpx", "import httpx", floor_c),
        ("httpx_client", "httpx + Client()", floor_c),
        ("sdk", "import actions_sdk", ours),
        ("sdk_auth0_client", "actions-sdk client", ours),
        ("sdk_auth0_client_fast", "actions-sdk[fast] client", ours_fast),
        ("auth0_python", "import auth0.management", a0c),
        ("auth0_python_client", "auth0-python client", a0c),
        ("zitadel_client", "import zitadel_client", zcc),
        ("zitadel_client_client", "zitadel-client client", zcc),
    ]
    bars(
        axes[0][0],
        [label for _, label, _ in cases],
        [imp[case]["ms"]["median"] for case, _, _ in cases],
        [color for _, _, color in cases],
        imp["httpx"]["ms"]["median"],
        " httpx",
    )
    axes[0][0].set_title("Cold import (ms, fresh interpreter; ratio to import httpx)", fontsize=10)

    cases = [
        ("action:orjson", "orjson.loads", floor_c),
        ("action:json", "json.loads", floor_c),
        ("action:dataclass", "json + dataclasses", floor_c),
        ("action:pydantic", "json + plain pydantic", floor_c),
        ("action:sdk_fast", "actions-sdk[fast]", ours_fast),
        ("action:sdk", "actions-sdk", ours),
        ("action:auth0_python", "auth0-python", a0c),
    ]
    bars(
        axes[0][1],
        [label for _, label, _ in cases],
        [_dec(results, case) for case, _, _ in cases],
        [color for _, _, color in cases],
        _dec(results, "action:json"),
        " json",
    )
    axes[0][1].set_title("Decode the seed Action (µs; dashed: 30 µs target)", fontsize=10)
    axes[0][1].axvline(30, color="#c53030", linestyle="--", linewidth=1)

    labels, values, colors, floors = [], [], [], []
    for mode, title in (("inprocess", "in-process"), ("loopback", "loopback")):
        for variant, name, color in (
            ("httpx", "plain httpx", floor_c),
            ("sdk", "actions-sdk", ours),
            ("sdk_fast", "actions-sdk[fast]", ours_fast),
            ("auth0_python", "auth0-python", a0c),
        ):
            labels.append(f"{name} ({title})")
            values.append(_call(results, mode, variant))
            colors.append(color)
            floors.append(_call(results, mode, "httpx"))
    bars(axes[1][0], labels, values, colors, floors, " plain")
    axes[1][0].set_title("actions.update per call (µs)", fontsize=10)

    bulk = results["bulk"]
    names = {
        "sdk": "actions-sdk",
        "sdk_budget": "actions-sdk + budget",
        "auth0_python": "auth0-python",
    }
    variants = list(bulk["rows"])
    bars(
        axes[1][1],
        [names.get(v, v) for v in variants],
        [bulk["rows"][v]["wall_s"] for v in variants],
        [a0c if v == "auth0_python" else ours for v in variants],
        bulk["floor_s"],
        " floor",
    )
    axes[1][1].axvline(bulk["floor_s"], color="#c53030", linestyle="--", linewidth=1)
    axes[1][1].set_title(
        f"Bulk: {bulk['requests']} requests at {bulk['rate']:g}/s (s; dashed: floor)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def render_bulk_async(results: dict[str, Any]) -> list[str]:
    """The issue-16 bulk rows: no explicit budget, wall ÷ N/R and failed calls, with verdicts."""
    bulk = results.get("bulk_async")
    if not bulk:
        return []  # results.json from before these rows existed
    out = [
        f"### Bulk with no explicit budget ({bulk['actions']} `actions.update`, real clock)",
        "",
        "Target (issue 16): async `gather` at 10/s (burst 10) with **no** budget: 0 failed calls "
        "and wall ≤ 1.1 × N/R; sync at 20/s ≤ 1.1 × N/R.",
        "",
        "| Run | rate | wall (s) | wall ÷ N/R | failed | requests (429s) | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for variant, row in bulk["rows"].items():
        ratio = row["wall_s"] / row["floor_s"]
        statuses = row.get("server", {}).get("statuses", {})
        requests = row.get("server", {}).get("requests", "?")
        if variant in ("async", "sync"):
            met = ratio <= 1.1 and row["failed"] == 0
            verdict = "✅ met" if met else "❌ missed"
        else:
            verdict = "— (comparison)"
        out.append(
            f"| {row['label']} | {row['rate']:g}/s, burst {row['burst']} | {_num(row['wall_s'])} | "
            f"{_x(ratio)} | {row['failed']} | {requests} ({statuses.get('429', 0)}) | {verdict} |"
        )
    out += [
        "",
        "N/R: calls ÷ rate. The burst lets a perfect client finish in (N − burst) ÷ R, so a ratio "
        "can be below 1. *Learning off* is the behaviour before issue 16: every refused task "
        "slept to the same whole-second `x-ratelimit-reset` and most ran out of retries.",
        "",
    ]
    return out


def write_page(results: dict[str, Any], page: Path) -> None:
    page.parent.mkdir(parents=True, exist_ok=True)
    chart_path = page.with_suffix(".png")
    chart(results, chart_path)
    page.write_text(render(results, chart_path.name) + "\n")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else BENCH_DIR / "results.json"
    page = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "benchmarks.md"
    results = json.loads(source.read_text())
    results["ratios"], results["targets"] = evaluate(results)
    import report_issue16

    results["issue16_targets"] = report_issue16.targets(results)
    write_page(results, page)
    sys.stdout.write(f"rendered {page}\n")


if __name__ == "__main__":
    main()
