"""Plan and apply against the emulators: round trip, tombstones, ordering, stale plans, secrets."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from actions_sdk import manifest as am
from actions_sdk.errors import ActionsSDKError
from actions_sdk.manifest._export import dump_manifest
from actions_sdk.testing import FaultPlan
from tests.manifest.helpers import ENV, SECRET_VALUE, Tenant, edit_manifest, write_manifest
from tests.manifest.test_plan_golden import APIS, BASES, CASES, _applied, _code

# What each API's ZITADEL v2 execution conditions look like on the emulator's wire.
TOKEN_WIRE = {"function": {"name": "preaccesstoken"}}
HUMAN_WIRE = {"event": {"group": "user.human"}}


def _setup(api: str, directory: Path, **tenant: object) -> Tenant:
    t = Tenant(api, **tenant)  # type: ignore[arg-type]
    base, names = BASES[api]
    write_manifest(directory, base, _code(t, names))
    return t


def _ids(tenant: Tenant) -> dict[str, str]:
    return {t["name"]: t["id"] for t in tenant.emulator.v2.targets}


def _converge(tenant: Tenant, directory: Path) -> None:
    am.apply(tenant.client, am.plan(tenant.client, am.load(directory, env=ENV)), env=ENV)


def _converged(api: str, directory: Path) -> Tenant:
    """A fresh tenant of ``api`` with the base manifest applied."""
    return _applied(api, directory)[0]


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("api", APIS)
def test_export_apply_to_empty_tenant_round_trips_byte_for_byte(api: str, tmp_path: Path) -> None:
    first = _setup(api, tmp_path / "src")
    _converge(first, tmp_path / "src")
    am.export(first.client, tmp_path / "one")
    am.export(first.client, tmp_path / "one-again")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "one-again")  # deterministic

    empty = Tenant(api, seed=99)
    exported = am.load(tmp_path / "one", env=ENV)
    am.apply(empty.client, am.plan(empty.client, exported), env=ENV)
    writes = len(empty.mutations())
    again = am.plan(empty.client, exported)
    assert not again.has_changes
    assert again.render().startswith("No changes")
    assert len(empty.mutations()) == writes  # an empty plan made no mutating request
    am.apply(empty.client, again, env=ENV)
    assert len(empty.mutations()) == writes  # ... and applying it neither
    am.export(empty.client, tmp_path / "two")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    exported_text = "".join(p.decode() for p in _tree(tmp_path / "two").values())
    assert SECRET_VALUE not in exported_text
    if api == "auth0":
        assert "API_KEY: ${API_KEY}" in exported_text


@pytest.mark.parametrize("api", APIS)
def test_tombstone_unbinds_and_deletes_a_bound_action_in_one_apply(
    api: str, tmp_path: Path
) -> None:
    tenant = _setup(api, tmp_path)
    _converge(tenant, tmp_path)
    victim = "audit" if api == "zitadel-v1" else "app-audit"
    edit_manifest(tmp_path, *CASES[api]["delete"])
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert [s.op for s in plan.steps] == ["delete"]
    am.apply(tenant.client, plan, env=ENV)
    assert victim not in tenant.names()
    if api == "zitadel-v2":  # unbound from its execution by the same apply
        assert tenant.emulator.v2.execution(TOKEN_WIRE) == [_ids(tenant)["app-claims"]]
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes


def test_reorder_is_applied_in_exactly_that_order_and_other_triggers_are_untouched(
    tmp_path: Path,
) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    # An action the manifest does not know, bound to a trigger the manifest does not name.
    other = tenant.client.actions.create(
        name="hand-made",
        supported_triggers=["post-change-password"],
        code="exports.x=1;",
        deploy=True,
        wait=True,
    )
    tenant.client.actions.triggers.bindings.add("post-change-password", other)
    signup = [b["id"] for b in tenant.emulator.bindings("pre-user-registration")]
    text = (
        (tmp_path / "actions.yaml")
        .read_text()
        .replace("[app-roles, app-audit]", "[app-audit, app-roles]")
    )
    (tmp_path / "actions.yaml").write_text(text)
    writes = len(tenant.mutations())
    am.apply(tenant.client, am.plan(tenant.client, am.load(tmp_path, env=ENV)), env=ENV)
    assert tenant.mutations()[writes:] == [
        ("PATCH", "/api/v2/actions/triggers/post-login/bindings")
    ]
    assert [b["action"]["name"] for b in tenant.emulator.bindings("post-login")] == [
        "app-audit",
        "app-roles",
    ]
    assert [b["id"] for b in tenant.emulator.bindings("pre-user-registration")] == signup
    assert [b["action"]["name"] for b in tenant.emulator.bindings("post-change-password")] == [
        "hand-made"
    ]


@pytest.mark.parametrize("api", APIS)
def test_apply_refuses_a_stale_plan_and_writes_nothing(api: str, tmp_path: Path) -> None:
    tenant = _setup(api, tmp_path)
    _converge(tenant, tmp_path)
    first = BASES[api][1][0]
    if api == "zitadel-v2":
        edit_manifest(tmp_path, ("timeout: 5s", "timeout: 7s"))
    else:
        (tmp_path / f"actions/{first}.js").write_text(tenant.code(first, "b"))
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert plan.has_changes
    # Someone changes the action after the plan was made.
    action = next(a for a in tenant.client.actions.list() if a.name == first)
    tenant.clock.advance(1)
    if api == "zitadel-v2":  # v2's stamp is the target's changeDate
        tenant.client.actions.update(action.id, endpoint="https://hooks.example.com/other")
    else:
        tenant.client.actions.update(action.id, code=tenant.code(first, "c"))
    writes = len(tenant.mutations())
    kind = "target" if api == "zitadel-v2" else "action"
    with pytest.raises(am.StalePlanError, match=f"{kind} '{first}' was changed meanwhile"):
        am.apply(tenant.client, plan, env=ENV)
    assert len(tenant.mutations()) == writes


def test_stale_bindings_and_a_create_raced_by_someone_else_are_refused(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    tenant.client.actions.create(
        name="app-roles", supported_triggers=["post-login"], code="exports.y=1;"
    )
    with pytest.raises(am.StalePlanError, match="created meanwhile") as caught:
        am.apply(tenant.client, plan, env=ENV)
    assert any("bindings" not in c for c in caught.value.changed)


def test_a_plan_for_another_tenant_is_refused(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    other = Tenant("zitadel-v1")
    with pytest.raises(am.ManifestError, match="not this client"):
        am.apply(other.client, plan, env=ENV)
    with pytest.raises(am.ManifestError, match="for auth0, the client for zitadel-v1"):
        am.plan(other.client, am.load(tmp_path, env=ENV))


def test_code_update_keeps_secrets_untouched_and_secret_changes_send_every_value(
    tmp_path: Path,
) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    (tmp_path / "actions/app-roles.js").write_text(tenant.code("app-roles", "b"))
    log = len(tenant.emulator.request_log)
    _converge(tenant, tmp_path)
    patches = [r for r in tenant.emulator.request_log[log:] if r.method == "PATCH"]
    assert patches
    assert all(b"secrets" not in r.body for r in patches)  # remote values kept
    action = next(a for a in tenant.emulator.actions if a["name"] == "app-roles")
    assert [s["name"] for s in action["secrets"]] == ["API_KEY"]

    text = (tmp_path / "actions.yaml").read_text()
    (tmp_path / "actions.yaml").write_text(
        text.replace(
            "      API_KEY: ${API_KEY}\n",
            "      API_KEY: ${API_KEY}\n      OTHER_KEY: ${OTHER_KEY}\n",
        )
    )
    log = len(tenant.emulator.request_log)
    _converge(tenant, tmp_path)
    patch = next(r for r in tenant.emulator.request_log[log:] if r.method == "PATCH")
    sent = json.loads(patch.body)["secrets"]
    assert sent == [
        {"name": "API_KEY", "value": SECRET_VALUE},
        {"name": "OTHER_KEY", "value": ENV["OTHER_KEY"]},
    ]
    # Removing one secret while the kept one has no value would wipe it: refused.
    text = (tmp_path / "actions.yaml").read_text()
    (tmp_path / "actions.yaml").write_text(
        text.replace(
            "      API_KEY: ${API_KEY}\n      OTHER_KEY: ${OTHER_KEY}\n", "      API_KEY:\n"
        )
    )
    with pytest.raises(am.ManifestError, match="API_KEY have no"):
        am.plan(tenant.client, am.load(tmp_path, env=ENV))
    # Secrets given by name only, unchanged: nothing to do.
    (tmp_path / "actions.yaml").write_text(
        text.replace(
            "      API_KEY: ${API_KEY}\n      OTHER_KEY: ${OTHER_KEY}\n",
            "      API_KEY:\n      OTHER_KEY:\n",
        )
    )
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes
    # set_secrets writes the values again (they cannot be compared).
    (tmp_path / "actions.yaml").write_text(text)
    forced = am.plan(tenant.client, am.load(tmp_path, env=ENV), set_secrets=True)
    assert [c.field for c in forced.steps[0].changes] == [
        "set secret API_KEY (sent again)",
        "set secret OTHER_KEY (sent again)",
    ]
    with pytest.raises(am.ManifestError, match=r"\$\{OTHER_KEY\} is not set"):
        am.apply(tenant.client, forced, env={"API_KEY": "x"})


def test_prune_deletes_only_owned_actions_and_needs_managed(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    for name in ("app-stray", "someone-elses"):
        tenant.client.actions.create(
            name=name, supported_triggers=["post-login"], code="exports.z=1;"
        )
    manifest = am.load(tmp_path, env=ENV)
    assert not am.plan(tenant.client, manifest).has_changes  # no tombstone, no prune: no delete
    pruned = am.plan(tenant.client, manifest, prune=True)
    assert [(s.op, s.name) for s in pruned.steps] == [("delete", "app-stray")]
    assert not am.plan(tenant.client, manifest, prune=True, exclude=["app-s*"]).has_changes
    assert am.plan(tenant.client, manifest, prune=True, include=["app-*"]).has_changes
    text = (tmp_path / "actions.yaml").read_text().replace('managed: ["app-*"]\n', "")
    (tmp_path / "actions.yaml").write_text(text)
    with pytest.raises(am.ManifestError, match="prune needs a managed"):
        am.plan(tenant.client, am.load(tmp_path, env=ENV), prune=True)


@pytest.mark.parametrize(
    ("api", "glob", "included", "excluded"),
    [
        ("zitadel-v1", "add*", ["addRoles"], ["audit", "signup"]),
        ("zitadel-v2", "*-claims", ["app-claims"], ["app-audit", "app-signup"]),
    ],
)
def test_include_and_exclude_select_actions(
    api: str, glob: str, included: list[str], excluded: list[str], tmp_path: Path
) -> None:
    tenant = _setup(api, tmp_path)
    manifest = am.load(tmp_path, env=ENV)
    only = am.plan(tenant.client, manifest, include=[glob])
    assert [s.name for s in only.steps if s.op == "create"] == included
    rest = am.plan(tenant.client, manifest, exclude=[glob])
    assert sorted(s.name for s in rest.steps if s.op == "create") == excluded


def test_a_failed_build_is_reported_and_a_rerun_after_the_fix_converges(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    (tmp_path / "actions/app-audit.js").write_text("exports.x = SYNTAX_ERROR;\n")
    with pytest.raises(am.ApplyError) as caught:
        _converge(tenant, tmp_path)
    report = caught.value.report
    assert not report.ok
    assert report.failed is not None
    assert report.failed.name == "app-audit"
    assert report.done == ()  # actions are planned in name order: app-audit comes first
    assert [s.name for s in report.not_done] == [
        "app-roles",
        "app-signup",
        "post-login",
        "pre-user-registration",
    ]
    assert "FAILED: create action app-audit" in report.render()
    assert "not done: bind post-login" in report.render()
    (tmp_path / "actions/app-audit.js").write_text(tenant.code("app-audit"))
    again = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert [s.op for s in again.steps][:1] == ["update"]  # found by name: no second create
    am.apply(tenant.client, again, env=ENV)
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_apply_under_injected_faults_converges_on_rerun(
    api: str, seed: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    faults = FaultPlan(seed, error_rate=0.15, rate_limit_rate=0.05, lost_response_rate=0.1)
    tenant = _setup(api, tmp_path, seed=seed, faults=faults)
    caplog.set_level(logging.DEBUG)
    for _attempt in range(8):
        try:
            manifest = am.load(tmp_path, env=ENV)
            plan = am.plan(tenant.client, manifest)
            if not plan.has_changes:
                break
            am.apply(tenant.client, plan, env=ENV)
        except am.ManifestError:
            raise
        except ActionsSDKError:  # an apply cut short, a stale plan, a failed read: run again
            continue
    else:
        pytest.fail("did not converge in 8 runs")
    assert faults.history  # faults were injected
    tenant.emulator.faults = FaultPlan(seed)  # the final check runs without faults
    final = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert not final.has_changes
    # Exactly one of each: no duplicate from a lost create.
    assert tenant.names() == sorted(BASES[api][1])
    assert SECRET_VALUE not in caplog.text


def test_each_field_difference_is_planned_and_applied(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    text = (tmp_path / "actions.yaml").read_text()
    text = text.replace('dependencies: {lodash: "4.17.21"}', 'dependencies: {lodash: "4.17.20"}')
    text = text.replace(
        "  app-signup:\n    code: actions/app-signup.js\n    trigger: pre-user-registration\n",
        "  app-signup:\n    code: actions/app-signup.js\n    trigger: pre-user-registration\n"
        "    trigger_version: v1\n",
    )
    (tmp_path / "actions.yaml").write_text(text)
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    fields = {s.name: [c.field for c in s.changes] for s in plan.steps if s.op == "update"}
    assert fields == {"app-audit": ["dependencies"], "app-signup": ["trigger"]}
    moved = text.replace("trigger: pre-user-registration", "trigger: post-user-registration")
    (tmp_path / "actions.yaml").write_text(moved)
    with pytest.raises(am.ManifestError, match="cannot move an action from trigger"):
        am.plan(tenant.client, am.load(tmp_path, env=ENV))
    # The version change is planned as a trigger change; the emulator has no v1, so apply
    # only the dependency change.
    (tmp_path / "actions.yaml").write_text(text.replace("    trigger_version: v1\n", ""))
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert 'dependencies: {"lodash": "4.17.21"} -> {"lodash": "4.17.20"}' in plan.render()
    am.apply(tenant.client, plan, env=ENV)
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes


def test_a_built_but_undeployed_draft_is_deployed(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    action = next(a for a in tenant.client.actions.list() if a.name == "app-roles")
    tenant.client.actions.update(action.id, code=tenant.code("app-roles", "b"))
    (tmp_path / "actions/app-roles.js").write_text(tenant.code("app-roles", "b"))
    tenant.clock.advance(10)  # built, not deployed: what an interrupted apply leaves
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert [(s.op, s.name) for s in plan.steps] == [("deploy", "app-roles")]
    assert "deploy action app-roles" in plan.render()
    am.apply(tenant.client, plan, env=ENV)
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes


def test_zitadel_flag_change_and_other_flows_untouched(tmp_path: Path) -> None:
    tenant = _setup("zitadel-v1", tmp_path)
    _converge(tenant, tmp_path)
    flows = {f: tenant.emulator.flow(f) for f in ("1", "2", "3", "4")}
    text = (tmp_path / "actions.yaml").read_text().replace("allowed_to_fail: true", "")
    (tmp_path / "actions.yaml").write_text(text)  # absent means false: a real change
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert [c.field for s in plan.steps for c in s.changes] == ["allowed_to_fail"]
    am.apply(tenant.client, plan, env=ENV)
    assert {f: tenant.emulator.flow(f) for f in flows} == flows


def test_a_pruned_action_still_listed_in_a_binding_is_an_error(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    _converge(tenant, tmp_path)
    text = (tmp_path / "actions.yaml").read_text()
    start = text.index("  app-signup:\n")
    text = text[:start] + text[start:].split("\n", 3)[3]
    (tmp_path / "actions.yaml").write_text(text)
    with pytest.raises(am.ManifestError, match="which is pruned"):
        am.plan(tenant.client, am.load(tmp_path, env=ENV), prune=True)


def test_progress_and_report(tmp_path: Path) -> None:
    tenant = _setup("zitadel-v1", tmp_path)
    seen: list[tuple[int, int, str, bool]] = []
    report = am.apply(
        tenant.client,
        am.plan(tenant.client, am.load(tmp_path, env=ENV)),
        progress=lambda i, n, step, done: seen.append((i, n, step.name, done)),
    )
    assert report.ok
    assert seen[:2] == [(0, 5, "addRoles", False), (0, 5, "addRoles", True)]
    assert len(seen) == 10
    assert report.render().endswith("Apply complete.\n")
    assert repr(am.Problem("f", 3, "m")) == "Problem('f:3: m')"
    with pytest.raises(am.ManifestError, match="not a plan"):
        am.Plan.from_dict({"format": 1, "api": "auth0"} | {"format": 2})
    with pytest.raises(am.ManifestError, match="malformed plan"):
        am.Plan.from_dict({"format": 1, "api": "auth0"})


def test_a_saved_plan_with_an_unknown_step_is_refused_not_applied_as_a_bind(tmp_path: Path) -> None:
    tenant = _setup("auth0", tmp_path)
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    saved = plan.to_dict()
    saved["steps"][0]["op"] = "wipe"  # a hand-edited or corrupted plan file
    with pytest.raises(am.ManifestError, match="unknown step 'wipe'"):
        am.Plan.from_dict(json.loads(json.dumps(saved)))
    saved["steps"][0]["op"] = "create"
    saved["steps"][0]["kind"] = "robot"
    with pytest.raises(am.ManifestError, match="unknown kind 'robot'"):
        am.Plan.from_dict(json.loads(json.dumps(saved)))
    del saved["steps"][0]["kind"]  # a plan saved before the field existed
    assert am.Plan.from_dict(json.loads(json.dumps(saved))).steps[0].kind == "action"
    assert tenant.mutations() == []


def test_zitadel_v2_reorder_is_one_set_execution_in_that_order_and_others_untouched(
    tmp_path: Path,
) -> None:
    tenant = _converged("zitadel-v2", tmp_path)
    # A target the manifest does not know, on a condition the manifest does not name.
    other = tenant.client.actions.create(
        name="hand-made", endpoint="https://hooks.example.com/hand", target_type="call", timeout=3
    )
    tenant.client.actions.triggers.bindings.update_many("request:*", [other])
    ids = _ids(tenant)
    events = tenant.emulator.v2.execution(HUMAN_WIRE)
    edit_manifest(tmp_path, *CASES["zitadel-v2"]["reorder"])
    writes = len(tenant.mutations())
    plan = am.plan(tenant.client, am.load(tmp_path, env=ENV))
    assert [(s.op, s.name) for s in plan.steps] == [("bind", "function:preaccesstoken")]
    am.apply(tenant.client, plan, env=ENV)
    assert tenant.mutations()[writes:] == [("PUT", "/v2/actions/executions")]
    put = [r for r in tenant.emulator.request_log if r.method == "PUT"][-1]
    # The ids go out in the manifest's order, never sorted.
    assert json.loads(put.body)["targets"] == [ids["app-audit"], ids["app-claims"]]
    assert tenant.emulator.v2.execution(TOKEN_WIRE) == [ids["app-audit"], ids["app-claims"]]
    assert tenant.emulator.v2.execution(HUMAN_WIRE) == events
    assert tenant.emulator.v2.execution({"request": {"all": True}}) == [other.id]
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes


def test_zitadel_v2_signing_keys_never_reach_an_export_a_plan_or_a_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tenant = _setup("zitadel-v2", tmp_path / "src")
    _converge(tenant, tmp_path / "src")
    keys = [t["signingKey"] for t in tenant.emulator.v2.targets]
    assert len(keys) == 3
    assert all(keys)
    am.export(tenant.client, tmp_path / "out")
    # The export, edited: one target changed, one left out (and pruned).
    exported = tmp_path / "out" / "actions.yaml"
    original = exported.read_text()
    document = yaml.safe_load(original)
    document["targets"]["app-audit"]["endpoint"] = "https://hooks.example.com/a2"
    del document["targets"]["app-signup"]
    del document["executions"]["event:user.human.*"]
    document["managed"] = ["app-*"]
    exported.write_text(dump_manifest(document))
    plan = am.plan(tenant.client, am.load(tmp_path / "out", env=ENV), prune=True)
    assert [(s.op, s.name) for s in plan.steps] == [
        ("delete", "app-signup"),
        ("update", "app-audit"),
    ]
    report = am.apply(tenant.client, am.Plan.from_dict(json.loads(plan.to_json())), env=ENV)
    texts = [
        original,
        plan.render(),
        plan.to_json(),
        report.render(),
        repr(plan),
        repr(am.load(tmp_path / "out", env=ENV)),
        caplog.text,
    ]
    found = [key for key in keys for text in texts if key in text]
    assert found == []
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["actions.yaml"]  # no code


def test_zitadel_v2_export_keeps_a_literal_placeholder_in_an_endpoint_literal(
    tmp_path: Path,
) -> None:
    tenant = Tenant("zitadel-v2")
    tenant.client.actions.create(
        name="odd", endpoint="https://hooks.example.com/${x}", target_type="webhook", timeout=1.5
    )
    am.export(tenant.client, tmp_path)
    text = (tmp_path / "actions.yaml").read_text()
    assert "endpoint: https://hooks.example.com/$${x}" in text
    assert "timeout: 1.5s" in text
    loaded = am.load(tmp_path, env={})  # no variable x is needed: it is not a placeholder
    assert loaded.actions[0].endpoint == "https://hooks.example.com/${x}"
    assert not am.plan(tenant.client, loaded).has_changes


def test_zitadel_v2_other_spellings_of_the_same_targets_plan_nothing(tmp_path: Path) -> None:
    tenant = _converged("zitadel-v2", tmp_path)
    edit_manifest(
        tmp_path,
        ("timeout: 5s", "timeout: 5"),  # seconds as a number
        ('timeout: "5.000s"', "timeout: 5000ms"),
        ("target_type: call", "target_type: CALL"),
        ("payload_type: json", "payload_type: JSON"),
        (
            "    interrupt_on_error: true\n",
            "    interrupt_on_error: true\n    payload_type: json\n",
        ),
        ("function:preaccesstoken:", "FUNCTION:preaccesstoken:"),
    )
    writes = len(tenant.mutations())
    assert not am.plan(tenant.client, am.load(tmp_path, env=ENV)).has_changes
    assert len(tenant.mutations()) == writes
