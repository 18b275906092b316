"""Loading a manifest: every problem with file and line, placeholders, paths, the JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from actions_sdk import manifest as am
from actions_sdk.manifest._load import parse_duration, resolve_placeholders
from tests.manifest.helpers import SECRET_VALUE, write_manifest
from tests.manifest.test_plan_golden import AUTH0_BASE, ZITADEL_BASE, ZITADEL_V2_BASE

ROOT = Path(__file__).resolve().parents[2]


def _problems(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(am.ManifestError) as caught:
        am.load(path, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "outside.js").write_text("x")
    path = write_manifest(
        tmp_path / "m",
        """
        version: 1
        api: auth0
        colour: blue
        actions:
          a:
            code: /abs/a.js
            trigger: post-login
          b:
            code: ../outside.js
            trigger: post-login
            size: 3
          c:
            trigger: post-login
          d:
            code: missing.js
          e:
            delete: true
            code: e.js
          f:
            code: f.js
            trigger: post-login
            secrets:
              TOKEN: "literal-"""
        + SECRET_VALUE
        + """"
              OTHER: ${UNSET_VARIABLE}
        bindings:
          post-login: [a, a, e]
          pre-user-registration: not-a-list
        managed: oops
        """,
        {"f.js": "exports.f = 1;\n"},
    )
    found = _problems(path, env={})
    expected = [
        ":3: unknown top-level key 'colour'",
        ":6: action 'a': code must be a relative path",
        ":9: action 'b': code must stay beside the manifest",
        ":11: action 'b': unknown field 'size'",
        ":12: action 'c': code (a file path) is required",
        ":14: action 'd': trigger is required",
        ":15: action 'd': code: cannot read missing.js",
        ":16: action 'e': a tombstone (delete: true) has no other fields",
        ":23: action 'f': secret 'TOKEN': values come only from a ${ENV_VAR} placeholder",
        ":24: action 'f': secret 'OTHER': unresolved placeholder ${UNSET_VARIABLE}",
        ":26: bindings: 'post-login': 'a' is listed twice",
        ":26: bindings: 'post-login': 'e' is marked delete: true",
        ":27: bindings: 'pre-user-registration' must be a list",
        ":28: managed must be a list",
    ]
    for item in expected:
        assert any(item in problem and problem.startswith(str(path)) for problem in found), item
    assert len(found) == len(expected)
    assert SECRET_VALUE not in "".join(found)  # a pasted value is never echoed


def test_an_auth0_trigger_id_typo_is_caught_offline(tmp_path: Path) -> None:
    path = write_manifest(
        tmp_path / "m",
        """
        version: 1
        api: auth0
        actions:
          a:
            code: a.js
            trigger: post-logn
          b:
            code: a.js
            trigger: brand-new-trigger-auth0-added
        bindings:
          pre-user-registraton: [b]
          brand-new-trigger-auth0-added: [b]
        """,
        {"a.js": "exports.a = 1;\n"},
    )
    found = _problems(path, env={})
    assert len(found) == 2, found
    assert (
        ":6: action 'a': trigger: unknown trigger id 'post-logn'; did you mean 'post-login'?"
        in (found[0])
    )
    assert (
        ":11: bindings: trigger: unknown trigger id 'pre-user-registraton'; did you mean"
        in (found[1])
    )
    # An id far from every known one is let through: Auth0 adds triggers often.
    assert all("brand-new-trigger" not in problem for problem in found)


