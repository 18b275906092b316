"""Every example runs to completion against the embedded emulators."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))
CREDENTIALS = ("AUTH0_DOMAIN", "ZITADEL_DOMAIN")


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs(script: str):
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    env["EMULATOR_BUILD_SECONDS"] = "0"  # builds finish at once: no real waiting in tests
    result = subprocess.run(
        [sys.executable, script], cwd=EXAMPLES, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "embedded" in result.stdout  # it really ran against the emulator


def test_demo_reports_all_three_apis():
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    env["EMULATOR_BUILD_SECONDS"] = "0"
    result = subprocess.run(
        [sys.executable, "demo.py"],
        cwd=EXAMPLES,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for line in ("== Auth0", "== ZITADEL v1", "== ZITADEL v2", "rollback", "no-op", "delete"):
        assert line in result.stdout
    # Each API ran its whole scenario: one delete report per API.
    assert result.stdout.count(" delete ") == 3
