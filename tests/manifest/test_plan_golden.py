"""Golden plans (text and JSON) for the typical changes, on both vendor APIs.

Each case applies a base manifest to a fresh emulator, then plans a changed manifest and compares
the rendered text and the JSON with ``tests/manifest/golden/<api>-<case>.{txt,json}``. Regenerate
after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/manifest``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from actions_sdk import manifest as am
from tests.manifest.helpers import ENV, SECRET_VALUE, Tenant, edit_manifest, write_manifest

GOLDEN = Path(__file__).parent / "golden"

AUTH0_BASE = """
version: 1
api: auth0
managed: ["app-*"]
actions:
  app-roles:
    code: actions/app-roles.js
    trigger: post-login
    runtime: node22
    secrets:
      API_KEY: ${API_KEY}
  app-audit:
    code: actions/app-audit.js
    trigger: post-login
    dependencies: {lodash: "4.17.21"}
  app-signup:
    code: actions/app-signup.js
    trigger: pre-user-registration
bindings:
  post-login: [app-roles, app-audit]
  pre-user-registration: [app-signup]
"""

ZITADEL_BASE = """
version: 1
api: zitadel-v1
actions:
  addRoles:
    code: actions/addRoles.js
    timeout: 5s
  audit:
    code: actions/audit.js
    timeout: "5.000s"
    allowed_to_fail: true
  signup:
    code: actions/signup.js
bindings:
  complement_token:pre_access_token_creation: [addRoles, audit]
  internal_authentication:pre_creation: [signup]
"""


ZITADEL_V2_BASE = """
version: 1
api: zitadel-v2
managed: ["app-*"]
targets:
  app-claims:
    endpoint: https://hooks.example.com/claims
    target_type: call
    timeout: 5s
    interrupt_on_error: true
  app-audit:
    endpoint: https://hooks.example.com/audit
    target_type: webhook
    timeout: "5.000s"
  app-signup:
    endpoint: https://hooks.example.com/signup
    target_type: async
    timeout: 10s
    payload_type: json
executions:
  function:preaccesstoken: [app-claims, app-audit]
  event:user.human.*: [app-signup]