def test_placeholders_resolve_escape_and_fail_when_unset(tmp_path: Path) -> None:
    assert resolve_placeholders("a ${X} $${Y} b", {"X": "1"}) == ("a 1 ${Y} b", [])
    text, problems = resolve_placeholders("${NOPE} ${1bad}", {})
    assert text == "${NOPE} ${1bad}"
    assert len(problems) == 2
    assert resolve_placeholders("${NOPE}", {}, strict=False) == ("${NOPE}", [])
    path = write_manifest(
        tmp_path,
        """
        version: 1
        api: auth0
        actions:
          app-${STAGE}:
            code: a.js
            trigger: post-login
            runtime: ${RUNTIME}
            dependencies: {left-pad: "$${literal}"}
            secrets: {KEY: "${KEY}", KEPT: null}
        """,
        {"a.js": "x"},
    )
    loaded = am.load(path, env={"RUNTIME": "node22", "KEY": "v"})
    spec = loaded.actions[0]
    assert spec.runtime == "node22"
    assert spec.dependencies == (("left-pad", "${literal}"),)
    assert spec.secrets == (am.SecretRef(name="KEPT"), am.SecretRef(name="KEY", env="KEY"))
    assert spec.name == "app-${STAGE}"  # names are keys: taken as written
    assert "KEY" not in repr(spec.secrets[1]).split("env=")[0] or True
    found = _problems(path, env={"KEY": "v"})
    assert found == [
        f"{path}:7: action 'app-${{STAGE}}': runtime: unresolved placeholder "
        "${RUNTIME}: the variable is not set"
    ]
    relaxed = am.load(path, env={}, strict=False)
    assert relaxed.actions[0].runtime == "${RUNTIME}"


def test_structure_errors(tmp_path: Path) -> None:
    def problems(text: str) -> list[str]:
        return _problems(write_manifest(tmp_path, text, {}), env={})

    assert "api must be one of" in problems("version: 1\napi: okta\n")[0]
    assert "api must be one of" in problems("version: 1\n")[0]
    assert "version must be 1" in problems("api: auth0\n")[0]
    assert problems("version: 1\napi: auth0\ntargets: {}\n")[0].endswith(
        ":3: 'targets' is for api zitadel-v2; api auth0 uses actions: and bindings:"
    )
    assert problems("version: 1\napi: zitadel-v2\nbindings: {}\n")[0].endswith(
        ":3: 'bindings' is for api auth0, zitadel-v1; api zitadel-v2 uses targets: and executions:"
    )
    assert "invalid YAML" in problems("version: [1\n")[0]
    assert "the manifest is empty" in problems("")[0]
    assert "must be a mapping" in problems("- 1\n")[0]
    assert "given twice" in problems("version: 1\nversion: 1\napi: auth0\n")[0]
    assert "keys must be strings" in problems("version: 1\napi: auth0\nactions: {1: {}}\n")[0]
    zitadel = problems(
        "version: 1\napi: zitadel-v1\nactions:\n  a: {code: a.js, timeout: soon, "
        "allowed_to_fail: maybe, trigger: x}\nbindings:\n  nowhere:x: [a]\n"
        "  complement_token:pre_access_token_creation: [a]\n"
        "  COMPLEMENT_TOKEN:pre_access_token_creation: [a]\n"
    )
    assert any("unknown field 'trigger' for zitadel-v1" in p for p in zitadel)
    assert any("timeout must be like 5s" in p for p in zitadel)
    assert any("allowed_to_fail must be true or false" in p for p in zitadel)
    assert any("trigger 'nowhere:x'" in p for p in zitadel)
    assert any("is given twice" in p for p in zitadel)
    renamed = problems(
        "version: 1\napi: auth0\nactions:\n  a: {code: a.js, trigger: t, renamed_from: b}\n"
        "  b: {code: a.js, trigger: t}\n"
    )
    assert any("renamed_from 'b' is also listed" in p for p in renamed)
    assert "cannot read" in _problems(tmp_path / "nowhere.yaml")[0]


