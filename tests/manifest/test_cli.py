"""The ``actions-sdk`` command line, end to end against emulators served over loopback HTTP."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actions_sdk import RetryPolicy
from actions_sdk.cli import main
from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator
from tests.manifest.helpers import ENV, SECRET_VALUE, action_code, write_manifest
from tests.manifest.test_plan_golden import APIS, BASES

ROOT = Path(__file__).resolve().parents[2]


class Served:
    """A served emulator and the CLI pointed at it through the README's variables."""

    def __init__(self, api: str, directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.clock = ManualClock()
        self.capsys = capsys
        self.directory = directory
        self.outputs: list[str] = []
        self.api = api
        self.emulator: Any = (
            Auth0Emulator(clock=self.clock, build_seconds=5)
            if api == "auth0"
            else ZitadelEmulator(clock=self.clock)
        )

    def start(self) -> Iterator[Served]:
        with self.emulator.serve() as server:
            if self.api == "auth0":
                self.env = {"AUTH0_DOMAIN": server.url, "AUTH0_TOKEN": "emulator-management-token"}
            else:
                self.env = {"ZITADEL_DOMAIN": server.url, "ZITADEL_TOKEN": self.emulator.pat}
            self.env.update(ENV)
            yield self

    def run(self, *argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        policy = RetryPolicy(sleep=self.clock.advance, clock=self.clock.time)
        code = main(list(argv), env=self.env if env is None else env, retry_policy=policy)
        captured = self.capsys.readouterr()
        self.outputs += [captured.out, captured.err]
        return code, captured.out, captured.err

    def manifest(self) -> str:
        return str(self.directory / "actions.yaml")


@pytest.fixture(params=APIS)
def served(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Served]:
    api = request.param
    base, names = BASES[api]
    code = {} if api == "zitadel-v2" else {f"actions/{n}.js": action_code(api, n) for n in names}
    write_manifest(tmp_path / "repo", base, code)
    yield from Served(api, tmp_path / "repo", capsys).start()


def test_plan_detailed_exitcode_apply_and_stale_plans(
    served: Served, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    manifest = served.manifest()
    v2 = served.api == "zitadel-v2"
    code, out, _ = served.run("validate", "-f", manifest)
    assert code == 0
    assert f"valid (3 {'targets' if v2 else 'actions'}, {served.api})" in out
    code, out, _ = served.run("plan", "-f", manifest, "--detailed-exitcode")
    assert code == 2
    assert "3 to create" in out
    plan_file = str(tmp_path / "plan.json")
    code, out, _ = served.run("plan", "-f", manifest, "--out", plan_file)
    assert code == 0
    assert f"Saved to {plan_file}" in out
    saved = json.loads(Path(plan_file).read_text())
    assert saved["summary"]["create"] == 3

    code, out, err = served.run("apply", plan_file)
    assert code == 0, err
    assert "\x1b[" not in out + err  # not a terminal: no colour
    assert "Apply complete." in out
    assert "[1/5]" in err
    assert "done" in err  # progress lines (not a terminal: plain lines)
    code, out, _ = served.run("plan", "-f", manifest, "--detailed-exitcode")
    assert code == 0
    assert out.startswith("No changes")
    code, out, _ = served.run("apply", plan_file)  # the same plan again: the tenant moved on
    assert code == 1
    code, out, err = served.run("diff", "-f", manifest, "--json")
    assert code == 0
    assert json.loads(out)["steps"] == []

    # A change, planned and saved; then someone else changes the tenant: the plan is refused.
    first = BASES[served.api][1][0]
    changed = served.directory / ("actions.yaml" if v2 else f"actions/{first}.js")
    old, new = ("timeout: 5s", "timeout: 7s") if v2 else ("(", "( ")
    changed.write_text(changed.read_text().replace(old, new, 1))
    code, _, _ = served.run("plan", "-f", manifest, "--out", plan_file, "--detailed-exitcode")
    assert code == 2
    code, out, _ = served.run("diff", "-f", manifest)
    assert code == 0
    assert ("timeout: 5s -> 7s" if v2 else "+++ manifest/") in out
    served.clock.advance(1)
    served.emulator.reset()
    code, out, err = served.run("apply", plan_file, "--json")
    assert code == 1
    assert json.loads(out)["type"] == "StalePlanError"
    code, out, err = served.run("apply", "--auto-approve", "-f", manifest)
    assert code == 0, err
    code, _, _ = served.run("plan", "-f", manifest, "--detailed-exitcode")
    assert code == 0

    export_dir = tmp_path / "exported"
    provider = ["--provider", "zitadel-v2"] if v2 else []  # else found from the variables
    code, out, _ = served.run("export", str(export_dir), "--json", *provider)
    assert code == 0
    assert len(json.loads(out)["files"]) == (1 if v2 else 4)
    code, out, _ = served.run("plan", "-f", str(export_dir / "actions.yaml"), "--detailed-exitcode")
    assert code == 0, out  # the export is what the tenant holds
    files = "".join(p.read_text() for p in export_dir.rglob("*") if p.is_file())
    # No secret value anywhere: outputs, plan file, export, log lines.
    everything = "".join(served.outputs) + Path(plan_file).read_text() + files + caplog.text
    assert SECRET_VALUE not in everything
    assert ENV["OTHER_KEY"] not in everything
    if v2:  # nor a target's signing key
        keys = [t["signingKey"] for t in served.emulator.v2.targets]
        assert keys
        assert [k for k in keys if k in everything] == []


def test_errors_exit_1_with_file_and_line(served: Served, tmp_path: Path) -> None:
    bad = write_manifest(
        tmp_path / "bad",
        """
        version: 2
        api: auth0
        actions:
          x:
            code: /etc/passwd
            trigger: post-login
        """,
        {},
    )
    code, out, err = served.run("plan", "-f", str(bad), "--detailed-exitcode")
    assert code == 1
    assert f"{bad}:1: version must be 1" in err
    assert f"{bad}:5: action 'x': code must be a relative path" in err
    code, out, _ = served.run("validate", "-f", str(bad), "--json")
    assert code == 1
    assert json.loads(out)["type"] == "ManifestError"
    typo = write_manifest(
        tmp_path / "typo",
        """
        version: 1
        api: auth0
        actions:
          x:
            code: x.js
            trigger: post-logn
        """,
        {"x.js": "exports.x = 1;\n"},
    )
    code, _, err = served.run("validate", "-f", str(typo))  # offline: no request is needed
    assert code == 1
    assert "did you mean 'post-login'?" in err
    assert served.run("plan", "--no-such-flag")[0] == 1  # usage errors are 1, not click's 2
    assert served.run("apply", "-f", served.manifest())[0] == 1  # neither a plan nor approval
    assert served.run("plan", "-f", served.manifest(), env={})[0] == 1  # no tenant configured
    assert served.run("export", str(tmp_path / "e"), env={})[0] == 1  # which API?
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, _, err = served.run("apply", str(broken))
    assert code == 1
    assert f"cannot read the plan {broken}: not JSON" in err
    code, _, err = served.run("apply", str(tmp_path / "missing.json"))
    assert code == 1
    assert "missing.json: no such file or directory" in err
    broken.write_text('{"format": 99}')
    assert served.run("apply", str(broken))[0] == 1
    assert served.run("--help")[0] == 0


V1_HELLO = """
version: 1
api: zitadel-v1
actions:
  hello: {code: hello.js}
bindings:
  complement_token:pre_userinfo_creation: [hello]
"""
V2_HELLO = """
version: 1
api: zitadel-v2
targets:
  hello: {endpoint: "https://hooks.example.com/hello", target_type: call, timeout: 5s}
executions:
  function:preuserinfo: [hello]
"""


@pytest.mark.parametrize("text", [V1_HELLO, V2_HELLO], ids=["zitadel-v1", "zitadel-v2"])
def test_console_script_runs_against_the_served_emulator_subprocess(
    text: str, tmp_path: Path
) -> None:
    """``python -m actions_sdk.testing serve`` in one process, ``actions-sdk`` in another.

    One served instance answers v1 and v2, so the same exported variables reach both; the
    manifest's ``api`` picks the one.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "actions_sdk.testing", "serve", "--provider", "zitadel"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        env: dict[str, str] = {}
        while "ZITADEL_TOKEN" not in env:
            line = server.stdout.readline()
            assert line, "serve stopped"
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                env[name] = value
        write_manifest(tmp_path, text, {"hello.js": "function hello(ctx, api) {}\n"})
        cli = [sys.executable, "-m", "actions_sdk.cli"]
        manifest = str(tmp_path / "actions.yaml")
        args: dict[str, Any] = {
            "env": env,
            "capture_output": True,
            "text": True,
            "cwd": ROOT,
            "timeout": 60,
        }
        first = subprocess.run([*cli, "plan", "-f", manifest, "--detailed-exitcode"], **args)
        assert first.returncode == 2, first.stderr
        applied = subprocess.run([*cli, "apply", "--auto-approve", "-f", manifest], **args)
        assert applied.returncode == 0, applied.stderr
        again = subprocess.run([*cli, "plan", "-f", manifest, "--detailed-exitcode"], **args)
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def test_on_a_terminal_progress_rewrites_one_line_and_plans_are_coloured(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    lines: list[str] = []

    def echo(message: object = None, nl: bool = True, err: bool = False, **kw: object) -> None:
        lines.append(f"{'E' if err else 'O'}:{message}{chr(10) if nl else ''}")

    monkeypatch.setattr(click, "echo", echo)
    assert served.run("apply", "--auto-approve", "-f", served.manifest())[0] == 0
    progress = "".join(line for line in lines if line.startswith("E:"))
    assert "\r[1/5]" in progress
    assert " ..." in progress
    assert "done" in progress
    lines.clear()
    (served.directory / "actions.yaml").write_text(
        (served.directory / "actions.yaml")
        .read_text()
        .replace(", audit]", "]")
        .replace(", app-audit]", "]")
    )
    assert served.run("plan", "-f", served.manifest())[0] == 0
    assert any("\x1b[" in line for line in lines)  # click.style was applied for the terminal


def test_zitadel_v2_takes_the_zitadel_variables_without_an_organization(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = BASES["zitadel-v2"]
    write_manifest(tmp_path / "repo", base, {})
    for served in Served("zitadel-v2", tmp_path / "repo", capsys).start():
        manifest = served.manifest()
        # v1's organization variable does not get in the way: v2 is instance-wide.
        env = {**served.env, "ZITADEL_ORG_ID": "some-org"}
        code, out, err = served.run("plan", "-f", manifest, "--json", env=env)
        assert code == 0, err
        assert json.loads(out)["summary"]["create"] == 3
        code, _, err = served.run("plan", "-f", manifest, "--org-id", "some-org")
        assert code == 1
        assert "--org-id is not for zitadel-v2: it is instance-wide" in err
        code, out, _ = served.run("validate", "-f", manifest, "--json")
        assert json.loads(out) == {"ok": True, "targets": 3}
        code, _, err = served.run("export", str(tmp_path / "e"), env={})
        assert code == 1
        assert "--provider auth0, zitadel (v1) or zitadel-v2" in err


def test_auth0_ignores_the_organization_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, names = BASES["auth0"]
    code = {f"actions/{n}.js": action_code("auth0", n) for n in names}
    write_manifest(tmp_path / "repo", base, code)
    for served in Served("auth0", tmp_path / "repo", capsys).start():
        # A tenant has no organization to pick: the flag is ignored, not refused as for v2.
        status, out, err = served.run("plan", "-f", served.manifest(), "--org-id", "o", "--json")
        assert status == 0, err
        assert "instance-wide" not in err
        assert json.loads(out)["summary"]["create"] == len(names)