"""


def _code(tenant: Tenant, names: list[str], variant: str = "a") -> dict[str, str]:
    if tenant.api == "zitadel-v2":
        return {}  # a target has no code: its endpoint runs elsewhere
    return {f"actions/{n}.js": tenant.code(n, variant) for n in names}


AUTH0_NAMES = ["app-roles", "app-audit", "app-signup"]
ZITADEL_NAMES = ["addRoles", "audit", "signup"]
ZITADEL_V2_NAMES = ["app-claims", "app-audit", "app-signup"]
APIS = ["auth0", "zitadel-v1", "zitadel-v2"]
BASES = {
    "auth0": (AUTH0_BASE, AUTH0_NAMES),
    "zitadel-v1": (ZITADEL_BASE, ZITADEL_NAMES),
    "zitadel-v2": (ZITADEL_V2_BASE, ZITADEL_V2_NAMES),
}

# Each case: how the base manifest text changes, and which code files change.
CASES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "auth0": {
        "update": [("runtime: node22", "runtime: node18")],
        "rename": [
            ("  app-audit:\n", "  app-audit-log:\n    renamed_from: app-audit\n"),
            ("[app-roles, app-audit]", "[app-roles, app-audit-log]"),
            ("actions/app-audit.js", "actions/app-audit.js"),
        ],
        "reorder": [("[app-roles, app-audit]", "[app-audit, app-roles]")],
        "delete": [
            (
                "  app-audit:\n    code: actions/app-audit.js\n    trigger: post-login\n"
                '    dependencies: {lodash: "4.17.21"}\n',
                "  app-audit:\n    delete: true\n",
            ),
            ("[app-roles, app-audit]", "[app-roles]"),
        ],
        "secret-change": [
            (
                "      API_KEY: ${API_KEY}\n",
                "      API_KEY: ${API_KEY}\n      OTHER_KEY: ${OTHER_KEY}\n",
            )
        ],
    },
    "zitadel-v1": {
        "update": [("timeout: 5s", "timeout: 7s")],
        "rename": [
            ("  audit:\n", "  auditLog:\n    renamed_from: audit\n"),
            ("[addRoles, audit]", "[addRoles, auditLog]"),
        ],
        "reorder": [("[addRoles, audit]", "[audit, addRoles]")],
        "delete": [
            (
                '  audit:\n    code: actions/audit.js\n    timeout: "5.000s"\n'
                "    allowed_to_fail: true\n",
                "  audit:\n    delete: true\n",
            ),
            ("[addRoles, audit]", "[addRoles]"),
        ],
    },
    "zitadel-v2": {
        "update": [
            ("timeout: 5s", "timeout: 7s"),
            ("https://hooks.example.com/claims", "https://hooks.example.com/claims/v2"),
            ("timeout: 10s\n    payload_type: json", "timeout: 10s\n    payload_type: jwt"),
            ("    interrupt_on_error: true\n", ""),  # absent means false: a real change
        ],
        "rename": [
            ("  app-audit:\n", "  app-audit-log:\n    renamed_from: app-audit\n"),
            ("[app-claims, app-audit]", "[app-claims, app-audit-log]"),
        ],
        "reorder": [("[app-claims, app-audit]", "[app-audit, app-claims]")],
        "delete": [
            (
                "  app-audit:\n    endpoint: https://hooks.example.com/audit\n"
                '    target_type: webhook\n    timeout: "5.000s"\n',
                "  app-audit:\n    delete: true\n",
            ),
            ("[app-claims, app-audit]", "[app-claims]"),
        ],
    },
}


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"golden {name} differs"


def _applied(api: str, tmp_path: Path) -> tuple[Tenant, Path]:
    tenant = Tenant(api)
    base, names = BASES[api]
    write_manifest(tmp_path, base, _code(tenant, names))
    am.apply(tenant.client, am.plan(tenant.client, am.load(tmp_path, env=ENV)), env=ENV)
    return tenant, tmp_path


@pytest.mark.parametrize("api", APIS)
def test_create_plan_is_golden(api: str, tmp_path: Path) -> None:
    tenant = Tenant(api)
    base, names = BASES[api]
    write_manifest(tmp_path, base, _code(tenant, names))
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    _compare(f"{api}-create.txt", plan.render())
    _compare(f"{api}-create.json", plan.to_json())
    assert tenant.mutations() == []  # planning only reads
    assert SECRET_VALUE not in plan.render() + plan.to_json()


@pytest.mark.parametrize(
    ("api", "case"), [(api, case) for api, cases in CASES.items() for case in cases]
)
def test_change_plans_are_golden_and_apply_converges(api: str, case: str, tmp_path: Path) -> None:
    tenant, directory = _applied(api, tmp_path)
    edit_manifest(directory, *CASES[api][case])
    if case == "update" and api != "zitadel-v2":  # code changes too: shown as a unified diff
        first = BASES[api][1][0]
        (directory / f"actions/{first}.js").write_text(tenant.code(first, "b"))
    writes = len(tenant.mutations())
    plan = am.plan(tenant.client, am.load(directory, env=ENV))
    assert len(tenant.mutations()) == writes  # planning only reads
    _compare(f"{api}-{case}.txt", plan.render())
    _compare(f"{api}-{case}.json", plan.to_json())
    assert SECRET_VALUE not in plan.render() + plan.to_json()
    # The saved JSON is what apply executes.
    saved = am.Plan.from_dict(json.loads(plan.to_json()))
    assert saved == plan
    am.apply(tenant.client, saved, env=ENV)
    assert not am.plan(tenant.client, am.load(directory, env=ENV)).has_changes