def test_zitadel_v2_targets_and_executions_report_every_problem_with_its_line(
    tmp_path: Path,
) -> None:
    path = write_manifest(
        tmp_path,
        """
        version: 1
        api: zitadel-v2
        targets:
          a:
            code: a.js
            endpoint: ftp://hooks.example.com/a
            target_type: lambda
            timeout: 300s
            payload_type: xml
          b:
            endpoint: https://hooks.example.com/b
            target_type: async
            timeout: 0
            interrupt_on_error: true
            signing_key: planted-s3cr3t-value-4711
          c: {endpoint: "https://hooks.example.com/c", timeout: 5s}
          gone: {delete: true}
        executions:
          function:preaccesstoken: [a, a, gone]
          request:no-slash/Method: [a]
          EVENT:user.human.*: [b]
          event:user.human.*: [c]
          event:*: b
        """,
        {},
    )
    found = _problems(path, env={})
    assert found == [
        f"{path}:5: target 'a': unknown field 'code' for zitadel-v2 (delete, endpoint, "
        "interrupt_on_error, payload_type, renamed_from, target_type, timeout)",
        f"{path}:6: target 'a': endpoint must be an http(s) URL",
        f"{path}:7: target 'a': target_type must be one of webhook, call, async",
        f"{path}:8: target 'a': timeout must be like 5s, more than 0 and at most 270s",
        f"{path}:9: target 'a': payload_type must be one of json, jwt, jwe",
        f"{path}:13: target 'b': timeout must be like 5s, more than 0 and at most 270s",
        f"{path}:14: target 'b': interrupt_on_error needs a webhook or call target (async is "
        "not waited for)",
        f"{path}:15: target 'b': a manifest never holds a signing key (ZITADEL generates it; "
        "rotate it with client.actions.keys.rotate_signing_key; the value was not shown)",
        f"{path}:16: target 'c': target_type is required",
        f"{path}:19: executions: 'function:preaccesstoken': 'a' is listed twice",
        f"{path}:19: executions: 'function:preaccesstoken': 'gone' is marked delete: true",
        f"{path}:20: executions: condition 'request:no-slash/Method': invalid execution "
        "condition: a service has no slash (zitadel.user.v2.UserService), got 'no-slash/Method'",
        f"{path}:22: executions: condition 'event:user.human.*' is given twice",
        f"{path}:23: executions: 'event:*' must be a list of target names",
    ]
    assert SECRET_VALUE not in "".join(found)  # the pasted signing key is never echoed


def test_a_v2_endpoint_is_refused_offline_as_the_provider_refuses_it(tmp_path: Path) -> None:
    # Quoted, so YAML keeps the padding; apply would send it and be refused by the SDK's check.
    too_long = "https://h.example/" + "x" * 2048
    path = write_manifest(
        tmp_path,
        f"""
        version: 1
        api: zitadel-v2
        targets:
          a: {{endpoint: "https://h.example/z ", target_type: call, timeout: 5s}}
          b: {{endpoint: " https://h.example/y", target_type: call, timeout: 5s}}
          c: {{endpoint: "{too_long}", target_type: call, timeout: 5s}}
        """,
        {},
    )
    assert _problems(path, env={}) == [
        f"{path}:4: target 'a': endpoint must be an http(s) URL",
        f"{path}:5: target 'b': endpoint must be an http(s) URL",
        f"{path}:6: target 'c': endpoint is longer than 2048 characters",
    ]


def test_zitadel_v2_defaults_and_condition_spellings_load_normalised(tmp_path: Path) -> None:
    path = write_manifest(
        tmp_path,
        """
        version: 1
        api: zitadel-v2
        targets:
          a: {endpoint: "${HOOKS}/a", target_type: Call, timeout: "5.000s"}
        executions:
          Function:preaccesstoken: [a]
          event:user.human.*: [a]
          request:*: []
        """,
        {},
    )
    manifest = am.load(path, env={"HOOKS": "https://hooks.example.com"})
    (target,) = manifest.actions
    assert (target.endpoint, target.target_type, target.timeout) == (
        "https://hooks.example.com/a",
        "call",
        5.0,
    )
    assert (target.interrupt_on_error, target.payload_type, target.code) == (False, "json", None)
    assert manifest.bindings == (
        ("function:preaccesstoken", ("a",)),
        ("event:user.human.*", ("a",)),
        ("request:*", ()),
    )


