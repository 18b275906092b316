"""``python -m actions_sdk.testing serve`` prints what to export, and what it prints works.

The printed variables are fed to the examples' own connection code (``examples/_targets.py``,
what ``make demo`` uses), which then makes real loopback calls to the served emulator.
"""

from __future__ import annotations

import importlib
import io
import os
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions_sdk.testing.__main__ import main

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
PROVIDER_VARIABLES = ("AUTH0_", "ZITADEL_")


def exports(text: str) -> dict[str, str]:
    """The variables of the ``export`` lines (not the commented alternatives) of the output."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("export "):
            for word in shlex.split(line)[1:]:
                name, _, value = word.partition("=")
                found[name] = value
    return found


def _targets(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]) -> Any:
    for name in os.environ:
        if name.startswith(PROVIDER_VARIABLES):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return importlib.import_module("_targets")


def serve_and(argv: list[str], check: Callable[[str], None]) -> str:
    """Run ``serve`` in-process; ``check`` gets the printed text while the server still runs."""
    out = io.StringIO()
    assert main(["serve", *argv], out=out, wait=lambda: check(out.getvalue())) == 0
    return out.getvalue()


def test_auth0_output_is_shell_and_points_the_demo_at_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def check(text: str) -> None:
        variables = exports(text)
        seen.update(variables)
        with _targets(monkeypatch, variables).auth0_client() as (client, where):
            assert where == f"tenant {variables['AUTH0_DOMAIN']}"
            seen["triggers"] = [t.id for t in client.actions.triggers.list()]

    text = serve_and(["--provider", "auth0", "--build-seconds", "0"], check)
    assert seen["AUTH0_DOMAIN"].startswith("http://127.0.0.1:")  # not the emulated tenant.example
    assert f"# Auth0Emulator listening on {seen['AUTH0_DOMAIN']}" in text
    assert set(seen) - {"triggers"} == {"AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"}
    assert "post-login" in seen["triggers"]  # a real call, authenticated with the printed values
    # Every line is a shell command or a comment, so the output can be pasted as it is.
    assert all(line.startswith(("export ", "# ")) for line in text.splitlines())


def test_auth0_token_alternative_works_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(text: str) -> None:
        (token_line,) = [line for line in text.splitlines() if "AUTH0_TOKEN" in line]
        token = exports(token_line.split(": ", 1)[1])["AUTH0_TOKEN"]
        variables = {"AUTH0_DOMAIN": exports(text)["AUTH0_DOMAIN"], "AUTH0_TOKEN": token}
        with _targets(monkeypatch, variables).auth0_client() as (client, _):
            assert list(client.actions.list()) == []

    serve_and(["--provider", "auth0"], check)


@pytest.mark.parametrize("with_key_file", [False, True])
def test_zitadel_output_points_the_demo_at_the_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, with_key_file: bool
) -> None:
    key_file = tmp_path / "sa-key.json"
    argv = ["--provider", "zitadel"] + (["--key-file", str(key_file)] if with_key_file else [])
    seen: dict[str, str] = {}

    def check(text: str) -> None:
        variables = exports(text)
        seen.update(variables)
        with _targets(monkeypatch, variables).zitadel_client() as (client, _):
            action = client.actions.create(name="fromTheShell", code="function a(ctx, api) {}")
            assert client.actions.get(action.id).name == "fromTheShell"
        # The same server and variables reach v2: the demo's v2 part runs against it too.
        with _targets(monkeypatch, variables).zitadel_client(api="v2") as (client, _):
            target = client.actions.create(
                name="fromTheShell", endpoint="https://a.example/", target_type="async", timeout=1
            )
            assert [t.id for t in client.actions.list()] == [target.id]

    serve_and(argv, check)
    assert seen["ZITADEL_DOMAIN"].startswith("http://127.0.0.1:")
    credential = {"ZITADEL_KEY_FILE"} if with_key_file else {"ZITADEL_TOKEN"}
    assert set(seen) == {"ZITADEL_DOMAIN"} | credential  # one credential: the demo refuses two
    if with_key_file:
        assert seen["ZITADEL_KEY_FILE"] == str(key_file.resolve())


def test_the_module_prints_and_flushes_before_serving() -> None:
    """The real ``python -m`` process: the exports appear while it serves, and SIGINT stops it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "actions_sdk.testing", "serve", "--provider", "auth0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background jobs with SIGINT ignored, and the child
        # would inherit that; the default disposition lets Python turn it into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # A safety net so a broken CLI cannot hang the suite; cancelled once the test is done.
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        domain = exports("".join(lines))["AUTH0_DOMAIN"]
        answer = httpx.get(
            f"{domain}/api/v2/actions/triggers",
            headers={"Authorization": "Bearer emulator-management-token"},
        )
        assert answer.status_code == 200
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=20)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, errors
    assert rest.endswith("# stopping\n")