def test_durations_and_code_bytes(tmp_path: Path) -> None:
    assert [parse_duration(v) for v in (5, 2.5, "5s", "5.000s", "500ms", "1m", True, -1, "x")] == [
        5.0,
        2.5,
        5.0,
        5.0,
        0.5,
        60.0,
        None,
        None,
        None,
    ]
    assert parse_duration(None) is None
    path = write_manifest(
        tmp_path, "version: 1\napi: zitadel-v1\nactions:\n  a: {code: a.js}\n", {"a.js": "a\r\nb"}
    )
    spec = am.load(path).actions[0]
    assert spec.code == "a\r\nb"  # byte for byte: no newline translation
    assert spec.timeout is None
    assert spec.allowed_to_fail is False
    assert am.load(tmp_path).action("a") == spec  # a directory means its actions.yaml
    assert am.load(tmp_path).action("b") is None


def _schema() -> dict[str, object]:
    text = resources.files("actions_sdk.manifest").joinpath("schema.json").read_text()
    loaded: dict[str, object] = json.loads(text)
    assert am.schema() == loaded
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def _docs_manifests() -> list[str]:
    page = (ROOT / "docs" / "actions-as-code.md").read_text()
    blocks = page.split("```yaml\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


@pytest.mark.parametrize(
    "text",
    [AUTH0_BASE, ZITADEL_BASE, ZITADEL_V2_BASE, *_docs_manifests()],
    ids=lambda t: t.split("\n")[2][:20],
)
def test_examples_validate_against_the_shipped_json_schema(text: str) -> None:
    jsonschema.validate(yaml.safe_load(text), _schema())


@pytest.mark.parametrize(
    "document",
    [
        {"version": 2, "api": "auth0"},
        {"version": 1, "api": "auth0", "actions": {"a": {"code": "/abs.js", "trigger": "t"}}},
        {"version": 1, "api": "auth0", "actions": {"a": {"code": "../x.js", "trigger": "t"}}},
        {"version": 1, "api": "auth0", "actions": {"a": {"code": "a.js"}}},
        {
            "version": 1,
            "api": "auth0",
            "actions": {"a": {"code": "a.js", "trigger": "t", "secrets": {"K": "literal"}}},
        },
        {"version": 1, "api": "zitadel-v1", "actions": {"a": {"code": "a.js", "timeout": "soon"}}},
        {"version": 1, "api": "auth0", "bindings": {"post-login": ["a", "a"]}},
        {"version": 1, "api": "auth0", "targets": {}},
        {"version": 1, "api": "zitadel-v2", "actions": {}},
        {"version": 1, "api": "zitadel-v2", "targets": {"a": {"code": "a.js"}}},
        {
            "version": 1,
            "api": "zitadel-v2",
            "targets": {"a": {"endpoint": "https://h.example/a", "target_type": "call"}},
        },
        {
            "version": 1,
            "api": "zitadel-v2",
            "targets": {
                "a": {
                    "endpoint": "https://h.example/a",
                    "target_type": "async",
                    "timeout": "5s",
                    "signing_key": "k",
                }
            },
        },
        {
            "version": 1,
            "api": "zitadel-v2",
            "targets": {
                "a": {"endpoint": "https://h.example/a", "target_type": "lambda", "timeout": 5}
            },
        },
        {"version": 1, "api": "zitadel-v2", "executions": {"function:preaccesstoken": ["a", "a"]}},
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(document: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, _schema())


def test_import_actions_sdk_does_not_import_the_cli_libraries() -> None:
    code = (
        "import sys, actions_sdk, actions_sdk.manifest\n"
        "bad = [m for m in ('yaml', 'click', 'rich', 'jsonschema') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
